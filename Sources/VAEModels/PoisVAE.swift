import VAENumerics

/// PoisVAE: Cornac's VAECF with a chosen likelihood (models.md §3; identifying the LS paper's
/// "PoisVAE" with it is inferred).
///
/// - Encoder `I → h (act) → … → [μ | log s²]` on the raw binary row (no normalisation, no
///   dropout); decoder mirrors it, `k → h (act) → … → I`, raw last layer.
/// - Output `x̂ = sigmoid(logits)` for pois/bern/gaus, `softmax` for mult.
/// - Training sample `z = μ + ε ⊙ exp(½ log s²)`; scores decode `z = μ`.
/// - Loss `mean_u [β·KL_u − Σ_i ll(ỹ_ui, x̂_ui)]`, β fixed, `ỹ = (1 − α)·y + α/2`.
/// - One Adam; users visited in ascending index, contiguous batches, no shuffle.
/// - PyTorch Linear default init (`U(±1/√fan_in)` for weights and biases).
public struct PoisVAE: CornacRecommender, Trainable, Sendable, Equatable, Codable {
    public struct Configuration: Codable, Sendable, Equatable {
        public var itemCount: Int
        public var latentDim = 20
        public var hiddenDims = [40]
        public var activation = Activation.tanh
        public var likelihood = Likelihood.poisson
        public var klWeight: Float = 1
        /// Used by the strong-generalisation path (`FoldInRecommender`) only; the Cornac
        /// trainer passes α per epoch.
        public var labelSmoothing: Float = 0

        public init(itemCount: Int) { self.itemCount = itemCount }
    }

    public static let optimizerCount = 1

    public let configuration: Configuration
    public var encoder: Perceptron
    public var decoder: Perceptron

    public init(_ c: Configuration, rng: inout RandomStream) {
        configuration = c
        encoder = Perceptron(dims: [c.itemCount] + c.hiddenDims + [2 * c.latentDim], activation: c.activation,
                             weightInit: .kaimingUniform, biasInit: .fanInUniform, rng: &rng)
        decoder = Perceptron(dims: [c.latentDim] + c.hiddenDims.reversed() + [c.itemCount], activation: c.activation,
                             weightInit: .kaimingUniform, biasInit: .fanInUniform, rng: &rng)
    }

    /// Loss of one batch of binary user rows `x`; stores every parameter's gradient.
    public mutating func computeGradients(batch x: SparseMatrix, smoothing alpha: Float, beta: Float, rng: inout RandomStream,
                                          mechanism: inout ReconstructionMechanism?) -> LossTerms {
        let k = configuration.latentDim, b = x.rows
        let scale = 1 / Float(b)
        let input = LayerInput.sparse(x)
        let encoded = encoder.forward(input)
        let mu = encoded.last!.columns(0..<k)
        let logVar = encoded.last!.columns(k..<(2 * k))
        let eps = Matrix(rows: b, cols: k, data: rng.normals(b * k))
        var z = Matrix(rows: b, cols: k)
        GaussianPosterior.sample(mean: mu, logVariance: logVar, noise: eps, into: &z)

        let decoded = decoder.forward(.dense(z))
        var gLogits = Matrix(rows: b, cols: configuration.itemCount)
        let nll = configuration.likelihood.negativeLogLikelihood(preActivation: decoded.last!, targets: x, smoothing: alpha,
                                                                 multinomialForm: .softmaxPlusEps, gradientScale: scale,
                                                                 gradient: &gLogits, mechanism: &mechanism)
        let kl = GaussianPosterior.klLogVariance(mean: mu, logVariance: logVar)

        let gz = decoder.backward(input: .dense(z), outputs: decoded, gradOutput: gLogits, inputGradient: true)!
        var gMu = Matrix(rows: b, cols: k), gLogVar = Matrix(rows: b, cols: k)
        GaussianPosterior.sampleBackward(logVariance: logVar, noise: eps, gradZ: gz, gradMean: &gMu, gradLogVariance: &gLogVar)
        GaussianPosterior.klLogVarianceGradient(mean: mu, logVariance: logVar, scale: beta * scale, gradMean: &gMu, gradLogVariance: &gLogVar)
        var g = Matrix(rows: b, cols: 2 * k)
        for r in 0..<b {
            for j in 0..<k {
                g.data[r * 2 * k + j] = gMu.data[r * k + j]
                g.data[r * 2 * k + k + j] = gLogVar.data[r * k + j]
            }
        }
        encoder.backward(input: input, outputs: encoded, gradOutput: g)
        return LossTerms(nll: nll.reduce(0, +) / Double(b), kl: kl.reduce(0, +) / Double(b), beta: Double(beta))
    }

    /// `x̂` from the decoder's logits: sigmoid, or softmax for mult.
    func output(_ logits: Matrix) -> Matrix {
        var x = logits
        if configuration.likelihood == .multinomial {
            x.data.withUnsafeMutableBufferPointer { RowKernels.softmaxRows($0, rows: logits.rows, cols: logits.cols) }
        } else {
            Activation.sigmoid.apply(&x)
        }
        return x
    }

    public mutating func trainEpoch(_ data: BipartiteData, smoothing alpha: Float, directSpec: DirectSpecPenalty?, batchSize: Int,
                                    optimizers: inout [Adam], rng: inout RandomStream) -> CornacEpochLoss {
        precondition(directSpec == nil, "PoisVAE has no DirectSpec option")
        var avg = LossAverage()
        var measured: ReconstructionMechanism? = ReconstructionMechanism()
        for batch in contiguousBatches(count: data.userCount, batchSize: batchSize) {
            avg.add(computeGradients(batch: data.userRows.rows(batch), smoothing: alpha, beta: configuration.klWeight,
                                     rng: &rng, mechanism: &measured))
            optimizers[0].update(&self)
        }
        var out = CornacEpochLoss()
        out.user = avg.mean
        out.mechanism = measured!
        return out
    }

    /// Nothing is stored: scores encode the rows directly.
    public mutating func inferMeans(_ data: BipartiteData, batchSize: Int, rng: inout RandomStream) {}

    /// `x̂` decoded from `z = μ` of each user's training row.
    public func scores(_ data: BipartiteData, users: Range<Int>, into scores: inout Matrix) {
        self.scores(data.userRows.rows(users), into: &scores)
    }

    public mutating func visitParameters(_ body: (inout Matrix, Matrix) -> Void) {
        encoder.visitParameters(body)
        decoder.visitParameters(body)
    }
}

extension PoisVAE: FoldInRecommender {
    /// The strong-generalisation path: the vae_cf loop's β and sampling stream, the
    /// configuration's constant α.
    public mutating func computeGradients(batch x: SparseMatrix, beta: Float, randomness: inout RunRandomness) -> LossTerms {
        var none: ReconstructionMechanism? = nil
        return computeGradients(batch: x, smoothing: configuration.labelSmoothing, beta: beta, rng: &randomness.sampling, mechanism: &none)
    }

    /// `x̂` decoded from `z = μ` of the raw binary rows.
    public func scores(_ x: SparseMatrix, into scores: inout Matrix) {
        var binary = x
        binary.values = [Float](repeating: 1, count: x.values.count)
        let mu = encoder(.sparse(binary)).columns(0..<configuration.latentDim)
        scores = output(decoder(.dense(mu)))
    }
}
