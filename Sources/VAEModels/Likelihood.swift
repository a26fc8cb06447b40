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
        var losses = [Double](repeating: 0, count: h.rows)
        let n = h.cols
        let likelihood = self
        // Rows are independent: split them over the cores (the result does not depend on it).
        h.data.withUnsafeBufferPointer { ph in
        gradient.data.withUnsafeMutableBufferPointer { pg in
        losses.withUnsafeMutableBufferPointer { pl in
            let (ph, pg, pl) = (UncheckedPointers(ph), UncheckedPointers(pg), UncheckedPointers(pl))
            Parallel.forEachChunk(h.rows, minimumChunk: max(1, 65_536 / max(n, 1))) { rows in
                var target = [Float](repeating: 0, count: likelihood == .multinomial ? 0 : n)
                for r in rows {
                    let hr = UnsafeBufferPointer(rebasing: ph.read[(r * n)..<((r + 1) * n)])
                    let gr = gradientScale == nil ? nil : UnsafeMutableBufferPointer(rebasing: pg.write[(r * n)..<((r + 1) * n)])
                    let entries = y.indptr[r]..<y.indptr[r + 1]
                    if likelihood == .multinomial {
                        pl.write[r] = Likelihood.multinomialRow(hr, y, entries, alpha, gradientScale, gr)
                    } else {
                        for j in 0..<n { target[j] = alpha / 2 }
                        for k in entries { target[Int(y.indices[k])] = (1 - alpha) * y.values[k] + alpha / 2 }
                        pl.write[r] = likelihood.sigmoidRow(hr, target, gradientScale, gr)
                    }
                }
            }
        }}}
        return losses
    }

    /// One row of the multinomial term without forming ỹ densely:
    /// `−Σ_j ỹ_j (h_j − lse) = −(α/2)(Σ_j h_j − I·lse) − (1−α) Σ_{j∈y} y_j (h_j − lse)`, and
    /// `∂/∂h_j = N·π_j − α/2 − (1−α)·y_j` with `N = (1−α)·Σy + α·I/2`. The exponentials are
    /// computed once and kept in the gradient row.
    static func multinomialRow(_ h: UnsafeBufferPointer<Float>, _ y: SparseMatrix, _ entries: Range<Int>, _ alpha: Float,
                               _ scale: Float?, _ g: UnsafeMutableBufferPointer<Float>?) -> Double {
        let n = h.count
        var m = -Float.infinity
        for v in h where v > m { m = v }
        var sum: Double = 0
        if let g {
            for j in 0..<n { let e = _expf(h[j] - m); g[j] = e; sum += Double(e) }
        } else {
            for j in 0..<n { sum += Double(_expf(h[j] - m)) }
        }
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

    /// One row of a sigmoid-mean likelihood against the dense target `t`.
    func sigmoidRow(_ h: UnsafeBufferPointer<Float>, _ t: [Float], _ scale: Float?, _ g: UnsafeMutableBufferPointer<Float>?) -> Double {
        let eps = Likelihood.eps
        var loss: Double = 0
        for j in 0..<h.count {
            let x = RowKernels.sigmoid(h[j])
            let dLdx: Float
            switch self {
            case .poisson:
                loss -= Double(t[j] * _logf(x + eps) - x)
                dLdx = -(t[j] / (x + eps) - 1)
            case .bernoulli:
                loss -= Double(t[j] * _logf(x + eps) + (1 - t[j]) * _logf(1 - x + eps))
                dLdx = -(t[j] / (x + eps) - (1 - t[j]) / (1 - x + eps))
            default:
                loss += Double((t[j] - x) * (t[j] - x))
                dLdx = 2 * (x - t[j])
            }
            if let g, let scale { g[j] = scale * dLdx * x * (1 - x) }
        }
        return loss
    }
}
