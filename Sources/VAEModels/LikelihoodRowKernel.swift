import VAENumerics
import _VAEKernels

/// What one row of the fused likelihood kernel returns besides its gradient.
struct LikelihoodRowTerms {
    /// `−Σ_j ll(ỹ_j, x̂_j)`.
    var loss: Double
    /// `Σ_{j∉y} |∂(−ll)/∂h_j|`, unscaled (the mechanism's negative-entry gradient).
    var negativeGradient: Double
    /// `#{j : x̂_j < 1e-3}`.
    var smallScores: Int
}

/// How a row kernel gets the mean `x̂` from its input `h`, and `dx̂/dh` from `x̂`.
protocol RowMean {
    static func mean(_ h: Float) -> Float
    static func slope(_ x: Float) -> Float
}

/// `x̂ = σ(h)` (the sigmoid-mean likelihoods of PoisVAE and BiVAE).
enum SigmoidOfInput: RowMean {
    @inline(__always) static func mean(_ h: Float) -> Float { FastTranscendentals.sigmoid(h) }
    @inline(__always) static func slope(_ x: Float) -> Float { x * (1 - x) }
}

/// The input is the mean itself (DualVAE's aspect mixture).
enum MeanInput: RowMean {
    @inline(__always) static func mean(_ h: Float) -> Float { h }
    @inline(__always) static func slope(_ x: Float) -> Float { 1 }
}

extension Likelihood {
    /// One row of a poisson, bernoulli or gaussian likelihood (table in `Likelihood`) with
    /// `x̂ = M.mean(h)`, without forming the dense target: writes
    /// `g_j = scale · ∂(−ll)/∂h_j` and returns the row's terms.
    ///
    /// Every entry is first treated as a negative, `ỹ = α/2`, in one branch-free loop the
    /// compiler vectorises (`FastTranscendentals`; with α = 0 the poisson term needs no
    /// logarithm); then each positive `j ∈ y` is corrected: its negative-target term is taken
    /// out and the term with `ỹ = (1 − α)·y_j + α/2` put in. Every per-entry `−ll`, `|g|` and
    /// small-score flag is non-negative, so the row sums are BLAS `sasum`s (a count in the
    /// loop would stop it vectorising). `scratch` holds `2n` floats.
    func fusedRow<M: RowMean>(_ mean: M.Type, h: UnsafePointer<Float>, n: Int, y: SparseMatrix, entries: Range<Int>,
                              alpha: Float, scale: Float, gradient g: UnsafeMutablePointer<Float>,
                              scratch: UnsafeMutablePointer<Float>) -> LikelihoodRowTerms {
        precondition(self != .multinomial, "fusedRow: multinomial has its own row kernel")
        let t = alpha / 2
        let eps = Likelihood.eps, threshold = ReconstructionMechanism.smallScoreThreshold
        let losses = scratch, flags = scratch + n
        // One loop per case, so each is a plain vectorisable loop.
        switch self {
        case .poisson where t == 0:
            for j in 0..<n {
                let x = M.mean(h[j])
                losses[j] = x
                g[j] = scale * M.slope(x)
                flags[j] = x < threshold ? 1 : 0
            }
        case .poisson:
            for j in 0..<n {
                let x = M.mean(h[j])
                losses[j] = x - t * FastTranscendentals.log(x + eps)
                g[j] = scale * (1 - t / (x + eps)) * M.slope(x)
                flags[j] = x < threshold ? 1 : 0
            }
        case .bernoulli:
            for j in 0..<n {
                let x = M.mean(h[j])
                losses[j] = -(t * FastTranscendentals.log(x + eps) + (1 - t) * FastTranscendentals.log(1 - x + eps))
                g[j] = scale * -(t / (x + eps) - (1 - t) / (1 - x + eps)) * M.slope(x)
                flags[j] = x < threshold ? 1 : 0
            }
        default:
            for j in 0..<n {
                let x = M.mean(h[j])
                losses[j] = (t - x) * (t - x)
                g[j] = scale * 2 * (x - t) * M.slope(x)
                flags[j] = x < threshold ? 1 : 0
            }
        }
        var loss = Double(BLAS.asum(n, losses))
        var negative = Double(BLAS.asum(n, g))
        let small = Int(BLAS.asum(n, flags))
        for q in entries {
            let j = Int(y.indices[q])
            let x = M.mean(h[j])
            let (l0, d0) = entry(x, t)
            let (l1, d1) = entry(x, (1 - alpha) * y.values[q] + t)
            loss += Double(l1 - l0)
            negative -= Double(abs(scale * d0 * M.slope(x)))
            g[j] = scale * d1 * M.slope(x)
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

    /// One row of any likelihood for the fused kernels, `x̂ = σ(h)` (softmax for
    /// multinomial): `g ← scale · ∂(−ll)/∂h` and the row's terms. Multinomial goes through the
    /// row of its `form`; the log-softmax row's mechanism measures cost an extra pass, made
    /// only when `measure` is set (otherwise they are 0).
    func fusedRow(h: UnsafePointer<Float>, n: Int, y: SparseMatrix, entries: Range<Int>, alpha: Float, scale: Float,
                  gradient g: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>, measure: Bool,
                  multinomialForm form: MultinomialForm) -> LikelihoodRowTerms {
        guard self == .multinomial else {
            return fusedRow(SigmoidOfInput.self, h: h, n: n, y: y, entries: entries, alpha: alpha, scale: scale, gradient: g, scratch: scratch)
        }
        if form == .softmaxPlusEps {
            return Likelihood.cornacMultinomialRow(h, n: n, y, entries, alpha: alpha, scale: scale, gradient: g, scratch: scratch)
        }
        let loss = Likelihood.multinomialRow(UnsafeBufferPointer(start: h, count: n), y, entries, alpha, scale,
                                             UnsafeMutableBufferPointer(start: g, count: n))
        guard measure else { return LikelihoodRowTerms(loss: loss, negativeGradient: 0, smallScores: 0) }
        var negative = Double(BLAS.asum(n, g))
        for q in entries { negative -= Double(abs(g[Int(y.indices[q])])) }
        // π_j < 1e-3 ⇔ h_j < lse + log 1e-3.
        var m: Float = 0
        let sum = vaelab_shifted_exponentials(h, n, nil, &m)
        let cut = m + Float(_log(sum)) + _logf(ReconstructionMechanism.smallScoreThreshold)
        var small = 0
        for j in 0..<n { small &+= h[j] < cut ? 1 : 0 }
        return LikelihoodRowTerms(loss: loss, negativeGradient: max(0, negative) / Double(scale), smallScores: small)
    }
}
