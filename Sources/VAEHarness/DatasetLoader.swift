import Foundation
import VAEData
import VAENumerics

/// Turns a configuration's data block into the matrices a fold-in model trains on:
/// read → threshold/binarise → single-pass count filters (items, then users) → the vae_cf
/// strong-generalisation split, through the split cache when one is configured; the
/// prepared counts are checked against `expect` when the configuration states them.
public enum DatasetLoader {
    /// The dataset a configuration names, prepared by its protocol.
    public static func load(_ c: TrainingConfiguration) throws -> (dataset: PreparedDataset, log: [String]) {
        switch c.protocol {
        case .strongGeneralization:
            let (data, split) = try strongGeneralization(c)
            var log = split.log
            if let expect = c.expect {
                log.append(try expect.check(users: split.trainUserCount + split.validationUserIDs.count + split.testUserIDs.count,
                                            items: split.itemCount))
            }
            return (.foldIn(data), log)
        case .given:
            let split = try given(c)
            var log = split.log
            if let expect = c.expect { log.append(try expect.check(users: split.userCount, items: split.itemCount)) }
            let users = try c.userFeaturesPath.map { path in
                let m = try FeatureMatrixFile.read(URL(fileURLWithPath: path), ids: Array(split.userIDs[0..<split.knownUserCount]), what: "user")
                log.append("user features: \(m.rows) × \(m.cols) from \(path)")
                return m
            }
            let items = try c.itemFeaturesPath.map { path in
                let m = try FeatureMatrixFile.read(URL(fileURLWithPath: path), ids: Array(split.itemIDs[0..<split.knownItemCount]), what: "item")
                log.append("item features: \(m.rows) × \(m.cols) from \(path)")
                return m
            }
            return (.given(split, userFeatures: users, itemFeatures: items), log)
        }
    }

    /// The given split files of `c` (`trainPath`, `testPath`, optional `validationPath`),
    /// Cornac-indexed; `dropUnknownItems` and `ratingThreshold` apply.
    public static func given(_ c: TrainingConfiguration) throws -> GivenSplit {
        guard let train = c.trainPath, let test = c.testPath else {
            throw DataError.invalidOption("protocol given needs trainPath and testPath, found trainPath \(c.trainPath ?? "missing"), testPath \(c.testPath ?? "missing")")
        }
        let format = try DataFormat(name: c.dataFormat)
        let threshold = try c.ratingThreshold.map { try RatingThreshold(parsing: $0) }
        let cache = c.cacheDirectory.map { SplitCache(directory: URL(fileURLWithPath: $0)) }
        return try DataPipeline.givenSplit(train: URL(fileURLWithPath: train), validation: c.validationPath.map { URL(fileURLWithPath: $0) },
                                           test: URL(fileURLWithPath: test), format: format,
                                           options: GivenSplitOptions(threshold: threshold, dropUnknownItems: c.dropUnknownItems),
                                           cache: cache)
    }

    /// The `dataFormat` of a folder in the vae_cf layout (`VAECFFiles`): the split is read
    /// as it is, and the preprocessing and split options are not used.
    public static let vaecfFormat = "vaecf"

    public static func strongGeneralization(_ c: TrainingConfiguration) throws -> (data: FoldInData, split: StrongGeneralizationSplit) {
        if c.dataFormat == vaecfFormat {
            guard let folder = c.dataPath.single else {
                throw DataError.invalidOption("dataFormat vaecf reads one split folder, found \(c.dataPath.files.count) paths: \(c.dataPath)")
            }
            let split = try VAECFFiles.read(from: URL(fileURLWithPath: folder))
            return (FoldInData(split), split)
        }
        let format = try DataFormat(name: c.dataFormat)
        let threshold = try c.ratingThreshold.map { try RatingThreshold(parsing: $0) }
        let proto = StrongGeneralizationProtocol(
            preprocessing: PreprocessingOptions(threshold: threshold, minItemCount: c.minItemCount, minUserCount: c.minUserCount),
            split: StrongGeneralizationOptions(heldOutUsers: c.heldOutUsers, seed: UInt32(c.splitSeed)))
        let cache = c.cacheDirectory.map { SplitCache(directory: URL(fileURLWithPath: $0)) }
        let split = try DataPipeline.strongGeneralization(paths: c.dataPath.urls, format: format,
                                                          protocol: proto, cache: cache) { table in
            let (offsets, _) = table.rowsByUser()
            try c.expect?.checkUsers((0..<table.userCount).filter { offsets[$0 + 1] > offsets[$0] }.count)
        }
        return (FoldInData(split), split)
    }
}

extension FoldInData {
    init(_ split: StrongGeneralizationSplit) {
        self.init(train: split.train, validationFoldIn: split.validationFoldIn, validationHeldOut: split.validationHeldOut,
                  testFoldIn: split.testFoldIn, testHeldOut: split.testHeldOut)
    }
}
