import VAENumerics
import _VAEKernels

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
/// | multinomial | `π = softmax(h)` | `−ỹ_i·log π_i` (log-softmax, vae_cf), or `−ỹ_i·log(π_i + EPS)` for the Cornac family (`MultinomialForm`) | `N·π_i − ỹ_i`, `N = Σ_i ỹ_i` (log-softmax) |
/// | poisson | `x̂ = σ(h)` | `−(ỹ·log(x̂+EPS) − x̂)` | `−(ỹ/(x̂+EPS) − 1)·x̂(1−x̂)` |
/// | bernoulli | `x̂ = σ(h)` | `−(ỹ·log(x̂+EPS) + (1−ỹ)·log(1−x̂+EPS))` | `−(ỹ/(x̂+EPS) − (1−ỹ)/(1−x̂+EPS))·x̂(1−x̂)` |
/// | gaussian | `x̂ = σ(h)` | `(ỹ − x̂)²` | `2(x̂ − ỹ)·x̂(1−x̂)` |
public enum Likelihood: String, Codable, Sendable, CaseIterable {
    case multinomial, poisson, bernoulli, gaussian

    public static let eps: Float = 1e-10

    /// Per-row negative log-likelihood `−Σ_i ll(ỹ_ui, h_ui)`.
    public func negativeLogLikelihood(preActivation h: Matrix, targets y: SparseMatrix, smoothing alpha: Float = 0,
                                      multinomialForm form: MultinomialForm = .logSoftmax) -> [Double] {
        var unused = Matrix(rows: 0, cols: 0)
        return evaluate(h, y, alpha, form, gradientScale: nil, gradient: &unused).map(\.loss)
    }

    /// Per-row negative log-likelihood, and `gradient ← scale · ∂(−ll_u)/∂h` (overwritten;
    /// same shape as `h`). A batch mean uses `scale = 1/B`. `mechanism`, when given,
    /// accumulates the reconstruction-gradient measures of these rows.
    public func negativeLogLikelihood(preActivation h: Matrix, targets y: SparseMatrix, smoothing alpha: Float = 0,
                                      multinomialForm form: MultinomialForm = .logSoftmax,
                                      gradientScale scale: Float, gradient: inout Matrix,
                                      mechanism: inout ReconstructionMechanism?) -> [Double] {
        precondition(gradient.rows == h.rows && gradient.cols == h.cols, "likelihood gradient has the wrong shape")
        let terms = evaluate(h, y, alpha, form, gradientScale: scale, gradient: &gradient, measure: mechanism != nil)
        if mechanism != nil { mechanism!.add(terms, targets: y) }
        return terms.map(\.loss)
    }

    /// Per-row negative log-likelihood, and `gradient ← scale · ∂(−ll_u)/∂h`.
    public func negativeLogLikelihood(preActivation h: Matrix, targets y: SparseMatrix, smoothing alpha: Float = 0,
                                      multinomialForm form: MultinomialForm = .logSoftmax,
                                      gradientScale scale: Float, gradient: inout Matrix) -> [Double] {
        var none: ReconstructionMechanism? = nil
        return negativeLogLikelihood(preActivation: h, targets: y, smoothing: alpha, multinomialForm: form, gradientScale: scale,
                                     gradient: &gradient, mechanism: &none)
    }

    /// Rows are independent: they are split over the cores (the result does not depend on
    /// it), each through the fused row kernel (`fusedRow`).
    private func evaluate(_ h: Matrix, _ y: SparseMatrix, _ alpha: Float, _ form: MultinomialForm, gradientScale: Float?,
                          gradient: inout Matrix, measure: Bool = false) -> [LikelihoodRowTerms] {
        precondition(h.rows == y.rows && h.cols == y.cols, "likelihood: pre-activation \(h.rows)×\(h.cols) vs targets \(y.rows)×\(y.cols)")
        var terms = [LikelihoodRowTerms](repeating: LikelihoodRowTerms(loss: 0, negativeGradient: 0, smallScores: 0), count: h.rows)
        let n = h.cols
        let likelihood = self
        let writes = gradientScale != nil
        h.data.withUnsafeBufferPointer { ph in
        gradient.data.withUnsafeMutableBufferPointer { pg in
        terms.withUnsafeMutableBufferPointer { pt in
            let (ph, pg, pt) = (UncheckedPointers(ph), UncheckedPointers(pg), UncheckedSendable(pt))
            Parallel.forEachChunk(h.rows, minimumChunk: max(1, 65_536 / max(n, 1))) { rows in
                let scratch = UnsafeMutablePointer<Float>.allocate(capacity: (writes ? 2 : 3) * n)
                defer { scratch.deallocate() }
                for r in rows {
                    let g = writes ? pg.write.baseAddress! + r * n : scratch + 2 * n
                    pt.value[r] = likelihood.fusedRow(h: ph.read.baseAddress! + r * n, n: n, y: y, entries: y.indptr[r]..<y.indptr[r + 1],
                                                      alpha: alpha, scale: gradientScale ?? 1, gradient: g, scratch: scratch,
                                                      measure: measure, multinomialForm: form)
                }
            }
        }}}
        return terms
    }

    /// One row of the multinomial term without forming ỹ densely:
    /// `−Σ_j ỹ_j (h_j − lse) = −(α/2)(Σ_j h_j − I·lse) − (1−α) Σ_{j∈y} y_j (h_j − lse)`, and
    /// `∂/∂h_j = N·π_j − α/2 − (1−α)·y_j` with `N = (1−α)·Σy + α·I/2`. The exponentials are
    /// computed once and kept in the gradient row, in 8-lane vectors by the C kernel
    /// `vaelab_shifted_exponentials` (Cephes' `exp`, the sum in Double).
    static func multinomialRow(_ h: UnsafeBufferPointer<Float>, _ y: SparseMatrix, _ entries: Range<Int>, _ alpha: Float,
                               _ scale: Float?, _ g: UnsafeMutableBufferPointer<Float>?) -> Double {
        let n = h.count
        var m: Float = 0
        let sum = vaelab_shifted_exponentials(h.baseAddress!, n, g?.baseAddress, &m)
        let lse = m + Float(_log(sum))
        var positives: Double = 0, mass: Double = 0
        for k in entries {
            positives += Double(y.values[k]) * Double(h[Int(y.indices[k])] - lse)
            mass += Double(y.values[k])
        }
        var loss = -Double(1 - alpha) * positives
        mass *= Double(1 - alpha)
        if alpha > 0 {
            var hsum: Double = 0
            for v in h { hsum += Double(v) }
            loss -= Double(alpha / 2) * (hsum - Double(n) * Double(lse))
            mass += Double(alpha) * Double(n) / 2
        }
        if let g, let scale {
            let a = scale * Float(mass / sum), b = scale * alpha / 2
            for j in 0..<n { g[j] = a * g[j] - b }
            for k in entries { g[Int(y.indices[k])] -= scale * (1 - alpha) * y.values[k] }
        }
        return loss
    }
    /// One row of the Cornac family's multinomial term (`MultinomialForm.softmaxPlusEps`):
    /// `π = softmax(h)`, `−ll = −Σ_j ỹ_j·log(π_j + EPS)` and `g_j = scale·(π_j·W − w_j)` with
    /// `w_j = ỹ_j·π_j/(π_j + EPS)`, `W = Σ_j w_j`. Every entry is first taken as a negative
    /// (`ỹ = α/2`; none of this with α = 0), then each positive is corrected, as in
    /// `fusedRow`. The exponentials come from `vaelab_shifted_exponentials`, as in the
    /// log-softmax row. `scratch` holds `2n` floats; `smallScores` counts `π_j < 1e-3`.
    static func cornacMultinomialRow(_ h: UnsafePointer<Float>, n: Int, _ y: SparseMatrix, _ entries: Range<Int>, alpha: Float,
                                     scale: Float, gradient g: UnsafeMutablePointer<Float>,
                                     scratch: UnsafeMutablePointer<Float>) -> LikelihoodRowTerms {
        let eps = Likelihood.eps, t = alpha / 2, threshold = ReconstructionMechanism.smallScoreThreshold
        var m: Float = 0
        let inverse = Float(1 / vaelab_shifted_exponentials(h, n, g, &m))
        let w = scratch, losses = scratch + n
        var loss = 0.0, total = 0.0
        var small = 0
        // g_j ← π_j; w_j and −ll_j of a negative (both ≥ 0: π_j ≤ 1).
        for j in 0..<n {
            let p = g[j] * inverse
            g[j] = p
            small &+= p < threshold ? 1 : 0
        }
        if t > 0 {
            for j in 0..<n {
                let p = g[j]
                w[j] = t * p / (p + eps)
                losses[j] = -t * FastTranscendentals.log(p + eps)
            }
            loss = Double(BLAS.asum(n, losses))
            total = Double(BLAS.asum(n, w))
        }
        // Positives: their own target replaces the negative's; w_j keeps the corrected value.
        for q in entries {
            let j = Int(y.indices[q]), p = g[j]
            let target = (1 - alpha) * y.values[q] + t
            let wj = target * p / (p + eps)
            loss -= Double((target - t) * FastTranscendentals.log(p + eps))
            total += Double(wj - (t > 0 ? w[j] : 0))
            w[j] = wj
        }
        let scaledTotal = scale * Float(total)
        if t > 0 {
            for j in 0..<n { g[j] = scaledTotal * g[j] - scale * w[j] }
        } else {
            for j in 0..<n { g[j] = scaledTotal * g[j] }
            for q in entries { g[Int(y.indices[q])] -= scale * w[Int(y.indices[q])] }
        }
        var negative = Double(BLAS.asum(n, g))
        for q in entries { negative -= Double(abs(g[Int(y.indices[q])])) }
        return LikelihoodRowTerms(loss: loss, negativeGradient: max(0, negative) / Double(scale), smallScores: small)
    }
}
