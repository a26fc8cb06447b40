import _CBLAS

/// Thin, typed wrappers over OpenBLAS's CBLAS for row-major `Float` data (and `dsyrk` on
/// `Double`, for Gram matrices).
public enum BLAS {
    /// The number of threads OpenBLAS uses for each call. The setting is process-wide in
    /// OpenBLAS; the runner sets it once per process before any run starts.
    public static var threads: Int {
        get { Int(openblas_get_num_threads()) }
    }

    /// Sets the number of OpenBLAS threads (clamped to at least 1).
    public static func setThreads(_ n: Int) {
        openblas_set_num_threads(Int32(max(1, n)))
    }

    /// Runs `body` with OpenBLAS at `n` threads, then restores the previous setting. For code
    /// that parallelises over rows itself and calls BLAS from each of its threads.
    public static func withThreads<T>(_ n: Int, _ body: () throws -> T) rethrows -> T {
        let previous = threads
        if previous != n { setThreads(n) }
        defer { if previous != n { setThreads(previous) } }
        return try body()
    }

    /// `C ← α·op(A)·op(B) + β·C` on row-major blocks.
    ///
    /// `op(A)` is `m × k`, `op(B)` is `k × n`, `C` is `m × n`; `lda`, `ldb`, `ldc` are the
    /// row strides of the stored blocks, so any sub-block of a larger matrix can be passed
    /// by offsetting the pointer and keeping the parent's stride.
    @inlinable
    public static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0 && n > 0 else { return }
        cblas_sgemm(CblasRowMajor,
                    transA ? CblasTrans : CblasNoTrans,
                    transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k),
                    alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// `C ← α·op(A)·op(B) + β·C` on whole matrices; `C` must already have the result shape.
    public static func gemm(_ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false,
                            alpha: Float = 1, beta: Float = 0, into c: inout Matrix) {
        let m = transposeA ? a.cols : a.rows
        let k = transposeA ? a.rows : a.cols
        let kb = transposeB ? b.cols : b.rows
        let n = transposeB ? b.rows : b.cols
        precondition(k == kb, "gemm: inner dimensions \(k) and \(kb) differ")
        precondition(c.rows == m && c.cols == n, "gemm: result is \(c.rows)×\(c.cols), expected \(m)×\(n)")
        a.data.withUnsafeBufferPointer { pa in
            b.data.withUnsafeBufferPointer { pb in
                c.data.withUnsafeMutableBufferPointer { pc in
                    sgemm(transA: transposeA, transB: transposeB, m: m, n: n, k: k,
                          alpha: alpha, a: pa.baseAddress!, lda: a.cols,
                          b: pb.baseAddress!, ldb: b.cols,
                          beta: beta, c: pc.baseAddress!, ldc: c.cols)
                }
            }
        }
    }

    /// `op(A)·op(B)` as a new matrix.
    public static func product(_ a: Matrix, transposeA: Bool = false, _ b: Matrix, transposeB: Bool = false) -> Matrix {
        var c = Matrix(rows: transposeA ? a.cols : a.rows, cols: transposeB ? b.rows : b.cols)
        gemm(a, transposeA: transposeA, b, transposeB: transposeB, into: &c)
        return c
    }

    /// `C ← α·AᵀA + β·C` (`transpose`, A row-major `k × n`) or `C ← α·AAᵀ + β·C` (A row-major
    /// `n × k`) in Float64, the `n × n` C's upper triangle only (the lower one is not touched);
    /// `lda`, `ldc` are row strides. OpenBLAS's `cblas_dsyrk`: about half the flops of the
    /// general product, threaded like it.
    @inlinable
    public static func dsyrk(transpose: Bool, n: Int, k: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
                             beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        guard n > 0 else { return }
        cblas_dsyrk(CblasRowMajor, CblasUpper, transpose ? CblasTrans : CblasNoTrans,
                    Int32(n), Int32(k), alpha, a, Int32(lda), beta, c, Int32(ldc))
    }

    /// `y ← α·x + y` on `n` contiguous values.
    @inlinable
    public static func axpy(_ n: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        cblas_saxpy(Int32(n), alpha, x, 1, y, 1)
    }

    /// `Σ_i |x_i|` over `n` contiguous values.
    @inlinable
    public static func asum(_ n: Int, _ x: UnsafePointer<Float>) -> Float {
        cblas_sasum(Int32(n), x, 1)
    }
}
