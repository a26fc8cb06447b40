import Foundation
import VAEEvaluation

/// The files one training run leaves in its folder, each written atomically:
///
/// - `config.json` — the resolved configuration;
/// - `train_log.csv` — one row per epoch (`EpochRecord`);
/// - `metrics.json`, `metrics.csv` — per test metric: mean, standard error (population std
///   / √n, as vae_cf), n, plus selected epoch, users skipped and seconds per epoch;
/// - `per_user.csv` — each evaluated test user's value of every metric.
public enum RunOutputs {
    public static func write(configuration: TrainingConfiguration, outcome: TrainingOutcome, to folder: URL) throws {
        try AtomicFile.write(configuration.json(), to: folder.appendingPathComponent("config.json"))
        try AtomicFile.write(trainLog(outcome), to: folder.appendingPathComponent("train_log.csv"))
        try AtomicFile.write(metricsJSON(outcome), to: folder.appendingPathComponent("metrics.json"))
        try AtomicFile.write(metricsCSV(outcome.test), to: folder.appendingPathComponent("metrics.csv"))
        try AtomicFile.write(perUserCSV(outcome.test), to: folder.appendingPathComponent("per_user.csv"))
    }

    static func trainLog(_ outcome: TrainingOutcome) -> String {
        var names: [String] = []
        for r in outcome.epochs { for m in (r.validationMetrics ?? [:]).keys.sorted() where !names.contains(m) { names.append(m) } }
        let directSpec = outcome.epochs.contains { $0.directSpecWeight != nil }
        return ([EpochRecord.csvHeader(validationMetrics: names, directSpec: directSpec)]
                + outcome.epochs.map { $0.csvRow(validationMetrics: names, directSpec: directSpec) })
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

    static func perUserCSV(_ result: RankingResult) -> String {
        var lines = ["user_row," + result.metrics.map(\.description).joined(separator: ",")]
        for (i, row) in result.evaluatedRows.enumerated() {
            lines.append("\(row)," + result.values.map { String(format9: $0[i]) }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func metricsJSON(_ outcome: TrainingOutcome) throws -> Data {
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
        if let v = outcome.validation {
            object["validation"] = Dictionary(uniqueKeysWithValues: v.metrics.map { ($0.description, v.mean(of: $0)) })
        }
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    }
}
