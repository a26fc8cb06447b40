import VAENumerics

/// Builds binary `SparseMatrix` values row by row (columns sorted, duplicates merged).
struct CSRBuilder {
    let cols: Int
    private(set) var indptr: [Int] = [0]
    private(set) var indices: [Int32] = []
    private var scratch: [Int32] = []

    init(cols: Int) { self.cols = cols }

    /// Appends the next row with the given columns (any order, repeats merged).
    mutating func appendRow<S: Sequence>(_ columns: S) where S.Element == Int32 {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: columns)
        scratch.sort()
        var previous: Int32 = -1
        for c in scratch where c != previous {
            precondition(c >= 0 && Int(c) < cols, "column \(c) outside 0..<\(cols)")
            indices.append(c)
            previous = c
        }
        indptr.append(indices.count)
    }

    func build() -> SparseMatrix {
        SparseMatrix(rows: indptr.count - 1, cols: cols, indptr: indptr, indices: indices,
                     values: [Float](repeating: 1, count: indices.count))
    }
}
