import VAENumerics

/// The softmax form of DirectSpec's filter in the official code (`directspec_mf.py`,
/// techniques.md §5), applied to a batch Ū of B L2-normalised rows (B × d):
///
///     S = τ·ŪŪᵀ,   W = softmax_row(S),   F = Ū − α·W·Ū,
///
/// optionally followed by the code's rescaling (s ≠ 0): `y_i = f_i·(s·‖f_i‖)`, whose norm
/// is `s·‖f_i‖²`; with s = 0 the output is F. τ multiplies the similarities (an inverse
/// temperature). Each row subtracts the softmax-weighted average of the batch, most of
/// all the directions the batch shares, which the loss then sees.
///
/// Backward, from G = ∂L/∂Y:
/// - rescaling: `∂L/∂f_i = s·(‖f_i‖·g_i + (f_iᵀg_i/‖f_i‖)·f_i)` (0 for f_i = 0);
/// - filter, with D = ∂L/∂F: `∂L/∂W = −α·D·Ūᵀ`, and per row
///   `∂L/∂S_ij = W_ij·(∂L/∂W_ij − Σ_l ∂L/∂W_il·W_il)`;
/// - `∂L/∂Ū = D − α·WᵀD + τ·(∂L/∂S + ∂L/∂Sᵀ)·Ū`.
///
/// Chain `RowNormalization.backward` to reach the raw embeddings. Products use sgemm;
/// B × B matrices are formed (B is the batch size).
public struct DirectSpecSoftmaxFilter: Sendable, Equatable {
    /// α, the filter strength.
    public var alpha: Float
    /// τ, the inverse temperature multiplying ŪŪᵀ.
    public var tau: Float
    /// s of the code's rescaling; 0 turns it off.
    public var rescale: Float

    public init(alpha: Float, tau: Float, rescale: Float = 0) {
        self.alpha = alpha
        self.tau = tau
        self.rescale = rescale
    }

    /// What `backward` needs from the forward pass.
    public struct Forward: Sendable {
        /// Y, the filtered (and rescaled when s ≠ 0) batch.
        public let output: Matrix
        /// Ū, the input batch.
        public let input: Matrix
        /// W = softmax_row(τ·ŪŪᵀ), B × B.
        public let weights: Matrix
        /// F = Ū − α·W·Ū, before rescaling.
        public let filtered: Matrix
    }

    /// Y from Ū (B × d, rows expected to be unit length, as from `RowNormalization`).
    public func forward(_ u: Matrix) -> Forward {
        var w = BLAS.product(u, u, transposeB: true)  // B × B similarities
        w.data.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] *= tau }
            RowKernels.softmaxRows(p, rows: u.rows, cols: u.rows)
        }
        var f = u
        BLAS.gemm(w, u, alpha: -alpha, beta: 1, into: &f)
        var y = f
        if rescale != 0 {
            for i in 0..<f.rows {
                let n = rowNorm(f, i)
                let factor = Float(Double(rescale) * n)
                for j in 0..<f.cols { y[i, j] = f[i, j] * factor }
            }
        }
        return Forward(output: y, input: u, weights: w, filtered: f)
    }

    /// ∂L/∂Ū from G = ∂L/∂Y.
    public func backward(_ fwd: Forward, outputGradient g: Matrix) -> Matrix {
        let u = fwd.input, w = fwd.weights, f = fwd.filtered
        precondition(g.rows == u.rows && g.cols == u.cols, "gradient shape differs from the output")
        // D = ∂L/∂F.
        var d = g
        if rescale != 0 {
            for i in 0..<f.rows {
                let n = rowNorm(f, i)
                guard n > 0 else {
                    for j in 0..<f.cols { d[i, j] = 0 }
                    continue
                }
                var dot = 0.0
                for j in 0..<f.cols { dot += Double(f[i, j]) * Double(g[i, j]) }
                let s = Double(rescale)
                for j in 0..<f.cols {
                    d[i, j] = Float(s * (n * Double(g[i, j]) + dot / n * Double(f[i, j])))
                }
            }
        }
        // ∂L/∂Ū = D − α·WᵀD + τ·(dS + dSᵀ)·Ū.
        var du = d
        BLAS.gemm(w, transposeA: true, d, alpha: -alpha, beta: 1, into: &du)
        var ds = BLAS.product(d, u, transposeB: true)  // D·Ūᵀ; ∂L/∂W = −α·D·Ūᵀ
        let b = u.rows
        for i in 0..<b {
            var rowDot = 0.0
            for l in 0..<b { rowDot += Double(-alpha * ds[i, l]) * Double(w[i, l]) }
            for l in 0..<b {
                ds[i, l] = Float(Double(w[i, l]) * (Double(-alpha * ds[i, l]) - rowDot))
            }
        }
        var sym = ds
        for i in 0..<b { for l in 0..<b { sym[i, l] = ds[i, l] + ds[l, i] } }
        BLAS.gemm(sym, u, alpha: tau, beta: 1, into: &du)
        return du
    }

    func rowNorm(_ m: Matrix, _ i: Int) -> Double {
        var ss = 0.0
        for j in 0..<m.cols { let v = Double(m[i, j]); ss += v * v }
        return ss.squareRoot()
    }
}
