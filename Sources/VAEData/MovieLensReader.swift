import Foundation

/// Reads the three MovieLens rating layouts into an `InteractionTable` (rating kept,
/// timestamp checked to be an integer and discarded):
/// - ML-100K `u.data`: `user<TAB>item<TAB>rating<TAB>timestamp`, no header;
/// - ML-1M `ratings.dat`: `user::item::rating::timestamp`, no header;
/// - ML-20M / ML-25M `ratings.csv`: header naming `userId`, `movieId`, `rating`
///   (columns found by name), comma-separated.
enum MovieLensReader {
    static func read(_ url: URL, format: DataFormat) throws -> InteractionTable {
        let file = url.path
        let data = try TextFile.read(url)
        var builder = InteractionTableBuilder(hasRatings: true)
        builder.beginSource(file)
        var fields = FieldSplitter()
        var columns: (user: Int, item: Int, rating: Int, count: Int)? = nil
        switch format {
        case .ml100k: columns = (0, 1, 2, 4)
        case .ml1m: columns = (0, 1, 2, 4)
        default: break
        }
        let layout: String
        switch format {
        case .ml100k: layout = "user<TAB>item<TAB>rating<TAB>timestamp"
        case .ml1m: layout = "user::item::rating::timestamp"
        default: layout = "userId,movieId,rating,timestamp"
        }
        try TextFile.forEachLine(in: data) { line in
            try ReaderSupport.rejectBlank(line, file: file, layout: layout)
            switch format {
            case .ml100k: fields.split(line.bytes, separator: 0x09)
            case .ml1m: fields.split(line.bytes, separator: 0x3A, 0x3A)
            default: fields.split(line.bytes, separator: 0x2C)
            }
            if columns == nil {
                // ML-20M header: find the columns by name.
                let names = (0..<fields.count).map { fields.text($0) }
                guard let u = names.firstIndex(of: "userId"), let i = names.firstIndex(of: "movieId"),
                      let r = names.firstIndex(of: "rating") else {
                    throw DataError.badHeader(file: file, found: line.text, expected: "a header naming userId, movieId and rating (userId,movieId,rating,timestamp)")
                }
                columns = (u, i, r, names.count)
                return
            }
            let c = columns!
            try ReaderSupport.requireFieldCount(fields, c.count, file: file, line: line, layout: "(\(layout))")
            let user = try ReaderSupport.integerID(fields, c.user, file: file, line: line, what: "user id")
            let item = try ReaderSupport.integerID(fields, c.item, file: file, line: line, what: "item id")
            let rating = try ReaderSupport.rating(fields, c.rating, file: file, line: line)
            builder.append(user: user, item: item, rating: rating, line: line.number)
        }
        if columns == nil {
            throw DataError.badHeader(file: file, found: "", expected: "a header naming userId, movieId and rating")
        }
        var table = builder.build(log: [])
        table.log.append(ReaderSupport.summary(table, format: format, files: 1))
        return table
    }
}
