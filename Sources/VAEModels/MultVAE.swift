import VAENumerics

/// Mult-VAE (Liang et al., WWW 2018), as in dawenl/vae_cf.
///
/// - Encoder `I → 600 (tanh) → 2·200`: the first 200 outputs are μ, the last 200 `log s²`.
/// - Decoder `200 → 600 (tanh) → I` logits.
/// - Input: `x/‖x‖₂`, then inverted dropout with keep probability 0.5 (training only).
/// - Sampling: `z = μ + ε ⊙ exp(½ log s²)` in training; `z = μ` for scores.
/// - Loss: `−mean_u Σ_i x_ui·log_softmax(logits_u)_i + β·mean_u KL_u + lam·Σ_W ‖W‖²_F`,
///   with the raw (unnormalised, undropped) x as target and `lam = 0` by default.
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

        public init(itemCount: Int) { self.itemCount = itemCount }
    }

    public let configuration: Configuration
    public var encoder: Perceptron
    public var decoder: Perceptron

    public init(_ configuration: Configuration, rng: inout RandomStream) {
        self.configuration = configuration
        let c = configuration
        let biasInit = Initializer.truncatedNormal(std: 0.001)
        encoder = Perceptron(dims: [c.itemCount] + c.hiddenDims + [2 * c.latentDim], activation: .tanh,
                             weightInit: .glorotUniform, biasInit: biasInit, rng: &rng)
        decoder = Perceptron(dims: [c.latentDim] + c.hiddenDims.reversed() + [c.itemCount], activation: .tanh,
                             weightInit: .glorotUniform, biasInit: biasInit, rng: &rng)
    }

    /// Computes the loss of one training batch and stores every parameter's gradient.
    public mutating func computeGradients(batch x: SparseMatrix, beta: Float, randomness: inout RunRandomness) -> LossTerms {
        let k = configuration.latentDim
        let b = x.rows
        let scale = 1 / Float(b)

        // Encoder on the normalised, dropped-out input.
        let input = LayerInput.sparse(InputCorruption.dropout(InputCorruption.normalizeRows(x),
                                                              keepProbability: configuration.keepProbability,
                                                              rng: &randomness.dropout))
        let encoded = encoder.forward(input)
        let mu = encoded.last!.columns(0..<k)
        let logVar = encoded.last!.columns(k..<(2 * k))

        // Reparameterised sample.
        let eps = Matrix(rows: b, cols: k, data: randomness.sampling.normals(b * k))
        var z = Matrix(rows: b, cols: k)
        GaussianPosterior.sample(mean: mu, logVariance: logVar, noise: eps, into: &z)

        // Decoder and multinomial likelihood of the raw x.
        let decoded = decoder.forward(.dense(z))
        var gradLogits = Matrix(rows: b, cols: configuration.itemCount)
        let nll = Likelihood.multinomial.negativeLogLikelihood(
            preActivation: decoded.last!, targets: x, smoothing: configuration.labelSmoothing,
            gradientScale: scale, gradient: &gradLogits)
        let kl = GaussianPosterior.klLogVariance(mean: mu, logVariance: logVar)

        // Backward: decoder, sample, KL, encoder.
        let gradZ = decoder.backward(input: .dense(z), outputs: decoded, gradOutput: gradLogits, inputGradient: true)!
        var gradMu = Matrix(rows: b, cols: k)
        var gradLogVar = Matrix(rows: b, cols: k)
        GaussianPosterior.sampleBackward(logVariance: logVar, noise: eps, gradZ: gradZ, gradMean: &gradMu, gradLogVariance: &gradLogVar)
        GaussianPosterior.klLogVarianceGradient(mean: mu, logVariance: logVar, scale: beta * scale,
                                                gradMean: &gradMu, gradLogVariance: &gradLogVar)
        encoder.backward(input: input, outputs: encoded, gradOutput: MultVAE.concatenateColumns(gradMu, gradLogVar))

        var penalty: Double = 0
        if configuration.weightPenalty > 0 {
            penalty = Double(configuration.weightPenalty) * (encoder.weightSquaredNorm + decoder.weightSquaredNorm)
            encoder.addWeightDecayGradient(2 * configuration.weightPenalty)
            decoder.addWeightDecayGradient(2 * configuration.weightPenalty)
        }
        return LossTerms(nll: nll.reduce(0, +) / Double(b), kl: kl.reduce(0, +) / Double(b),
                         beta: Double(beta), penalty: penalty)
    }

    /// Posterior means μ of the normalised input rows (no dropout).
    public func latentMeans(_ x: SparseMatrix) -> Matrix {
        encoder(.sparse(InputCorruption.normalizeRows(x))).columns(0..<configuration.latentDim)
    }

    /// Scores for ranking: the decoder's logits at `z = μ`, written into `scores`
    /// (`x.rows × itemCount`).
    public func scores(_ x: SparseMatrix, into scores: inout Matrix) {
        scores = decoder(.dense(latentMeans(x)))
    }

    public mutating func visitParameters(_ body: (inout Matrix, Matrix) -> Void) {
        encoder.visitParameters(body)
        decoder.visitParameters(body)
    }

    static func concatenateColumns(_ a: Matrix, _ b: Matrix) -> Matrix {
        precondition(a.rows == b.rows)
        var out = Matrix(rows: a.rows, cols: a.cols + b.cols)
        for r in 0..<a.rows {
            for j in 0..<a.cols { out[r, j] = a[r, j] }
            for j in 0..<b.cols { out[r, a.cols + j] = b[r, j] }
        }
        return out
    }
}
