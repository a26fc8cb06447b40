import VAENumerics

/// Options of the per-user random ratio split.
public struct RatioSplitOptions: Sendable, Equatable, Codable {
    /// Share of each user's events that become test events: `floor(testShare · n)`.
    public var testShare: Double
    /// Share of each user's events that become validation events: `floor(validationShare · n)`.
    public var validationShare: Double
    /// Seed of the `RandomStream` (purpose "ratio-split").
    public var seed: UInt64

    public init(testShare: Double = 0.2, validationShare: Double = 0, seed: UInt64 = 0) {
        self.testShare = testShare
        self.validationShare = validationShare
        self.seed = seed
    }

    public var cacheKey: String { "test=\(testShare);validation=\(validationShare);seed=\(seed)" }
}

/// A per-user random split (e.g. CiteULike 80/20): each user's events are shuffled with a
/// seeded `RandomStream`; the first `floor(testShare·n)` go to test, the next
/// `floor(validationShare·n)` to validation, the rest to train. Rows keep file order inside
/// each part. The parts are then indexed like any given split (`GivenSplit.make`).
public enum RatioSplit {
    public static func make(from table: InteractionTable, options: RatioSplitOptions) throws -> GivenSplit {
        guard options.testShare >= 0, options.validationShare >= 0, options.testShare + options.validationShare < 1 else {
            throw DataError.invalidOption("test share \(options.testShare) and validation share \(options.validationShare) must be ≥ 0 and sum below 1")
        }
        guard table.count > 0 else { throw DataError.emptyDataset(step: "preprocessing (nothing to split)") }
        var stream = RandomStream(seed: options.seed, purpose: "ratio-split")
        let (offsets, rows) = table.rowsByUser()
        // 0 = train, 1 = validation, 2 = test
        var part = [UInt8](repeating: 0, count: table.count)
        for u in 0..<table.userCount {
            var userRows = Array(rows[offsets[u]..<offsets[u + 1]])
            let n = userRows.count
            let nTest = Int(options.testShare * Double(n))
            let nValidation = Int(options.validationShare * Double(n))
            stream.shuffle(&userRows)
            for (k, row) in userRows.enumerated() {
                part[Int(row)] = k < nTest ? 2 : (k < nTest + nValidation ? 1 : 0)
            }
        }
        var train = table.filteringRows(part.map { $0 == 0 })
        train.log.append("ratio split (seed \(options.seed)): train \(train.count) rows")
        let validation = options.validationShare > 0 ? table.filteringRows(part.map { $0 == 1 }) : nil
        var test = table.filteringRows(part.map { $0 == 2 })
        test.log = ["ratio split: test \(test.count) rows"]
        guard test.count > 0 else { throw DataError.emptyDataset(step: "the ratio split (no test events; users too small for share \(options.testShare))") }
        if var v = validation {
            v.log = ["ratio split: validation \(v.count) rows"]
            return try GivenSplit.make(train: train, validation: v, test: test)
        }
        return try GivenSplit.make(train: train, validation: nil, test: test)
    }
}
