/// Several interaction tables of one format pooled into one, in order, as if their files had
/// been concatenated: rows in table order, then file order; raw ids interned across all
/// tables in order of first appearance (a raw id names the same user or item in every
/// file). Line numbers and sources stay those of each row's own file, so errors still name
/// `file:line`.
///
/// For files `a`, `b` of the same format, `pooled([read(a), read(b)])` has the same ids,
/// rows and ratings as `read(a + b)` (the concatenated file), so preprocessing and the
/// split that follow are identical.
extension InteractionTable {
    public static func pooled(_ tables: [InteractionTable]) -> InteractionTable {
        precondition(!tables.isEmpty, "pooling needs at least one table")
        if tables.count == 1 { return tables[0] }
        let hasRatings = tables.allSatisfy { $0.ratings != nil }
        precondition(hasRatings || tables.allSatisfy { $0.ratings == nil }, "pooled tables must all have ratings or none")
        var userInterner = IDInterner(), itemInterner = IDInterner()
        var users: [Int32] = [], items: [Int32] = [], lines: [Int32] = []
        var ratings: [Float] = []
        var sources: [Source] = []
        var log: [String] = []
        let total = tables.reduce(0) { $0 + $1.count }
        users.reserveCapacity(total)
        items.reserveCapacity(total)
        lines.reserveCapacity(total)
        for table in tables {
            let userMap = table.userIDs.map { userInterner.intern($0) }
            let itemMap = table.itemIDs.map { itemInterner.intern($0) }
            let offset = users.count
            sources += table.sources.map { Source(path: $0.path, firstRow: $0.firstRow + offset) }
            for row in 0..<table.count {
                users.append(userMap[Int(table.users[row])])
                items.append(itemMap[Int(table.items[row])])
            }
            lines += table.lineNumbers
            if hasRatings { ratings += table.ratings! }
            log += table.log
        }
        log.append("pooled \(tables.count) files in order: \(total) rows, \(userInterner.count) users, \(itemInterner.count) items")
        return InteractionTable(userIDs: userInterner.ids, itemIDs: itemInterner.ids, users: users, items: items,
                                ratings: hasRatings ? ratings : nil, lineNumbers: lines, sources: sources, log: log)
    }
}
