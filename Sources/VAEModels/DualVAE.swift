import VAENumerics

/// DualVAE (Guo et al., SDM 2024), as georgeguo-cn/DualVAE `models/dualvae.py` (models.md §5).
///
/// A aspects, latent size k. Per side: one encoder shared by all aspects
/// (`N → 40 (tanh) → μ, σ = sigmoid(·)`), a decoder net `g = Linear(k→40) + tanh` (every
/// listed layer is followed by the activation), and prototypes (A×k; the user side owns the
/// item topics T, the item side the user preferences P). Stored samples θ (A × U×k) and
/// β (A × I×k) start at `randn·0.01`; stored means at 0.
///
/// Pair score of one aspect: `s(θ, β) = sigmoid(θ·β + tanh(g_u(θ)·g_i(β)))` (identity
/// instead of sigmoid for mult). The user pass over a batch B, with the stored β constant:
///
/// ```
/// p_ia   = softmax_a(β_ia · T_a)                               aspect weights (I×A)
/// μ,σ    = Enc_u(x_u ⊙ p_·a);  θ̃_ua = μ + ε ⊙ σ                 per aspect
/// x̂_ui   = Σ_a p_ia · s(θ̃_ua, β_ia)                            aspect-weighted prediction
/// n_ua   = Σ_i p_ia · s(θ̃_ua, β_ia) · β_ia                     neighbourhood vector
/// L      = β_KL·(1/A)Σ_a mean_u KL_ua − mean_u Σ_i ll(ỹ_ui, x̂_ui) + γ·CL(θ̃, n)
/// ```
///
/// with CL the neighbourhood InfoNCE of `AspectContrastiveLoss` (τ = 0.2). The item pass is
/// the mirror image (`q_ua = softmax_a(θ_ua · P_a)`, scores `s(θ_ua, β̃_ia)`). Each pass
/// trains only its own side (encoder, heads, its decoder net; its prototypes only with
/// `trainPrototypes`): the other side's decoder net is used but receives no gradient.
///
/// **Frozen prototypes** (default): the reference hands the optimisers `T.data`, `P.data`, so
/// Adam never updates them; `trainPrototypes = true` trains them by the owning side's Adam.
///
/// DirectSpec (off by default, `DirectSpecPenalty`) adds `λ_S·R(Ē)` to a pass's loss, Ē the
/// batch's aspect means side by side (B × A·k, as the spectra are taken), rows normalised.
///
/// Each epoch: item pass (writes β samples), then user pass (writes θ samples). After
/// training: item pass → μβ, user pass → μθ, then `p^μ = softmax_a(μβ_ia · T_a)` and
/// `score(u,i) = Σ_a p^μ_ia · s(μθ_ua, μβ_ia)`.
public struct DualVAE: CornacRecommender, Sendable, Equatable, Codable {
    public struct Configuration: Codable, Sendable, Equatable {
        public var userCount: Int
        public var itemCount: Int
        public var latentDim = 20
        public var aspects = 5
        public var encoderHiddenDims = [40]
        public var decoderHiddenDims = [40]
        public var activation = Activation.tanh
        public var likelihood = Likelihood.poisson
        public var klWeight: Float = 1
        /// γ, the weight of the contrastive term.
        public var contrastiveWeight: Float = 0.01
        /// τ (hard-coded 0.2 in the reference).
        public var temperature: Float = 0.2
        public var trainPrototypes = false

        public init(userCount: Int, itemCount: Int) {
            self.userCount = userCount
            self.itemCount = itemCount
        }
    }

    /// One side's parameters (one Adam each).
    public struct Side: Trainable, Sendable, Equatable, Codable {
        public var encoder: SigmoidStdEncoder
        /// `g`: `k → … → d`, the activation after every layer (the last applied by `decode`).
        public var decoder: Perceptron
        /// Prototypes used to weight the *other* side's stored samples in this side's pass.
        public var prototypes: Matrix
        public var prototypeGradient: Matrix
        public let trainPrototypes: Bool

        /// `g(z)`: every layer's output, the last one activated too.
        func decode(_ z: Matrix) -> [Matrix] {
            var outs = decoder.forward(.dense(z))
            decoder.activation.apply(&outs[outs.count - 1])
            return outs
        }

        /// Back-propagates `∂L/∂g(z)` (overwriting the decoder's gradients); returns `∂L/∂z`.
        mutating func decodeBackward(_ z: Matrix, outputs: [Matrix], gradient: Matrix) -> Matrix {
            var g = gradient
            decoder.activation.backward(output: outputs.last!, gradient: &g)
            return decoder.backward(input: .dense(z), outputs: outputs, gradOutput: g, inputGradient: true)!
        }

        public mutating func visitParameters(_ body: (inout Matrix, Matrix) -> Void) {
            encoder.visitParameters(body)
            decoder.visitParameters(body)
            if trainPrototypes { body(&prototypes, prototypeGradient) }
        }
    }

    public static let optimizerCount = 2
    public static let itemOptimizer = 0, userOptimizer = 1

    public let configuration: Configuration
    public var user: Side
    public var item: Side
    /// Stored samples and means, one `rows × k` matrix per aspect.
    public var theta: [Matrix]
    public var beta: [Matrix]
    public var muTheta: [Matrix]
    public var muBeta: [Matrix]

    public init(_ c: Configuration, rng: inout RandomStream) {
        configuration = c
        let k = c.latentDim
        func side(_ inputs: Int, _ rng: inout RandomStream) -> Side {
            let prototypes = Initializer.kaimingUniform.make(rows: c.aspects, cols: k, fanIn: k, fanOut: c.aspects, rng: &rng)
            return Side(encoder: SigmoidStdEncoder(inputCount: inputs, hiddenDims: c.encoderHiddenDims, latentDim: k,
                                                   activation: c.activation, rng: &rng),
                        decoder: Perceptron(dims: [k] + c.decoderHiddenDims, activation: c.activation,
                                            weightInit: .kaimingUniform, biasInit: .fanInUniform, rng: &rng),
                        prototypes: prototypes, prototypeGradient: Matrix(rows: c.aspects, cols: k),
                        trainPrototypes: c.trainPrototypes)
        }
        // Prototypes U(±1/√k) (kaiming-uniform, a = √5, on the A×k tensor).
        user = side(c.itemCount, &rng)
        item = side(c.userCount, &rng)
        theta = (0..<c.aspects).map { _ in Initializer.normal(std: 0.01).make(rows: c.userCount, cols: k, fanIn: k, fanOut: k, rng: &rng) }
        beta = (0..<c.aspects).map { _ in Initializer.normal(std: 0.01).make(rows: c.itemCount, cols: k, fanIn: k, fanOut: k, rng: &rng) }
        muTheta = (0..<c.aspects).map { _ in Matrix(rows: c.userCount, cols: k) }
        muBeta = (0..<c.aspects).map { _ in Matrix(rows: c.itemCount, cols: k) }
    }

    static func path(_ s: BilateralSide) -> WritableKeyPath<DualVAE, Side> { s == .user ? \.user : \.item }
    static func opposite(_ s: BilateralSide) -> BilateralSide { s == .user ? .item : .user }
    func otherSamples(_ s: BilateralSide) -> [Matrix] { s == .user ? beta : theta }

    // MARK: Building blocks

    /// `w_na = softmax_a(O_na · prototypes_a)` over the other side's stored samples (N×A).
    public static func aspectWeights(_ samples: [Matrix], prototypes: Matrix) -> Matrix {
        let a = samples.count, n = samples[0].rows, k = samples[0].cols
        var w = Matrix(rows: n, cols: a)
        w.data.withUnsafeMutableBufferPointer { pw in
            prototypes.data.withUnsafeBufferPointer { pp in
                for asp in 0..<a {
                    samples[asp].data.withUnsafeBufferPointer { ps in
                        for r in 0..<n {
                            var s: Float = 0
                            for d in 0..<k { s += ps[r * k + d] * pp[asp * k + d] }
                            pw[r * a + asp] = s
                        }
                    }
                }
            }
            RowKernels.softmaxRows(pw, rows: n, cols: a)
        }
        return w
    }

    /// `x ⊙ w_·a`: the batch's binary rows with each column n reweighted by `w_na`.
    static func reweight(_ x: SparseMatrix, _ w: Matrix, aspect: Int) -> SparseMatrix {
        var out = x
        for t in 0..<x.values.count { out.values[t] = x.values[t] * w.data[Int(x.indices[t]) * w.cols + aspect] }
        return out
    }

    /// The other side's decoder-net outputs `g_other(O_a)` per aspect (constant in a pass).
    func otherHidden(_ s: BilateralSide) -> [Matrix] {
        let net = self[keyPath: DualVAE.path(DualVAE.opposite(s))]
        return otherSamples(s).map { net.decode($0).last! }
    }

    /// The per-aspect pair scores `act(z·Oᵀ + tanh(g(z)·Gᵀ))` (B×N), with `tanh(·)` kept
    /// (the same `FastTranscendentals` as training).
    func pairScores(z: Matrix, hidden gz: Matrix, other: Matrix, otherHidden g: Matrix) -> (s: Matrix, t: Matrix) {
        var s = BLAS.product(z, other, transposeB: true)
        var t = BLAS.product(gz, g, transposeB: true)
        let sigmoid = configuration.likelihood != .multinomial
        for i in 0..<s.count {
            t.data[i] = FastTranscendentals.tanh(t.data[i])
            s.data[i] = sigmoid ? FastTranscendentals.sigmoid(s.data[i] + t.data[i]) : s.data[i] + t.data[i]
        }
        return (s, t)
    }

    // MARK: One batch

    /// The loss of one batch of `side`'s rows (binary `x`), against the other side's stored
    /// samples; stores the gradients of that side's parameters. `otherHidden` may pass the
    /// other side's `g(O_a)` computed once per pass; `directSpec`, when given, adds its term on
    /// the batch's aspect means side by side.
    public mutating func computeGradients(_ side: BilateralSide, batch x: SparseMatrix, smoothing alpha: Float,
                                          directSpec: DirectSpecPenalty? = nil,
                                          rng: inout RandomStream, otherHidden cached: [Matrix]? = nil,
                                          scoreStore: AspectScoreStore? = nil,
                                          mechanism: inout ReconstructionMechanism?) -> LossTerms {
        let c = configuration, k = c.latentDim, a = c.aspects, b = x.rows
        let scale = 1 / Float(b)
        let other = otherSamples(side)
        let hiddenOther = cached ?? otherHidden(side)
        var net = self[keyPath: DualVAE.path(side)]
        let n = other[0].rows
        let w = DualVAE.aspectWeights(other, prototypes: net.prototypes)
        let wT = w.transposed()   // A×N: contiguous per aspect

        // Encoders and decoder nets, aspect by aspect (B×k and B×d: small).
        var inputs: [LayerInput] = [], encodings: [SigmoidStdEncoder.Encoding] = [], noise: [Matrix] = []
        var samples: [Matrix] = [], decoded: [[Matrix]] = []
        for asp in 0..<a {
            let xa = DualVAE.reweight(x, w, aspect: asp)
            let input: LayerInput = c.trainPrototypes ? .dense(xa.dense()) : .sparse(xa)
            let e = net.encoder.encode(input)
            let eps = Matrix(rows: b, cols: k, data: rng.normals(b * k))
            var z = e.mean
            for i in 0..<z.count { z.data[i] += eps.data[i] * e.std.data[i] }
            inputs.append(input); encodings.append(e); noise.append(eps); samples.append(z)
            decoded.append(net.decode(z))
        }

        // The B×N part, fused over row tiles: x̂, its likelihood gradient, neighbourhood vectors.
        var decoder = AspectMixtureDecoder(samples: samples, hidden: decoded.map { $0.last! }, other: other, otherHidden: hiddenOther,
                                           weights: wT, sigmoid: c.likelihood != .multinomial)
        if let scoreStore { decoder.store = scoreStore }
        let forward = decoder.forward(targets: x, likelihood: c.likelihood, smoothing: alpha, scale: scale, measure: mechanism != nil)
        let nll = forward.terms.map(\.loss)
        var kl: Double = 0
        for e in encodings { kl += GaussianPosterior.klStandardDeviation(mean: e.mean, std: e.std).reduce(0, +) / Double(b) }
        kl /= Double(a)
        let cl = AspectContrastiveLoss.evaluate(samples: samples, neighbours: forward.neighbours, temperature: c.temperature)
        // DirectSpec on the aspect means side by side: ∂/∂μ_a is its aspect's column block.
        var spectral: Double = 0
        var spectralGradient: Matrix? = nil
        if let directSpec {
            var g = Matrix(rows: b, cols: a * k)
            spectral = directSpec.addGradient(means: DualVAE.sideBySide(encodings.map(\.mean)), into: &g)
            spectralGradient = g
        }

        // Back through the B×N part: ∂/∂z̃_a (dot product), ∂/∂g(z̃_a) (tanh term), ∂/∂w.
        let contrastive = cl.gradNeighbours.map { g in
            var scaled = g
            for i in 0..<scaled.count { scaled.data[i] *= c.contrastiveWeight }
            return scaled
        }
        let back = decoder.backward(gradient: forward.gradient, contrastive: contrastive, targets: x, measure: mechanism != nil,
                                    prototypeGradient: c.trainPrototypes)
        if mechanism != nil {
            // Per-row gradients (the batch mean's 1/B divided out), averaged over aspects too.
            mechanism!.smallScoreCount += forward.terms.reduce(0) { $0 + $1.smallScores }
            mechanism!.scoreCount += b * n
            mechanism!.negativeGradientSum += back.negativeGradient / Double(scale)
            mechanism!.negativeCount += a * (b * n - x.nonzeroCount)
        }

        // The rest, aspect by aspect, summing the shared networks' gradients.
        var encoderGrads: [Matrix] = [], decoderGrads: [Matrix] = []
        var gw = back.weights
        for asp in 0..<a {
            // z̃ receives: the dot product, the tanh term through g(z̃), and γ·∂CL/∂z̃.
            var gz = back.samples[asp]
            let gzDecoder = net.decodeBackward(samples[asp], outputs: decoded[asp], gradient: back.hidden[asp])
            net.decoder.accumulateGradients(into: &decoderGrads)
            for i in 0..<gz.count { gz.data[i] += gzDecoder.data[i] + c.contrastiveWeight * cl.gradSamples[asp].data[i] }
            // (μ, σ) and the KL, (β_KL/A)·mean_u.
            let e = encodings[asp]
            var gMean = gz
            var gStd = Matrix(rows: b, cols: k)
            for i in 0..<gz.count { gStd.data[i] = gz.data[i] * noise[asp].data[i] }
            GaussianPosterior.klStandardDeviationGradient(mean: e.mean, std: e.std, scale: c.klWeight * scale / Float(a),
                                                          gradMean: &gMean, gradStd: &gStd)
            if let sg = spectralGradient {
                for r in 0..<b { for d in 0..<k { gMean.data[r * k + d] += sg.data[r * a * k + asp * k + d] } }
            }
            let gInput = net.encoder.backward(input: inputs[asp], encoding: e, gradMean: gMean, gradStd: gStd,
                                              inputGradient: c.trainPrototypes)
            net.encoder.network.accumulateGradients(into: &encoderGrads)
            if c.trainPrototypes, let gInput {
                // The encoder input is x_rn·w_na.
                for r in 0..<b {
                    for t in x.indptr[r]..<x.indptr[r + 1] {
                        let j = Int(x.indices[t])
                        gw.data[j * a + asp] += x.values[t] * gInput.data[r * n + j]
                    }
                }
            }
        }
        net.encoder.network.setGradients(encoderGrads)
        net.decoder.setGradients(decoderGrads)
        net.prototypeGradient = c.trainPrototypes
            ? DualVAE.prototypeGradient(weights: w, gradWeights: gw, samples: other)
            : Matrix(rows: a, cols: k)
        self[keyPath: DualVAE.path(side)] = net
        return LossTerms(nll: nll.reduce(0, +) / Double(b), kl: kl, beta: Double(c.klWeight),
                         penalty: Double(c.contrastiveWeight) * cl.loss,
                         directSpec: spectral, directSpecWeight: Double(directSpec?.weight ?? 0))
    }

    /// Back through `w = softmax_a(O_na · prototypes_a)`: `∂l_na = w_na(g_na − Σ_b w_nb g_nb)`,
    /// `∂prototypes_a = Σ_n ∂l_na · O_na`.
    static func prototypeGradient(weights w: Matrix, gradWeights gw: Matrix, samples: [Matrix]) -> Matrix {
        let n = w.rows, a = w.cols, k = samples[0].cols
        var g = Matrix(rows: a, cols: k)
        for r in 0..<n {
            var dotWG: Float = 0
            for asp in 0..<a { dotWG += w.data[r * a + asp] * gw.data[r * a + asp] }
            for asp in 0..<a {
                let gl = w.data[r * a + asp] * (gw.data[r * a + asp] - dotWG)
                for d in 0..<k { g.data[asp * k + d] += gl * samples[asp].data[r * k + d] }
            }
        }
        return g
    }

    /// Re-encodes `rows` of `side` with the current weights against the other side's stored
    /// samples: writes the fresh samples (training) or the means (`means = true`).
    public mutating func refresh(_ side: BilateralSide, rows: Range<Int>, batch x: SparseMatrix, means: Bool, rng: inout RandomStream) {
        let c = configuration, k = c.latentDim
        let net = self[keyPath: DualVAE.path(side)]
        let w = DualVAE.aspectWeights(otherSamples(side), prototypes: net.prototypes)
        let offset = rows.lowerBound * k
        for asp in 0..<c.aspects {
            let e = net.encoder.encode(.sparse(DualVAE.reweight(x, w, aspect: asp)))
            let eps = rng.normals(x.rows * k)
            for i in 0..<(x.rows * k) {
                let v = means ? e.mean.data[i] : e.mean.data[i] + eps[i] * e.std.data[i]
                switch (side, means) {
                case (.user, false): theta[asp].data[offset + i] = v
                case (.user, true): muTheta[asp].data[offset + i] = v
                case (.item, false): beta[asp].data[offset + i] = v
                case (.item, true): muBeta[asp].data[offset + i] = v
                }
            }
        }
    }

    // MARK: Epoch

    public mutating func trainEpoch(_ data: BipartiteData, smoothing alpha: Float, directSpec: DirectSpecPenalty?, batchSize: Int,
                                    optimizers: inout [Adam], rng: inout RandomStream) -> CornacEpochLoss {
        var out = CornacEpochLoss()
        let store = AspectScoreStore()   // the batches' scores, one allocation per epoch
        for side in [BilateralSide.item, .user] {
            let rowsOfSide = data.rows(of: side)
            let o = side == .item ? DualVAE.itemOptimizer : DualVAE.userOptimizer
            let spectral = directSpec.flatMap { $0.sides.includes(side) ? $0 : nil }
            // The other side's samples and decoder net are constant during this pass.
            let hidden = otherHidden(side)
            var measured: ReconstructionMechanism? = side == .user ? ReconstructionMechanism() : nil
            var avg = LossAverage()
            for batch in contiguousBatches(count: rowsOfSide.rows, batchSize: batchSize) {
                let x = rowsOfSide.rows(batch)
                avg.add(computeGradients(side, batch: x, smoothing: alpha, directSpec: spectral, rng: &rng, otherHidden: hidden,
                                         scoreStore: store, mechanism: &measured))
                optimizers[o].update(&self[keyPath: DualVAE.path(side)])
                refresh(side, rows: batch, batch: x, means: false, rng: &rng)
            }
            if side == .user { out.user = avg.mean; out.mechanism = measured! } else { out.item = avg.mean }
        }
        return out
    }

    /// Item pass against the stored θ → μβ; user pass against the stored β → μθ.
    public mutating func inferMeans(_ data: BipartiteData, batchSize: Int, rng: inout RandomStream) {
        for side in [BilateralSide.item, .user] {
            let rowsOfSide = data.rows(of: side)
            for batch in contiguousBatches(count: rowsOfSide.rows, batchSize: batchSize) {
                refresh(side, rows: batch, batch: rowsOfSide.rows(batch), means: true, rng: &rng)
            }
        }
    }

    /// `score(u,i) = Σ_a p^μ_ia · s(μθ_ua, μβ_ia)`, `p^μ = softmax_a(μβ_ia · T_a)`.
    public func scores(_ data: BipartiteData, users: Range<Int>, into scores: inout Matrix) {
        let p = DualVAE.aspectWeights(muBeta, prototypes: user.prototypes)
        let a = configuration.aspects, n = configuration.itemCount
        var out = Matrix(rows: users.count, cols: n)
        for asp in 0..<a {
            let mu = muTheta[asp].gatherRows(Array(users))
            let (s, _) = pairScores(z: mu, hidden: user.decode(mu).last!, other: muBeta[asp], otherHidden: item.decode(muBeta[asp]).last!)
            for r in 0..<users.count { for j in 0..<n { out.data[r * n + j] += p.data[j * a + asp] * s.data[r * n + j] } }
        }
        scores = out
    }
}
