import Foundation

/// Reads the Netflix Prize `training_set/`: a directory of `mv_*.txt` files read in sorted
/// file-name order, or a single such file.
///
/// A line `<movieId>:` starts a movie; each following line `customerId,rating,date` is an
/// event of that customer on that movie (date checked present, then discarded). Several
/// movies per file (the Kaggle `combined_data_*.txt` layout) are accepted too.
enum NetflixReader {
    static func read(_ url: URL) throws -> InteractionTable {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw DataError.unreadable(path: url.path, reason: "no such file or directory")
        }
        var files: [URL] = [url]
        if isDirectory.boolValue {
            let names: [String]
            do { names = try FileManager.default.contentsOfDirectory(atPath: url.path) } catch {
                throw DataError.unreadable(path: url.path, reason: error.localizedDescription)
            }
            files = names.filter { $0.hasPrefix("mv_") && $0.hasSuffix(".txt") }.sorted().map { url.appendingPathComponent($0) }
            guard !files.isEmpty else {
                throw DataError.unreadable(path: url.path, reason: "directory holds no mv_*.txt files (expected Netflix training_set/)")
            }
        }
        var builder = InteractionTableBuilder(hasRatings: true)
        var fields = FieldSplitter()
        for fileURL in files {
            let file = fileURL.path
            let data = try TextFile.read(fileURL)
            builder.beginSource(file)
            var movie: Int32? = nil
            try TextFile.forEachLine(in: data) { line in
                let b = line.bytes
                if let last = b.last, last == 0x3A {
                    let id = UnsafeBufferPointer(rebasing: b[0..<(b.count - 1)])
                    guard ByteNumber.nonNegativeInt(id) != nil else {
                        throw DataError.malformedLine(file: file, line: line.number, text: line.text, expected: "a movie header \"<movieId>:\"")
                    }
                    movie = builder.itemInterner.intern(id)
                    return
                }
                guard let m = movie else {
                    throw DataError.malformedLine(file: file, line: line.number, text: line.text, expected: "a movie header \"<movieId>:\" before any rating")
                }
                fields.split(b, separator: 0x2C)
                try ReaderSupport.requireFieldCount(fields, 3, file: file, line: line, layout: "(customerId,rating,date)")
                let user = try ReaderSupport.integerID(fields, 0, file: file, line: line, what: "customer id")
                let rating = try ReaderSupport.rating(fields, 1, file: file, line: line)
                builder.append(userIndex: builder.userInterner.intern(user), itemIndex: m, rating: rating, line: line.number)
            }
        }
        var table = builder.build(log: [])
        table.log.append(ReaderSupport.summary(table, format: .netflix, files: files.count))
        return table
    }
}
