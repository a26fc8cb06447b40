import Foundation
import VAENumerics

/// Options for reading papers' pre-split files into a `GivenSplit`.
public struct GivenSplitOptions: Sendable, Equatable, Codable {
    /// Keep only rows passing this threshold (in every file) before indexing; nil keeps all.
    public var threshold: RatingThreshold?
    /// Drop validation/test rows whose item never occurs in train (counted), instead of
    /// Cornac's default of giving them indices `>= knownItemCount`.
    public var dropUnknownItems: Bool

    /// The order in which the files are read when assigning indices.
    public var indexingOrder: IndexingOrder

    /// Which file is indexed after train.
    public enum IndexingOrder: String, Sendable, Codable, CaseIterable {
        /// Train, then test, then validation: what Cornac's `BaseMethod._build_datasets`
        /// does (it builds `train_set`, then `test_set`, then `val_set` on the shared
        /// global id maps). The default, since the point is to replicate Cornac's indices.
        case cornac = "train-test-validation"
        /// Train, then validation, then test.
        case trainValidationTest = "train-validation-test"
    }

    public init(threshold: RatingThreshold? = nil, dropUnknownItems: Bool = false, indexingOrder: IndexingOrder = .cornac) {
        self.threshold = threshold
        self.dropUnknownItems = dropUnknownItems
        self.indexingOrder = indexingOrder
    }

    /// A stable text of every parameter, for cache keys.
    public var cacheKey: String {
        "threshold=\(threshold.map(\.description) ?? "none");drop_unknown_items=\(dropUnknownItems);order=\(indexingOrder.rawValue)"
    }
}

/// A train / (validation) / test split given by files, indexed the way Cornac's
/// `BaseMethod.from_splits` does (protocols.md §2):
/// - users and items get indices in order of first appearance reading train first (so
///   every train item has an index `< knownItemCount`), then test, then validation
///   (Cornac's order; `GivenSplitOptions.indexingOrder` can put validation before test);
/// - repeated (user, item) pairs inside one part are dropped and counted;
/// - validation/test items never seen in train keep indices `knownItemCount..<itemCount`
///   (Cornac's `exclude_unknowns=False`), unless `dropUnknownItems` is set.
///
/// All matrices are binary with `userIDs.count` rows (row = user index). `train` has
/// `knownItemCount` columns; `validation` and `test` have `itemCount` columns.
public struct GivenSplit: Sendable, Equatable {
    public var train: SparseMatrix
    public var validation: SparseMatrix?
    public var test: SparseMatrix
    /// Raw user ids in index order.
    public var userIDs: [String]
    /// Raw item ids in index order; the first `knownItemCount` occur in train.
    public var itemIDs: [String]
    /// Items that occur in train.
    public var knownItemCount: Int
    /// Users that occur in train (indices `0..<knownUserCount`).
    public var knownUserCount: Int
    public var log: [String]

    public init(train: SparseMatrix, validation: SparseMatrix?, test: SparseMatrix, userIDs: [String], itemIDs: [String],
                knownItemCount: Int, knownUserCount: Int, log: [String]) {
        self.train = train
        self.validation = validation
        self.test = test
        self.userIDs = userIDs
        self.itemIDs = itemIDs
        self.knownItemCount = knownItemCount
        self.knownUserCount = knownUserCount
        self.log = log
    }

    public var userCount: Int { userIDs.count }
    /// All mapped items (train items first, then validation/test-only items).
    public var itemCount: Int { itemIDs.count }

    /// Test rows whose item never occurs in train (columns `>= knownItemCount`).
    public var unknownTestRows: Int { test.indices.filter { Int($0) >= knownItemCount }.count }

    /// Users whose test items all never occur in train (they can never be hit).
    public var usersWithOnlyUnknownTestItems: Int {
        (0..<test.rows).filter { r in
            let cols = test.columns(ofRow: r)
            return !cols.isEmpty && cols.allSatisfy { Int($0) >= knownItemCount }
        }.count
    }

    /// Users with at least one test item.
    public var testUserCount: Int { (0..<test.rows).filter { test.rowCount($0) > 0 }.count }

    /// Reads the given files in `format` and builds the split.
    public static func read(train: URL, validation: URL? = nil, test: URL, format: DataFormat,
                            options: GivenSplitOptions = GivenSplitOptions()) throws -> GivenSplit {
        let tr = try InteractionReader.read(train, format: format)
        let va = try validation.map { try InteractionReader.read($0, format: format) }
        let te = try InteractionReader.read(test, format: format)
        return try make(train: tr, validation: va, test: te, options: options)
    }

    /// Builds the split from tables already read (see the type's description).
    public static func make(train: InteractionTable, validation: InteractionTable?, test: InteractionTable,
                            options: GivenSplitOptions = GivenSplitOptions()) throws -> GivenSplit {
        var log: [String] = []
        func prepared(_ table: InteractionTable, _ name: String) throws -> InteractionTable {
            log += table.log.map { "\(name): \($0)" }
            guard let threshold = options.threshold else { return table }
            guard let ratings = table.ratings else {
                throw DataError.invalidOption("a rating threshold (\(threshold)) was given, but \(name) has no rating column")
            }
            let keep = ratings.map { threshold.keeps($0) }
            let t = table.filteringRows(keep)
            log.append("\(name): threshold rating \(threshold): kept \(t.count) of \(table.count) rows, dropped \(table.count - t.count)")
            guard t.count > 0 else { throw DataError.emptyDataset(step: "the rating threshold \(threshold) on \(name)") }
            return t
        }
        var parts: [(String, InteractionTable)] = [("train", try prepared(train, "train"))]
        let testPart = ("test", try prepared(test, "test"))
        let validationPart = try validation.map { ("validation", try prepared($0, "validation")) }
        switch options.indexingOrder {
        case .cornac: parts += [testPart] + (validationPart.map { [$0] } ?? [])
        case .trainValidationTest: parts += (validationPart.map { [$0] } ?? []) + [testPart]
        }
        var users = IDInterner(), items = IDInterner()
        var knownItemCount = 0, knownUserCount = 0
        var matrices: [String: SparseMatrix] = [:]
        var pairLists: [[[Int32]]] = []
        var trainPairs = Set<UInt64>()
        for (partIndex, (name, table)) in parts.enumerated() {
            let isTrain = partIndex == 0
            // Map this part's dense ids to the global Cornac indices (first appearance).
            var userMap = [Int32](repeating: -1, count: table.userCount)
            var itemMap = [Int32](repeating: -1, count: table.itemCount)
            var rowsOfUser: [[Int32]] = []
            var seen = Set<UInt64>()
            var duplicates = 0, unknownRows = 0, overlap = 0
            var unknownItems = Set<Int32>()
            var touchedUsers = Set<Int32>(), usersWithKnown = Set<Int32>()
            for row in 0..<table.count {
                let lu = Int(table.users[row]), li = Int(table.items[row])
                if itemMap[li] < 0 {
                    if !isTrain && options.dropUnknownItems && items.lookup(table.itemIDs[li]) == nil {
                        unknownRows += 1
                        unknownItems.insert(Int32(li))
                        continue
                    }
                    itemMap[li] = items.intern(table.itemIDs[li])
                }
                if userMap[lu] < 0 { userMap[lu] = users.intern(table.userIDs[lu]) }
                let u = userMap[lu], i = itemMap[li]
                let key = UInt64(UInt32(u)) << 32 | UInt64(UInt32(i))
                guard seen.insert(key).inserted else { duplicates += 1; continue }
                if isTrain { trainPairs.insert(key) } else if trainPairs.contains(key) { overlap += 1 }
                while rowsOfUser.count <= Int(u) { rowsOfUser.append([]) }
                rowsOfUser[Int(u)].append(i)
                touchedUsers.insert(u)
                if !isTrain && Int(i) >= knownItemCount { unknownRows += 1; unknownItems.insert(i) } else { usersWithKnown.insert(u) }
            }
            if isTrain { knownItemCount = items.count; knownUserCount = users.count }
            pairLists.append(rowsOfUser)
            var line = "\(name): \(seen.count) pairs over \(touchedUsers.count) users"
            if duplicates > 0 { line += "; dropped \(duplicates) duplicate pairs" }
            if !isTrain {
                if options.dropUnknownItems {
                    line += "; dropped \(unknownRows) rows on \(unknownItems.count) items not in train"
                } else {
                    line += "; \(unknownItems.count) items not in train (\(unknownRows) rows) kept at indices ≥ \(knownItemCount)"
                    line += "; \(touchedUsers.count - usersWithKnown.count) users have only such items"
                }
                let newUsers = touchedUsers.filter { Int($0) >= knownUserCount }.count
                if newUsers > 0 { line += "; \(newUsers) users not in train" }
                if overlap > 0 { line += "; \(overlap) pairs also in train (kept)" }
            }
            log.append(line)
        }
        for (partIndex, rowsOfUser) in pairLists.enumerated() {
            var b = CSRBuilder(cols: partIndex == 0 ? knownItemCount : items.count)
            for u in 0..<users.count { b.appendRow(u < rowsOfUser.count ? rowsOfUser[u] : []) }
            matrices[parts[partIndex].0] = b.build()
        }
        log.append("given split: \(users.count) users (\(knownUserCount) in train), \(items.count) items (\(knownItemCount) in train); indexed \(parts.map(\.0).joined(separator: ", "))")
        return GivenSplit(train: matrices["train"]!, validation: matrices["validation"], test: matrices["test"]!,
                          userIDs: users.ids, itemIDs: items.ids, knownItemCount: knownItemCount,
                          knownUserCount: knownUserCount, log: log)
    }
}
