import _CBLAS
import Dispatch
import Foundation
import Synchronization

/// Thin, typed wrappers over OpenBLAS's CBLAS for row-major `Float` data (and `dsyrk` on
/// `Double`, for Gram matrices).
///
/// **Threads.** OpenBLAS itself always runs single-threaded; `sgemm` splits a large product
/// into `threads` column (or row) blocks and runs them on Dispatch's workers. OpenBLAS's own
/// pool would otherwise keep spinning (`sched_yield`) for a while after every product and
/// steal a core from the row kernels, Adam and likelihood that run between the products
/// (measured: about 12 % of a Mult-VAE step). The split is over independent outputs and
/// leaves the order over `k` alone; whether a block's elements then get the one call's bits
/// depends on OpenBLAS's kernel: Cooperlake's do, so there the result does not depend on the
/// thread count; Zen's do not (a column that a block boundary moves to another tile sums in
/// another order), so there the thread count changes the last bits (`status.json` records the
/// kernel, `openBLASCore`). LAPACK and `dsyrk` get OpenBLAS's threads for the duration of the
/// call (`withLibraryThreads`).
public enum BLAS {
    /// Threads a BLAS call may use: set per process by the runner (`--blas-threads`),
    /// default the number of cores.
    public static var threads: Int {
        let t = setting.load(ordering: .relaxed)
        return t > 0 ? t : defaultThreads
    }

    /// Sets the process's thread budget (clamped to at least 1): the threads per BLAS call and
    /// those of `Parallel`'s row loops.
    public static func setThreads(_ n: Int) {
        setting.store(max(1, n), ordering: .relaxed)
        Parallel.setThreads(n)
    }

    /// Runs `body` with `n` threads per BLAS call, then restores the previous setting. For code
    /// that parallelises over rows itself (`Parallel`, whose budget this leaves alone) and
    /// calls BLAS from each of its threads.
    public static func withThreads<T>(_ n: Int, _ body: () throws -> T) rethrows -> T {
        let previous = threads
        if previous != n { setting.store(max(1, n), ordering: .relaxed) }
        defer { if previous != n { setting.store(previous, ordering: .relaxed) } }
        return try body()
    }

    /// Runs `body` (a LAPACK or other library call that threads internally) with OpenBLAS's
    /// own pool at `threads`, then puts OpenBLAS back to one thread.
    public static func withLibraryThreads<T>(_ body: () throws -> T) rethrows -> T {
        libraryReady()
        let n = threads
        guard n > 1 else { return try body() }
        openblas_set_num_threads(Int32(n))
        defer { openblas_set_num_threads(1) }
        return try body()
    }

    private static let setting = Atomic<Int>(0)
    private static let defaultThreads = max(1, ProcessInfo.processInfo.activeProcessorCount)
    private static let singleThreadedLibrary: Bool = {
        openblas_set_num_threads(1)
        return true
    }()

    /// Puts OpenBLAS at one thread on first use.
    @usableFromInline static func libraryReady() {
        _ = singleThreadedLibrary
    }

    /// The fewest multiply-adds a block of a split product may have. Below about 10⁶ OpenBLAS
    /// switches to its small-matrix kernels, which sum in another order, so smaller blocks
    /// would change the bits (and would not gain anything either).
    static let minimumBlockWork = 1 << 21

    /// `C ← α·op(A)·op(B) + β·C` on row-major blocks.
    ///
    /// `op(A)` is `m × k`, `op(B)` is `k × n`, `C` is `m × n`; `lda`, `ldb`, `ldc` are the
    /// row strides of the stored blocks, so any sub-block of a larger matrix can be passed
    /// by offsetting the pointer and keeping the parent's stride.
    public static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        sgemm(parts: threads, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
              b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }

    /// `sgemm` split into at most `requested` blocks of the wider side of `C` (fewer when the
    /// blocks would fall below `minimumBlockWork` or 16 values), run concurrently with
    /// OpenBLAS at one thread each.
    static func sgemm(
        parts requested: Int, transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0 && n > 0 else { return }
        libraryReady()
        let parts = min(requested, max(m, n) / 16, m * n * k / minimumBlockWork)
        guard parts > 1 else {
            call(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
            return
        }
        // Split the wider side into blocks of whole 16-value groups (64 bytes of C).
        let splitColumns = n >= m
        let total = splitColumns ? n : m
        let size = (total + parts - 1) / parts
        let block = (size + 15) / 16 * 16
        let pointers = UncheckedSendable((a, b, c))
        DispatchQueue.concurrentPerform(iterations: parts) { p in
            let (a, b, c) = pointers.value
            let start = p * block
            guard start < total else { return }
            let count = min(block, total - start)
            if splitColumns {
                call(transA, transB, m, count, k, alpha, a, lda,
                     transB ? b + start * ldb : b + start, ldb, beta, c + start, ldc)
            } else {
                call(transA, transB, count, n, k, alpha,
                     transA ? a + start : a + start * lda, lda, b, ldb, beta, c + start * ldc, ldc)
            }
        }
    }

    private static func call(
        _ transA: Bool, _ transB: Bool, _ m: Int, _ n: Int, _ k: Int,
        _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int,
        _ b: UnsafePointer<Float>, _ ldb: Int,
        _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int
    ) {
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
    public static func dsyrk(transpose: Bool, n: Int, k: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
                             beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        guard n > 0 else { return }
        withLibraryThreads {
            cblas_dsyrk(CblasRowMajor, CblasUpper, transpose ? CblasTrans : CblasNoTrans,
                        Int32(n), Int32(k), alpha, a, Int32(lda), beta, c, Int32(ldc))
        }
    }

    /// `y ← α·x + y` on `n` contiguous values.
    @inlinable
    public static func axpy(_ n: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
        libraryReady()
        cblas_saxpy(Int32(n), alpha, x, 1, y, 1)
    }

    /// `Σ_i |x_i|` over `n` contiguous values.
    @inlinable
    public static func asum(_ n: Int, _ x: UnsafePointer<Float>) -> Float {
        libraryReady()
        return cblas_sasum(Int32(n), x, 1)
    }
}
