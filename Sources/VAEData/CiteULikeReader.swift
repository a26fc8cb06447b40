import Foundation

/// Reads CiteULike `users.dat`: line `k` (0-based) is user `k`, written `count item item …`.
///
/// The first number is the item count, checked against the number of items that follow
/// (a mismatch is an error naming the line). A user with count 0 adds no events and is
/// counted in the log. Ids must be non-negative integers.
enum CiteULikeReader {
    static func read(_ url: URL) throws -> InteractionTable {
        let file = url.path
        let data = try TextFile.read(url)
        var builder = InteractionTableBuilder(hasRatings: false)
        builder.beginSource(file)
        var fields = FieldSplitter()
        var emptyUsers = 0
        try TextFile.forEachLine(in: data) { line in
            fields.splitWhitespace(line.bytes)
            guard fields.count >= 1, let declared = ByteNumber.nonNegativeInt(fields.field(0)) else {
                throw DataError.malformedLine(file: file, line: line.number, text: line.text,
                                              expected: "\"count item item ...\" starting with the item count")
            }
            guard declared == fields.count - 1 else {
                throw DataError.malformedLine(file: file, line: line.number, text: line.text,
                                              expected: "\(declared) items after the count \(declared), found \(fields.count - 1)")
            }
            if declared == 0 { emptyUsers += 1; return }
            let u = builder.userInterner.intern(String(line.number - 1))
            for k in 1..<fields.count {
                let item = try ReaderSupport.integerID(fields, k, file: file, line: line, what: "item id")
                builder.append(userIndex: u, itemIndex: builder.itemInterner.intern(item), rating: 1, line: line.number)
            }
        }
        var table = builder.build(log: [])
        table.log.append(ReaderSupport.summary(table, format: .citeulike, files: 1))
        if emptyUsers > 0 { table.log.append("\(file): \(emptyUsers) users have count 0 (no events added)") }
        return table
    }
}
