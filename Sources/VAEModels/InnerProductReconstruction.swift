import VAENumerics

/// The reconstruction term of an inner-product decoder, `x̂ = act(z · Oᵀ)` (BiVAE: a batch
/// of one side's samples `z`, B×k, against the other side's stored samples `O`, N×k), fused
/// over tiles of rows so the B×N scores never leave the cache:
///
/// ```
/// per tile T of rows:  h_T = z_T · Oᵀ                  (sgemm)
///                      g_T = scale · ∂(−ll)/∂h_T        (likelihood row kernel, in cache)
///                      ∂L/∂z_T = g_T · O                (sgemm)
/// ```
///
/// Rows are independent, so tiles run in parallel and every number is the same whatever the
/// split. OpenBLAS is called from several threads at once here: callers keep it at one
/// thread (`BilateralTrainer` does), or its own workers would compete with these.
public enum InnerProductReconstruction {
    /// Rows per tile: 8 × N floats of scores and gradients stay in L2 for N in the tens of
    /// thousands.
    public static let tileRows = 8

    /// Per-row `−ll`, and `∂L/∂z` (B×k) for `L = scale · Σ_rows −ll`; accumulates the
    /// mechanism's measures (over all rows) when given.
    public static func evaluate(z: Matrix, other o: Matrix, targets y: SparseMatrix, likelihood: Likelihood,
                                smoothing alpha: Float, gradientScale scale: Float,
                                mechanism: inout ReconstructionMechanism?) -> (nll: [Double], gradient: Matrix) {
        let b = z.rows, k = z.cols, n = o.rows
        precondition(o.cols == k && y.rows == b && y.cols == n,
                     "inner-product reconstruction: z \(b)×\(k), other \(o.rows)×\(o.cols), targets \(y.rows)×\(y.cols)")
        var gz = Matrix(rows: b, cols: k)
        let measure = mechanism != nil
        var terms = [LikelihoodRowTerms](repeating: LikelihoodRowTerms(loss: 0, negativeGradient: 0, smallScores: 0), count: b)
        z.data.withUnsafeBufferPointer { pz in
        o.data.withUnsafeBufferPointer { po in
        gz.data.withUnsafeMutableBufferPointer { pgz in
        terms.withUnsafeMutableBufferPointer { pt in
            let (pz, po, pgz) = (UncheckedPointers(pz), UncheckedPointers(po), UncheckedPointers(pgz))
            let pt = UncheckedSendable(pt)
            Parallel.forEachChunk(b, minimumChunk: tileRows) { rows in
                let h = UnsafeMutablePointer<Float>.allocate(capacity: tileRows * n)
                let g = UnsafeMutablePointer<Float>.allocate(capacity: tileRows * n)
                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * n)
                defer { h.deallocate(); g.deallocate(); scratch.deallocate() }
                for start in stride(from: rows.lowerBound, to: rows.upperBound, by: tileRows) {
                    let m = min(tileRows, rows.upperBound - start)
                    BLAS.sgemm(transA: false, transB: true, m: m, n: n, k: k, alpha: 1, a: pz.read.baseAddress! + start * k, lda: k,
                               b: po.read.baseAddress!, ldb: k, beta: 0, c: h, ldc: n)
                    for r in 0..<m {
                        let entries = y.indptr[start + r]..<y.indptr[start + r + 1]
                        pt.value[start + r] = likelihood.fusedRow(h: h + r * n, n: n, y: y, entries: entries, alpha: alpha, scale: scale,
                                                                  gradient: g + r * n, scratch: scratch, measure: measure,
                                                                  multinomialForm: .softmaxPlusEps)
                    }
                    BLAS.sgemm(transA: false, transB: false, m: m, n: k, k: n, alpha: 1, a: g, lda: n,
                               b: po.read.baseAddress!, ldb: k, beta: 0, c: pgz.write.baseAddress! + start * k, ldc: k)
                }
            }
        }}}}
        if mechanism != nil { mechanism!.add(terms, targets: y) }
        return (terms.map(\.loss), gz)
    }
}
