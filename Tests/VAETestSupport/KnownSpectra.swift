/// Test matrices whose singular values are known by construction.

/// `count` orthonormal vectors of length `n`, by twice-repeated modified Gram–Schmidt on
/// Gaussian vectors in Double, each also orthogonal to every vector in `avoid`
/// (which must itself be orthonormal).
public func orthonormalColumns(_ n: Int, _ count: Int, seed: UInt64, avoid: [[Double]] = []) -> [[Double]] {
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
public func matrixWithSingularValues(_ m: Int, _ n: Int, _ sigma: [Double], seed: UInt64,
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
