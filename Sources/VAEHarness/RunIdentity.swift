import Foundation
import VAEData

/// Stable identities for runs: the SHA-256 of the canonical JSON of a resolved configuration
/// (keys sorted, so the order keys were written in never matters), first 12 hex digits.
///
/// Settings that cannot change a result are left out, so that changing them does not
/// orphan finished runs: BLAS threads, the split cache folder, the evaluation batch size.
public enum RunIdentity {
    public static let ignoredKeys: Set<String> = ["blasThreads", "cacheDirectory", "evaluationBatchSize"]

    /// The canonical text the hashes are taken of.
    public static func canonical(_ c: TrainingConfiguration, includingSeed: Bool) throws -> String {
        let object = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(c)) as! [String: Any]
        var kept = object.filter { !ignoredKeys.contains($0.key) }
        if !includingSeed { kept["seed"] = nil }
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
