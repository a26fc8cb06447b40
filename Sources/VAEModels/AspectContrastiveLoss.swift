import VAENumerics

/// DualVAE's neighbourhood InfoNCE constraint (`contrast_loss`), over a batch of B rows and
/// A aspects. With `c(x, y)` the cosine similarity (`x/max(‖x‖, 1e-12)`, as torch's
/// `normalize`) and temperature τ (0.2 in the reference):
///
/// ```
/// pos_ua = exp(c(n_ua, z_ua)/τ)
/// den_ua = Σ_{a'} exp(c(n_ua, z_ua')/τ) + Σ_{u'∈B} exp(c(n_ua, z_u'a)/τ)
/// CL     = −(1/B) Σ_u Σ_a log(pos_ua / den_ua)
/// ```
///
/// The positive pair is counted in both sums of `den` (kept for fidelity). `z` are the
/// sampled latents θ̃ and `n` the neighbourhood vectors; the gradient reaches both.
public enum AspectContrastiveLoss {
    public static let normEpsilon: Float = 1e-12

    /// The loss and, per aspect, `∂CL/∂z` and `∂CL/∂n` (each `B × k`).
    public static func evaluate(samples z: [Matrix], neighbours n: [Matrix], temperature tau: Float)
        -> (loss: Double, gradSamples: [Matrix], gradNeighbours: [Matrix]) {
        let a = z.count
        precondition(a > 0 && n.count == a, "contrastive loss: \(z.count) sample aspects vs \(n.count) neighbour aspects")
        let b = z[0].rows, k = z[0].cols
        let (zh, zn) = normalize(z), (nh, nn) = normalize(n)
        var gzh = z.map { Matrix(rows: $0.rows, cols: $0.cols) }
        var gnh = gzh
        var loss: Double = 0
        var eA = [Float](repeating: 0, count: a), eB = [Float](repeating: 0, count: b)
        func dot(_ x: Matrix, _ i: Int, _ y: Matrix, _ j: Int) -> Float {
            var s: Float = 0
            for d in 0..<k { s += x.data[i * k + d] * y.data[j * k + d] }
            return s
        }
        for u in 0..<b {
            for asp in 0..<a {
                var den: Float = 0
                for a2 in 0..<a { eA[a2] = _expf(dot(nh[asp], u, zh[a2], u) / tau); den += eA[a2] }
                for u2 in 0..<b { eB[u2] = _expf(dot(nh[asp], u, zh[asp], u2) / tau); den += eB[u2] }
                let cPos = dot(nh[asp], u, zh[asp], u)
                loss += Double(-cPos / tau) + Double(_logf(den))
                // ∂/∂c of each similarity, then onto the unit vectors.
                for a2 in 0..<a {
                    let w = eA[a2] / (tau * den) - (a2 == asp ? 1 / tau : 0)
                    for d in 0..<k {
                        gnh[asp].data[u * k + d] += w * zh[a2].data[u * k + d]
                        gzh[a2].data[u * k + d] += w * nh[asp].data[u * k + d]
                    }
                }
                for u2 in 0..<b {
                    let w = eB[u2] / (tau * den)
                    for d in 0..<k {
                        gnh[asp].data[u * k + d] += w * zh[asp].data[u2 * k + d]
                        gzh[asp].data[u2 * k + d] += w * nh[asp].data[u * k + d]
                    }
                }
            }
        }
        let scale = 1 / Float(b)
        let gz = (0..<a).map { normalizeBackward(zh[$0], zn[$0], gzh[$0], scale: scale) }
        let gn = (0..<a).map { normalizeBackward(nh[$0], nn[$0], gnh[$0], scale: scale) }
        return (loss / Double(b), gz, gn)
    }

    /// Rows divided by `max(‖row‖, ε)`, and those divisors.
    static func normalize(_ xs: [Matrix]) -> ([Matrix], [[Float]]) {
        var out = xs, norms: [[Float]] = []
        for t in xs.indices {
            let k = xs[t].cols
            var ns = [Float](repeating: 0, count: xs[t].rows)
            for r in 0..<xs[t].rows {
                var s: Float = 0
                for d in 0..<k { s += xs[t].data[r * k + d] * xs[t].data[r * k + d] }
                ns[r] = max(s.squareRoot(), normEpsilon)
                for d in 0..<k { out[t].data[r * k + d] /= ns[r] }
            }
            norms.append(ns)
        }
        return (out, norms)
    }

    /// `∂/∂x` of `x̂ = x/‖x‖` given `∂/∂x̂`: `(g − x̂(x̂·g))/‖x‖` (just `g/ε` below the floor).
    static func normalizeBackward(_ xh: Matrix, _ norms: [Float], _ g: Matrix, scale: Float) -> Matrix {
        var out = Matrix(rows: g.rows, cols: g.cols)
        let k = g.cols
        for r in 0..<g.rows {
            var proj: Float = 0
            if norms[r] > normEpsilon { for d in 0..<k { proj += xh.data[r * k + d] * g.data[r * k + d] } }
            for d in 0..<k { out.data[r * k + d] = scale * (g.data[r * k + d] - xh.data[r * k + d] * proj) / norms[r] }
        }
        return out
    }
}
