import Foundation
import VAEEvaluation

/// An ordering a paper claims between groups of the grid, for one metric — "clean input <
/// masking < masking + anchors in NDCG@100" — read from a spec's `paper.orderings`. Used
/// where the paper's numbers come from another dataset, so its values cannot be met but its
/// ordering can be tested:
///
/// ```json
/// "orderings": [
///   { "metric": "NDCG@100",
///     "groups": [
///       { "name": "clean", "where": { "keepProbability": 1, "anchorWeight": 0 }, "paper": 0.409 },
///       { "name": "masking", "where": { "keepProbability": 0.5, "anchorWeight": 0 }, "paper": 0.426 },
///       { "name": "masking + anchors", "where": { "keepProbability": 0.5, "anchorWeight": 0.01 }, "paper": 0.437 } ] }
/// ]
/// ```
///
/// The groups are listed from lowest to highest; each step (one group to the next) is
/// tested like a gain (`PaperComparison`). `paper` (the paper's value, for the report) and
/// `name` are optional.
public struct PaperOrdering: Sendable {
    public struct Member: Sendable {
        public var name: String
        public var knobs: [PlannedRun.Knob]
        public var paper: Double?

        /// `keepProbability=1 anchorWeight=0`, as group labels read.
        public var label: String { knobs.isEmpty ? "all" : knobs.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
    }

    public var metric: String
    /// Lowest first.
    public var groups: [Member]
    /// JSON path (`$.paper.orderings[0]`), for messages.
    public var path: String

    static let example = "{\"metric\": \"NDCG@100\", \"groups\": [{\"name\": …, \"where\": {knob: value}, \"paper\": number}, …]}"

    /// Reads `$.paper.orderings[i]` against the spec's axes and metrics.
    static func parse(_ object: JSONObject, axes: [ExperimentSpec.Axis], metrics: [String]?, file: String?) throws -> PaperOrdering {
        let path = object.path
        func fail(_ at: String, _ found: String, _ expected: String) -> JSONValueError {
            JSONValueError(file: file, path: at, found: found, expected: expected)
        }
        let canonical = metrics.map { $0.map { MetricSpec($0)?.description ?? $0 } }
        let written = object.dictionary["metric"]
        guard let text = try object.string("metric"), let metric = MetricSpec(text)?.description,
              canonical?.contains(metric) ?? true else {
            throw fail("\(path).metric", written.map(JSONObject.describe) ?? "nothing",
                       canonical.map { "a metric the spec evaluates: " + $0.joined(separator: ", ") } ?? "a metric name such as NDCG@100")
        }
        guard let values = object.value("groups") as? [Any], values.count >= 2 else {
            throw fail("\(path).groups", object.dictionary["groups"].map(JSONObject.describe) ?? "nothing",
                       "an array of at least two groups, lowest first: \(example)")
        }
        var members: [Member] = []
        for (i, value) in values.enumerated() {
            let at = "\(path).groups[\(i)]"
            let (entry, knobs) = try PaperReference.entry(value, at: at, shape: "{\"name\": text, \"where\": {knob: value}, \"paper\": number}",
                                                          axes: axes, file: file)
            let label = knobs.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            if let earlier = members.firstIndex(where: { $0.label == label }) {
                throw fail("\(at).where", label, "a group not listed before in this ordering (groups[\(earlier)] selects it)")
            }
            let paper = try entry.double("paper", in: 0...Double.greatestFiniteMagnitude)
            let name = try entry.string("name") ?? label
            try entry.finish(allowedKeysHint: ["name", "where", "paper"])
            members.append(Member(name: name, knobs: knobs, paper: paper))
        }
        try object.finish(allowedKeysHint: ["metric", "groups"])
        return PaperOrdering(metric: metric, groups: members, path: path)
    }
}
