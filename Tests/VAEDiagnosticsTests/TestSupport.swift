import VAENumerics

/// A tiny SplitMix64 used only to make test data, independent of the code under test.
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
    /// Approximately N(0, 1) (sum of 12 uniforms − 6).
    mutating func gaussian() -> Double {
        var s = 0.0
        for _ in 0..<12 { s += Double(next() >> 11) / 9_007_199_254_740_992.0 }
        return s - 6
    }
}

/// `count` orthonormal vectors of length `n`, by twice-repeated modified Gram–Schmidt on
/// Gaussian vectors in Double, each also orthogonal to every vector in `avoid`
/// (which must itself be orthonormal).
func orthonormalColumns(_ n: Int, _ count: Int, seed: UInt64, avoid: [[Double]] = []) -> [[Double]] {
    precondition(count + avoid.count <= n)
    var g = TestRNG(seed)
    var q: [[Double]] = []
    while q.count < count {
        var v = (0..<n).map { _ in g.gaussian() }
        for _ in 0..<2 {
            for u in avoid + q {
                let d = zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }
                for i in 0..<n { v[i] -= d * u[i] }
            }
        }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 1e-6 { q.append(v.map { $0 / norm }) }
    }
    return q
}

/// Row-major `m × n` Double array `U·diag(σ)·Vᵀ` with random orthonormal U (m × r), V (n × r).
/// With `zeroMeanColumns`, every column of U is orthogonal to the ones vector, so each
/// column of the result has mean 0.
func matrixWithSingularValues(_ m: Int, _ n: Int, _ sigma: [Double], seed: UInt64,
                              zeroMeanColumns: Bool = false) -> [Double] {
    let ones = [(0..<m).map { _ in 1 / Double(m).squareRoot() }]
    let u = orthonormalColumns(m, sigma.count, seed: seed, avoid: zeroMeanColumns ? ones : [])
    let v = orthonormalColumns(n, sigma.count, seed: seed &+ 1)
    var a = [Double](repeating: 0, count: m * n)
    for (t, s) in sigma.enumerated() {
        for i in 0..<m { for j in 0..<n { a[i * n + j] += s * u[t][i] * v[t][j] } }
    }
    return a
}

func floatMatrix(_ rows: Int, _ cols: Int, _ data: [Double]) -> Matrix {
    Matrix(rows: rows, cols: cols, data: data.map { Float($0) })
}

func randomMatrix(_ rows: Int, _ cols: Int, seed: UInt64, scale: Double = 1) -> Matrix {
    var g = TestRNG(seed)
    return Matrix(rows: rows, cols: cols, data: (0..<(rows * cols)).map { _ in Float(scale * g.symmetric()) })
}

/// Largest absolute difference; NaN counts as infinitely far.
func maxAbsDiff<A: Collection, B: Collection>(_ a: A, _ b: B) -> Double
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

/// Naive Double `op(A)·op(B)` for small row-major arrays.
func product(_ a: [Double], _ m: Int, _ k: Int, _ b: [Double], _ n: Int) -> [Double] {
    var out = [Double](repeating: 0, count: m * n)
    for i in 0..<m { for p in 0..<k { for j in 0..<n { out[i * n + j] += a[i * k + p] * b[p * n + j] } } }
    return out
}

func transpose(_ a: [Double], _ m: Int, _ n: Int) -> [Double] {
    var out = [Double](repeating: 0, count: m * n)
    for i in 0..<m { for j in 0..<n { out[j * m + i] = a[i * n + j] } }
    return out
}
