import Foundation
import VAEEvaluation

/// The files one training run leaves in its folder, each written atomically:
///
/// - `config.json` — the resolved configuration;
/// - `train_log.csv` — one row per epoch (`EpochRecord`); with `betaSearch`, the final
///   phase's, and `search_log.csv` the search phase's;
/// - `metrics.json`, `metrics.csv` — per test metric: mean, standard error (population std
///   / √n, as vae_cf), n, plus selected epoch, users skipped and seconds per epoch (and, with
///   `betaSearch`, `searchedBeta` and the search's peak);
/// - `per_user.csv` — each evaluated test user's value of every metric, with the user's
///   input (fold-in) and target counts, history length and activity group;
/// - with a latent-geometry probe, `geometry.csv`, `geometry_pairs.csv`, `geometry_w2.svg`
///   (`LatentGeometryFiles`).
public enum RunOutputs {
    public static func write(configuration: TrainingConfiguration, outcome: TrainingOutcome, to folder: URL) throws {
        try AtomicFile.write(configuration.json(), to: folder.appendingPathComponent("config.json"))
        try AtomicFile.write(trainLog(outcome.epochs), to: folder.appendingPathComponent("train_log.csv"))
        if let search = outcome.betaSearch {
            try AtomicFile.write(trainLog(search.epochs), to: folder.appendingPathComponent("search_log.csv"))
        }
        try AtomicFile.write(metricsJSON(outcome, configuration: configuration), to: folder.appendingPathComponent("metrics.json"))
        try AtomicFile.write(metricsCSV(outcome.test), to: folder.appendingPathComponent("metrics.csv"))
        try AtomicFile.write(perUserCSV(outcome.test, configuration: configuration), to: folder.appendingPathComponent("per_user.csv"))
        if let g = outcome.geometry {
            try LatentGeometryFiles.write(g, title: "\(configuration.model.rawValue) seed \(configuration.seed)", to: folder)
        }
    }

    static func trainLog(_ epochs: [EpochRecord]) -> String {
        var names: [String] = []
        for r in epochs { for m in (r.validationMetrics ?? [:]).keys.sorted() where !names.contains(m) { names.append(m) } }
        let directSpec = epochs.contains { $0.directSpecWeight != nil }
        return ([EpochRecord.csvHeader(validationMetrics: names, directSpec: directSpec)]
                + epochs.map { $0.csvRow(validationMetrics: names, directSpec: directSpec) })
            .joined(separator: "\n") + "\n"
    }

    static func metricsCSV(_ result: RankingResult) -> String {
        var lines = ["metric,mean,standard_error,n"]
        for m in result.metrics {
            let s = result.summary(of: m)
            lines.append("\(m),\(String(format9: s.mean)),\(String(format9: s.standardError)),\(s.count)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Columns before the metrics in `per_user.csv`.
    static let perUserLeadingColumns = ["user_row", "input_items", "target_items", "history_length", "activity_group"]

    /// `user_row,input_items,target_items,history_length,activity_group,<metric>…`: the
    /// history length and group as the configuration defines them (tables regroup from the
    /// two counts with the spec's current bins).
    static func perUserCSV(_ result: RankingResult, configuration c: TrainingConfiguration) -> String {
        let bins = c.activityGrouping
        let lengths = result.historyLengths(c.activityCount)
        var lines = [(perUserLeadingColumns + result.metrics.map(\.description)).joined(separator: ",")]
        for (i, row) in result.evaluatedRows.enumerated() {
            let activity = lengths.map { ["\(result.inputCounts[i])", "\(result.targetCounts[i])", "\($0[i])", bins.label(of: $0[i])] }
                ?? ["", "", "", ""]
            lines.append(([String(row)] + activity + result.values.map { String(format9: $0[i]) }).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Per activity group with users: the users and each metric's mean and standard error
    /// (population std / √n) over them.
    static func activityJSON(_ result: RankingResult, configuration c: TrainingConfiguration) -> [String: Any]? {
        guard let lengths = result.historyLengths(c.activityCount) else { return nil }
        let bins = c.activityGrouping
        let groups = lengths.map(bins.group(of:))
        var out: [String: Any] = [:]
        for (g, label) in bins.labels.enumerated() {
            let members = groups.indices.filter { groups[$0] == g }
            guard !members.isEmpty else { continue }
            var entry: [String: Any] = ["users": members.count]
            for (m, metric) in result.metrics.enumerated() {
                let s = MetricSummary(members.map { result.values[m][$0] })
                entry[metric.description] = ["mean": s.mean, "standardError": s.standardError]
            }
            out[label] = entry
        }
        return out
    }

    static func metricsJSON(_ outcome: TrainingOutcome, configuration: TrainingConfiguration) throws -> Data {
        var test: [String: Any] = [:]
        for m in outcome.test.metrics {
            let s = outcome.test.summary(of: m)
            test[m.description] = ["mean": s.mean, "standardError": s.standardError, "n": s.count]
        }
        var object: [String: Any] = [
            "test": test,
            "selectedEpoch": outcome.selectedEpoch,
            "epochs": outcome.epochs.count,
            "testUsersEvaluated": outcome.test.evaluatedCount,
            "testUsersSkipped": outcome.test.skippedCount,
            "secondsPerEpoch": outcome.secondsPerEpoch,
            "trainSeconds": outcome.epochs.map(\.trainSeconds).reduce(0, +),
            "evalSeconds": outcome.epochs.map(\.evalSeconds).reduce(0, +),
        ]
        if let activity = activityJSON(outcome.test, configuration: configuration) {
            object["testByActivity"] = activity
            object["activityBins"] = configuration.activityBins
            object["activityCount"] = configuration.activityCount.rawValue
        }
        if let search = outcome.betaSearch {
            object["searchedBeta"] = search.beta
            object["betaSearch"] = ["beta": search.beta, "epoch": search.epoch, "validation": search.validation,
                                    "updates": search.updates, "searchEpochs": search.epochs.count]
        }
        if let v = outcome.validation {
            object["validation"] = Dictionary(uniqueKeysWithValues: v.metrics.map { ($0.description, v.mean(of: $0)) })
        }
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    }
}
