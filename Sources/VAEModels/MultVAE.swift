import VAENumerics

/// Mult-VAE (Liang et al., WWW 2018), as in dawenl/vae_cf.
///
/// - Encoder `I → 600 (tanh) → 2·200`: the first 200 outputs are μ, the last 200 `log s²`.
/// - Decoder `200 → 600 (tanh) → I` logits.
/// - Input: `x/‖x‖₂`, then inverted dropout with keep probability 0.5 (training only);
///   other masking variants via `masking` (`InputMasking`: m1 = vae_cf, m2, m3, m3-rescaled).
/// - Sampling: `z = μ + ε ⊙ exp(½ log s²)` in training; `z = μ` for scores.
/// - Loss: `−mean_u Σ_i x_ui·log_softmax(logits_u)_i + β·mean_u KL_u + lam·Σ_W ‖W‖²_F`,
///   with the raw (unnormalised, undropped) x as target and `lam = 0` by default.
/// - PIA (arXiv 2511.06781), off by default: `+ λ_A(t)·mean_u L_A(u)` with
///   `L_A(u) = ‖μ − ē‖² + Σ_k s_k² + (1/|S_u|)Σ_{i∈S_u}‖e_i − ē‖²` (`AnchorTable`), `S_u`
///   the positives of the full x, `λ_A(t) = λ_A·min(1, t/T)` over updates (T = 0: constant).
///   The anchor table is the last parameter visited and is never used for scoring.
/// - DirectSpec, off by default: `+ λ_S·R(Ē)`, Ē the batch's latent means μ (of the masked
///   input) with rows normalised (`DirectSpecPenalty`), passed per update by the trainer.
/// - Weights Glorot-uniform, biases truncated normal (std 0.001).
public struct MultVAE: Trainable, Sendable, Equatable, Codable {
    public struct Configuration: Codable, Sendable, Equatable {
        public var itemCount: Int
        /// Hidden widths between input and latent (vae_cf: [600]); the decoder mirrors them.
        public var hiddenDims: [Int] = [600]
        public var latentDim: Int = 200
        /// Dropout keep probability on the normalised input (TF's `keep_prob`).
        public var keepProbability: Float = 0.5
        /// Weight penalty `lam` in `lam·Σ‖W‖²` (0 for the VAE).
        public var weightPenalty: Float = 0
        /// Label smoothing α of the reconstruction target (0 = off).
        public var labelSmoothing: Float = 0
        /// Where the training mask enters the input (m1 = vae_cf).
        public var masking: InputMasking = .m1
        /// PIA anchor weight λ_A (0 = no anchor table, the model of before).
        public var anchorWeight: Float = 0
        /// Updates of the linear λ_A warm-up, `λ_A·min(1, t/T)` (0 = constant λ_A).
        public var anchorWarmupSteps: Int = 0
        /// Initialisation of the anchor table.
        public var anchorInit: AnchorInit = .normal

        public init(itemCount: Int) { self.itemCount = itemCount }

        enum CodingKeys: String, CodingKey {
            case itemCount, hiddenDims, latentDim, keepProbability, weightPenalty, labelSmoothing
            case masking, anchorWeight, anchorWarmupSteps, anchorInit
        }

        // Settings added later decode to their defaults, so older checkpoints still load.
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            itemCount = try c.decode(Int.self, forKey: .itemCount)
            hiddenDims = try c.decode([Int].self, forKey: .hiddenDims)
            latentDim = try c.decode(Int.self, forKey: .latentDim)
            keepProbability = try c.decode(Float.self, forKey: .keepProbability)
            weightPenalty = try c.decode(Float.self, forKey: .weightPenalty)
            labelSmoothing = try c.decode(Float.self, forKey: .labelSmoothing)
            masking = try c.decodeIfPresent(InputMasking.self, forKey: .masking) ?? .m1
            anchorWeight = try c.decodeIfPresent(Float.self, forKey: .anchorWeight) ?? 0
            anchorWarmupSteps = try c.decodeIfPresent(Int.self, forKey: .anchorWarmupSteps) ?? 0
            anchorInit = try c.decodeIfPresent(AnchorInit.self, forKey: .anchorInit) ?? .normal
        }

        /// `λ_A(t)` for the update that follows `updatesDone` earlier ones.
        public func anchorWeight(updatesDone t: Int) -> Float {
            guard anchorWarmupSteps > 0 else { return anchorWeight }
            return anchorWeight * min(1, Float(t) / Float(anchorWarmupSteps))
        }
    }

    public let configuration: Configuration
    public var encoder: Perceptron
    public var decoder: Perceptron
    /// PIA anchors (training only); nil when `anchorWeight` is 0.
    public var anchors: AnchorTable?

    public init(_ configuration: Configuration, rng: inout RandomStream) {
        self.configuration = configuration
        let c = configuration
        let biasInit = Initializer.truncatedNormal(std: 0.001)
        encoder = Perceptron(dims: [c.itemCount] + c.hiddenDims + [2 * c.latentDim], activation: .tanhVectorised,
                             weightInit: .glorotUniform, biasInit: biasInit, rng: &rng)
        decoder = Perceptron(dims: [c.latentDim] + c.hiddenDims.reversed() + [c.itemCount], activation: .tanhVectorised,
                             weightInit: .glorotUniform, biasInit: biasInit, rng: &rng)
        // Drawn after the networks, so λ_A = 0 leaves every other draw unchanged.
        if c.anchorWeight > 0 {
            anchors = AnchorTable(itemCount: c.itemCount, latentDim: c.latentDim, initialization: c.anchorInit, rng: &rng)
        }
    }

    /// Computes the loss of one training batch and stores every parameter's gradient, with
    /// the constant (fully warmed-up) anchor weight.
    public mutating func computeGradients(batch x: SparseMatrix, beta: Float, randomness: inout RunRandomness) -> LossTerms {
        computeGradients(batch: x, beta: beta, anchorWeight: configuration.anchorWeight, randomness: &randomness)
    }

    /// The same, with the anchor weight of the warm-up schedule after `updatesDone` updates.
    public mutating func computeGradients(batch x: SparseMatrix, beta: Float, updatesDone: Int, randomness: inout RunRandomness) -> LossTerms {
        computeGradients(batch: x, beta: beta, anchorWeight: configuration.anchorWeight(updatesDone: updatesDone), randomness: &randomness)
    }

    /// The same, with the DirectSpec term on the batch's latent means when `directSpec` is
    /// given (its `sides` must include users: Mult-VAE has no item posterior).
    public mutating func computeGradients(batch x: SparseMatrix, beta: Float, updatesDone: Int, directSpec: DirectSpecPenalty?,
                                          randomness: inout RunRandomness) -> LossTerms {
        computeGradients(batch: x, beta: beta, anchorWeight: configuration.anchorWeight(updatesDone: updatesDone),
                         directSpec: directSpec, randomness: &randomness)
    }

    /// The same, reusing `workspace`'s buffers (the FoldInRecommender entry of the trainers).
    public mutating func computeGradients(batch x: SparseMatrix, beta: Float, updatesDone: Int, directSpec: DirectSpecPenalty?,
                                          workspace: inout Workspace, randomness: inout RunRandomness) -> LossTerms {
        computeGradients(batch: x, beta: beta, anchorWeight: configuration.anchorWeight(updatesDone: updatesDone),
                         directSpec: directSpec, workspace: &workspace, randomness: &randomness)
    }

    /// The loss of one batch with KL weight `beta`, anchor weight `anchorWeight` (λ_A(t);
    /// ignored without an anchor table) and, when given, DirectSpec on the latent means;
    /// stores every parameter's gradient. Uses fresh buffers.
    public mutating func computeGradients(batch x: SparseMatrix, beta: Float, anchorWeight: Float, directSpec: DirectSpecPenalty? = nil,
                                          randomness: inout RunRandomness) -> LossTerms {
        var workspace = Workspace()
        return computeGradients(batch: x, beta: beta, anchorWeight: anchorWeight, directSpec: directSpec,
                                workspace: &workspace, randomness: &randomness)
    }

    /// The buffers of a training step, kept by the trainer across batches
    /// (`TrainingWorkspace`): both networks' activations and inter-layer gradients, the
    /// logits' gradient (each of the two logits-sized buffers is B × I, 40 MB at ML-20M's
    /// shapes) and the latent gradients.
    public struct Workspace: TrainingWorkspace {
        var encoder = Perceptron.Workspace()
        var decoder = Perceptron.Workspace()
        var z = Matrix(rows: 0, cols: 0)
        var gradLogits = Matrix(rows: 0, cols: 0)
        var gradMu = Matrix(rows: 0, cols: 0)
        var gradLogVar = Matrix(rows: 0, cols: 0)
        var gradEncoded = Matrix(rows: 0, cols: 0)

        public init() {}
    }

    /// The step itself, with its buffers in `workspace`.
    public mutating func computeGradients(batch x: SparseMatrix, beta: Float, anchorWeight: Float, directSpec: DirectSpecPenalty? = nil,
                                          workspace ws: inout Workspace, randomness: inout RunRandomness) -> LossTerms {
        precondition(directSpec.map { $0.sides.includes(.user) } ?? true, "Mult-VAE's DirectSpec acts on the user side (latent means) only")
        let k = configuration.latentDim
        let b = x.rows
        let scale = 1 / Float(b)

        // Encoder on the masked input (m1: normalised, then dropped out).
        let input = LayerInput.sparse(configuration.masking.trainingInput(x, keepProbability: configuration.keepProbability,
                                                                          rng: &randomness.dropout))
        encoder.forward(input, into: &ws.encoder)
        let mu = ws.encoder.outputs.last!.columns(0..<k)
        let logVar = ws.encoder.outputs.last!.columns(k..<(2 * k))

        // Reparameterised sample.
        let eps = Matrix(rows: b, cols: k, data: randomness.sampling.normals(b * k))
        ws.z.reshape(rows: b, cols: k)
        GaussianPosterior.sample(mean: mu, logVariance: logVar, noise: eps, into: &ws.z)

        // Decoder and multinomial likelihood of the raw x.
        decoder.forward(.dense(ws.z), into: &ws.decoder)
        ws.gradLogits.reshape(rows: b, cols: configuration.itemCount)
        let nll = Likelihood.multinomial.negativeLogLikelihood(
            preActivation: ws.decoder.outputs.last!, targets: x, smoothing: configuration.labelSmoothing,
            gradientScale: scale, gradient: &ws.gradLogits)
        let kl = GaussianPosterior.klLogVariance(mean: mu, logVariance: logVar)

        // Backward: decoder, sample, KL, encoder.
        decoder.backward(input: .dense(ws.z), gradOutput: ws.gradLogits, inputGradient: true, workspace: &ws.decoder)
        ws.gradMu.reshape(rows: b, cols: k)
        ws.gradMu.fill(0)
        ws.gradLogVar.reshape(rows: b, cols: k)
        ws.gradLogVar.fill(0)
        GaussianPosterior.sampleBackward(logVariance: logVar, noise: eps, gradZ: ws.decoder.inputGradient,
                                         gradMean: &ws.gradMu, gradLogVariance: &ws.gradLogVar)
        GaussianPosterior.klLogVarianceGradient(mean: mu, logVariance: logVar, scale: beta * scale,
                                                gradMean: &ws.gradMu, gradLogVariance: &ws.gradLogVar)
        // PIA: anchors of the full x's positives, closed form (no sampling).
        var anchorLoss: Double = 0
        if anchors != nil {
            let la = anchors!.lossAndGradients(positives: x, mean: mu, logVariance: logVar, scale: anchorWeight * scale,
                                               gradMean: &ws.gradMu, gradLogVariance: &ws.gradLogVar)
            anchorLoss = la.reduce(0, +) / Double(b)
        }
        let spectral = directSpec?.addGradient(means: mu, into: &ws.gradMu) ?? 0
        MultVAE.concatenateColumns(ws.gradMu, ws.gradLogVar, into: &ws.gradEncoded)
        encoder.backward(input: input, gradOutput: ws.gradEncoded, workspace: &ws.encoder)

        var penalty: Double = 0
        if configuration.weightPenalty > 0 {
            penalty = Double(configuration.weightPenalty) * (encoder.weightSquaredNorm + decoder.weightSquaredNorm)
            encoder.addWeightDecayGradient(2 * configuration.weightPenalty)
            decoder.addWeightDecayGradient(2 * configuration.weightPenalty)
        }
        return LossTerms(nll: nll.reduce(0, +) / Double(b), kl: kl.reduce(0, +) / Double(b),
                         beta: Double(beta), penalty: penalty,
                         anchor: anchorLoss, anchorWeight: anchors == nil ? 0 : Double(anchorWeight),
                         directSpec: spectral, directSpecWeight: Double(directSpec?.weight ?? 0))
    }

    /// Posterior means μ of the unmasked input rows (m1, m2: normalised; m3: raw).
    public func latentMeans(_ x: SparseMatrix) -> Matrix {
        encoder(.sparse(configuration.masking.evaluationInput(x))).columns(0..<configuration.latentDim)
    }

    /// Scores for ranking: the decoder's logits at `z = μ`, written into `scores`
    /// (`x.rows × itemCount`).
    public func scores(_ x: SparseMatrix, into scores: inout Matrix) {
        scores = decoder(.dense(latentMeans(x)))
    }

    public mutating func visitParameters(_ body: (inout Matrix, Matrix) -> Void) {
        encoder.visitParameters(body)
        decoder.visitParameters(body)
        // Last, so the optimiser's slots of the networks keep their positions.
        if anchors != nil { body(&anchors!.table, anchors!.gradient) }
    }

    /// `out ← [a b]` (reshaped to `a.rows × (a.cols + b.cols)`).
    static func concatenateColumns(_ a: Matrix, _ b: Matrix, into out: inout Matrix) {
        precondition(a.rows == b.rows)
        out.reshape(rows: a.rows, cols: a.cols + b.cols)
        for r in 0..<a.rows {
            for j in 0..<a.cols { out[r, j] = a[r, j] }
            for j in 0..<b.cols { out[r, a.cols + j] = b[r, j] }
        }
    }
}
