import Foundation

/// Reads LightGCN split lines `user item item …` (split on any run of spaces/tabs).
///
/// Every item after the user is one event, in line order. A line with a user and no items
/// is accepted (the reference loader crashes on it): it adds no events and is counted in
/// the log. Ids must be non-negative integers.
enum LightGCNReader {
    static func read(_ url: URL) throws -> InteractionTable {
        let file = url.path
        let data = try TextFile.read(url)
        var builder = InteractionTableBuilder(hasRatings: false)
        builder.beginSource(file)
        var fields = FieldSplitter()
        var usersWithoutItems = 0
        try TextFile.forEachLine(in: data) { line in
            fields.splitWhitespace(line.bytes)
            guard fields.count >= 1 else {
                throw DataError.malformedLine(file: file, line: line.number, text: line.text, expected: "a line \"user item item ...\"")
            }
            let user = try ReaderSupport.integerID(fields, 0, file: file, line: line, what: "user id")
            if fields.count == 1 { usersWithoutItems += 1; return }
            let u = builder.userInterner.intern(user)
            for k in 1..<fields.count {
                let item = try ReaderSupport.integerID(fields, k, file: file, line: line, what: "item id")
                builder.append(userIndex: u, itemIndex: builder.itemInterner.intern(item), rating: 1, line: line.number)
            }
        }
        var table = builder.build(log: [])
        table.log.append(ReaderSupport.summary(table, format: .lightgcn, files: 1))
        if usersWithoutItems > 0 {
            table.log.append("\(file): \(usersWithoutItems) lines list a user with no items (no events added)")
        }
        return table
    }
}
