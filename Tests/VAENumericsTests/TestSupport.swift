@testable import VAENumerics

/// A tiny SplitMix64 used only to make test data, independent of the generators under test.
struct TestRNG {
    var state: UInt64
    init(_ seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [-1, 1).
    mutating func symmetric() -> Double { Double(next() >> 11) / 9_007_199_254_740_992.0 * 2 - 1 }
    mutating func int(below n: Int) -> Int { Int(next() % UInt64(n)) }
    /// Approximately N(0, 1) (sum of 12 uniforms − 6), enough for well-conditioned test data.
    mutating func gaussian() -> Double {
        var s = 0.0
        for _ in 0..<12 { s += Double(next() >> 11) / 9_007_199_254_740_992.0 }
        return s - 6
    }
}

func randomMatrix(_ rows: Int, _ cols: Int, seed: UInt64) -> Matrix {
    var g = TestRNG(seed)
    return Matrix(rows: rows, cols: cols, data: (0..<(rows * cols)).map { _ in Float(g.symmetric()) })
}

/// Naive `op(A)·op(B)` in Double, as a row-major `m × n` array.
func referenceProduct(_ a: Matrix, transposeA: Bool, _ b: Matrix, transposeB: Bool) -> [Double] {
    let m = transposeA ? a.cols : a.rows
    let k = transposeA ? a.rows : a.cols
    let n = transposeB ? b.rows : b.cols
    var out = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
        for j in 0..<n {
            var s = 0.0
            for p in 0..<k {
                let av = transposeA ? a[p, i] : a[i, p]
                let bv = transposeB ? b[j, p] : b[p, j]
                s += Double(av) * Double(bv)
            }
            out[i * n + j] = s
        }
    }
    return out
}

/// Largest absolute difference between two equally long sequences.
func maxAbsDiff<A: Collection, B: Collection>(_ a: A, _ b: B) -> Double
where A.Element: BinaryFloatingPoint, B.Element: BinaryFloatingPoint {
    precondition(a.count == b.count, "lengths \(a.count) and \(b.count) differ")
    var worst = 0.0
    for (x, y) in zip(a, b) {
        let d = Swift.abs(Double(x) - Double(y))
        if d.isNaN { return .infinity }  // a NaN must fail every tolerance check
        worst = Swift.max(worst, d)
    }
    return worst
}
