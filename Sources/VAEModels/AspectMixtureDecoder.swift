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
/// Work goes by tiles of `tileRows` rows and, inside a tile, by blocks of `columnBlock`
/// columns, so the block being worked on (scores, products, gradients) stays in L2 (a whole
/// 32 × 15,740 row tile of it does not, and that made the elementwise work and the BLAS
/// packing memory-bound). The products with `O_a`, `G_a` over N (`n_a`, `∂/∂z̃_a`, `∂/∂d_a`)
/// are summed block by block in column order. `forward` keeps every `s_a`, `t_a` in an
/// `AspectScoreStore` for `backward` (recomputing them there cost about a quarter of the
/// epoch: two GEMMs and two transcendentals per pair and aspect). Rows are independent, so
/// tiles run in parallel and every number is the same whatever the split; the one sum over rows (`∂/∂w`, only when prototypes
/// train) is reduced in tile order. OpenBLAS is called from several threads at once: callers
/// keep it at one thread.
struct AspectMixtureDecoder {
    var samples: [Matrix]
    var hidden: [Matrix]
    var other: [Matrix]
    var otherHidden: [Matrix]
    /// `w` transposed, A×N: contiguous per aspect.
    var weights: Matrix
    var sigmoid: Bool
    /// `s_a` and `t_a` of the batch, from `forward` for `backward` (rows of N floats).
    var store = AspectScoreStore()
    /// Columns per block: 64 × 512 floats of each buffer is 128 KB. (A DualVAE epoch on
    /// Kindle, one thread, the other core busy, before the score store: 32 × 1024 blocks
    /// 32.6 s, 32 × 512 30.5 s, 64 × 512 28.6 s, 128 × 256 28.7 s.)
    var columnBlock = 512

    /// Rows per tile: each tile repacks `O_a`'s block for BLAS, so taller tiles pack less.
    static let tileRows = 64

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

    /// Where row `row` of `s_a` (`t_a` with `tanh`) starts in the store: A·B rows of N floats
    /// for the scores, then as many for the tanh terms.
    func stored(_ aspect: Int, row: Int, tanh: Bool) -> UnsafeMutablePointer<Float> {
        store.base + ((tanh ? aspects * rows : 0) + aspect * rows + row) * columns
    }

    /// Computes `s_a`, `t_a` of rows `start..<start+m` and columns `columns` into the store,
    /// by way of `hs`, `ht` (m × columns.count, in cache): BLAS writes there, and each store
    /// line is written once, by the elementwise pass; `hs` keeps `s_a` for the caller.
    func scores(aspect a: Int, start: Int, m: Int, columns: Range<Int>, hs: UnsafeMutablePointer<Float>,
                ht: UnsafeMutablePointer<Float>) {
        let nb = columns.count, k = samples[a].cols, d = hidden[a].cols
        samples[a].data.withUnsafeBufferPointer { pz in
        other[a].data.withUnsafeBufferPointer { po in
        hidden[a].data.withUnsafeBufferPointer { ph in
        otherHidden[a].data.withUnsafeBufferPointer { pg in
            BLAS.sgemm(transA: false, transB: true, m: m, n: nb, k: k, alpha: 1, a: pz.baseAddress! + start * k, lda: k,
                       b: po.baseAddress! + columns.lowerBound * k, ldb: k, beta: 0, c: hs, ldc: nb)
            BLAS.sgemm(transA: false, transB: true, m: m, n: nb, k: d, alpha: 1, a: ph.baseAddress! + start * d, lda: d,
                       b: pg.baseAddress! + columns.lowerBound * d, ldb: d, beta: 0, c: ht, ldc: nb)
        }}}}
        for r in 0..<m {
            let hsr = hs + r * nb, htr = ht + r * nb
            let sr = stored(a, row: start + r, tanh: false) + columns.lowerBound
            let tr = stored(a, row: start + r, tanh: true) + columns.lowerBound
            if sigmoid {
                for j in 0..<nb {
                    let tv = FastTranscendentals.tanh(htr[j])
                    let sv = FastTranscendentals.sigmoid(hsr[j] + tv)
                    tr[j] = tv
                    sr[j] = sv
                    hsr[j] = sv
                }
            } else {
                for j in 0..<nb {
                    let tv = FastTranscendentals.tanh(htr[j])
                    let sv = hsr[j] + tv
                    tr[j] = tv
                    sr[j] = sv
                    hsr[j] = sv
                }
            }
        }
    }

    /// `c[rows] (+)= x · M[columns]`: the block's share of a product over N, `x` m × nb and
    /// `M` N × width; the first block writes, the later ones add.
    static func accumulate(_ x: UnsafePointer<Float>, m: Int, columns: Range<Int>, _ matrix: Matrix,
                           into c: UnsafeMutablePointer<Float>, first: Bool) {
        let width = matrix.cols
        matrix.data.withUnsafeBufferPointer { pm in
            BLAS.sgemm(transA: false, transB: false, m: m, n: width, k: columns.count, alpha: 1, a: x, lda: columns.count,
                       b: pm.baseAddress! + columns.lowerBound * width, ldb: width, beta: first ? 0 : 1, c: c, ldc: width)
        }
    }

    /// The column blocks, in order.
    var blocks: [Range<Int>] {
        stride(from: 0, to: columns, by: columnBlock).map { $0..<min(columns, $0 + columnBlock) }
    }

    /// Splits the rows into fixed tiles and runs `body(tileIndex, start, m, buffers)` on them
    /// in parallel; each thread owns `sizes.count` buffers of `sizes[i]` floats.
    func forEachTile(sizes: [Int], _ body: (Int, Int, Int, [UnsafeMutablePointer<Float>]) -> Void) {
        let tiles = (rows + Self.tileRows - 1) / Self.tileRows
        Parallel.forEachChunk(tiles, minimumChunk: 1) { chunk in
            let buffers = sizes.map { UnsafeMutablePointer<Float>.allocate(capacity: $0) }
            defer { for b in buffers { b.deallocate() } }
            for tile in chunk {
                let start = tile * Self.tileRows
                body(tile, start, min(Self.tileRows, rows - start), buffers)
            }
        }
    }

    func forward(targets y: SparseMatrix, likelihood: Likelihood, smoothing alpha: Float, scale: Float, measure: Bool) -> Forward {
        let b = rows, n = columns, a = aspects, k = samples[0].cols, nb = min(columnBlock, n)
        let blocks = self.blocks
        store.reserve(2 * a * b * n)
        var out = Forward(neighbours: (0..<a).map { _ in Matrix(rows: b, cols: k) }, gradient: Matrix(rows: b, cols: n),
                          terms: Array(repeating: LikelihoodRowTerms(loss: 0, negativeGradient: 0, smallScores: 0), count: b))
        let neighbours = UncheckedSendable(out.neighbours.map { UnsafeMutablePointer<Float>.allocate(capacity: $0.count) })
        defer { for p in neighbours.value { p.deallocate() } }
        out.gradient.data.withUnsafeMutableBufferPointer { pgx in
        out.terms.withUnsafeMutableBufferPointer { pterms in
        weights.data.withUnsafeBufferPointer { pw in
            let (gx, terms, w) = (UncheckedSendable(pgx.baseAddress!), UncheckedSendable(pterms), UncheckedSendable(pw.baseAddress!))
            // The likelihood's row kernel takes 2n floats of scratch.
            forEachTile(sizes: [Self.tileRows * nb, Self.tileRows * nb, Self.tileRows * n, 2 * n]) { _, start, m, buf in
                let (o, ht, xhat, scratch) = (buf[0], buf[1], buf[2], buf[3])
                xhat.initialize(repeating: 0, count: m * n)
                for (bi, cols) in blocks.enumerated() {
                    let width = cols.count
                    for asp in 0..<a {
                        // `o` holds s_a, then w_a ⊙ s_a.
                        scores(aspect: asp, start: start, m: m, columns: cols, hs: o, ht: ht)
                        let wa = w.value + asp * n + cols.lowerBound
                        for r in 0..<m {
                            let or = o + r * width, xr = xhat + r * n + cols.lowerBound
                            for j in 0..<width {
                                let v = or[j] * wa[j]
                                or[j] = v
                                xr[j] += v
                            }
                        }
                        Self.accumulate(o, m: m, columns: cols, other[asp], into: neighbours.value[asp] + start * k, first: bi == 0)
                    }
                }
                for r in 0..<m {
                    let row = start + r
                    let entries = y.indptr[row]..<y.indptr[row + 1]
                    terms.value[row] = likelihood == .multinomial
                        ? likelihood.fusedRow(h: xhat + r * n, n: n, y: y, entries: entries, alpha: alpha, scale: scale,
                                              gradient: gx.value + row * n, scratch: scratch, measure: measure,
                                              multinomialForm: .softmaxPlusEps)
                        : likelihood.fusedRow(MeanInput.self, h: xhat + r * n, n: n, y: y, entries: entries, alpha: alpha,
                                              scale: scale, gradient: gx.value + row * n, scratch: scratch)
                }
            }
        }}}
        for asp in 0..<a { out.neighbours[asp].data = Array(UnsafeBufferPointer(start: neighbours.value[asp], count: b * k)) }
        return out
    }

    /// `contrastive[a]` is `γ · ∂CL/∂n_a` (B×k); `measure` asks for the mean |gradient| over
    /// the negatives (the entries not in `y`). Reads the scores `forward` stored: call it first.
    func backward(gradient gx: Matrix, contrastive: [Matrix], targets y: SparseMatrix, measure: Bool,
                  prototypeGradient: Bool) -> Backward {
        let b = rows, n = columns, a = aspects, k = samples[0].cols, d = hidden[0].cols, nb = min(columnBlock, n)
        let blocks = self.blocks
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
            let tileBlock = Self.tileRows * nb
            forEachTile(sizes: [tileBlock, tileBlock, nb]) { tile, start, m, buf in
                let (go, gt, scratch) = (buf[0], buf[1], buf[2])
                var tileNegative: Double = 0
                for (bi, cols) in blocks.enumerated() {
                    let width = cols.count
                    for asp in 0..<a {
                        for r in 0..<m {
                            (go + r * width).update(from: gx.value + (start + r) * n + cols.lowerBound, count: width)
                        }
                        contrastive[asp].data.withUnsafeBufferPointer { pc in
                        other[asp].data.withUnsafeBufferPointer { po in
                            BLAS.sgemm(transA: false, transB: true, m: m, n: width, k: k, alpha: 1, a: pc.baseAddress! + start * k,
                                       lda: k, b: po.baseAddress! + cols.lowerBound * k, ldb: k, beta: 1, c: go, ldc: width)
                        }}
                        let wa = w.value + asp * n + cols.lowerBound
                        let gwa = gwPartial.value.map { $0 + (tile * a + asp) * n + cols.lowerBound }
                        for r in 0..<m {
                            let sr = stored(asp, row: start + r, tanh: false) + cols.lowerBound
                            let tr = stored(asp, row: start + r, tanh: true) + cols.lowerBound
                            let gor = go + r * width, gtr = gt + r * width
                            let gxr = gx.value + (start + r) * n + cols.lowerBound
                            if let gwa { for j in 0..<width { gwa[j] += gor[j] * sr[j] } }
                            if measure {
                                // |gx ⊙ w ⊙ act′| on every entry of the block, its positives taken out.
                                for j in 0..<width {
                                    let ds: Float = sigmoid ? sr[j] * (1 - sr[j]) : 1
                                    scratch[j] = gxr[j] * wa[j] * ds
                                }
                                var blockNegative = Double(BLAS.asum(width, scratch))
                                for q in y.indptr[start + r]..<y.indptr[start + r + 1] {
                                    let j = Int(y.indices[q])
                                    if cols.contains(j) { blockNegative -= Double(abs(scratch[j - cols.lowerBound])) }
                                }
                                tileNegative += max(0, blockNegative)
                            }
                            // gPre (kept in go) and gt.
                            if sigmoid {
                                for j in 0..<width {
                                    let g = gor[j] * wa[j] * sr[j] * (1 - sr[j])
                                    gor[j] = g
                                    gtr[j] = g * (1 - tr[j] * tr[j])
                                }
                            } else {
                                for j in 0..<width {
                                    let g = gor[j] * wa[j]
                                    gor[j] = g
                                    gtr[j] = g * (1 - tr[j] * tr[j])
                                }
                            }
                        }
                        Self.accumulate(go, m: m, columns: cols, other[asp], into: gz.value[asp] + start * k, first: bi == 0)
                        Self.accumulate(gt, m: m, columns: cols, otherHidden[asp], into: gh.value[asp] + start * d, first: bi == 0)
                    }
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
