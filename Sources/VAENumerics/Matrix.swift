/// A dense, row-major matrix of `Float`.
///
/// Element `(i, j)` lives at `data[i * cols + j]`. The storage is a Swift array, so a
/// `Matrix` is a value with copy-on-write semantics; hot loops reach the storage through
/// `withUnsafeBufferPointer` / `withUnsafeMutableBufferPointer` and never copy.
public struct Matrix: Equatable, Sendable {
    public private(set) var rows: Int
    public private(set) var cols: Int
    public var data: [Float]

    /// A `rows × cols` matrix filled with `value`.
    public init(rows: Int, cols: Int, value: Float = 0) {
        precondition(rows >= 0 && cols >= 0, "Matrix dimensions must be non-negative")
        self.rows = rows
        self.cols = cols
        self.data = [Float](repeating: value, count: rows * cols)
    }

    /// A matrix over existing row-major storage; `data.count` must equal `rows * cols`.
    public init(rows: Int, cols: Int, data: [Float]) {
        precondition(data.count == rows * cols, "Matrix storage has \(data.count) values, expected \(rows * cols)")
        self.rows = rows
        self.cols = cols
        self.data = data
    }

    /// A matrix from nested rows, for tests and small literals.
    public init(_ nested: [[Float]]) {
        let cols = nested.first?.count ?? 0
        precondition(nested.allSatisfy { $0.count == cols }, "All rows must have the same length")
        self.init(rows: nested.count, cols: cols, data: nested.flatMap { $0 })
    }

    public var count: Int { rows * cols }

    public subscript(row: Int, col: Int) -> Float {
        get { data[row * cols + col] }
        set { data[row * cols + col] = newValue }
    }

    /// A copy of row `i`.
    public func row(_ i: Int) -> [Float] {
        Array(data[(i * cols)..<((i + 1) * cols)])
    }

    /// Reshapes in place to `rows × cols` when the element count allows it, otherwise
    /// reallocates; used to reuse buffers for a final, smaller batch.
    public mutating func resize(rows: Int, cols: Int) {
        if rows * cols != data.count {
            data = [Float](repeating: 0, count: rows * cols)
        }
        self.rows = rows
        self.cols = cols
    }

    /// Reshapes to `rows × cols` for reuse as an output buffer: the storage keeps its
    /// capacity, so a buffer once sized for the largest batch is never reallocated (a smaller
    /// batch drops the tail, a larger one appends zeros). The values afterwards are
    /// unspecified; the caller overwrites them.
    public mutating func reshape(rows: Int, cols: Int) {
        precondition(rows >= 0 && cols >= 0, "Matrix dimensions must be non-negative")
        let n = rows * cols
        if n < data.count {
            data.removeLast(data.count - n)
        } else if n > data.count {
            data.append(contentsOf: repeatElement(0, count: n - data.count))
        }
        self.rows = rows
        self.cols = cols
    }

    /// Sets every element to `value`.
    public mutating func fill(_ value: Float) {
        data.withUnsafeMutableBufferPointer { buf in
            for i in buf.indices { buf[i] = value }
        }
    }

    /// The transpose, as a new matrix (for tests and small matrices; BLAS calls take a
    /// transpose flag instead).
    public func transposed() -> Matrix {
        var t = Matrix(rows: cols, cols: rows)
        for i in 0..<rows {
            for j in 0..<cols { t.data[j * rows + i] = data[i * cols + j] }
        }
        return t
    }

    /// The columns `range` of every row, as a new matrix.
    public func columns(_ range: Range<Int>) -> Matrix {
        var out = Matrix(rows: rows, cols: range.count)
        for i in 0..<rows {
            for (o, j) in range.enumerated() { out.data[i * range.count + o] = data[i * cols + j] }
        }
        return out
    }

    /// The rows listed in `indices`, as a new matrix.
    public func gatherRows(_ indices: [Int]) -> Matrix {
        var out = Matrix(rows: indices.count, cols: cols)
        for (o, i) in indices.enumerated() {
            out.data.replaceSubrange((o * cols)..<((o + 1) * cols), with: data[(i * cols)..<((i + 1) * cols)])
        }
        return out
    }

    /// Squared Frobenius norm, `Σ_ij a_ij²`, accumulated in Double.
    public var squaredNorm: Double {
        data.reduce(0.0) { $0 + Double($1) * Double($1) }
    }
}
