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
    /// How test users are grouped by activity in the tables: the spec's bins and history
    /// definition (with no spec, the first run's).
    public var activityBins = ActivityBins.paper
    public var historyLength = HistoryLength.all

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
        if let c = runs.first?.configuration, ActivityBins.problem(in: c.activityBins) == nil {
            activityBins = c.activityGrouping
            historyLength = c.activityCount
        }
    }

    /// A spec's runs as recorded, in expansion order (runs never started appear as not
    /// completed); the spec's axes lead the group labels.
    public static func forSpec(_ spec: ExperimentSpec, runs: [PlannedRun], store: RunStore) throws -> ExperimentResults {
        let recorded = try runs.map { run -> RecordedRun in
            FileManager.default.fileExists(atPath: store.folder(run.runID).appendingPathComponent("config.json").path)
                ? try RecordedRun.read(run.runID, store: store)
                : RecordedRun(runID: run.runID, configuration: run.configuration, status: nil)
        }
        var results = try ExperimentResults(runs: recorded, labelKeys: spec.axes.flatMap(\.keys))
        // The spec's grouping, which may have changed since the runs were made.
        if let c = runs.first?.configuration {
            results.activityBins = c.activityGrouping
            results.historyLength = c.activityCount
        }
        return results
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
        Self.cell(group.completed.compactMap { $0.means[metric] })
    }

    /// Whether any completed run measured its latent geometry.
    public var hasGeometry: Bool { runs.contains { $0.completed && $0.geometry != nil } }

    /// Mean, std and standard error over seeds of a `geometry.csv` column.
    public func geometryCell(_ group: Group, _ column: String) -> Cell {
        Self.cell(group.completed.compactMap { $0.geometry?[column] })
    }

    /// Whether any completed run recorded the spectra of its final embeddings.
    public var hasSpectra: Bool { runs.contains { $0.completed && $0.spectrum != nil } }

    /// The embedding matrices some completed run recorded, `users`, `items`, `anchors` first.
    public var spectrumMatrices: [String] {
        FinalSpectrum.order(Set(runs.filter(\.completed).flatMap { $0.spectrum?.matrices ?? [] }))
    }

    /// Mean, std and standard error over seeds of a final-spectrum measure.
    public func spectrumCell(_ group: Group, _ key: FinalSpectrum.Key) -> Cell {
        Self.cell(group.completed.compactMap { $0.spectrum?.values[key] })
    }

    static func cell(_ values: [Double]) -> Cell {
        guard !values.isEmpty else { return Cell(mean: .nan, std: .nan, standardError: .nan, n: 0) }
        let std = values.count > 1 ? Statistics.standardDeviation(values, ddof: 1) : .nan
        return Cell(mean: Statistics.mean(values), std: std, standardError: std / Double(values.count).squareRoot(), n: values.count)
    }

    // MARK: - Activity groups

    /// A run's test users in activity group `activity` (index into `activityBins.labels`):
    /// positions in the run's per-user arrays; nil when the run did not record its users'
    /// counts.
    public func members(_ run: RecordedRun, activity: Int) -> [Int]? {
        run.activityGroups(activityBins, historyLength).map { groups in groups.indices.filter { groups[$0] == activity } }
    }

    /// The mean of `metric` over a run's test users in activity group `activity`; nil when
    /// the run did not record the counts or has no user in the group.
    public func activityMean(_ run: RecordedRun, _ metric: String, activity: Int) -> Double? {
        guard let values = run.perUser[metric], let m = members(run, activity: activity), !m.isEmpty else { return nil }
        return Statistics.mean(m.map { values[$0] })
    }

    /// The activity groups (indices into `activityBins.labels`) that have users in some
    /// completed run, in order; empty when no run recorded its users' counts.
    public var activityGroups: [Int] {
        var seen = Set<Int>()
        for r in runs where r.completed { for g in r.activityGroups(activityBins, historyLength) ?? [] { seen.insert(g) } }
        return seen.sorted()
    }

    /// Over a group's completed seeds, the per-seed means of `metric` within activity group
    /// `activity`: mean, std (ddof 1), se, n = seeds with users there; and the users in the
    /// group in the first such seed.
    public func activityCell(_ group: Group, _ metric: String, activity: Int) -> (cell: Cell, users: Int) {
        let runs = group.completed.filter { activityMean($0, metric, activity: activity) != nil }
        let users = runs.first.flatMap { members($0, activity: activity)?.count } ?? 0
        return (Self.cell(runs.compactMap { activityMean($0, metric, activity: activity) }), users)
    }
}
