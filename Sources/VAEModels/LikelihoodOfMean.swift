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
    ///   aspect mixture); the loss is DualVAE's `−ỹ·log(softmax + EPS)` (`MultinomialForm`).
    public func negativeLogLikelihood(mean xhat: Matrix, targets y: SparseMatrix, smoothing alpha: Float = 0,
                                      gradientScale scale: Float?, gradient: inout Matrix) -> [Double] {
        precondition(xhat.rows == y.rows && xhat.cols == y.cols, "likelihood: mean \(xhat.rows)×\(xhat.cols) vs targets \(y.rows)×\(y.cols)")
        if self == .multinomial {
            if let scale {
                return negativeLogLikelihood(preActivation: xhat, targets: y, smoothing: alpha, multinomialForm: .softmaxPlusEps,
                                             gradientScale: scale, gradient: &gradient)
            }
            return negativeLogLikelihood(preActivation: xhat, targets: y, smoothing: alpha, multinomialForm: .softmaxPlusEps)
        }
        if scale != nil { precondition(gradient.rows == xhat.rows && gradient.cols == xhat.cols, "likelihood gradient has the wrong shape") }
        // The same row kernel DualVAE's fused decoder uses (`AspectMixtureDecoder`).
        let n = xhat.cols
        var losses = [Double](repeating: 0, count: xhat.rows)
        var rowGradient = [Float](repeating: 0, count: n), scratch = [Float](repeating: 0, count: 2 * n)
        xhat.data.withUnsafeBufferPointer { px in
            for r in 0..<xhat.rows {
                let terms = rowGradient.withUnsafeMutableBufferPointer { pg in
                    scratch.withUnsafeMutableBufferPointer { ps in
                        fusedRow(MeanInput.self, h: px.baseAddress! + r * n, n: n, y: y, entries: y.indptr[r]..<y.indptr[r + 1],
                                 alpha: alpha, scale: scale ?? 1, gradient: pg.baseAddress!, scratch: ps.baseAddress!)
                    }
                }
                losses[r] = terms.loss
                if scale != nil { gradient.data.replaceSubrange((r * n)..<((r + 1) * n), with: rowGradient) }
            }
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
