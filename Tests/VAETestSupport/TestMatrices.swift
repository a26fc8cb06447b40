import VAENumerics

/// A `rows × cols` matrix of values uniform in [−scale, scale), from `TestRNG(seed)`.
public func randomMatrix(_ rows: Int, _ cols: Int, seed: UInt64, scale: Double = 1) -> Matrix {
    var g = TestRNG(seed)
    return Matrix(rows: rows, cols: cols, data: (0..<(rows * cols)).map { _ in Float(scale * g.symmetric()) })
}

/// A Float matrix from row-major Double values.
public func floatMatrix(_ rows: Int, _ cols: Int, _ data: [Double]) -> Matrix {
    Matrix(rows: rows, cols: cols, data: data.map { Float($0) })
}

/// Largest absolute difference between two equally long sequences; a NaN counts as
/// infinitely far, so it fails every tolerance check.
public func maxAbsDiff<A: Collection, B: Collection>(_ a: A, _ b: B) -> Double
where A.Element: BinaryFloatingPoint, B.Element: BinaryFloatingPoint {
    precondition(a.count == b.count, "lengths \(a.count) and \(b.count) differ")
    var worst = 0.0
    for (x, y) in zip(a, b) {
        let d = Swift.abs(Double(x) - Double(y))
        if d.isNaN { return .infinity }
        worst = Swift.max(worst, d)
    }
    return worst
}
