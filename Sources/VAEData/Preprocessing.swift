/// How repeated (user, item) pairs are treated before splitting.
public enum DuplicatePolicy: String, Sendable, Codable, CaseIterable {
    /// Keep the first occurrence (file order), drop later ones and count them (default).
    case dropAndCount = "drop"
    /// Stop with an error naming both lines.
    case fail
}

/// How the minimum user/item counts are applied.
public enum CountFilterOrder: String, Sendable, Codable, CaseIterable {
    /// protocols.md §1.2 step 2: items with fewer than `minItemCount` events are removed,
    /// then users with fewer than `minUserCount` remaining events; not repeated.
    case singlePass = "single-pass"
    /// Repeat the item then user filters until nothing changes (a k-core).
    case iterativeCore = "k-core"
}

/// Options of the preprocessing steps, applied in this order: rating threshold and
/// binarisation (§1.2 step 1), duplicate pairs, count filters (§1.2 step 2).
public struct PreprocessingOptions: Sendable, Equatable, Codable {
    /// Keep only rows passing this threshold; nil keeps every row. Either way the result is
    /// binary (ratings dropped, every kept event is a positive).
    public var threshold: RatingThreshold?
    /// Items with fewer events are removed (0 skips the step).
    public var minItemCount: Int
    /// Users with fewer (remaining) events are removed (0 skips the step).
    public var minUserCount: Int
    public var filterOrder: CountFilterOrder
    public var duplicates: DuplicatePolicy

    public init(threshold: RatingThreshold? = nil, minItemCount: Int = 0, minUserCount: Int = 0,
                filterOrder: CountFilterOrder = .singlePass, duplicates: DuplicatePolicy = .dropAndCount) {
        self.threshold = threshold
        self.minItemCount = minItemCount
        self.minUserCount = minUserCount
        self.filterOrder = filterOrder
        self.duplicates = duplicates
    }

    /// A stable text of every parameter, for cache keys.
    public var cacheKey: String {
        "threshold=\(threshold.map(\.description) ?? "none");min_sc=\(minItemCount);min_uc=\(minUserCount);order=\(filterOrder.rawValue);dup=\(duplicates.rawValue)"
    }
}

/// The preprocessing of protocols.md §1.2 steps 1–2 (plus duplicate handling).
public enum Preprocessing {
    /// Applies `options` to `table` and returns the binary result (ratings nil), with ids
    /// re-interned in first-appearance order among the kept rows. Every dropped row, user
    /// and item is counted in the returned table's `log`.
    public static func apply(_ table: InteractionTable, _ options: PreprocessingOptions) throws -> InteractionTable {
        guard options.minItemCount >= 0, options.minUserCount >= 0 else {
            throw DataError.invalidOption("minimum counts must be ≥ 0 (min_sc \(options.minItemCount), min_uc \(options.minUserCount))")
        }
        var t = table
        // Step 1: threshold and binarise.
        if let threshold = options.threshold {
            guard let ratings = t.ratings else {
                throw DataError.invalidOption("a rating threshold (\(threshold)) was given, but the data has no rating column")
            }
            let keep = ratings.map { threshold.keeps($0) }
            let kept = keep.filter { $0 }.count
            t = t.filteringRows(keep)
            t.log.append("threshold rating \(threshold): kept \(kept) of \(keep.count) rows, dropped \(keep.count - kept)")
            guard t.count > 0 else { throw DataError.emptyDataset(step: "the rating threshold \(threshold)") }
        }
        if t.ratings != nil {
            t.ratings = nil
            t.log.append("binarise: every kept row becomes a positive (value 1)")
        }
        // Duplicate pairs.
        t = try removeDuplicates(t, policy: options.duplicates)
        // Step 2: count filters.
        var round = 0
        while true {
            round += 1
            let before = t.count
            if options.minItemCount > 0 {
                t = filterByCount(t, byItem: true, minimum: options.minItemCount, round: round)
                guard t.count > 0 else { throw DataError.emptyDataset(step: "removing items with fewer than \(options.minItemCount) events") }
            }
            if options.minUserCount > 0 {
                t = filterByCount(t, byItem: false, minimum: options.minUserCount, round: round)
                guard t.count > 0 else { throw DataError.emptyDataset(step: "removing users with fewer than \(options.minUserCount) events") }
            }
            if options.filterOrder == .singlePass || t.count == before { break }
        }
        t.log.append("after preprocessing: \(t.count) events, \(t.userCount) users, \(t.itemCount) items")
        return t
    }

    /// Drops (or reports) repeated (user, item) pairs, keeping the first in file order.
    static func removeDuplicates(_ table: InteractionTable, policy: DuplicatePolicy) throws -> InteractionTable {
        let (offsets, rows) = table.rowsByUser()
        var lastUserOfItem = [Int32](repeating: -1, count: table.itemCount)
        var firstRowOfItem = [Int32](repeating: -1, count: table.itemCount)
        var keep = [Bool](repeating: true, count: table.count)
        var dropped = 0
        for u in 0..<table.userCount {
            for k in offsets[u]..<offsets[u + 1] {
                let row = Int(rows[k])
                let i = Int(table.items[row])
                if lastUserOfItem[i] == Int32(u) {
                    if policy == .fail {
                        let (path, line) = table.origin(ofRow: row)
                        throw DataError.duplicatePair(file: path, line: line, user: table.userIDs[u], item: table.itemIDs[i],
                                                      firstLine: table.origin(ofRow: Int(firstRowOfItem[i])).line)
                    }
                    keep[row] = false
                    dropped += 1
                } else {
                    lastUserOfItem[i] = Int32(u)
                    firstRowOfItem[i] = Int32(row)
                }
            }
        }
        guard dropped > 0 else { return table }
        var t = table.filteringRows(keep)
        t.log.append("duplicates: dropped \(dropped) repeated (user, item) rows, kept the first of each")
        return t
    }

    /// Removes rows of users (or items) with fewer than `minimum` events.
    static func filterByCount(_ table: InteractionTable, byItem: Bool, minimum: Int, round: Int) -> InteractionTable {
        let keys = byItem ? table.items : table.users
        var counts = [Int](repeating: 0, count: byItem ? table.itemCount : table.userCount)
        for k in keys { counts[Int(k)] += 1 }
        let keep = keys.map { counts[Int($0)] >= minimum }
        let droppedIDs = counts.filter { $0 < minimum }.count
        let droppedRows = keep.filter { !$0 }.count
        var t = droppedRows > 0 ? table.filteringRows(keep) : table
        let what = byItem ? "items" : "users"
        t.log.append("min \(byItem ? "item" : "user") count \(minimum)\(round > 1 ? " (round \(round))" : ""): dropped \(droppedIDs) \(what) and \(droppedRows) rows; \(t.count) rows left")
        return t
    }
}
