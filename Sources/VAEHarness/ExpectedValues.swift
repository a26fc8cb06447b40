import Foundation

/// Expected metric values with tolerances, for `vaelab check`:
/// `{ "<group label>": { "<metric>": { "value": v, "abs": a, "rel": r } } }`.
/// A measured value m passes when `|m − v| ≤ a` or `|m − v| ≤ r·|v|` (either bound given
/// suffices; at least one is required).
public struct ExpectedValues {
    public struct Entry: Equatable {
        public var group: String
        public var metric: String
        public var value: Double
        public var abs: Double?
        public var rel: Double?
    }

    public struct Verdict {
        public var entry: Entry
        public var measured: Double?
        public var passed: Bool
        public var delta: Double? { measured.map { $0 - entry.value } }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    public static func load(_ path: String) throws -> ExpectedValues {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JSONValueError(file: path, path: "$", found: "no readable file", expected: "expected values as JSON")
        }
        let root = try JSONObject.parse(data, file: path)
        var entries: [Entry] = []
        for group in root.dictionary.keys.sorted() {
            guard let metrics = try root.object(group) else { continue }
            for metric in metrics.dictionary.keys.sorted() {
                guard let e = try metrics.object(metric) else { continue }
                guard let value = try e.double("value") else {
                    throw JSONValueError(file: path, path: "\(e.path).value", found: "nothing", expected: "the expected value")
                }
                let abs = try e.double("abs", in: 0...Double.greatestFiniteMagnitude)
                let rel = try e.double("rel", in: 0...Double.greatestFiniteMagnitude)
                guard abs != nil || rel != nil else {
                    throw JSONValueError(file: path, path: e.path, found: "no tolerance", expected: "\"abs\" and/or \"rel\"")
                }
                try e.finish(allowedKeysHint: ["value", "abs", "rel"])
                entries.append(Entry(group: group, metric: metric, value: value, abs: abs, rel: rel))
            }
        }
        return ExpectedValues(entries: entries)
    }

    /// Compares with the group means of `results` (groups matched by label).
    public func check(_ results: ExperimentResults) -> [Verdict] {
        entries.map { e in
            let group = results.groups.first { $0.label == e.group }
            let cell = group.map { results.cell($0, e.metric) }
            guard let m = cell?.mean, cell!.n > 0, m.isFinite else { return Verdict(entry: e, measured: nil, passed: false) }
            let d = Swift.abs(m - e.value)
            let ok = (e.abs.map { d <= $0 } ?? false) || (e.rel.map { d <= $0 * Swift.abs(e.value) } ?? false)
            return Verdict(entry: e, measured: m, passed: ok)
        }
    }

    /// Expected values from `results` with the given tolerances (to start a file).
    public static func record(_ results: ExperimentResults, abs: Double?, rel: Double?) -> String {
        var object: [String: Any] = [:]
        for g in results.groups {
            var metrics: [String: Any] = [:]
            for m in results.metricNames {
                let c = results.cell(g, m)
                guard c.n > 0 else { continue }
                var e: [String: Any] = ["value": (c.mean * 1e6).rounded() / 1e6]
                if let abs { e["abs"] = abs }
                if let rel { e["rel"] = rel }
                metrics[m] = e
            }
            object[g.label] = metrics
        }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
