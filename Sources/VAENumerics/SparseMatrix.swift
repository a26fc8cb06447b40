/// A compressed-sparse-row matrix of `Float`.
///
/// Row `r` holds the entries `values[k]` at columns `indices[k]` for
/// `k ∈ indptr[r] ..< indptr[r+1]`. Column indices are sorted and unique inside each row
/// (checked by `validate()`); `Int32` indices keep an MSD-sized matrix (33.6 M entries) small.
public struct SparseMatrix: Equatable, Sendable {
    public let rows: Int
    public let cols: Int
    public var indptr: [Int]
    public var indices: [Int32]
    public var values: [Float]

    public init(rows: Int, cols: Int, indptr: [Int], indices: [Int32], values: [Float]) {
        precondition(indptr.count == rows + 1, "indptr must have rows + 1 entries")
        precondition(indices.count == values.count && indptr.last == indices.count, "indices/values disagree with indptr")
        self.rows = rows
        self.cols = cols
        self.indptr = indptr
        self.indices = indices
        self.values = values
    }

    /// Builds a matrix from (row, col, value) triples; duplicates are summed, columns sorted.
    public init(rows: Int, cols: Int, triples: [(row: Int, col: Int, value: Float)]) {
        var perRow = [[(Int32, Float)]](repeating: [], count: rows)
        for t in triples {
            precondition(t.row >= 0 && t.row < rows && t.col >= 0 && t.col < cols, "entry (\(t.row), \(t.col)) outside \(rows)×\(cols)")
            perRow[t.row].append((Int32(t.col), t.value))
        }
        var indptr = [0]
        var indices: [Int32] = []
        var values: [Float] = []
        for var row in perRow {
            row.sort { $0.0 < $1.0 }
            for (c, v) in row {
                if let last = indices.last, indices.count > indptr.last!, last == c {
                    values[values.count - 1] += v
                } else {
                    indices.append(c)
                    values.append(v)
                }
            }
            indptr.append(indices.count)
        }
        self.init(rows: rows, cols: cols, indptr: indptr, indices: indices, values: values)
    }

    /// A binary matrix (all values 1) from each row's column list.
    public init(cols: Int, rowColumns: [[Int]]) {
        var indptr = [0]
        var indices: [Int32] = []
        indptr.reserveCapacity(rowColumns.count + 1)
        for cs in rowColumns {
            for c in Set(cs).sorted() { indices.append(Int32(c)) }
            indptr.append(indices.count)
        }
        self.init(rows: rowColumns.count, cols: cols, indptr: indptr, indices: indices,
                  values: [Float](repeating: 1, count: indices.count))
    }

    public var nonzeroCount: Int { indices.count }

    /// Number of stored entries in row `r`.
    public func rowCount(_ r: Int) -> Int { indptr[r + 1] - indptr[r] }

    /// Column indices of row `r`.
    public func columns(ofRow r: Int) -> ArraySlice<Int32> { indices[indptr[r]..<indptr[r + 1]] }

    /// The rows listed in `rowIndices`, in that order, as a new matrix.
    public func gatherRows(_ rowIndices: [Int]) -> SparseMatrix {
        var indptr = [0]
        indptr.reserveCapacity(rowIndices.count + 1)
        var total = 0
        for r in rowIndices { total += rowCount(r); indptr.append(total) }
        var idx = [Int32](); idx.reserveCapacity(total)
        var val = [Float](); val.reserveCapacity(total)
        for r in rowIndices {
            idx.append(contentsOf: indices[self.indptr[r]..<self.indptr[r + 1]])
            val.append(contentsOf: values[self.indptr[r]..<self.indptr[r + 1]])
        }
        return SparseMatrix(rows: rowIndices.count, cols: cols, indptr: indptr, indices: idx, values: val)
    }

    /// The rows `range`, as a new matrix.
    public func rows(_ range: Range<Int>) -> SparseMatrix { gatherRows(Array(range)) }

    /// The transpose (CSR of the columns), built by counting sort: O(nnz).
    public func transposed() -> SparseMatrix {
        var counts = [Int](repeating: 0, count: cols + 1)
        for c in indices { counts[Int(c) + 1] += 1 }
        for j in 0..<cols { counts[j + 1] += counts[j] }
        var next = counts
        var idx = [Int32](repeating: 0, count: indices.count)
        var val = [Float](repeating: 0, count: values.count)
        for r in 0..<rows {
            for k in indptr[r]..<indptr[r + 1] {
                let c = Int(indices[k])
                idx[next[c]] = Int32(r)
                val[next[c]] = values[k]
                next[c] += 1
            }
        }
        return SparseMatrix(rows: cols, cols: rows, indptr: counts, indices: idx, values: val)
    }

    /// The dense form (tests and small matrices only).
    public func dense() -> Matrix {
        var m = Matrix(rows: rows, cols: cols)
        for r in 0..<rows {
            for k in indptr[r]..<indptr[r + 1] { m[r, Int(indices[k])] = values[k] }
        }
        return m
    }

    /// Checks the CSR invariants: monotone `indptr`, in-range and strictly increasing
    /// column indices in each row. Returns a description of the first violation.
    public func validate() -> String? {
        guard indptr.count == rows + 1 else { return "indptr has \(indptr.count) entries, expected \(rows + 1)" }
        guard indices.count == values.count else { return "\(indices.count) column indices but \(values.count) values" }
        guard indptr.first == 0 else { return "indptr[0] = \(indptr.first ?? -1), expected 0" }
        guard indptr.last == indices.count else { return "indptr ends at \(indptr.last ?? -1), expected \(indices.count)" }
        for r in 0..<rows {
            guard indptr[r] <= indptr[r + 1] else { return "indptr decreases at row \(r)" }
            guard indptr[r + 1] <= indices.count else { return "indptr[\(r + 1)] = \(indptr[r + 1]) past the \(indices.count) stored entries" }
            var previous: Int32 = -1
            for k in indptr[r]..<indptr[r + 1] {
                let c = indices[k]
                guard c >= 0 && Int(c) < cols else { return "row \(r): column \(c) outside 0..<\(cols)" }
                guard c > previous else { return "row \(r): columns not strictly increasing at \(c)" }
                previous = c
            }
        }
        return nil
    }
}
