import VAENumerics

/// The reconstruction likelihoods of the VAE recommenders, as negative log-likelihoods of
/// a (possibly label-smoothed) target given the decoder's pre-activation `h`.
///
/// Targets arrive as a sparse batch `y` (usually binary). With smoothing factor `α`, the
/// target is `ỹ = (1 − α)·y + α/2` on *every* item (two-class label smoothing, RethinkVAE);
/// `α = 0` leaves `y` untouched. `EPS = 1e-10` sits inside the logarithms as in Cornac and
/// DualVAE.
///
/// | case | mean | −ll per entry | ∂(−ll)/∂h |
/// |---|---|---|---|
/// | multinomial | `π = softmax(h)` | `−ỹ_i·log π_i` (log-softmax, vae_cf) | `N·π_i − ỹ_i`, `N = Σ_i ỹ_i` |
/// | poisson | `x̂ = σ(h)` | `−(ỹ·log(x̂+EPS) − x̂)` | `−(ỹ/(x̂+EPS) − 1)·x̂(1−x̂)` |
/// | bernoulli | `x̂ = σ(h)` | `−(ỹ·log(x̂+EPS) + (1−ỹ)·log(1−x̂+EPS))` | `−(ỹ/(x̂+EPS) − (1−ỹ)/(1−x̂+EPS))·x̂(1−x̂)` |
/// | gaussian | `x̂ = σ(h)` | `(ỹ − x̂)²` | `2(x̂ − ỹ)·x̂(1−x̂)` |
public enum Likelihood: String, Codable, Sendable, CaseIterable {
    case multinomial, poisson, bernoulli, gaussian

    public static let eps: Float = 1e-10

    /// Per-row negative log-likelihood `−Σ_i ll(ỹ_ui, h_ui)`.
    public func negativeLogLikelihood(preActivation h: Matrix, targets y: SparseMatrix, smoothing alpha: Float = 0) -> [Double] {
        var unused = Matrix(rows: 0, cols: 0)
        return evaluate(h, y, alpha, gradientScale: nil, gradient: &unused)
    }

    /// Per-row negative log-likelihood, and `gradient ← scale · ∂(−ll_u)/∂h` (overwritten;
    /// same shape as `h`). A batch mean uses `scale = 1/B`.
    public func negativeLogLikelihood(preActivation h: Matrix, targets y: SparseMatrix, smoothing alpha: Float = 0,
                                      gradientScale scale: Float, gradient: inout Matrix) -> [Double] {
        precondition(gradient.rows == h.rows && gradient.cols == h.cols, "likelihood gradient has the wrong shape")
        return evaluate(h, y, alpha, gradientScale: scale, gradient: &gradient)
    }

    private func evaluate(_ h: Matrix, _ y: SparseMatrix, _ alpha: Float, gradientScale: Float?, gradient: inout Matrix) -> [Double] {
        precondition(h.rows == y.rows && h.cols == y.cols, "likelihood: pre-activation \(h.rows)×\(h.cols) vs targets \(y.rows)×\(y.cols)")
        let n = h.cols
        let eps = Likelihood.eps
        var target = [Float](repeating: 0, count: n)
        var losses = [Double](repeating: 0, count: h.rows)
        for r in 0..<h.rows {
            // ỹ = (1 − α)·y + α/2, densely.
            for j in 0..<n { target[j] = alpha / 2 }
            for k in y.indptr[r]..<y.indptr[r + 1] {
                target[Int(y.indices[k])] = (1 - alpha) * y.values[k] + alpha / 2
            }
            let base = r * n
            var loss: Double = 0
            switch self {
            case .multinomial:
                let lse = h.data.withUnsafeBufferPointer {
                    RowKernels.logSumExp(UnsafeBufferPointer(rebasing: $0[base..<(base + n)]))
                }
                var total: Double = 0
                for j in 0..<n where target[j] != 0 {
                    loss -= Double(target[j]) * Double(h.data[base + j] - lse)
                    total += Double(target[j])
                }
                if let scale = gradientScale {
                    let mass = Float(total)
                    for j in 0..<n {
                        gradient.data[base + j] = scale * (mass * _expf(h.data[base + j] - lse) - target[j])
                    }
                }
            case .poisson, .bernoulli, .gaussian:
                for j in 0..<n {
                    let x = RowKernels.sigmoid(h.data[base + j])
                    let t = target[j]
                    let dLdx: Float
                    switch self {
                    case .poisson:
                        loss -= Double(t * _logf(x + eps) - x)
                        dLdx = -(t / (x + eps) - 1)
                    case .bernoulli:
                        loss -= Double(t * _logf(x + eps) + (1 - t) * _logf(1 - x + eps))
                        dLdx = -(t / (x + eps) - (1 - t) / (1 - x + eps))
                    default:
                        loss += Double((t - x) * (t - x))
                        dLdx = 2 * (x - t)
                    }
                    if let scale = gradientScale {
                        gradient.data[base + j] = scale * dLdx * x * (1 - x)
                    }
                }
            }
            losses[r] = loss
        }
        return losses
    }
}
