import VAENumerics

/// The dense part of a DualVAE batch: the aspect-mixture decoder over all N columns of the
/// other side, fused over tiles of rows so the B×N matrices never leave the cache.
///
/// For a batch of B rows with per-aspect samples `z̃_a` (B×k) and decoder-net outputs
/// `d_a = g(z̃_a)` (B×d), against the other side's stored samples `O_a` (N×k), their net
/// outputs `G_a` (N×d) and the aspect weights `w_a` (N):
///
/// ```
/// t_a = tanh(d_a · G_aᵀ),  s_a = act(z̃_a · O_aᵀ + t_a)        act = sigmoid (identity for mult)
/// x̂   = Σ_a w_a ⊙ s_a,     n_a = (w_a ⊙ s_a) · O_a              prediction, neighbourhood vectors
/// ```
///
/// `forward` returns `n_a`, `gx = scale·∂(−ll)/∂x̂` and the per-row likelihood; `backward`
/// takes `gx` and the contrastive term's `∂/∂n_a` (weighted by γ) and returns, per aspect,
/// `∂/∂z̃_a` through the dot product and `∂/∂d_a` through the tanh term:
///
/// ```
/// go_a = gx + γ·∂CL/∂n_a · O_aᵀ,  gPre_a = go_a ⊙ w_a ⊙ act′(s_a),  gt_a = gPre_a ⊙ (1 − t_a²)
/// ∂/∂z̃_a = gPre_a · O_a,          ∂/∂d_a = gt_a · G_a,            ∂/∂w_a = Σ_rows go_a ⊙ s_a
/// ```
///
/// `backward` recomputes `s_a`, `t_a` per tile rather than keeping A·B×N of them. Rows are
/// independent, so tiles run in parallel and every number is the same whatever the split;
/// the one sum over rows (`∂/∂w`, only when prototypes train) is reduced in tile order.
/// OpenBLAS is called from several threads at once: callers keep it at one thread.
struct AspectMixtureDecoder {
    var samples: [Matrix]
    var hidden: [Matrix]
    var other: [Matrix]
    var otherHidden: [Matrix]
    /// `w` transposed, A×N: contiguous per aspect.
    var weights: Matrix
    var sigmoid: Bool

    /// Rows per tile: a few B×N rows of scores, tanh terms and gradients stay in L2.
    static let tileRows = 32

    var rows: Int { samples[0].rows }
    var columns: Int { other[0].rows }
    var aspects: Int { samples.count }

    struct Forward {
        var neighbours: [Matrix]
        /// `scale · ∂(−ll)/∂x̂`, B×N.
        var gradient: Matrix
        var terms: [LikelihoodRowTerms]
    }

    struct Backward {
        /// `∂/∂z̃_a` through the dot product (B×k each).
        var samples: [Matrix]
        /// `∂/∂d_a` through the tanh term (B×d each).
        var hidden: [Matrix]
        /// `∂/∂w`, N×A (zeros unless asked for).
        var weights: Matrix
        /// `Σ |gx ⊙ w_a ⊙ act′(s_a)|` over negatives, summed over aspects (unscaled).
        var negativeGradient: Double
    }

    /// `s_a`, `t_a` of rows `start..<start+m` into `s`, `t` (m×N).
    func scores(aspect a: Int, start: Int, m: Int, s: UnsafeMutablePointer<Float>, t: UnsafeMutablePointer<Float>) {
        let n = columns, k = samples[a].cols, d = hidden[a].cols
        samples[a].data.withUnsafeBufferPointer { pz in
        other[a].data.withUnsafeBufferPointer { po in
        hidden[a].data.withUnsafeBufferPointer { ph in
        otherHidden[a].data.withUnsafeBufferPointer { pg in
            BLAS.sgemm(transA: false, transB: true, m: m, n: n, k: k, alpha: 1, a: pz.baseAddress! + start * k, lda: k,
                       b: po.baseAddress!, ldb: k, beta: 0, c: s, ldc: n)
            BLAS.sgemm(transA: false, transB: true, m: m, n: n, k: d, alpha: 1, a: ph.baseAddress! + start * d, lda: d,
                       b: pg.baseAddress!, ldb: d, beta: 0, c: t, ldc: n)
        }}}}
        let count = m * n
        if sigmoid {
            for i in 0..<count {
                let tv = FastTranscendentals.tanh(t[i])
                t[i] = tv
                s[i] = FastTranscendentals.sigmoid(s[i] + tv)
            }
        } else {
            for i in 0..<count {
                let tv = FastTranscendentals.tanh(t[i])
                t[i] = tv
                s[i] += tv
            }
        }
    }

    /// Splits the rows into fixed tiles and runs `body(tileIndex, start, m, buffers)` on them
    /// in parallel; each thread owns `bufferCount` buffers of `tileRows × N` floats.
    func forEachTile(bufferCount: Int, _ body: (Int, Int, Int, [UnsafeMutablePointer<Float>]) -> Void) {
        let tiles = (rows + Self.tileRows - 1) / Self.tileRows
        let size = Self.tileRows * columns
        Parallel.forEachChunk(tiles, minimumChunk: 1) { chunk in
            let buffers = (0..<bufferCount).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: size) }
            defer { for b in buffers { b.deallocate() } }
            for tile in chunk {
                let start = tile * Self.tileRows
                body(tile, start, min(Self.tileRows, rows - start), buffers)
            }
        }
    }

    func forward(targets y: SparseMatrix, likelihood: Likelihood, smoothing alpha: Float, scale: Float, measure: Bool) -> Forward {
        let b = rows, n = columns, a = aspects, k = samples[0].cols
        var out = Forward(neighbours: (0..<a).map { _ in Matrix(rows: b, cols: k) }, gradient: Matrix(rows: b, cols: n),
                          terms: Array(repeating: LikelihoodRowTerms(loss: 0, negativeGradient: 0, smallScores: 0), count: b))
        let neighbours = UncheckedSendable(out.neighbours.map { UnsafeMutablePointer<Float>.allocate(capacity: $0.count) })
        defer { for p in neighbours.value { p.deallocate() } }
        out.gradient.data.withUnsafeMutableBufferPointer { pgx in
        out.terms.withUnsafeMutableBufferPointer { pterms in
        weights.data.withUnsafeBufferPointer { pw in
            let (gx, terms, w) = (UncheckedSendable(pgx.baseAddress!), UncheckedSendable(pterms), UncheckedSendable(pw.baseAddress!))
            forEachTile(bufferCount: 4) { _, start, m, buf in
                let (s, t, xhat, scratch) = (buf[0], buf[1], buf[2], buf[3])
                xhat.initialize(repeating: 0, count: m * n)
                for asp in 0..<a {
                    scores(aspect: asp, start: start, m: m, s: s, t: t)
                    let wa = w.value + asp * n
                    for r in 0..<m {
                        let sr = s + r * n, xr = xhat + r * n
                        for j in 0..<n {
                            let o = sr[j] * wa[j]
                            sr[j] = o
                            xr[j] += o
                        }
                    }
                    other[asp].data.withUnsafeBufferPointer { po in
                        BLAS.sgemm(transA: false, transB: false, m: m, n: k, k: n, alpha: 1, a: s, lda: n, b: po.baseAddress!, ldb: k,
                                   beta: 0, c: neighbours.value[asp] + start * k, ldc: k)
                    }
                }
                for r in 0..<m {
                    let row = start + r
                    let entries = y.indptr[row]..<y.indptr[row + 1]
                    terms.value[row] = likelihood == .multinomial
                        ? likelihood.fusedRow(h: xhat + r * n, n: n, y: y, entries: entries, alpha: alpha, scale: scale,
                                              gradient: gx.value + row * n, scratch: scratch, measure: measure)
                        : likelihood.fusedRow(MeanInput.self, h: xhat + r * n, n: n, y: y, entries: entries, alpha: alpha,
                                              scale: scale, gradient: gx.value + row * n, scratch: scratch)
                }
            }
        }}}
        for asp in 0..<a { out.neighbours[asp].data = Array(UnsafeBufferPointer(start: neighbours.value[asp], count: b * k)) }
        return out
    }

    /// `contrastive[a]` is `γ · ∂CL/∂n_a` (B×k); `positives` marks the batch's targets for
    /// the mechanism (nil: not measured).
    func backward(gradient gx: Matrix, contrastive: [Matrix], targets y: SparseMatrix, measure: Bool,
                  prototypeGradient: Bool) -> Backward {
        let b = rows, n = columns, a = aspects, k = samples[0].cols, d = hidden[0].cols
        let tiles = (b + Self.tileRows - 1) / Self.tileRows
        let gz = UncheckedSendable((0..<a).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: b * k) })
        let gh = UncheckedSendable((0..<a).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: b * d) })
        // Per tile: the prototype-weight partial sums (A×N), and the mechanism's sum.
        let gwPartial = UncheckedSendable(prototypeGradient ? UnsafeMutablePointer<Float>.allocate(capacity: tiles * a * n) : nil)
        var negatives = [Double](repeating: 0, count: tiles)
        defer {
            for p in gz.value { p.deallocate() }
            for p in gh.value { p.deallocate() }
            gwPartial.value?.deallocate()
        }
        gwPartial.value?.initialize(repeating: 0, count: tiles * a * n)
        gx.data.withUnsafeBufferPointer { pgx in
        weights.data.withUnsafeBufferPointer { pw in
        negatives.withUnsafeMutableBufferPointer { pneg in
            let (gx, w, neg) = (UncheckedSendable(pgx.baseAddress!), UncheckedSendable(pw.baseAddress!), UncheckedSendable(pneg))
            forEachTile(bufferCount: 5) { tile, start, m, buf in
                let (s, t, go, gt, scratch) = (buf[0], buf[1], buf[2], buf[3], buf[4])
                var tileNegative: Double = 0
                for asp in 0..<a {
                    scores(aspect: asp, start: start, m: m, s: s, t: t)
                    go.update(from: gx.value + start * n, count: m * n)
                    contrastive[asp].data.withUnsafeBufferPointer { pc in
                    other[asp].data.withUnsafeBufferPointer { po in
                        BLAS.sgemm(transA: false, transB: true, m: m, n: n, k: k, alpha: 1, a: pc.baseAddress! + start * k, lda: k,
                                   b: po.baseAddress!, ldb: k, beta: 1, c: go, ldc: n)
                    }}
                    let wa = w.value + asp * n
                    let gwa = gwPartial.value.map { $0 + (tile * a + asp) * n }
                    for r in 0..<m {
                        let sr = s + r * n, tr = t + r * n, gor = go + r * n, gtr = gt + r * n
                        let gxr = gx.value + (start + r) * n
                        if let gwa { for j in 0..<n { gwa[j] += gor[j] * sr[j] } }
                        if measure {
                            // |gx ⊙ w ⊙ act′| on every entry, the positives taken out below.
                            for j in 0..<n {
                                let ds: Float = sigmoid ? sr[j] * (1 - sr[j]) : 1
                                scratch[j] = gxr[j] * wa[j] * ds
                            }
                            var rowNegative = Double(BLAS.asum(n, scratch))
                            for q in y.indptr[start + r]..<y.indptr[start + r + 1] { rowNegative -= Double(abs(scratch[Int(y.indices[q])])) }
                            tileNegative += max(0, rowNegative)
                        }
                        // gPre (kept in go) and gt.
                        if sigmoid {
                            for j in 0..<n {
                                let g = gor[j] * wa[j] * sr[j] * (1 - sr[j])
                                gor[j] = g
                                gtr[j] = g * (1 - tr[j] * tr[j])
                            }
                        } else {
                            for j in 0..<n {
                                let g = gor[j] * wa[j]
                                gor[j] = g
                                gtr[j] = g * (1 - tr[j] * tr[j])
                            }
                        }
                    }
                    other[asp].data.withUnsafeBufferPointer { po in
                    otherHidden[asp].data.withUnsafeBufferPointer { pg in
                        BLAS.sgemm(transA: false, transB: false, m: m, n: k, k: n, alpha: 1, a: go, lda: n, b: po.baseAddress!, ldb: k,
                                   beta: 0, c: gz.value[asp] + start * k, ldc: k)
                        BLAS.sgemm(transA: false, transB: false, m: m, n: d, k: n, alpha: 1, a: gt, lda: n, b: pg.baseAddress!, ldb: d,
                                   beta: 0, c: gh.value[asp] + start * d, ldc: d)
                    }}
                }
                neg.value[tile] = tileNegative
            }
        }}}
        var gw = Matrix(rows: n, cols: a)
        if let partial = gwPartial.value {
            for tile in 0..<tiles {
                for asp in 0..<a {
                    let p = partial + (tile * a + asp) * n
                    for j in 0..<n { gw.data[j * a + asp] += p[j] }
                }
            }
        }
        return Backward(samples: gz.value.map { Matrix(rows: b, cols: k, data: Array(UnsafeBufferPointer(start: $0, count: b * k))) },
                        hidden: gh.value.map { Matrix(rows: b, cols: d, data: Array(UnsafeBufferPointer(start: $0, count: b * d))) },
                        weights: gw, negativeGradient: negatives.reduce(0, +))
    }
}
