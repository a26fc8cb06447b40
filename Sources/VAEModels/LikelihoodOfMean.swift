import VAENumerics

extension Likelihood {
    /// Per-row negative log-likelihood of a batch given the *mean* `x̂ ∈ (0,1)` directly
    /// (DualVAE, whose prediction `x̂_ui = Σ_a p_ia·s_uia` is a mixture, not one sigmoid),
    /// and `gradient ← scale · ∂(−ll_u)/∂x̂` when `gradientScale` is given.
    ///
    /// With `ỹ = (1 − α)·y + α/2` and `EPS = 1e-10` (DualVAE `loss`):
    /// - poisson: `−ll = −(ỹ·log(x̂+EPS) − x̂)`, `∂/∂x̂ = −ỹ/(x̂+EPS) + 1`;
    /// - bernoulli: `−ll = −(ỹ·log(x̂+EPS) + (1−ỹ)·log(1−x̂+EPS))`,
    ///   `∂/∂x̂ = −ỹ/(x̂+EPS) + (1−ỹ)/(1−x̂+EPS)`;
    /// - gaussian: `−ll = (ỹ − x̂)²`, `∂/∂x̂ = 2(x̂ − ỹ)`;
    /// - multinomial: `x̂` is read as logits and softmaxed first (DualVAE's `mult` softmaxes the
    ///   aspect mixture); the loss is the log-softmax form of `Likelihood`.
    public func negativeLogLikelihood(mean xhat: Matrix, targets y: SparseMatrix, smoothing alpha: Float = 0,
                                      gradientScale scale: Float?, gradient: inout Matrix) -> [Double] {
        precondition(xhat.rows == y.rows && xhat.cols == y.cols, "likelihood: mean \(xhat.rows)×\(xhat.cols) vs targets \(y.rows)×\(y.cols)")
        if self == .multinomial {
            if let scale { return negativeLogLikelihood(preActivation: xhat, targets: y, smoothing: alpha, gradientScale: scale, gradient: &gradient) }
            return negativeLogLikelihood(preActivation: xhat, targets: y, smoothing: alpha)
        }
        if scale != nil { precondition(gradient.rows == xhat.rows && gradient.cols == xhat.cols, "likelihood gradient has the wrong shape") }
        let n = xhat.cols
        let eps = Likelihood.eps
        var target = [Float](repeating: 0, count: n)
        var losses = [Double](repeating: 0, count: xhat.rows)
        for r in 0..<xhat.rows {
            for j in 0..<n { target[j] = alpha / 2 }
            for k in y.indptr[r]..<y.indptr[r + 1] { target[Int(y.indices[k])] = (1 - alpha) * y.values[k] + alpha / 2 }
            let base = r * n
            var loss: Double = 0
            for j in 0..<n {
                let x = xhat.data[base + j], t = target[j]
                let d: Float
                switch self {
                case .poisson:
                    loss -= Double(t * _logf(x + eps) - x)
                    d = -t / (x + eps) + 1
                case .bernoulli:
                    loss -= Double(t * _logf(x + eps) + (1 - t) * _logf(1 - x + eps))
                    d = -t / (x + eps) + (1 - t) / (1 - x + eps)
                default:
                    loss += Double((t - x) * (t - x))
                    d = 2 * (x - t)
                }
                if let scale { gradient.data[base + j] = scale * d }
            }
            losses[r] = loss
        }
        return losses
    }

    /// Parses a likelihood name: Cornac's short names (`pois`, `bern`, `gaus`, `mult`) or the
    /// full case names.
    public init(name: String) throws(LikelihoodNameError) {
        switch name {
        case "pois", "poisson": self = .poisson
        case "bern", "bernoulli": self = .bernoulli
        case "gaus", "gaussian": self = .gaussian
        case "mult", "multinomial": self = .multinomial
        default: throw LikelihoodNameError(found: name)
        }
    }
}

/// An unknown likelihood name.
public struct LikelihoodNameError: Error, CustomStringConvertible {
    public var found: String
    public var description: String { "unknown likelihood '\(found)', expected one of pois, bern, gaus, mult (or poisson, bernoulli, gaussian, multinomial)" }
}
