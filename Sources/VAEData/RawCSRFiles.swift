import Foundation
import VAENumerics

/// Reads a binary matrix stored as raw little-endian CSR arrays, as the peers' data
/// generator writes it (`<stem>.indptr.i64`: int64, rows + 1 values; `<stem>.indices.i32`:
/// int32 column indices, sorted within each row; every stored value is 1).
public enum RawCSRFiles {
    public static func read(stem: String, columns: Int) throws -> SparseMatrix {
        let indptrURL = URL(fileURLWithPath: stem + ".indptr.i64"), indicesURL = URL(fileURLWithPath: stem + ".indices.i32")
        let indptrData = try Data(contentsOf: indptrURL), indicesData = try Data(contentsOf: indicesURL)
        guard indptrData.count % 8 == 0, indptrData.count >= 8, indicesData.count % 4 == 0 else {
            throw DataError.unreadable(path: stem, reason: "indptr or indices file size is not a whole number of values")
        }
        var indptr64 = [Int64](repeating: 0, count: indptrData.count / 8)
        _ = indptr64.withUnsafeMutableBytes { indptrData.copyBytes(to: $0) }
        var indices = [Int32](repeating: 0, count: indicesData.count / 4)
        _ = indices.withUnsafeMutableBytes { indicesData.copyBytes(to: $0) }
        let indptr = indptr64.map { Int(Int64(littleEndian: $0)) }
        guard indptr.first == 0, indptr.last == indices.count else {
            throw DataError.unreadable(path: indptrURL.path, reason: "indptr runs from \(indptr.first ?? -1) to \(indptr.last ?? -1), expected 0 to \(indices.count)")
        }
        let m = SparseMatrix(rows: indptr.count - 1, cols: columns, indptr: indptr, indices: indices,
                             values: [Float](repeating: 1, count: indices.count))
        if let problem = m.validate() { throw DataError.unreadable(path: stem, reason: problem) }
        return m
    }
}
