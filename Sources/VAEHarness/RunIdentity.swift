import Foundation
import VAEData

/// Stable identities for runs: the SHA-256 of the canonical JSON of a resolved configuration
/// (keys sorted, so the order keys were written in never matters), first 12 hex digits.
///
/// Settings that cannot change a result are left out, so that changing them does not
/// orphan finished runs: BLAS threads, the split cache folder, the evaluation batch size,
/// the activity groups (tables regroup the recorded per-user values), the expected data
/// counts (a check, not a setting).
/// So are settings at their default value: a setting added to VAELab later (with a default
/// that keeps the old behaviour) leaves existing runs' identities unchanged. Each run's
/// `config.json` records the full configuration.
public enum RunIdentity {
    public static let ignoredKeys: Set<String> = ["blasThreads", "cacheDirectory", "evaluationBatchSize", "activityBins", "activityCount", "expect"]

    /// The canonical text the hashes are taken of.
    public static func canonical(_ c: TrainingConfiguration, includingSeed: Bool) throws -> String {
        let object = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(c)) as! [String: Any]
        let defaults = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(TrainingConfiguration())) as! [String: Any]
        var kept = object.filter { key, value in
            !ignoredKeys.contains(key) && !(defaults[key].map { JSONValue.same($0, value) } ?? false)
        }
        if includingSeed { kept["seed"] = c.seed } else { kept["seed"] = nil }
        let data = try JSONSerialization.data(withJSONObject: kept, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    public static func runID(_ c: TrainingConfiguration) throws -> String {
        String(SHA256.hex(try canonical(c, includingSeed: true)).prefix(12))
    }

    public static func groupID(_ c: TrainingConfiguration) throws -> String {
        String(SHA256.hex(try canonical(c, includingSeed: false)).prefix(12))
    }
}
