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
        // Aspect-major flat copies (A × B × k) so the loops below index plain pointers.
        let zFlat = zh.flatMap(\.data), nFlat = nh.flatMap(\.data)
        var gzFlat = [Float](repeating: 0, count: a * b * k), gnFlat = gzFlat
        var loss: Double = 0
        var eA = [Float](repeating: 0, count: a), eB = [Float](repeating: 0, count: b)
        zFlat.withUnsafeBufferPointer { zp in
        nFlat.withUnsafeBufferPointer { np in
        gzFlat.withUnsafeMutableBufferPointer { gzp in
        gnFlat.withUnsafeMutableBufferPointer { gnp in
        eA.withUnsafeMutableBufferPointer { eA in
        eB.withUnsafeMutableBufferPointer { eB in
            let (zb, nb, gzb, gnb) = (zp.baseAddress!, np.baseAddress!, gzp.baseAddress!, gnp.baseAddress!)
            /// Row `r` of aspect `asp`.
            func row(_ asp: Int, _ r: Int) -> Int { (asp * b + r) * k }
            func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>) -> Float {
                var s: Float = 0
                for d in 0..<k { s += x[d] * y[d] }
                return s
            }
            for u in 0..<b {
                for asp in 0..<a {
                    let nu = nb + row(asp, u), gnu = gnb + row(asp, u)
                    var den: Float = 0
                    for a2 in 0..<a { eA[a2] = _expf(dot(nu, zb + row(a2, u)) / tau); den += eA[a2] }
                    for u2 in 0..<b { eB[u2] = _expf(dot(nu, zb + row(asp, u2)) / tau); den += eB[u2] }
                    let cPos = dot(nu, zb + row(asp, u))
                    loss += Double(-cPos / tau) + Double(_logf(den))
                    // ∂/∂c of each similarity, then onto the unit vectors.
                    for a2 in 0..<a {
                        let w = eA[a2] / (tau * den) - (a2 == asp ? 1 / tau : 0)
                        let zr = zb + row(a2, u), gzr = gzb + row(a2, u)
                        for d in 0..<k {
                            gnu[d] += w * zr[d]
                            gzr[d] += w * nu[d]
                        }
                    }
                    for u2 in 0..<b {
                        let w = eB[u2] / (tau * den)
                        let zr = zb + row(asp, u2), gzr = gzb + row(asp, u2)
                        for d in 0..<k {
                            gnu[d] += w * zr[d]
                            gzr[d] += w * nu[d]
                        }
                    }
                }
            }
        }}}}}}
        let gzh = (0..<a).map { Matrix(rows: b, cols: k, data: Array(gzFlat[($0 * b * k)..<(($0 + 1) * b * k)])) }
        let gnh = (0..<a).map { Matrix(rows: b, cols: k, data: Array(gnFlat[($0 * b * k)..<(($0 + 1) * b * k)])) }
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
