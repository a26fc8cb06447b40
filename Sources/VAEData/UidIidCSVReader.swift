import Foundation

/// Reads a split CSV of positives (DualVAE / label-smoothing `train.csv`, `test.csv`):
/// a two-column header (`uid,iid`; any non-numeric names are accepted, e.g. DirectSpec's
/// `user,item`), then `user,item` rows of non-negative integers. No rating column.
enum UidIidCSVReader {
    static func read(_ url: URL) throws -> InteractionTable {
        let file = url.path
        let data = try TextFile.read(url)
        var builder = InteractionTableBuilder(hasRatings: false)
        builder.beginSource(file)
        var fields = FieldSplitter()
        var sawHeader = false
        try TextFile.forEachLine(in: data) { line in
            fields.split(line.bytes, separator: 0x2C)
            if !sawHeader {
                guard fields.count == 2, ByteNumber.nonNegativeInt(fields.field(0)) == nil,
                      !fields.field(0).isEmpty, !fields.field(1).isEmpty else {
                    throw DataError.badHeader(file: file, found: line.text, expected: "the header uid,iid")
                }
                sawHeader = true
                return
            }
            try ReaderSupport.rejectBlank(line, file: file, layout: "uid,iid")
            try ReaderSupport.requireFieldCount(fields, 2, file: file, line: line, layout: "(uid,iid)")
            let user = try ReaderSupport.integerID(fields, 0, file: file, line: line, what: "user id")
            let item = try ReaderSupport.integerID(fields, 1, file: file, line: line, what: "item id")
            builder.append(user: user, item: item, rating: 1, line: line.number)
        }
        guard sawHeader else { throw DataError.badHeader(file: file, found: "", expected: "the header uid,iid") }
        var table = builder.build(log: [])
        table.log.append(ReaderSupport.summary(table, format: .uidIidCSV, files: 1))
        return table
    }
}
