import VAENumerics

/// What one row of the fused likelihood kernel returns besides its gradient.
struct LikelihoodRowTerms {
    /// `−Σ_j ll(ỹ_j, h_j)`.
    var loss: Double
    /// `Σ_{j∉y} |∂(−ll)/∂h_j|`, unscaled (the mechanism's negative-entry gradient).
    var negativeGradient: Double
    /// `#{j : x̂_j < 1e-3}`.
    var smallScores: Int
}

extension Likelihood {
    /// One row of a sigmoid-mean likelihood (poisson, bernoulli, gaussian; table in
    /// `Likelihood`), without forming the dense target: writes `g_j = scale · ∂(−ll)/∂h_j`.
    ///
    /// Every entry is first treated as a negative, `ỹ = α/2`, in one branch-free loop the
    /// compiler vectorises (`FastTranscendentals`; with α = 0 the poisson and gaussian terms
    /// need no logarithm); then each positive `j ∈ y` is corrected: its negative-target term
    /// is taken out and the term with `ỹ = (1 − α)·y_j + α/2` put in. Every per-entry `−ll`
    /// and `|g|` is non-negative, so the row sums are BLAS `sasum`s. `scratch` holds `2n`
    /// floats.
    func fusedSigmoidRow(h: UnsafePointer<Float>, n: Int, y: SparseMatrix, entries: Range<Int>, alpha: Float, scale: Float,
                         gradient g: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) -> LikelihoodRowTerms {
        precondition(self != .multinomial, "fusedSigmoidRow: multinomial has its own row kernel")
        let t = alpha / 2
        let eps = Likelihood.eps, threshold = ReconstructionMechanism.smallScoreThreshold
        let flags = scratch + n   // 1 where x̂ < 1e-3: a store, not a count, keeps the loops vectorised
        // One loop per case, so each is a plain vectorisable loop.
        switch self {
        case .poisson where t == 0:
            for j in 0..<n {
                let x = FastTranscendentals.sigmoid(h[j])
                scratch[j] = x
                g[j] = scale * x * (1 - x)
                flags[j] = x < threshold ? 1 : 0
            }
        case .poisson:
            for j in 0..<n {
                let x = FastTranscendentals.sigmoid(h[j])
                scratch[j] = x - t * FastTranscendentals.log(x + eps)
                g[j] = scale * (1 - t / (x + eps)) * x * (1 - x)
                flags[j] = x < threshold ? 1 : 0
            }
        case .bernoulli:
            for j in 0..<n {
                let x = FastTranscendentals.sigmoid(h[j])
                scratch[j] = -(t * FastTranscendentals.log(x + eps) + (1 - t) * FastTranscendentals.log(1 - x + eps))
                g[j] = scale * -(t / (x + eps) - (1 - t) / (1 - x + eps)) * x * (1 - x)
                flags[j] = x < threshold ? 1 : 0
            }
        default:
            for j in 0..<n {
                let x = FastTranscendentals.sigmoid(h[j])
                scratch[j] = (t - x) * (t - x)
                g[j] = scale * 2 * (x - t) * x * (1 - x)
                flags[j] = x < threshold ? 1 : 0
            }
        }
        var loss = Double(BLAS.asum(n, scratch))
        let small = Int(BLAS.asum(n, flags))
        var negative = Double(BLAS.asum(n, g))
        for q in entries {
            let j = Int(y.indices[q])
            let x = FastTranscendentals.sigmoid(h[j])
            let (l0, d0) = entry(x, t)
            let (l1, d1) = entry(x, (1 - alpha) * y.values[q] + t)
            loss += Double(l1 - l0)
            negative -= Double(abs(scale * d0 * x * (1 - x)))
            g[j] = scale * d1 * x * (1 - x)
        }
        return LikelihoodRowTerms(loss: loss, negativeGradient: max(0, negative) / Double(scale), smallScores: small)
    }

    /// `(−ll, ∂(−ll)/∂x̂)` of one entry with mean `x` and target `t`.
    @inline(__always)
    func entry(_ x: Float, _ t: Float) -> (Float, Float) {
        let eps = Likelihood.eps
        switch self {
        case .poisson:
            return (x - t * FastTranscendentals.log(x + eps), 1 - t / (x + eps))
        case .bernoulli:
            return (-(t * FastTranscendentals.log(x + eps) + (1 - t) * FastTranscendentals.log(1 - x + eps)),
                    -(t / (x + eps) - (1 - t) / (1 - x + eps)))
        default:
            return ((t - x) * (t - x), 2 * (x - t))
        }
    }
}
