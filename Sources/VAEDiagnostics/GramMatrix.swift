import VAENumerics

/// The smaller Gram matrix of an n × d matrix M, accumulated in Float64 (route B of
/// `Spectrum`, techniques.md §7).
///
/// - n ≥ d: `G = MᵀM` (d × d); n < d: `G = MMᵀ` (n × n). Both have the eigenvalues
///   λ_k = σ_k², k ≤ min(n, d), so the cheaper one is formed.
/// - With `centred`, M is replaced by `M − 1·m̄ᵀ` element by element before any product
///   (never `MᵀM − n·m̄·m̄ᵀ`; see `ColumnCentring`).
///
/// **How.** Rows are widened to Double (and centred) in blocks of 4,096 and handed to
/// OpenBLAS's `cblas_dsyrk` (`G += BᵀB`, upper triangle, threaded like its GEMM), then the
/// lower triangle is mirrored: ≈ n·d²/2 Double multiply–adds. For 136,000 × 200 the dsyrk
/// calls took 0.22–0.34 s on this machine's two cores while they were shared with other jobs
/// (load average ≈ 7; not measured idle); the Swift loop it replaces was ≈ 0.4 s on one core.
///
/// **Accuracy.** Widening Float32 to Double is exact and so is every product of two widened
/// Float32 values (24 + 24 bits < 53), so the only rounding is in the Double sums (whatever
/// order or fused multiply–adds the BLAS kernel uses): `|ΔG_jl| ≲ n·ε₆₄·Σ_r |x_rj·x_rl|
/// ≤ n·ε₆₄·√(G_jj·G_ll)`, in practice ≈ √n·ε₆₄ with blocked summation. The eigenvalues then
/// carry ≈ ε₆₄·σ₁² absolute error, which `SpectrumRoute.gram` documents (σ_k relative error
/// ≈ ε₆₄·(σ₁/σ_k)²; nothing left below ≈ 1.5e-8·σ₁). `ssyrk` (Float32 sums) was not used:
/// its λ error ≈ ε₃₂·σ₁² would put the floor at ≈ √ε₃₂·σ₁ ≈ 2.4e-4·σ₁ — exactly the tail
/// where dimensional collapse shows — for a saving of well under a second.
public enum GramMatrix {
    /// The Gram matrix of a Float matrix, row-major `size × size` with `size = min(n, d)`.
    public static func of(_ m: Matrix, centred: Bool = false) -> (size: Int, data: [Double]) {
        let means = centred ? ColumnCentring.columnMeans(m) : nil
        return m.data.withUnsafeBufferPointer { a in
            gram(rows: m.rows, cols: m.cols) { start, count, out in
                for r in 0..<count {
                    let src = (start + r) * m.cols
                    let dst = r * m.cols
                    if let means {
                        for j in 0..<m.cols { out[dst + j] = Double(a[src + j]) - means[j] }
                    } else {
                        for j in 0..<m.cols { out[dst + j] = Double(a[src + j]) }
                    }
                }
            }
        }
    }

    /// The Gram matrix of a row-major `rows × cols` Double array.
    public static func of(rows: Int, cols: Int, data: [Double], centred: Bool = false) -> (size: Int, data: [Double]) {
        precondition(data.count == rows * cols, "data has \(data.count) values, expected \(rows * cols)")
        let means = centred ? ColumnCentring.columnMeans(rows: rows, cols: cols, data: data) : nil
        return data.withUnsafeBufferPointer { a in
            gram(rows: rows, cols: cols) { start, count, out in
                for r in 0..<count {
                    let src = (start + r) * cols
                    let dst = r * cols
                    if let means {
                        for j in 0..<cols { out[dst + j] = a[src + j] - means[j] }
                    } else {
                        for j in 0..<cols { out[dst + j] = a[src + j] }
                    }
                }
            }
        }
    }

    static let blockRows = 4096

    /// Drives the accumulation. `fill(start, count, out)` writes rows `start..<start+count`
    /// of the (centred) matrix, widened to Double, row-major into `out`.
    static func gram(rows n: Int, cols d: Int,
                     fill: (Int, Int, UnsafeMutablePointer<Double>) -> Void) -> (size: Int, data: [Double]) {
        let k = min(n, d)
        var g = [Double](repeating: 0, count: k * k)
        guard k > 0 else { return (k, g) }
        g.withUnsafeMutableBufferPointer { gp in
            let out = gp.baseAddress!
            if n >= d {
                // G = MᵀM: stream blocks of rows, G += BᵀB.
                let rows = min(blockRows, n)
                let buffer = UnsafeMutablePointer<Double>.allocate(capacity: rows * d)
                defer { buffer.deallocate() }
                var start = 0
                while start < n {
                    let count = min(blockRows, n - start)
                    fill(start, count, buffer)
                    BLAS.dsyrk(transpose: true, n: d, k: count, alpha: 1, a: buffer, lda: d, beta: 1, c: out, ldc: d)
                    start += count
                }
            } else {
                // G = MMᵀ: the whole (short) matrix at once.
                let whole = UnsafeMutablePointer<Double>.allocate(capacity: n * d)
                defer { whole.deallocate() }
                fill(0, n, whole)
                BLAS.dsyrk(transpose: false, n: n, k: d, alpha: 1, a: whole, lda: d, beta: 0, c: out, ldc: n)
            }
            // Mirror the upper triangle.
            for j in 0..<k {
                for l in 0..<j { out[j * k + l] = out[l * k + j] }
            }
        }
        return (k, g)
    }
}
