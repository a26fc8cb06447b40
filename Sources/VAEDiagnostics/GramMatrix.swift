import VAENumerics

/// The smaller Gram matrix of an n × d matrix M, accumulated in Float64 (route B of
/// `Spectrum`, techniques.md §7).
///
/// - n ≥ d: `G = MᵀM` (d × d); n < d: `G = MMᵀ` (n × n). Both have the eigenvalues
///   λ_k = σ_k², k ≤ min(n, d), so the cheaper one is formed.
/// - With `centred`, M is replaced by `M − 1·m̄ᵀ` element by element before any product
///   (never `MᵀM − n·m̄·m̄ᵀ`; see `ColumnCentring`).
/// - Every product of two Float32 values is exact in Float64; the only rounding is in the
///   Float64 sums, so `G` is accurate to ≈ n·ε₆₄·max_j G_jj entrywise.
///
/// The products run in blocks of 256 rows widened to Double, eight rows at a time into the
/// upper triangle (`G_jl += Σ_{r<8} x_rj·x_rl`, l ≥ j; the inner loop over l vectorises),
/// then the lower triangle is mirrored. Cost ≈ n·d²/2 multiply–adds on one core, in Swift
/// rather than `dsyrk` (VAENumerics wraps no Double BLAS): ≈ 0.4 s for 136,000 × 200.
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

    static let blockRows = 256

    /// Drives the accumulation. `fill(start, count, out)` writes rows `start..<start+count`
    /// of the (centred) matrix, widened to Double, row-major into `out`.
    static func gram(rows n: Int, cols d: Int,
                     fill: (Int, Int, UnsafeMutablePointer<Double>) -> Void) -> (size: Int, data: [Double]) {
        let k = min(n, d)
        var g = [Double](repeating: 0, count: k * k)
        guard k > 0 else { return (k, g) }
        g.withUnsafeMutableBufferPointer { gp in
            if n >= d {
                // G = MᵀM: stream blocks of rows.
                let buffer = UnsafeMutablePointer<Double>.allocate(capacity: blockRows * d)
                defer { buffer.deallocate() }
                var start = 0
                while start < n {
                    let count = min(blockRows, n - start)
                    fill(start, count, buffer)
                    accumulateUpper(gp.baseAddress!, k: d, block: buffer, rows: count)
                    start += count
                }
            } else {
                // G = MMᵀ = (Mᵀ)ᵀ(Mᵀ): the rows of Mᵀ are the d columns of M.
                let whole = UnsafeMutablePointer<Double>.allocate(capacity: n * d)
                defer { whole.deallocate() }
                fill(0, n, whole)
                let buffer = UnsafeMutablePointer<Double>.allocate(capacity: blockRows * n)
                defer { buffer.deallocate() }
                var start = 0
                while start < d {
                    let count = min(blockRows, d - start)
                    for c in 0..<count {
                        for i in 0..<n { buffer[c * n + i] = whole[i * d + start + c] }
                    }
                    accumulateUpper(gp.baseAddress!, k: n, block: buffer, rows: count)
                    start += count
                }
            }
            // Mirror the upper triangle.
            for j in 0..<k {
                for l in 0..<j { gp[j * k + l] = gp[l * k + j] }
            }
        }
        return (k, g)
    }

    /// `G_jl += Σ_r B_rj·B_rl` for l ≥ j, with B a row-major `rows × k` Double block.
    @inline(__always)
    static func accumulateUpper(_ g: UnsafeMutablePointer<Double>, k: Int,
                                block b: UnsafePointer<Double>, rows: Int) {
        var r = 0
        while r + 8 <= rows {
            let p0 = b + r * k, p1 = p0 + k, p2 = p1 + k, p3 = p2 + k
            let p4 = p3 + k, p5 = p4 + k, p6 = p5 + k, p7 = p6 + k
            for j in 0..<k {
                let a0 = p0[j], a1 = p1[j], a2 = p2[j], a3 = p3[j]
                let a4 = p4[j], a5 = p5[j], a6 = p6[j], a7 = p7[j]
                let row = g + j * k
                for l in j..<k {
                    row[l] += ((a0 * p0[l] + a1 * p1[l]) + (a2 * p2[l] + a3 * p3[l]))
                        + ((a4 * p4[l] + a5 * p5[l]) + (a6 * p6[l] + a7 * p7[l]))
                }
            }
            r += 8
        }
        while r + 4 <= rows {
            let p0 = b + r * k, p1 = p0 + k, p2 = p1 + k, p3 = p2 + k
            for j in 0..<k {
                let a0 = p0[j], a1 = p1[j], a2 = p2[j], a3 = p3[j]
                let row = g + j * k
                for l in j..<k {
                    row[l] += (a0 * p0[l] + a1 * p1[l]) + (a2 * p2[l] + a3 * p3[l])
                }
            }
            r += 4
        }
        while r < rows {
            let p0 = b + r * k
            for j in 0..<k {
                let a0 = p0[j]
                let row = g + j * k
                for l in j..<k { row[l] += a0 * p0[l] }
            }
            r += 1
        }
    }
}
