import VAENumerics

/// Mult-DAE (Liang et al., WWW 2018), as in dawenl/vae_cf.
///
/// - Network `I → 200 (tanh) → I` logits; no sampling, no KL.
/// - Input: `x/‖x‖₂`, then inverted dropout with keep probability 0.5 (training only).
/// - Loss: `−mean_u Σ_i x_ui·log_softmax(logits_u)_i + lam·Σ_W ‖W‖²_F` with
///   `lam = 0.01/500 = 2e-5` on weights only (TF's `l2_regularizer` halves the squared
///   norm; vae_cf doubles it back).
/// - Weights Glorot-uniform, biases truncated normal (std 0.001).
public struct MultDAE: Trainable, Sendable, Equatable, Codable {
    public struct Configuration: Codable, Sendable, Equatable {
        public var itemCount: Int
        /// Hidden widths (vae_cf: [200]); the network is `I → hidden… → I`.
        public var hiddenDims: [Int] = [200]
        public var keepProbability: Float = 0.5
        public var weightPenalty: Float = 0.01 / 500
        public var labelSmoothing: Float = 0

        public init(itemCount: Int) { self.itemCount = itemCount }
    }

    public let configuration: Configuration
    public var network: Perceptron

    public init(_ configuration: Configuration, rng: inout RandomStream) {
        self.configuration = configuration
        network = Perceptron(dims: [configuration.itemCount] + configuration.hiddenDims + [configuration.itemCount],
                             activation: .tanhVectorised, weightInit: .glorotUniform,
                             biasInit: .truncatedNormal(std: 0.001), rng: &rng)
    }

    /// Computes the loss of one training batch and stores every parameter's gradient.
    /// (`beta` is ignored: the DAE has no KL term.) Uses fresh buffers.
    public mutating func computeGradients(batch x: SparseMatrix, beta: Float, randomness: inout RunRandomness) -> LossTerms {
        var workspace = Workspace()
        return computeGradients(batch: x, workspace: &workspace, randomness: &randomness)
    }

    /// The FoldInRecommender entry of the trainers, reusing `workspace` (no DirectSpec).
    public mutating func computeGradients(batch x: SparseMatrix, beta: Float, updatesDone: Int, directSpec: DirectSpecPenalty?,
                                          workspace: inout Workspace, randomness: inout RunRandomness) -> LossTerms {
        precondition(directSpec == nil, "MultDAE has no DirectSpec option")
        return computeGradients(batch: x, workspace: &workspace, randomness: &randomness)
    }

    /// The buffers of a training step, kept by the trainer across batches
    /// (`TrainingWorkspace`): the network's activations and inter-layer gradients, and the
    /// logits' gradient.
    public struct Workspace: TrainingWorkspace {
        var network = Perceptron.Workspace()
        var gradLogits = Matrix(rows: 0, cols: 0)

        public init() {}
    }

    /// The step itself, with its buffers in `workspace`.
    public mutating func computeGradients(batch x: SparseMatrix, workspace ws: inout Workspace, randomness: inout RunRandomness) -> LossTerms {
        let b = x.rows
        let input = LayerInput.sparse(InputCorruption.dropout(InputCorruption.normalizeRows(x),
                                                              keepProbability: configuration.keepProbability,
                                                              rng: &randomness.dropout))
        network.forward(input, into: &ws.network)
        ws.gradLogits.reshape(rows: b, cols: configuration.itemCount)
        let nll = Likelihood.multinomial.negativeLogLikelihood(
            preActivation: ws.network.outputs.last!, targets: x, smoothing: configuration.labelSmoothing,
            gradientScale: 1 / Float(b), gradient: &ws.gradLogits)
        network.backward(input: input, gradOutput: ws.gradLogits, workspace: &ws.network)

        let penalty = Double(configuration.weightPenalty) * network.weightSquaredNorm
        network.addWeightDecayGradient(2 * configuration.weightPenalty)
        return LossTerms(nll: nll.reduce(0, +) / Double(b), penalty: penalty)
    }

    /// The hidden representation of the normalised input (the DAE's "embedding").
    public func hidden(_ x: SparseMatrix) -> Matrix {
        network.forward(.sparse(InputCorruption.normalizeRows(x)))[0]
    }

    /// Scores for ranking: the logits of the normalised input (no dropout).
    public func scores(_ x: SparseMatrix, into scores: inout Matrix) {
        scores = network(.sparse(InputCorruption.normalizeRows(x)))
    }

    public mutating func visitParameters(_ body: (inout Matrix, Matrix) -> Void) {
        network.visitParameters(body)
    }
}
