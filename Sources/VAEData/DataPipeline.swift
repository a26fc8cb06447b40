import Foundation

/// A complete strong-generalisation protocol: preprocessing (§1.2 steps 1–2) plus the
/// split (§1.2 steps 3–8), with the paper's presets.
public struct StrongGeneralizationProtocol: Sendable, Equatable, Codable {
    public var preprocessing: PreprocessingOptions
    public var split: StrongGeneralizationOptions

    public init(preprocessing: PreprocessingOptions, split: StrongGeneralizationOptions) {
        self.preprocessing = preprocessing
        self.split = split
    }

    /// ML-20M: rating > 3.5, min_uc 5, min_sc 0, h = 10,000.
    public static let ml20m = StrongGeneralizationProtocol(
        preprocessing: .init(threshold: .greaterThan(3.5), minItemCount: 0, minUserCount: 5),
        split: .init(heldOutUsers: 10_000))
    /// Netflix: rating > 3.5, min_uc 5, min_sc 0, h = 40,000.
    public static let netflix = StrongGeneralizationProtocol(
        preprocessing: .init(threshold: .greaterThan(3.5), minItemCount: 0, minUserCount: 5),
        split: .init(heldOutUsers: 40_000))
    /// MSD: every triplet, min_sc 200 then min_uc 20 (single pass), h = 50,000.
    public static let msd = StrongGeneralizationProtocol(
        preprocessing: .init(threshold: nil, minItemCount: 200, minUserCount: 20),
        split: .init(heldOutUsers: 50_000))

    /// Every parameter as stable text (cache key).
    public var cacheKey: String { preprocessing.cacheKey + ";" + split.cacheKey }
}

/// One-call paths from files to prepared splits, optionally through a `SplitCache`.
public enum DataPipeline {
    /// Reads `path` as `format`, preprocesses and splits it by the vae_cf protocol. With a
    /// cache, the result is keyed by the file content, the format and every option.
    /// `checkPreprocessed` sees the preprocessed table before the split (when the split is
    /// built, not when it comes from the cache) and may reject it.
    public static func strongGeneralization(path: URL, format: DataFormat, protocol p: StrongGeneralizationProtocol,
                                            cache: SplitCache? = nil,
                                            checkPreprocessed: @escaping (InteractionTable) throws -> Void = { _ in }) throws -> StrongGeneralizationSplit {
        try strongGeneralization(paths: [path], format: format, protocol: p, cache: cache, checkPreprocessed: checkPreprocessed)
    }

    /// `strongGeneralization(path:…)` on several files of one format pooled in order
    /// (`InteractionReader.read(_:format:)` on `[URL]`, as their concatenation). The cache
    /// key holds the SHA-256 of every file, in order, so changing, adding, removing or
    /// reordering a file rebuilds the split; with one file the key is that of `path:`.
    public static func strongGeneralization(paths: [URL], format: DataFormat, protocol p: StrongGeneralizationProtocol,
                                            cache: SplitCache? = nil,
                                            checkPreprocessed: @escaping (InteractionTable) throws -> Void = { _ in }) throws -> StrongGeneralizationSplit {
        let build = {
            let table = try Preprocessing.apply(try InteractionReader.read(paths, format: format), p.preprocessing)
            try checkPreprocessed(table)
            return try StrongGeneralizationSplit.make(from: table, options: p.split)
        }
        guard let cache else { return try build() }
        var result = try cache.value(StrongGeneralizationSplit.self, sources: paths,
                                     parameters: "format=\(format.rawValue);" + p.cacheKey, build: build)
        result.value.log.append(result.log)
        return result.value
    }

    /// Reads given train / (validation) / test files and indexes them like Cornac.
    public static func givenSplit(train: URL, validation: URL? = nil, test: URL, format: DataFormat,
                                  options: GivenSplitOptions = GivenSplitOptions(), cache: SplitCache? = nil) throws -> GivenSplit {
        let build = { try GivenSplit.read(train: train, validation: validation, test: test, format: format, options: options) }
        guard let cache else { return try build() }
        let sources = [train] + (validation.map { [$0] } ?? []) + [test]
        var result = try cache.value(GivenSplit.self, sources: sources,
                                     parameters: "format=\(format.rawValue);validation=\(validation != nil);" + options.cacheKey, build: build)
        result.value.log.append(result.log)
        return result.value
    }

    /// Reads `path`, preprocesses it and makes a per-user random ratio split.
    public static func ratioSplit(path: URL, format: DataFormat, preprocessing: PreprocessingOptions = PreprocessingOptions(),
                                  options: RatioSplitOptions, cache: SplitCache? = nil) throws -> GivenSplit {
        let build = { try RatioSplit.make(from: try Preprocessing.apply(try InteractionReader.read(path, format: format), preprocessing), options: options) }
        guard let cache else { return try build() }
        var result = try cache.value(GivenSplit.self, sources: [path],
                                     parameters: "ratio;format=\(format.rawValue);" + preprocessing.cacheKey + ";" + options.cacheKey, build: build)
        result.value.log.append(result.log)
        return result.value
    }
}
