/// User–item interactions read from files: one row per event, in file order.
///
/// Raw user and item ids are interned to dense indices in order of first appearance
/// (`userIDs[u]` is the raw id of user index `u`). Each row remembers the file and line it
/// came from, so later steps can name `file:line` in errors. `ratings` is nil when the
/// format has no rating column (every row is then a positive).
public struct InteractionTable: Sendable, Equatable {
    /// A file that contributed rows: rows `firstRow..<` up to the next source's first row.
    public struct Source: Sendable, Equatable {
        public var path: String
        public var firstRow: Int
    }

    /// Raw user ids in dense-index order.
    public internal(set) var userIDs: [String]
    /// Raw item ids in dense-index order.
    public internal(set) var itemIDs: [String]
    /// Dense user index of each row.
    public internal(set) var users: [Int32]
    /// Dense item index of each row.
    public internal(set) var items: [Int32]
    /// Rating of each row, if the format has one.
    public internal(set) var ratings: [Float]?
    /// 1-based line number of each row in its source file.
    public internal(set) var lineNumbers: [Int32]
    /// The files rows came from, in row order.
    public internal(set) var sources: [Source]
    /// Human-readable account of what reading and later steps did (counts included).
    public var log: [String]

    /// Number of rows (events).
    public var count: Int { users.count }
    public var userCount: Int { userIDs.count }
    public var itemCount: Int { itemIDs.count }

    public init(userIDs: [String], itemIDs: [String], users: [Int32], items: [Int32], ratings: [Float]?,
                lineNumbers: [Int32], sources: [Source], log: [String] = []) {
        precondition(users.count == items.count && users.count == lineNumbers.count)
        precondition(ratings == nil || ratings!.count == users.count)
        self.userIDs = userIDs
        self.itemIDs = itemIDs
        self.users = users
        self.items = items
        self.ratings = ratings
        self.lineNumbers = lineNumbers
        self.sources = sources
        self.log = log
    }

    /// `file:line` of row `row`, for messages.
    public func location(ofRow row: Int) -> String {
        let (path, line) = origin(ofRow: row)
        return "\(path):\(line)"
    }

    /// File path and line number of row `row`.
    public func origin(ofRow row: Int) -> (path: String, line: Int) {
        // Sources are few (one per file); binary search the last with firstRow <= row.
        var lo = 0, hi = sources.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if sources[mid].firstRow <= row { lo = mid } else { hi = mid - 1 }
        }
        return (sources.isEmpty ? "?" : sources[lo].path, Int(lineNumbers[row]))
    }

    /// The rows where `keep[row]` is true, in the same order; ids are re-interned in order
    /// of first appearance among the kept rows (so every id is used at least once).
    public func filteringRows(_ keep: [Bool]) -> InteractionTable {
        precondition(keep.count == count)
        var newUser = [Int32](repeating: -1, count: userCount)
        var newItem = [Int32](repeating: -1, count: itemCount)
        var userIDs: [String] = [], itemIDs: [String] = []
        var users: [Int32] = [], items: [Int32] = [], lines: [Int32] = []
        var ratings: [Float]? = self.ratings == nil ? nil : []
        var sources: [Source] = []
        var sourceIndex = 0
        for row in 0..<count where keep[row] {
            while sourceIndex + 1 < self.sources.count && self.sources[sourceIndex + 1].firstRow <= row { sourceIndex += 1 }
            if !self.sources.isEmpty && sources.last?.path != self.sources[sourceIndex].path {
                sources.append(Source(path: self.sources[sourceIndex].path, firstRow: users.count))
            }
            let u = Int(self.users[row]), i = Int(self.items[row])
            if newUser[u] < 0 { newUser[u] = Int32(userIDs.count); userIDs.append(self.userIDs[u]) }
            if newItem[i] < 0 { newItem[i] = Int32(itemIDs.count); itemIDs.append(self.itemIDs[i]) }
            users.append(newUser[u])
            items.append(newItem[i])
            lines.append(lineNumbers[row])
            ratings?.append(self.ratings![row])
        }
        return InteractionTable(userIDs: userIDs, itemIDs: itemIDs, users: users, items: items, ratings: ratings,
                                lineNumbers: lines, sources: sources, log: log)
    }

    /// For each user index, its rows in file order (a CSR-style grouping by counting sort).
    public func rowsByUser() -> (offsets: [Int], rows: [Int32]) {
        Self.group(users, groups: userCount)
    }

    /// For each item index, its rows in file order.
    public func rowsByItem() -> (offsets: [Int], rows: [Int32]) {
        Self.group(items, groups: itemCount)
    }

    static func group(_ keys: [Int32], groups: Int) -> (offsets: [Int], rows: [Int32]) {
        var offsets = [Int](repeating: 0, count: groups + 1)
        for k in keys { offsets[Int(k) + 1] += 1 }
        for g in 0..<groups { offsets[g + 1] += offsets[g] }
        var next = offsets
        var rows = [Int32](repeating: 0, count: keys.count)
        for (row, k) in keys.enumerated() {
            rows[next[Int(k)]] = Int32(row)
            next[Int(k)] += 1
        }
        return (offsets, rows)
    }
}

/// Accumulates rows while a reader parses, interning raw ids as they come.
struct InteractionTableBuilder {
    var userInterner = IDInterner()
    var itemInterner = IDInterner()
    var users: [Int32] = []
    var items: [Int32] = []
    var ratings: [Float] = []
    var lineNumbers: [Int32] = []
    var sources: [InteractionTable.Source] = []
    let hasRatings: Bool

    init(hasRatings: Bool) { self.hasRatings = hasRatings }

    /// Marks the start of rows from `path`.
    mutating func beginSource(_ path: String) {
        sources.append(.init(path: path, firstRow: users.count))
    }

    /// Appends one event.
    mutating func append(user: UnsafeBufferPointer<UInt8>, item: UnsafeBufferPointer<UInt8>, rating: Float, line: Int) {
        users.append(userInterner.intern(user))
        items.append(itemInterner.intern(item))
        if hasRatings { ratings.append(rating) }
        lineNumbers.append(Int32(clamping: line))
    }

    /// Appends one event whose user index is already interned.
    mutating func append(userIndex: Int32, item: UnsafeBufferPointer<UInt8>, rating: Float, line: Int) {
        users.append(userIndex)
        items.append(itemInterner.intern(item))
        if hasRatings { ratings.append(rating) }
        lineNumbers.append(Int32(clamping: line))
    }

    /// Appends one event whose user and item indices are already interned.
    mutating func append(userIndex: Int32, itemIndex: Int32, rating: Float, line: Int) {
        users.append(userIndex)
        items.append(itemIndex)
        if hasRatings { ratings.append(rating) }
        lineNumbers.append(Int32(clamping: line))
    }

    func build(log: [String]) -> InteractionTable {
        InteractionTable(userIDs: userInterner.ids, itemIDs: itemInterner.ids, users: users, items: items,
                         ratings: hasRatings ? ratings : nil, lineNumbers: lineNumbers, sources: sources, log: log)
    }
}
