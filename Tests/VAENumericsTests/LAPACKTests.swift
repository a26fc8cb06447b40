import Testing
@testable import VAENumerics
import VAETestSupport

/// `count` orthonormal columns of length `n` (column-major list of columns), by modified
/// Gram–Schmidt on Gaussian vectors, in Double.
func orthonormalColumns(_ n: Int, _ count: Int, seed: UInt64) -> [[Double]] {
    precondition(count <= n)
    var g = TestRNG(seed)
    var q: [[Double]] = []
    while q.count < count {
        var v = (0..<n).map { _ in g.gaussian() }
        for _ in 0..<2 {  // re-orthogonalise once for accuracy
            for u in q {
                let d = zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }
                for i in 0..<n { v[i] -= d * u[i] }
            }
        }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 1e-6 { q.append(v.map { $0 / norm }) }
    }
    return q
}

/// Row-major `m × n` array `U·diag(σ)·Vᵀ` with random orthonormal `U`, `V`.
func matrixWithSingularValues(_ m: Int, _ n: Int, _ sigma: [Double], seed: UInt64) -> [Double] {
    let u = orthonormalColumns(m, sigma.count, seed: seed)
    let v = orthonormalColumns(n, sigma.count, seed: seed &+ 1)
    var a = [Double](repeating: 0, count: m * n)
    for (t, s) in sigma.enumerated() {
        for i in 0..<m { for j in 0..<n { a[i * n + j] += s * u[t][i] * v[t][j] } }
    }
    return a
}

@Suite struct LAPACKTests {
    static let shapes: [(Int, Int)] = [(6, 6), (9, 4), (4, 9), (1, 5), (5, 1)]

    @Test(arguments: shapes)
    func singularValuesDouble(m: Int, n: Int) throws {
        let r = min(m, n)
        let sigma = (0..<r).map { 10.0 / Double($0 + 1) + 0.1 }  // descending, distinct
        let a = matrixWithSingularValues(m, n, sigma, seed: UInt64(m * 100 + n))
        let s = try LAPACK.singularValues(rows: m, cols: n, data: a)
        #expect(s.count == r)
        #expect(maxAbsDiff(s, sigma) < 1e-12 * 100)
    }

    @Test(arguments: shapes)
    func singularValuesFloat(m: Int, n: Int) throws {
        let r = min(m, n)
        let sigma = (0..<r).map { 10.0 / Double($0 + 1) + 0.1 }
        let a = matrixWithSingularValues(m, n, sigma, seed: UInt64(m * 100 + n) &+ 7)
        let s = try LAPACK.singularValues(Matrix(rows: m, cols: n, data: a.map { Float($0) }))
        #expect(s.count == r)
        // About ε_float · σ₁, with room for the rounding of the input.
        #expect(maxAbsDiff(s, sigma) < 1e-4 * sigma[0])
    }

    @Test(arguments: [(7, 5), (5, 7)])
    func rankDeficient(m: Int, n: Int) throws {
        // Rank 3 embedded in min(m, n) = 5 singular values: the trailing two are zero.
        let sigma = [5.0, 2.0, 0.5]
        let a = matrixWithSingularValues(m, n, sigma, seed: 99)
        let want = sigma + [0, 0]
        let sd = try LAPACK.singularValues(rows: m, cols: n, data: a)
        #expect(maxAbsDiff(sd, want) < 1e-12 * 100)
        let sf = try LAPACK.singularValues(Matrix(rows: m, cols: n, data: a.map { Float($0) }))
        #expect(maxAbsDiff(sf, want) < 1e-4 * sigma[0])
        #expect(sf.allSatisfy { $0 >= 0 })
    }

    @Test func singularValuesAreSortedDescending() throws {
        // A diagonal matrix with shuffled entries (and a negative one).
        var a = Matrix(rows: 4, cols: 3)
        a[0, 1] = 2; a[1, 0] = -7; a[3, 2] = 3
        let s = try LAPACK.singularValues(a)
        #expect(maxAbsDiff(s, [7.0, 3.0, 2.0]) < 1e-5)
    }

    @Test func singularValuesOfEmptyMatrix() throws {
        #expect(try LAPACK.singularValues(Matrix(rows: 0, cols: 3)).isEmpty)
        #expect(try LAPACK.singularValues(rows: 3, cols: 0, data: []).isEmpty)
    }

    @Test func singularValuesDoNotModifyInput() throws {
        let a = randomMatrix(5, 4, seed: 5)
        let copy = a
        _ = try LAPACK.singularValues(a)
        #expect(a == copy)
    }

    @Test func symmetricEigenvaluesOfSecondDifferenceMatrix() throws {
        // tridiag(−1, 2, −1): λ_k = 2 − 2·cos(kπ/(n+1)), k = 1…n (ascending).
        let n = 8
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            a[i * n + i] = 2
            if i + 1 < n { a[i * n + i + 1] = -1; a[(i + 1) * n + i] = -1 }
        }
        let want = (1...n).map { 2 - 2 * _cos(Double($0) * Double.pi / Double(n + 1)) }
        let w = try LAPACK.symmetricEigenvalues(n: n, data: a)
        #expect(maxAbsDiff(w, want) < 1e-12)
        let wf = try LAPACK.symmetricEigenvalues(Matrix(rows: n, cols: n, data: a.map { Float($0) }))
        #expect(maxAbsDiff(wf, want) < 1e-5)
    }

    @Test func symmetricEigenvaluesFromSpectralDecomposition() throws {
        let n = 6
        let lambda = [-3.0, -0.5, 0, 1, 2.5, 10]  // ascending, one zero, negatives
        let q = orthonormalColumns(n, n, seed: 123)
        var a = [Double](repeating: 0, count: n * n)
        for (t, l) in lambda.enumerated() {
            for i in 0..<n { for j in 0..<n { a[i * n + j] += l * q[t][i] * q[t][j] } }
        }
        // Symmetrise exactly, then spoil the strict lower triangle: only the upper is read.
        for i in 0..<n { for j in 0..<i { a[i * n + j] = a[j * n + i] } }
        var upperOnly = a
        for i in 0..<n { for j in 0..<i { upperOnly[i * n + j] = 1e6 } }
        #expect(maxAbsDiff(try LAPACK.symmetricEigenvalues(n: n, data: a), lambda) < 1e-12 * 100)
        #expect(maxAbsDiff(try LAPACK.symmetricEigenvalues(n: n, data: upperOnly), lambda) < 1e-12 * 100)
        let wf = try LAPACK.symmetricEigenvalues(Matrix(rows: n, cols: n, data: upperOnly.map { Float($0) }))
        #expect(maxAbsDiff(wf, lambda) < 1e-4 * 10)
    }

    @Test func symmetricEigenvaluesOfEmptyMatrix() throws {
        #expect(try LAPACK.symmetricEigenvalues(n: 0, data: []).isEmpty)
        #expect(try LAPACK.symmetricEigenvalues(Matrix(rows: 0, cols: 0)).isEmpty)
    }

    @Test func errorDescription() {
        #expect(LAPACKError.failed(routine: "sgesdd", info: 3).description == "sgesdd failed with info = 3 (did not converge)")
        #expect(LAPACKError.failed(routine: "dsyevd", info: -2).description == "dsyevd failed with info = -2 (illegal argument 2)")
    }
}
