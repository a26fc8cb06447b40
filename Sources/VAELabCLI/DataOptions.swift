import Foundation
import VAEData
import VAEHarness

/// The dataset and protocol options shared by `train` and `data split`.
enum DataOptions {
    static let options: [OptionSpec] = [
        .option("data", "path", "Dataset file or folder; a vae_cf split folder with --format vaecf; several files of one format, comma-separated (a,b,c), are pooled in order [dataPath]."),
        .option("format", "format", "Dataset format: " + (DataFormat.allCases.map(\.rawValue) + ["vaecf"]).joined(separator: ", ") + " [dataFormat].", default: "recbole"),
        .option("rating-threshold", "rule", "Positives: '>3.5', '>=4', or 'none' [ratingThreshold].", default: ">3.5"),
        .option("min-user-count", "n", "Drop users with fewer events, after the item filter [minUserCount].", default: "5"),
        .option("min-item-count", "n", "Drop items with fewer events, first [minItemCount].", default: "0"),
        .option("held-out-users", "n", "Validation users, and as many test users [heldOutUsers].", default: "10000"),
        .option("split-seed", "n", "Seed of the NumPy-exact split [splitSeed].", default: "98765"),
        .option("cache", "folder", "Cache prepared splits here [cacheDirectory]."),
    ]

    /// The given-split protocol (papers' split files, Cornac indexing); `train` only.
    static let givenOptions: [OptionSpec] = [
        .option("protocol", "name", "strongGeneralization (one file, --data) or given (split files of positives: no rating threshold unless --rating-threshold) [protocol].",
                default: "strongGeneralization; given for poisvae, bivae, dualvae"),
        .option("train", "path", "Given split: the training file [trainPath]."),
        .option("test", "path", "Given split: the test file [testPath]."),
        .option("validation", "path", "Given split: an optional validation file [validationPath]."),
        .flag("drop-unknown-items", "Given split: drop test items never seen in train, instead of keeping them ranked last (Cornac) [dropUnknownItems]."),
        .option("user-features", "path", "BiVAE CAP prior: dense feature rows, row r = raw user id r [userFeaturesPath]."),
        .option("item-features", "path", "BiVAE CAP prior: dense feature rows, row r = raw item id r [itemFeaturesPath]."),
    ]

    static func applyGiven(_ a: ParsedArguments, to c: inout TrainingConfiguration) throws {
        if let v = a.string("protocol") {
            guard let p = TrainingConfiguration.DataProtocol(rawValue: v) else {
                throw UsageError("option '--protocol' expects strongGeneralization or given, got '\(v)'")
            }
            c.protocol = p
        }
        if let v = a.string("train") { c.trainPath = v }
        if let v = a.string("test") { c.testPath = v }
        if let v = a.string("validation") { c.validationPath = v }
        if a.has("drop-unknown-items") { c.dropUnknownItems = true }
        if let v = a.string("user-features") { c.userFeaturesPath = v }
        if let v = a.string("item-features") { c.itemFeaturesPath = v }
    }

    static func apply(_ a: ParsedArguments, to c: inout TrainingConfiguration) throws {
        if let v = a.string("data") { c.dataPath = DataPaths(v.split(separator: ",", omittingEmptySubsequences: false).map(String.init)) }
        if let v = a.string("format") { c.dataFormat = v }
        if let v = a.string("rating-threshold") { c.ratingThreshold = v == "none" ? nil : v }
        if let v = try a.int("min-user-count") { c.minUserCount = v }
        if let v = try a.int("min-item-count") { c.minItemCount = v }
        if let v = try a.int("held-out-users") { c.heldOutUsers = v }
        if let v = try a.int("split-seed") { c.splitSeed = v }
        if let v = a.string("cache") { c.cacheDirectory = v }
    }

    static func validate(_ c: TrainingConfiguration) throws {
        if c.protocol == .given {
            for (flag, path) in [("--train", c.trainPath), ("--test", c.testPath)] {
                guard let path else { throw UsageError("protocol given needs \(flag) <path> (or \(flag == "--train" ? "trainPath" : "testPath") in --config)") }
                guard FileManager.default.fileExists(atPath: path) else { throw UsageError("no such \(flag.dropFirst(2)) file: \(path)") }
            }
            for (flag, path) in [("--validation", c.validationPath), ("--user-features", c.userFeaturesPath), ("--item-features", c.itemFeaturesPath)] {
                if let path, !FileManager.default.fileExists(atPath: path) { throw UsageError("no such file for \(flag): \(path)") }
            }
            do { _ = try DataFormat(name: c.dataFormat) } catch { throw UsageError("\(error)") }
            return
        }
        guard !c.dataPath.isEmpty else { throw UsageError("no dataset: give --data <path> (or dataPath in --config)") }
        for path in c.dataPath.files {
            guard !path.isEmpty else { throw UsageError("option '--data' has an empty path in '\(c.dataPath.files.joined(separator: ","))'") }
            guard FileManager.default.fileExists(atPath: path) else { throw UsageError("no such dataset file or folder: \(path)") }
        }
        if let conflict = c.conflict, conflict.key == "dataPath" {
            throw UsageError("--data: found \(conflict.found), expected \(conflict.expected)")
        }
        if c.dataFormat != DatasetLoader.vaecfFormat {
            do { _ = try DataFormat(name: c.dataFormat) } catch { throw UsageError("\(error)") }
        }
        if let t = c.ratingThreshold {
            do { _ = try RatingThreshold(parsing: t) } catch { throw UsageError("\(error)") }
        }
        guard c.heldOutUsers >= 1 else { throw UsageError("option '--held-out-users' must be at least 1, got \(c.heldOutUsers)") }
    }
}
