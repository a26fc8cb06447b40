import Foundation
import VAEEvaluation

/// A run as its folder records it: configuration, status and, when completed, its test
/// metrics (means and per-user values).
public struct RecordedRun: Sendable {
    public var runID: String
    public var configuration: TrainingConfiguration
    public var status: RunStatus?
    /// Test metric means, by metric name, in the order of `metricNames`.
    public var metricNames: [String] = []
    public var means: [String: Double] = [:]
    /// Validation metric values at the selected epoch, by metric name; empty when the run
    /// had no validation users.
    public var validation: [String: Double] = [:]
    /// Per-user test values by metric name, aligned with `userRows`.
    public var perUser: [String: [Double]] = [:]
    public var userRows: [Int] = []
    /// Per user (aligned with `userRows`): encoded (fold-in) and target counts; empty when the
    /// run's `per_user.csv` predates them.
    public var inputCounts: [Int] = []
    public var targetCounts: [Int] = []
    public var epochs = 0
    public var selectedEpoch = 0
    public var trainSeconds = 0.0
    public var evalSeconds = 0.0
    /// With `betaSearch`: the cap the search chose (β*).
    public var searchedBeta: Double? = nil
    /// The latent-geometry summaries (`geometry.csv`), when the run measured them.
    public var geometry: [String: Double]? = nil
    /// The spectral summaries of the final embeddings, when the run recorded spectra.
    public var spectrum: FinalSpectrum? = nil

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
        r.validation = (object["validation"] as? [String: Any] ?? [:]).compactMapValues { $0 as? Double }
        r.epochs = object["epochs"] as? Int ?? 0
        r.selectedEpoch = object["selectedEpoch"] as? Int ?? 0
        r.trainSeconds = object["trainSeconds"] as? Double ?? 0
        r.evalSeconds = object["evalSeconds"] as? Double ?? 0
        r.searchedBeta = object["searchedBeta"] as? Double
        r.geometry = LatentGeometryFiles.readSummary(folder)
        r.spectrum = FinalSpectrum.read(folder)
        let csv = try String(contentsOf: folder.appendingPathComponent("per_user.csv"), encoding: .utf8)
        let lines = csv.split(separator: "\n")
        let header = lines.first.map { $0.split(separator: ",").map(String.init) } ?? []
        // Metric columns are every column that is not a per-user description.
        let metricColumns = header.indices.filter { !RunOutputs.perUserLeadingColumns.contains(header[$0]) }
        r.metricNames = metricColumns.map { header[$0] }
        let inputColumn = header.firstIndex(of: "input_items"), targetColumn = header.firstIndex(of: "target_items")
        var columns = [[Double]](repeating: [], count: r.metricNames.count)
        var inputs: [Int] = [], targets: [Int] = []
        var complete = inputColumn != nil && targetColumn != nil
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == header.count, let row = Int(fields[0]) else { continue }
            r.userRows.append(row)
            for (k, c) in metricColumns.enumerated() { columns[k].append(Double(fields[c]) ?? .nan) }
            if complete, let i = Int(fields[inputColumn!]), let t = Int(fields[targetColumn!]) {
                inputs.append(i)
                targets.append(t)
            } else {
                complete = false
            }
        }
        for (k, name) in r.metricNames.enumerated() { r.perUser[name] = columns[k] }
        if complete {
            r.inputCounts = inputs
            r.targetCounts = targets
        }
        return r
    }

    /// Each user's activity group (index into `bins.labels`), aligned with `userRows`; nil
    /// when the run did not record the counts.
    public func activityGroups(_ bins: ActivityBins, _ definition: HistoryLength) -> [Int]? {
        guard !inputCounts.isEmpty || userRows.isEmpty else { return nil }
        return zip(inputCounts, targetCounts).map { bins.group(of: definition.length(input: $0, targets: $1)) }
    }
}
