import Foundation
import VAEData
import VAEHarness

/// The dataset and protocol options shared by `train` and `data split`.
enum DataOptions {
    static let options: [OptionSpec] = [
        .option("data", "path", "Dataset file or folder; a vae_cf split folder with --format vaecf [dataPath]."),
        .option("format", "format", "Dataset format: " + (DataFormat.allCases.map(\.rawValue) + ["vaecf"]).joined(separator: ", ") + " [dataFormat].", default: "recbole"),
        .option("rating-threshold", "rule", "Positives: '>3.5', '>=4', or 'none' [ratingThreshold].", default: ">3.5"),
        .option("min-user-count", "n", "Drop users with fewer events, after the item filter [minUserCount].", default: "5"),
        .option("min-item-count", "n", "Drop items with fewer events, first [minItemCount].", default: "0"),
        .option("held-out-users", "n", "Validation users, and as many test users [heldOutUsers].", default: "10000"),
        .option("split-seed", "n", "Seed of the NumPy-exact split [splitSeed].", default: "98765"),
        .option("cache", "folder", "Cache prepared splits here [cacheDirectory]."),
    ]

    static func apply(_ a: ParsedArguments, to c: inout TrainingConfiguration) throws {
        if let v = a.string("data") { c.dataPath = v }
        if let v = a.string("format") { c.dataFormat = v }
        if let v = a.string("rating-threshold") { c.ratingThreshold = v == "none" ? nil : v }
        if let v = try a.int("min-user-count") { c.minUserCount = v }
        if let v = try a.int("min-item-count") { c.minItemCount = v }
        if let v = try a.int("held-out-users") { c.heldOutUsers = v }
        if let v = try a.int("split-seed") { c.splitSeed = v }
        if let v = a.string("cache") { c.cacheDirectory = v }
    }

    static func validate(_ c: TrainingConfiguration) throws {
        guard !c.dataPath.isEmpty else { throw UsageError("no dataset: give --data <path> (or dataPath in --config)") }
        guard FileManager.default.fileExists(atPath: c.dataPath) else { throw UsageError("no such dataset file or folder: \(c.dataPath)") }
        if c.dataFormat != DatasetLoader.vaecfFormat {
            do { _ = try DataFormat(name: c.dataFormat) } catch { throw UsageError("\(error)") }
        }
        if let t = c.ratingThreshold {
            do { _ = try RatingThreshold(parsing: t) } catch { throw UsageError("\(error)") }
        }
        guard c.heldOutUsers >= 1 else { throw UsageError("option '--held-out-users' must be at least 1, got \(c.heldOutUsers)") }
    }
}
