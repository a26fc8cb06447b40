import Foundation
import VAEData
import VAENumerics

/// Turns a configuration's data block into the matrices a fold-in model trains on:
/// read → threshold/binarise → single-pass count filters (items, then users) → the vae_cf
/// strong-generalisation split, through the split cache when one is configured.
public enum DatasetLoader {
    /// The dataset a configuration names, prepared by its protocol.
    public static func load(_ c: TrainingConfiguration) throws -> (dataset: PreparedDataset, log: [String]) {
        let (data, split) = try strongGeneralization(c)
        return (.foldIn(data), split.log)
    }

    /// The `dataFormat` of a folder in the vae_cf layout (`VAECFFiles`): the split is read
    /// as it is, and the preprocessing and split options are not used.
    public static let vaecfFormat = "vaecf"

    public static func strongGeneralization(_ c: TrainingConfiguration) throws -> (data: FoldInData, split: StrongGeneralizationSplit) {
        if c.dataFormat == vaecfFormat {
            let split = try VAECFFiles.read(from: URL(fileURLWithPath: c.dataPath))
            return (FoldInData(split), split)
        }
        let format = try DataFormat(name: c.dataFormat)
        let threshold = try c.ratingThreshold.map { try RatingThreshold(parsing: $0) }
        let proto = StrongGeneralizationProtocol(
            preprocessing: PreprocessingOptions(threshold: threshold, minItemCount: c.minItemCount, minUserCount: c.minUserCount),
            split: StrongGeneralizationOptions(heldOutUsers: c.heldOutUsers, seed: UInt32(c.splitSeed)))
        let cache = c.cacheDirectory.map { SplitCache(directory: URL(fileURLWithPath: $0)) }
        let split = try DataPipeline.strongGeneralization(path: URL(fileURLWithPath: c.dataPath), format: format,
                                                          protocol: proto, cache: cache)
        return (FoldInData(split), split)
    }
}

extension FoldInData {
    init(_ split: StrongGeneralizationSplit) {
        self.init(train: split.train, validationFoldIn: split.validationFoldIn, validationHeldOut: split.validationHeldOut,
                  testFoldIn: split.testFoldIn, testHeldOut: split.testHeldOut)
    }
}
