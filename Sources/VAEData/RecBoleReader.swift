import Foundation

/// Reads a RecBole atomic `.inter` file: tab-separated, first line a typed header such as
/// `user_id:token<TAB>item_id:token<TAB>rating:float<TAB>timestamp:float`.
///
/// Columns are found by the name before `:` (`user_id`, `item_id`, optional `rating`);
/// ids are kept as opaque tokens. Without a rating column every row is a positive.
enum RecBoleReader {
    static func read(_ url: URL) throws -> InteractionTable {
        let file = url.path
        let data = try TextFile.read(url)
        var fields = FieldSplitter()
        var header: (user: Int, item: Int, rating: Int?, count: Int)? = nil
        var builder: InteractionTableBuilder? = nil
        try TextFile.forEachLine(in: data) { line in
            fields.split(line.bytes, separator: 0x09)
            guard let h = header else {
                let names = (0..<fields.count).map { fields.text($0).split(separator: ":", maxSplits: 1).first.map(String.init) ?? "" }
                guard let u = names.firstIndex(of: "user_id"), let i = names.firstIndex(of: "item_id") else {
                    throw DataError.badHeader(file: file, found: line.text,
                                              expected: "a tab-separated typed header with user_id:token and item_id:token (rating:float optional)")
                }
                let r = names.firstIndex(of: "rating")
                header = (u, i, r, names.count)
                builder = InteractionTableBuilder(hasRatings: r != nil)
                builder!.beginSource(file)
                return
            }
            try ReaderSupport.rejectBlank(line, file: file, layout: "\(h.count) tab-separated fields")
            try ReaderSupport.requireFieldCount(fields, h.count, file: file, line: line, layout: "(as the header)")
            let user = fields.field(h.user), item = fields.field(h.item)
            guard !user.isEmpty, !item.isEmpty else {
                throw DataError.malformedLine(file: file, line: line.number, text: line.text, expected: "non-empty user_id and item_id")
            }
            let rating = try h.rating.map { try ReaderSupport.rating(fields, $0, file: file, line: line) } ?? 1
            builder!.append(user: user, item: item, rating: rating, line: line.number)
        }
        guard let b = builder else {
            throw DataError.badHeader(file: file, found: "", expected: "a typed header with user_id:token and item_id:token")
        }
        var table = b.build(log: [])
        table.log.append(ReaderSupport.summary(table, format: .recbole, files: 1))
        return table
    }
}
