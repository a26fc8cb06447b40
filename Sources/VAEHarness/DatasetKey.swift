import Foundation

/// Which settings define a prepared dataset: runs that agree on them share one copy.
enum DatasetKey {
    static let keys: Set<String> = ["dataPath", "dataFormat", "ratingThreshold", "minUserCount", "minItemCount",
                                    "heldOutUsers", "splitSeed", "cacheDirectory", "expect"]

    static func of(_ c: TrainingConfiguration) throws -> String {
        let object = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(c)) as! [String: Any]
        let kept = object.filter { keys.contains($0.key) || $0.key.hasSuffix("Path") || $0.key == "protocol" || $0.key == "dropUnknownItems" }
        return String(decoding: try JSONSerialization.data(withJSONObject: kept, options: [.sortedKeys]), as: UTF8.self)
    }
}
