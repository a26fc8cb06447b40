import VAENumerics

/// BiVAE (Truong et al., WSDM 2021), as Cornac's `bivaecf` (models.md §4).
///
/// Two encoders, one per side, each `N → 40 (tanh) → μ, σ = sigmoid(·)`, read binary rows
/// (users' item rows; items' user rows, the transposed matrix). The decoder has no
/// parameters: `x̂_ui = sigmoid(θ_u · β_i)`. The model keeps stored samples θ (U×k), β (I×k)
/// and stored means μθ, μβ.
///
/// The loss of a batch B of one side, against the other side's stored samples O (constant):
///
/// ```
/// L = mean_{r∈B} [ β_KL · Σ_k ½(−1 − 2 log σ_rk + (μ_rk − m_rk)² + σ_rk²) − Σ_n ll(ỹ_rn, sigmoid(z̃_r · O_n)) ]
/// z̃ = μ + ε ⊙ σ,   ỹ = (1 − α)·y + α/2,   m = 0 or CAP's Linear(features → k)
/// ```
///
/// DirectSpec (off by default, `DirectSpecPenalty`) adds `λ_S·R(Ē)` of the batch's
/// row-normalised means μ to a pass's loss, on the sides it names.
///
/// Each epoch: the item pass (contiguous item batches; per batch: loss against θ, item-Adam
/// step, re-encode with fresh noise and write β and μβ), then the user pass (mirror, against
/// the β just written; user Adam). Gradients never cross sides. After the last epoch the
/// means are re-encoded (items, then users). Scores: `sigmoid(μθ_u · μβ_i)`.
public struct BiVAE: CornacRecommender, Sendable, Equatable, Codable {
    public struct Configuration: Codable, Sendable, Equatable {
        public var userCount: Int
        public var itemCount: Int
        public var latentDim = 20
        public var hiddenDims = [40]
        public var activation = Activation.tanh
        public var likelihood = Likelihood.poisson
        public var klWeight: Float = 1
        /// Feature sizes of the constrained adaptive priors (CAP); nil = standard normal prior.
        public var userFeatureCount: Int? = nil
        public var itemFeatureCount: Int? = nil

        public init(userCount: Int, itemCount: Int) {
            self.userCount = userCount
            self.itemCount = itemCount
        }
    }

    /// One side's trainable parameters (one Adam each): the encoder and, with CAP, the
    /// prior-mean layer.
    public struct Side: Trainable, Sendable, Equatable, Codable {
        public var encoder: SigmoidStdEncoder
        public var prior: Dense?

        public mutating func visitParameters(_ body: (inout Matrix, Matrix) -> Void) {
            encoder.visitParameters(body)
            if prior != nil {
                body(&prior!.weight, prior!.weightGradient)
                body(&prior!.bias, prior!.biasGradient)
            }
        }
    }

    public static let optimizerCount = 2
    /// Indices into `optimizers`.
    public static let itemOptimizer = 0, userOptimizer = 1

    public let configuration: Configuration
    public var user: Side
    public var item: Side
    /// Stored samples and means.
    public var theta: Matrix
    public var beta: Matrix
    public var muTheta: Matrix
    public var muBeta: Matrix

    public init(_ c: Configuration, rng: inout RandomStream) {
        configuration = c
        let k = c.latentDim
        // θ: kaiming-uniform(a=√5) on the U×k tensor = U(±1/√k); the first item pass decodes
        // against it. β: randn·0.01, overwritten before it is read.
        theta = Initializer.kaimingUniform.make(rows: c.userCount, cols: k, fanIn: k, fanOut: c.userCount, rng: &rng)
        beta = Initializer.normal(std: 0.01).make(rows: c.itemCount, cols: k, fanIn: k, fanOut: c.itemCount, rng: &rng)
        muTheta = Matrix(rows: c.userCount, cols: k)
        muBeta = Matrix(rows: c.itemCount, cols: k)
        func side(_ inputs: Int, _ features: Int?, _ rng: inout RandomStream) -> Side {
            Side(encoder: SigmoidStdEncoder(inputCount: inputs, hiddenDims: c.hiddenDims, latentDim: k, activation: c.activation, rng: &rng),
                 prior: features.map { Dense(fanIn: $0, fanOut: k, weightInit: .kaimingUniform, biasInit: .fanInUniform, rng: &rng) })
        }
        user = side(c.itemCount, c.userFeatureCount, &rng)
        item = side(c.userCount, c.itemFeatureCount, &rng)
    }

    static func path(_ s: BilateralSide) -> WritableKeyPath<BiVAE, Side> { s == .user ? \.user : \.item }

    /// The other side's stored samples, the constant a pass decodes against.
    func otherSamples(_ s: BilateralSide) -> Matrix { s == .user ? beta : theta }

    // MARK: One batch

    /// The loss of one batch of `side`'s rows `rows` (binary `x`, its targets too) against the
    /// other side's stored samples; stores the gradients of that side's parameters.
    /// `mechanism`, when given, accumulates the reconstruction-gradient measures; `directSpec`,
    /// when given, adds its term on the batch's means (whatever its `sides`: the caller picks).
    public mutating func computeGradients(_ side: BilateralSide, rows: Range<Int>, batch x: SparseMatrix, features: Matrix?,
                                          smoothing alpha: Float, directSpec: DirectSpecPenalty? = nil, rng: inout RandomStream,
                                          mechanism: inout ReconstructionMechanism?) -> LossTerms {
        let c = configuration, k = c.latentDim, b = x.rows
        let scale = 1 / Float(b)
        let other = otherSamples(side)
        var net = self[keyPath: BiVAE.path(side)]

        let e = net.encoder.encode(.sparse(x))
        let eps = Matrix(rows: b, cols: k, data: rng.normals(b * k))
        let z = sample(e, eps)

        // Decoder and reconstruction, fused over row tiles: h = z̃ · Oᵀ, x̂ = sigmoid(h) (softmax
        // for mult), the likelihood's gradient, and back to ∂L/∂z̃ = (∂L/∂h) · O.
        let (nll, gz) = InnerProductReconstruction.evaluate(z: z, other: other, targets: x, likelihood: c.likelihood,
                                                            smoothing: alpha, gradientScale: scale, mechanism: &mechanism)

        // Prior mean (CAP) and KL.
        let featureRows = features.map { f in f.gatherRows(Array(rows)) }
        var priorMean: Matrix? = nil
        if let p = net.prior, let f = featureRows {
            var m = Matrix(rows: b, cols: k)
            p.forward(f, into: &m)
            priorMean = m
        }
        let kl = GaussianPosterior.klStandardDeviation(mean: e.mean, std: e.std, priorMean: priorMean)

        // Backward: z̃ → (μ, σ); KL; encoder; CAP prior.
        var gMean = gz
        var gStd = Matrix(rows: b, cols: k)
        for i in 0..<gz.count { gStd.data[i] = gz.data[i] * eps.data[i] }
        GaussianPosterior.klStandardDeviationGradient(mean: e.mean, std: e.std, priorMean: priorMean, scale: c.klWeight * scale,
                                                      gradMean: &gMean, gradStd: &gStd)
        let spectral = directSpec?.addGradient(means: e.mean, into: &gMean) ?? 0
        net.encoder.backward(input: .sparse(x), encoding: e, gradMean: gMean, gradStd: gStd)
        if let m = priorMean, let f = featureRows {
            // ∂KL/∂m = −(μ − m), weighted like the KL.
            var gm = Matrix(rows: b, cols: k)
            for i in 0..<gm.count { gm.data[i] = -c.klWeight * scale * (e.mean.data[i] - m.data[i]) }
            net.prior!.backward(input: f, gradOutput: gm)
        }
        self[keyPath: BiVAE.path(side)] = net
        return LossTerms(nll: nll.reduce(0, +) / Double(b), kl: kl.reduce(0, +) / Double(b), beta: Double(c.klWeight),
                         directSpec: spectral, directSpecWeight: Double(directSpec?.weight ?? 0))
    }

    func sample(_ e: SigmoidStdEncoder.Encoding, _ eps: Matrix) -> Matrix {
        var z = e.mean
        for i in 0..<z.count { z.data[i] += eps.data[i] * e.std.data[i] }
        return z
    }

    /// Re-encodes `rows` of `side` with the current weights: writes a fresh sample into the
    /// stored samples (when `storeSample`) and the mean into the stored means.
    public mutating func refresh(_ side: BilateralSide, rows: Range<Int>, batch x: SparseMatrix, storeSample: Bool,
                                 rng: inout RandomStream) {
        let k = configuration.latentDim
        let e = self[keyPath: BiVAE.path(side)].encoder.encode(.sparse(x))
        let z = sample(e, Matrix(rows: x.rows, cols: k, data: rng.normals(x.rows * k)))
        let offset = rows.lowerBound * k
        for i in 0..<(x.rows * k) {
            switch side {
            case .user:
                if storeSample { theta.data[offset + i] = z.data[i] }
                muTheta.data[offset + i] = e.mean.data[i]
            case .item:
                if storeSample { beta.data[offset + i] = z.data[i] }
                muBeta.data[offset + i] = e.mean.data[i]
            }
        }
    }

    // MARK: Epoch

    public mutating func trainEpoch(_ data: BipartiteData, smoothing alpha: Float, directSpec: DirectSpecPenalty?, batchSize: Int,
                                    optimizers: inout [Adam], rng: inout RandomStream) -> CornacEpochLoss {
        var out = CornacEpochLoss()
        for side in [BilateralSide.item, .user] {
            let rowsOfSide = data.rows(of: side)
            let o = side == .item ? BiVAE.itemOptimizer : BiVAE.userOptimizer
            let spectral = directSpec.flatMap { $0.sides.includes(side) ? $0 : nil }
            var avg = LossAverage()
            // The mechanism is measured on the user pass (the orientation that is scored).
            var measured: ReconstructionMechanism? = side == .user ? ReconstructionMechanism() : nil
            for batch in contiguousBatches(count: rowsOfSide.rows, batchSize: batchSize) {
                let x = rowsOfSide.rows(batch)
                let loss = computeGradients(side, rows: batch, batch: x, features: data.features(of: side), smoothing: alpha,
                                            directSpec: spectral, rng: &rng, mechanism: &measured)
                optimizers[o].update(&self[keyPath: BiVAE.path(side)])
                refresh(side, rows: batch, batch: x, storeSample: true, rng: &rng)
                avg.add(loss)
            }
            if side == .user { out.user = avg.mean; out.mechanism = measured! } else { out.item = avg.mean }
        }
        return out
    }

    /// Re-encodes every item, then every user, overwriting the means only.
    public mutating func inferMeans(_ data: BipartiteData, batchSize: Int, rng: inout RandomStream) {
        for side in [BilateralSide.item, .user] {
            let rowsOfSide = data.rows(of: side)
            for batch in contiguousBatches(count: rowsOfSide.rows, batchSize: batchSize) {
                refresh(side, rows: batch, batch: rowsOfSide.rows(batch), storeSample: false, rng: &rng)
            }
        }
    }

    /// `sigmoid(μθ_u · μβ_i)` for every item.
    public func scores(_ data: BipartiteData, users: Range<Int>, into scores: inout Matrix) {
        let mu = muTheta.gatherRows(Array(users))
        scores = BLAS.product(mu, muBeta, transposeB: true)
        Activation.sigmoid.apply(&scores)
    }
}
