import Foundation

/// Reads whitespace triples `user item rating` (Epinions: `3794 1781 1.00`), no header.
/// Ids are opaque tokens; the rating is a decimal number.
enum TriplesReader {
    static func read(_ url: URL) throws -> InteractionTable {
        let file = url.path
        let data = try TextFile.read(url)
        var builder = InteractionTableBuilder(hasRatings: true)
        builder.beginSource(file)
        var fields = FieldSplitter()
        try TextFile.forEachLine(in: data) { line in
            fields.splitWhitespace(line.bytes)
            try ReaderSupport.requireFieldCount(fields, 3, file: file, line: line, layout: "(user item rating)")
            let rating = try ReaderSupport.rating(fields, 2, file: file, line: line)
            builder.append(user: fields.field(0), item: fields.field(1), rating: rating, line: line.number)
        }
        var table = builder.build(log: [])
        table.log.append(ReaderSupport.summary(table, format: .triples, files: 1))
        return table
    }
}
