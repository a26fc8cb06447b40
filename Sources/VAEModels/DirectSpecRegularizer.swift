import VAENumerics

/// DirectSpec as an optional regulariser on a batch Ē of B row-normalised embeddings
/// (B × d), techniques.md §5 [our design; default off in the harness]. Both return the
/// value (accumulated in Double) and its gradient ∂R/∂Ē; chain
/// `RowNormalization.backward` to reach the raw rows.
///
/// - Cubic (decorrelation): `R_cubic = ¼‖ĒᵀĒ‖_F²/B² = ¼·Σ_{j,l}(ē_jᵀē_l)²/B²`,
///   gradient `Ē·(ĒᵀĒ)/B²` — the cubic filter's `E·Eᵀ·E` term, scaled.
/// - Softmax (uniformity): `R_soft = (1/τ)·(1/B)·Σ_j log Σ_l exp(τ·ē_jᵀē_l)`. With
///   `W = softmax_row(τ·ĒĒᵀ)`, `∂R/∂(ē_jᵀē_l) = W_jl/B`, and since `ĒĒᵀ` is symmetric in Ē,
///   the gradient is `(W + Wᵀ)·Ē/B`. The official filter's `W·Ē` is the one-sided part.
public enum DirectSpecRegularizer {
    /// A value and its gradient with respect to the batch.
    public struct ValueAndGradient: Sendable {
        public let value: Double
        public let gradient: Matrix
    }

    /// `R_cubic = ¼‖ĒᵀĒ‖_F²/B²` and `Ē·(ĒᵀĒ)/B²`; d × d products only.
    public static func cubic(_ e: Matrix) -> ValueAndGradient {
        let b = e.rows
        guard b > 0 else { return ValueAndGradient(value: 0, gradient: e) }
        let c = BLAS.product(e, transposeA: true, e)  // d × d
        let b2 = Double(b) * Double(b)
        let value = 0.25 * c.squaredNorm / b2
        var grad = Matrix(rows: b, cols: e.cols)
        BLAS.gemm(e, c, alpha: Float(1 / b2), beta: 0, into: &grad)
        return ValueAndGradient(value: value, gradient: grad)
    }

    /// `R_soft = (1/τ)·mean_j logsumexp_l(τ·ē_jᵀē_l)` and `(W + Wᵀ)·Ē/B`.
    public static func softmax(_ e: Matrix, tau: Float) -> ValueAndGradient {
        let b = e.rows
        guard b > 0 else { return ValueAndGradient(value: 0, gradient: e) }
        var s = BLAS.product(e, e, transposeB: true)  // B × B
        var total = 0.0
        s.data.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] *= tau }
            for r in 0..<b {
                let row = UnsafeBufferPointer(rebasing: p[(r * b)..<((r + 1) * b)])
                total += Double(RowKernels.logSumExp(row))
            }
            RowKernels.softmaxRows(p, rows: b, cols: b)
        }
        let value = total / (Double(tau) * Double(b))
        var sym = s
        for i in 0..<b { for l in 0..<b { sym[i, l] = s[i, l] + s[l, i] } }
        var grad = Matrix(rows: b, cols: e.cols)
        BLAS.gemm(sym, e, alpha: 1 / Float(b), beta: 0, into: &grad)
        return ValueAndGradient(value: value, gradient: grad)
    }
}
