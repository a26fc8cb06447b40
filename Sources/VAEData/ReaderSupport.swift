/// Field checks shared by the readers; each failure throws a `DataError` naming `file:line`.
enum ReaderSupport {
    /// Field `index` of `fields`, checked to be a non-negative decimal integer id.
    static func integerID(_ fields: FieldSplitter, _ index: Int, file: String, line: TextLine,
                          what: String) throws -> UnsafeBufferPointer<UInt8> {
        let bytes = fields.field(index)
        if ByteNumber.nonNegativeInt(bytes) != nil { return bytes }
        let text = fields.text(index)
        if text.hasPrefix("-"), Int(text) != nil {
            throw DataError.idOutOfRange(file: file, line: line.number, id: text, allowed: "a non-negative \(what)")
        }
        throw DataError.malformedLine(file: file, line: line.number, text: line.text,
                                      expected: "\(what) as a non-negative integer in field \(index + 1), found \"\(text)\"")
    }

    /// Field `index` of `fields` as a finite decimal rating.
    static func rating(_ fields: FieldSplitter, _ index: Int, file: String, line: TextLine,
                       what: String = "rating") throws -> Float {
        guard let value = ByteNumber.decimal(fields.field(index)), value.isFinite else {
            throw DataError.malformedLine(file: file, line: line.number, text: line.text,
                                          expected: "a number (\(what)) in field \(index + 1), found \"\(fields.text(index))\"")
        }
        return Float(value)
    }

    /// Throws unless the line has exactly `count` fields.
    static func requireFieldCount(_ fields: FieldSplitter, _ count: Int, file: String, line: TextLine,
                                  layout: String) throws {
        guard fields.count == count else {
            throw DataError.malformedLine(file: file, line: line.number, text: line.text,
                                          expected: "\(count) fields \(layout), found \(fields.count)")
        }
    }

    /// Throws for a blank line inside a file (blank lines at the end are skipped earlier).
    static func rejectBlank(_ line: TextLine, file: String, layout: String) throws {
        if line.isBlank {
            throw DataError.malformedLine(file: file, line: line.number, text: line.text, expected: layout)
        }
    }

    /// The log line every reader writes: what was read and how much.
    static func summary(_ table: InteractionTable, format: DataFormat, files: Int) -> String {
        "read \(format.rawValue): \(table.count) rows, \(table.userCount) users, \(table.itemCount) items"
            + (files > 1 ? " from \(files) files" : "")
            + (table.ratings == nil ? " (no ratings: every row is a positive)" : "")
    }
}
