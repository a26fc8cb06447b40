import Foundation

/// Reads the MSD Taste Profile `train_triplets.txt`: `userHash<TAB>songId<TAB>playCount`,
/// no header. Ids are opaque tokens; the play count (an integer ≥ 1) is kept as the rating.
enum MSDReader {
    static func read(_ url: URL) throws -> InteractionTable {
        let file = url.path
        let data = try TextFile.read(url)
        var builder = InteractionTableBuilder(hasRatings: true)
        builder.beginSource(file)
        var fields = FieldSplitter()
        try TextFile.forEachLine(in: data) { line in
            fields.split(line.bytes, separator: 0x09)
            try ReaderSupport.requireFieldCount(fields, 3, file: file, line: line, layout: "(userHash<TAB>songId<TAB>playCount)")
            guard let plays = ByteNumber.nonNegativeInt(fields.field(2)), plays >= 1 else {
                throw DataError.malformedLine(file: file, line: line.number, text: line.text,
                                              expected: "a play count ≥ 1 in field 3, found \"\(fields.text(2))\"")
            }
            guard !fields.field(0).isEmpty, !fields.field(1).isEmpty else {
                throw DataError.malformedLine(file: file, line: line.number, text: line.text, expected: "non-empty user hash and song id")
            }
            builder.append(user: fields.field(0), item: fields.field(1), rating: Float(plays), line: line.number)
        }
        var table = builder.build(log: [])
        table.log.append(ReaderSupport.summary(table, format: .msd, files: 1))
        return table
    }
}
