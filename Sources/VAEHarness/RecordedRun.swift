import Foundation

/// A run as its folder records it: configuration, status and, when completed, its test
/// metrics (means and per-user values).
public struct RecordedRun: Sendable {
    public var runID: String
    public var configuration: TrainingConfiguration
    public var status: RunStatus?
    /// Test metric means, by metric name, in the order of `metricNames`.
    public var metricNames: [String] = []
    public var means: [String: Double] = [:]
    /// Per-user test values by metric name, aligned with `userRows`.
    public var perUser: [String: [Double]] = [:]
    public var userRows: [Int] = []
    public var epochs = 0
    public var selectedEpoch = 0
    public var trainSeconds = 0.0
    public var evalSeconds = 0.0
    /// The latent-geometry summaries (`geometry.csv`), when the run measured them.
    public var geometry: [String: Double]? = nil

    public var completed: Bool { status?.state == .completed }

    /// Reads a run folder of `store`.
    public static func read(_ runID: String, store: RunStore) throws -> RecordedRun {
        var r = RecordedRun(runID: runID, configuration: try store.configuration(runID), status: store.status(runID))
        guard r.completed else { return r }
        let folder = store.folder(runID)
        let metricsURL = folder.appendingPathComponent("metrics.json")
        guard let object = try JSONSerialization.jsonObject(with: try Data(contentsOf: metricsURL)) as? [String: Any],
              let test = object["test"] as? [String: [String: Any]] else {
            throw JSONValueError(file: metricsURL.path, path: "$.test", found: "no test metrics", expected: "an object of metrics")
        }
        for (name, values) in test { r.means[name] = values["mean"] as? Double }
        r.epochs = object["epochs"] as? Int ?? 0
        r.selectedEpoch = object["selectedEpoch"] as? Int ?? 0
        r.trainSeconds = object["trainSeconds"] as? Double ?? 0
        r.evalSeconds = object["evalSeconds"] as? Double ?? 0
        r.geometry = LatentGeometryFiles.readSummary(folder)
        let csv = try String(contentsOf: folder.appendingPathComponent("per_user.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n")
        let header = lines.first.map { $0.split(separator: ",").map(String.init) } ?? []
        r.metricNames = Array(header.dropFirst())
        var columns = [[Double]](repeating: [], count: r.metricNames.count)
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == header.count, let row = Int(fields[0]) else { continue }
            r.userRows.append(row)
            for k in columns.indices { columns[k].append(Double(fields[k + 1]) ?? .nan) }
        }
        for (k, name) in r.metricNames.enumerated() { r.perUser[name] = columns[k] }
        return r
    }
}
