import VAENumerics

/// The diagonal-Gaussian posterior `q(z|x) = N(μ, diag(s²))` and its KL divergence to a
/// unit-variance prior `N(m, I)` (m = 0, or a given prior mean per row).
///
/// Two parameterisations occur in the references:
/// - log-variance (vae_cf, Cornac VAECF): the encoder emits `ℓ = log s²`;
/// - standard deviation (BiVAE, DualVAE): the encoder emits `s = sigmoid(·)` directly.
public enum GaussianPosterior {
    /// Reparameterised sample `z = μ + ε ⊙ exp(ℓ/2)`. `eps` holds the standard-normal
    /// noise (kept by the caller for the backward pass).
    public static func sample(mean mu: Matrix, logVariance lv: Matrix, noise eps: Matrix, into z: inout Matrix) {
        precondition(mu.count == lv.count && mu.count == eps.count && z.count == mu.count)
        for i in 0..<z.count { z.data[i] = mu.data[i] + eps.data[i] * _expf(0.5 * lv.data[i]) }
    }

    /// Backward of `sample`: `∂L/∂μ += ∂L/∂z`, `∂L/∂ℓ += ∂L/∂z ⊙ ε ⊙ ½exp(ℓ/2)`.
    public static func sampleBackward(logVariance lv: Matrix, noise eps: Matrix, gradZ gz: Matrix,
                                      gradMean gmu: inout Matrix, gradLogVariance glv: inout Matrix) {
        for i in 0..<gz.count {
            gmu.data[i] += gz.data[i]
            glv.data[i] += gz.data[i] * eps.data[i] * 0.5 * _expf(0.5 * lv.data[i])
        }
    }

    /// Per-row KL to `N(m, I)` from the log-variance form:
    /// `KL_u = Σ_k ½(−ℓ_uk + e^{ℓ_uk} + (μ_uk − m_uk)² − 1)`.
    public static func klLogVariance(mean mu: Matrix, logVariance lv: Matrix, priorMean: Matrix? = nil) -> [Double] {
        precondition(mu.rows == lv.rows && mu.cols == lv.cols)
        return (0..<mu.rows).map { r in
            var s: Double = 0
            for i in (r * mu.cols)..<((r + 1) * mu.cols) {
                let d = mu.data[i] - (priorMean?.data[i] ?? 0)
                s += 0.5 * Double(-lv.data[i] + _expf(lv.data[i]) + d * d - 1)
            }
            return s
        }
    }

    /// Adds `scale · ∂KL_u/∂·` of `klLogVariance` to the gradients:
    /// `∂/∂μ = μ − m`, `∂/∂ℓ = ½(e^ℓ − 1)`.
    public static func klLogVarianceGradient(mean mu: Matrix, logVariance lv: Matrix, priorMean: Matrix? = nil, scale: Float,
                                             gradMean gmu: inout Matrix, gradLogVariance glv: inout Matrix) {
        for i in 0..<mu.count {
            gmu.data[i] += scale * (mu.data[i] - (priorMean?.data[i] ?? 0))
            glv.data[i] += scale * 0.5 * (_expf(lv.data[i]) - 1)
        }
    }

    /// Per-row KL to `N(m, I)` from the standard-deviation form (BiVAE, DualVAE):
    /// `KL_u = Σ_k ½(−1 − 2·log s_uk + (μ_uk − m_uk)² + s_uk²)`.
    public static func klStandardDeviation(mean mu: Matrix, std s: Matrix, priorMean: Matrix? = nil) -> [Double] {
        precondition(mu.rows == s.rows && mu.cols == s.cols)
        return (0..<mu.rows).map { r in
            var acc: Double = 0
            for i in (r * mu.cols)..<((r + 1) * mu.cols) {
                let d = mu.data[i] - (priorMean?.data[i] ?? 0)
                let sd: Float = s.data[i]
                let term: Float = -1 - 2 * _logf(sd) + d * d + sd * sd
                acc += 0.5 * Double(term)
            }
            return acc
        }
    }

    /// Adds `scale · ∂KL_u/∂·` of `klStandardDeviation` to the gradients:
    /// `∂/∂μ = μ − m`, `∂/∂s = s − 1/s`.
    public static func klStandardDeviationGradient(mean mu: Matrix, std s: Matrix, priorMean: Matrix? = nil, scale: Float,
                                                   gradMean gmu: inout Matrix, gradStd gs: inout Matrix) {
        for i in 0..<mu.count {
            gmu.data[i] += scale * (mu.data[i] - (priorMean?.data[i] ?? 0))
            gs.data[i] += scale * (s.data[i] - 1 / s.data[i])
        }
    }
}
