import Foundation
import VAEEvaluation

/// The recorded runs of an experiment, grouped: a group is every run that differs only in
/// its seed. Knobs that differ between groups label them (`labelSmoothing=0.001`).
public struct ExperimentResults {
    public struct Group {
        public var groupID: String
        public var knobs: [PlannedRun.Knob]
        public var runs: [RecordedRun]
        public var label: String { knobs.isEmpty ? "all" : knobs.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }
        public var completed: [RecordedRun] { runs.filter(\.completed) }
    }

    public var runs: [RecordedRun]
    public var variedKeys: [String]
    public var groups: [Group]
    public var metricNames: [String]

    /// `runs` in display order. `labelKeys` (a spec's axes) name the groups; without them,
    /// every setting that differs between runs does.
    public init(runs: [RecordedRun], labelKeys: [String]? = nil) throws {
        self.runs = runs
        let objects = try runs.map { r -> [String: Any] in
            var o = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(r.configuration)) as! [String: Any]
            for k in RunIdentity.ignoredKeys.union(["seed"]) { o[k] = nil }
            return o
        }
        let allKeys = Set(objects.flatMap(\.keys))
        let varied = allKeys.filter { key in
            Set(objects.map { $0[key].map(JSONValue.text) ?? "default" }).count > 1
        }
        variedKeys = labelKeys ?? varied.sorted()
        var groups: [Group] = []
        var byID: [String: Int] = [:]
        for (r, run) in runs.enumerated() {
            let id = try RunIdentity.groupID(run.configuration)
            if let g = byID[id] {
                groups[g].runs.append(run)
            } else {
                byID[id] = groups.count
                let knobs = variedKeys.map { PlannedRun.Knob(key: $0, value: objects[r][$0].map(JSONValue.text) ?? "default") }
                groups.append(Group(groupID: id, knobs: knobs, runs: [run]))
            }
        }
        for g in groups.indices { groups[g].runs.sort { $0.configuration.seed < $1.configuration.seed } }
        self.groups = groups
        var names: [String] = []
        for r in runs where r.completed { for m in r.metricNames where !names.contains(m) { names.append(m) } }
        metricNames = names
    }

    /// A spec's runs as recorded, in expansion order (runs never started appear as not
    /// completed); the spec's axes lead the group labels.
    public static func forSpec(_ spec: ExperimentSpec, runs: [PlannedRun], store: RunStore) throws -> ExperimentResults {
        let recorded = try runs.map { run -> RecordedRun in
            FileManager.default.fileExists(atPath: store.folder(run.runID).appendingPathComponent("config.json").path)
                ? try RecordedRun.read(run.runID, store: store)
                : RecordedRun(runID: run.runID, configuration: run.configuration, status: nil)
        }
        return try ExperimentResults(runs: recorded, labelKeys: spec.axes.flatMap(\.keys))
    }

    /// Reads every run of `store` (for `collect`, when no spec orders them): groups sorted
    /// by label, runs by seed.
    public static func collect(_ store: RunStore) throws -> ExperimentResults {
        let runs = try store.runIDs().map { try RecordedRun.read($0, store: store) }
        var results = try ExperimentResults(runs: runs)
        results.groups.sort { $0.label < $1.label }
        results.runs = results.groups.flatMap(\.runs)
        return results
    }

    /// Mean, sample standard deviation (ddof 1) and standard error (std/√n) over the
    /// completed seeds of a group.
    public struct Cell: Equatable {
        public var mean: Double
        public var std: Double
        public var standardError: Double
        public var n: Int
    }

    public func cell(_ group: Group, _ metric: String) -> Cell {
        ExperimentResults.cell(group.completed.compactMap { $0.means[metric] })
    }

    /// Whether any completed run measured its latent geometry.
    public var hasGeometry: Bool { runs.contains { $0.completed && $0.geometry != nil } }

    /// Mean, std and standard error over seeds of a `geometry.csv` column.
    public func geometryCell(_ group: Group, _ column: String) -> Cell {
        ExperimentResults.cell(group.completed.compactMap { $0.geometry?[column] })
    }

    static func cell(_ values: [Double]) -> Cell {
        guard !values.isEmpty else { return Cell(mean: .nan, std: .nan, standardError: .nan, n: 0) }
        let std = values.count > 1 ? Statistics.standardDeviation(values, ddof: 1) : .nan
        return Cell(mean: Statistics.mean(values), std: std, standardError: std / Double(values.count).squareRoot(), n: values.count)
    }
}
