import Testing
@testable import VAENumerics
import VAETestSupport

@Suite struct BLASTests {
    static let transposeCases: [(Bool, Bool)] = [(false, false), (true, false), (false, true), (true, true)]

    @Test(arguments: transposeCases)
    func gemmMatchesReference(transA: Bool, transB: Bool) {
        let (m, n, k) = (5, 3, 7)
        let a = transA ? randomMatrix(k, m, seed: 10) : randomMatrix(m, k, seed: 10)
        let b = transB ? randomMatrix(n, k, seed: 11) : randomMatrix(k, n, seed: 11)
        var c = Matrix(rows: m, cols: n, value: 123)  // β = 0 must overwrite
        BLAS.gemm(a, transposeA: transA, b, transposeB: transB, into: &c)
        let ref = referenceProduct(a, transposeA: transA, b, transposeB: transB)
        #expect(maxAbsDiff(c.data, ref) < 1e-5)

        let p = BLAS.product(a, transposeA: transA, b, transposeB: transB)
        #expect(p.rows == m && p.cols == n)
        #expect(maxAbsDiff(p.data, ref) < 1e-5)
    }

    @Test(arguments: transposeCases)
    func gemmAlphaBetaAccumulates(transA: Bool, transB: Bool) {
        let (m, n, k) = (4, 6, 3)
        let a = transA ? randomMatrix(k, m, seed: 20) : randomMatrix(m, k, seed: 20)
        let b = transB ? randomMatrix(n, k, seed: 21) : randomMatrix(k, n, seed: 21)
        let c0 = randomMatrix(m, n, seed: 22)
        var c = c0
        let (alpha, beta): (Float, Float) = (-1.5, 0.75)
        BLAS.gemm(a, transposeA: transA, b, transposeB: transB, alpha: alpha, beta: beta, into: &c)
        let ab = referenceProduct(a, transposeA: transA, b, transposeB: transB)
        let ref = (0..<(m * n)).map { Double(alpha) * ab[$0] + Double(beta) * Double(c0.data[$0]) }
        #expect(maxAbsDiff(c.data, ref) < 1e-5)

        // β = 1 adds onto the existing values: two calls give 2·A·B.
        var twice = Matrix(rows: m, cols: n)
        BLAS.gemm(a, transposeA: transA, b, transposeB: transB, into: &twice)
        BLAS.gemm(a, transposeA: transA, b, transposeB: transB, beta: 1, into: &twice)
        #expect(maxAbsDiff(twice.data, ab.map { 2 * $0 }) < 1e-5)
    }

    /// Sub-blocks of larger parents: offset pointers and the parents' strides.
    @Test(arguments: transposeCases)
    func sgemmOnSubBlocks(transA: Bool, transB: Bool) {
        let (m, n, k) = (3, 4, 5)
        // Parents are larger than every block shape used below.
        let pa = randomMatrix(8, 9, seed: 30)
        let pb = randomMatrix(7, 10, seed: 31)
        let pc0 = randomMatrix(6, 11, seed: 32)
        var pc = pc0
        let (ar, ac) = (2, 3)  // block origin in A's parent
        let (br, bc) = (1, 4)
        let (cr, cc) = (2, 5)
        let aStoredRows = transA ? k : m, aStoredCols = transA ? m : k
        let bStoredRows = transB ? n : k, bStoredCols = transB ? k : n
        let aBlock = Matrix(rows: aStoredRows, cols: aStoredCols,
                            data: (0..<aStoredRows).flatMap { i in (0..<aStoredCols).map { j in pa[ar + i, ac + j] } })
        let bBlock = Matrix(rows: bStoredRows, cols: bStoredCols,
                            data: (0..<bStoredRows).flatMap { i in (0..<bStoredCols).map { j in pb[br + i, bc + j] } })
        let (alpha, beta): (Float, Float) = (2, -0.5)
        pa.data.withUnsafeBufferPointer { a in
            pb.data.withUnsafeBufferPointer { b in
                pc.data.withUnsafeMutableBufferPointer { c in
                    BLAS.sgemm(transA: transA, transB: transB, m: m, n: n, k: k,
                               alpha: alpha, a: a.baseAddress! + ar * pa.cols + ac, lda: pa.cols,
                               b: b.baseAddress! + br * pb.cols + bc, ldb: pb.cols,
                               beta: beta, c: c.baseAddress! + cr * pc0.cols + cc, ldc: pc0.cols)
                }
            }
        }
        let ab = referenceProduct(aBlock, transposeA: transA, bBlock, transposeB: transB)
        for i in 0..<pc.rows {
            for j in 0..<pc.cols {
                if (cr..<(cr + m)).contains(i) && (cc..<(cc + n)).contains(j) {
                    let want = Double(alpha) * ab[(i - cr) * n + (j - cc)] + Double(beta) * Double(pc0[i, j])
                    #expect(abs(Double(pc[i, j]) - want) < 1e-5, "C[\(i), \(j)]")
                } else {
                    #expect(pc[i, j] == pc0[i, j], "C[\(i), \(j)] outside the block changed")
                }
            }
        }
    }

    @Test func largerProductMatchesReference() {
        // Big enough that OpenBLAS takes its blocked/threaded path.
        let a = randomMatrix(67, 129, seed: 40)
        let b = randomMatrix(129, 45, seed: 41)
        let c = BLAS.product(a, b)
        #expect(maxAbsDiff(c.data, referenceProduct(a, transposeA: false, b, transposeB: false)) < 1e-4)
    }

    @Test func emptyShapesAreNoOps() {
        var c = Matrix(rows: 0, cols: 3)
        BLAS.gemm(Matrix(rows: 0, cols: 2), Matrix(rows: 2, cols: 3), into: &c)
        #expect(c.count == 0)
        // k = 0: the product is zero, so C ← β·C.
        var d = Matrix(rows: 2, cols: 2, value: 4)
        BLAS.gemm(Matrix(rows: 2, cols: 0), Matrix(rows: 0, cols: 2), beta: 0.5, into: &d)
        #expect(d.data == [2, 2, 2, 2])
    }

    /// dsyrk: the upper triangle of α·AᵀA + β·C (or α·AAᵀ + β·C) in Double, exactly for
    /// small integers; the lower triangle is left as it was.
    @Test(arguments: [true, false])
    func dsyrkUpperTriangle(transpose: Bool) {
        let rows = 5, cols = 3
        let a = (0..<(rows * cols)).map { Double(($0 * 7) % 11) - 5 }   // row-major rows × cols
        let n = transpose ? cols : rows, k = transpose ? rows : cols
        var c = (0..<(n * n)).map { Double($0) }
        let before = c
        a.withUnsafeBufferPointer { pa in
            c.withUnsafeMutableBufferPointer { pc in
                BLAS.dsyrk(transpose: transpose, n: n, k: k, alpha: 2, a: pa.baseAddress!, lda: cols, beta: 0.5, c: pc.baseAddress!, ldc: n)
            }
        }
        for i in 0..<n {
            for j in 0..<n {
                var dot = 0.0
                for p in 0..<k { dot += transpose ? a[p * cols + i] * a[p * cols + j] : a[i * cols + p] * a[j * cols + p] }
                #expect(c[i * n + j] == (j >= i ? 2 * dot + 0.5 * before[i * n + j] : before[i * n + j]), "(\(i), \(j))")
            }
        }
    }

    @Test func axpy() {
        let x: [Float] = [1, 2, 3, 4]
        var y: [Float] = [10, 20, 30, 40]
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in BLAS.axpy(4, alpha: -2, x: px.baseAddress!, y: py.baseAddress!) }
        }
        #expect(y == [8, 16, 24, 32])
    }

    /// The split product (blocks of C's wider side on Dispatch's workers) is the one call's
    /// product, whatever the number of blocks, for both split directions, all transposes,
    /// strided sub-blocks, and both α = 1, β = 0 (where OpenBLAS may take its direct kernel)
    /// and general α, β: equal within the rounding of a k-term float sum everywhere, and bit
    /// for bit on the OpenBLAS kernels where that was observed (`bitIdenticalCores`), so
    /// there results do not depend on the thread count. Zen's kernels give a column other
    /// bits when a block boundary moves it to another tile (seen for every block width), so
    /// there runs with other thread counts agree only to rounding.
    static let bitIdenticalCores: Set<String> = ["Cooperlake"]

    @Test(arguments: transposeCases)
    func splitProductMatchesOneCall(transA: Bool, transB: Bool) {
        for (m, n, k) in [(37, 1500, 200), (1500, 37, 200), (64, 1024, 96)] {  // split columns, rows, columns
            for (alpha, beta) in [(Float(1.25), Float(-0.5)), (1, 0)] {
                let aRows = transA ? k : m, aCols = transA ? m : k
                let bRows = transB ? n : k, bCols = transB ? k : n
                // Stored with 3 extra columns: the strides exceed the blocks' widths.
                let a = randomMatrix(aRows, aCols + 3, seed: 40)
                let b = randomMatrix(bRows, bCols + 3, seed: 41)
                let c0 = randomMatrix(m, n + 3, seed: 42)
                func product(parts: Int) -> [Float] {
                    var c = c0
                    a.data.withUnsafeBufferPointer { pa in
                        b.data.withUnsafeBufferPointer { pb in
                            c.data.withUnsafeMutableBufferPointer { pc in
                                BLAS.sgemm(parts: parts, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                                           a: pa.baseAddress!, lda: a.cols, b: pb.baseAddress!, ldb: b.cols,
                                           beta: beta, c: pc.baseAddress!, ldc: c.cols)
                            }
                        }
                    }
                    return c.data
                }
                let one = product(parts: 1)
                // Two k-term float sums differ by at most 2·k·u times the largest
                // |α|·Σₚ|a_ip·b_pj| + |β|·|c_ij| (u = 2⁻²⁴, the unit roundoff).
                let largestTerms = (0..<(m * n)).map { e -> Double in
                    let (i, j) = (e / n, e % n)
                    var sum = 0.0
                    for p in 0..<k {
                        let aip = transA ? a[p, i] : a[i, p]
                        let bpj = transB ? b[j, p] : b[p, j]
                        sum += Double(abs(aip * bpj))
                    }
                    return Double(abs(alpha)) * sum + Double(abs(beta)) * Double(abs(c0[i, j]))
                }.max() ?? 0
                let unitRoundoff = Double(Float.ulpOfOne) / 2
                let tolerance = 2 * Double(k) * unitRoundoff * largestTerms
                for parts in [2, 3, 5] {
                    let split = product(parts: parts)
                    let differing = zip(split, one).filter { $0 != $1 }.count
                    let worst = zip(split, one).map { Double(abs($0 - $1)) }.max() ?? 0
                    let what = "\(m)×\(n)×\(k), α \(alpha), β \(beta), \(parts) blocks: \(differing) values differ, by up to \(worst)"
                    #expect(worst <= tolerance, "\(what) (rounding bound \(tolerance))")
                    if Self.bitIdenticalCores.contains(BLAS.coreName) {
                        #expect(differing == 0, "\(what) on OpenBLAS core \(BLAS.coreName)")
                    }
                }
                // And the single call is the product: α·op(A)·op(B) + β·C on the block, padding untouched.
                let aBlock = Matrix(rows: aRows, cols: aCols, data: (0..<aRows).flatMap { i in (0..<aCols).map { a[i, $0] } })
                let bBlock = Matrix(rows: bRows, cols: bCols, data: (0..<bRows).flatMap { i in (0..<bCols).map { b[i, $0] } })
                let ab = referenceProduct(aBlock, transposeA: transA, bBlock, transposeB: transB)
                var worst = 0.0
                for i in 0..<m {
                    for j in 0..<(n + 3) {
                        let got = Double(one[i * (n + 3) + j])
                        let want = j < n ? Double(alpha) * ab[i * n + j] + Double(beta) * Double(c0[i, j]) : Double(c0[i, j])
                        worst = max(worst, abs(got - want))
                    }
                }
                #expect(worst < 1e-4, "\(m)×\(n)×\(k)")
            }
        }
    }

    @Test func setThreadsRoundTrip() {
        let original = BLAS.threads
        #expect(original >= 1)
        BLAS.setThreads(1)
        #expect(BLAS.threads == 1)
        BLAS.setThreads(2)
        #expect(BLAS.threads == 2)
        BLAS.setThreads(0)  // clamped to at least one
        #expect(BLAS.threads == 1)
        BLAS.setThreads(-5)
        #expect(BLAS.threads == 1)
        BLAS.setThreads(original)
        #expect(BLAS.threads == original)
    }
}
