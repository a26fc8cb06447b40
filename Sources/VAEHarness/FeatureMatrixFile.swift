import Foundation
import VAEData
import VAENumerics

/// Side features for BiVAE's constrained adaptive prior: a text file of dense rows of
/// whitespace-separated numbers, all of the same width; row r (0-based, blank lines skipped)
/// belongs to the user or item whose raw id is the integer r. `read` returns them in the
/// model's index order (`ids[index]` = raw id).
public enum FeatureMatrixFile {
    public static func read(_ url: URL, ids: [String], what: String) throws -> Matrix {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw DataError.unreadable(path: url.path, reason: "\(error)")
        }
        var rows: [[Float]] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if fields.isEmpty { continue }
            let values = fields.compactMap { Float($0) }
            guard values.count == fields.count, values.allSatisfy(\.isFinite) else {
                throw DataError.malformedLine(file: url.path, line: n + 1, text: String(line.prefix(80)), expected: "whitespace-separated finite numbers")
            }
            if let w = rows.first?.count, w != values.count {
                throw DataError.malformedLine(file: url.path, line: n + 1, text: "\(values.count) values", expected: "\(w) values, like the first row")
            }
            rows.append(values)
        }
        guard let width = rows.first?.count else { throw DataError.emptyDataset(step: "reading \(what) features from \(url.path)") }
        var m = Matrix(rows: ids.count, cols: width)
        for (index, id) in ids.enumerated() {
            guard let r = Int(id), r >= 0, r < rows.count else {
                throw DataError.idOutOfRange(file: url.path, line: 0, id: id, allowed: "\(what) ids that are row numbers 0..<\(rows.count) of the feature file")
            }
            for j in 0..<width { m.data[index * width + j] = rows[r][j] }
        }
        return m
    }
}
