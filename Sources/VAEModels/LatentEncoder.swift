import VAENumerics

/// A fold-in model's encoder seen as a map from an item row to a latent posterior, for the
/// latent-geometry diagnostics (W2 between users, neighbourhood drift under masking):
///
/// - Mult-VAE: `q(z|x) = N(μ, diag s²)`, `s = exp(½·log s²)` from the encoder's two heads;
/// - Mult-DAE: the hidden layer h as a point mass (no standard deviations), so W2 between
///   two users is ‖h_u − h_v‖.
///
/// The encoder input is what the model's own path makes of a row: `input(_:masking:…)` with
/// `keepProbability` 1 (nothing drawn) is the evaluation input; below 1 it is a training-style
/// masked input drawn from `rng`.
public protocol LatentEncoder {
    /// The masking variant the model trains with.
    var trainingMasking: InputMasking { get }
    /// Whether other variants than `trainingMasking` can be fed to the encoder.
    var acceptsOtherMaskings: Bool { get }
    /// The posterior of already prepared encoder inputs: means, and standard deviations
    /// (nil for a point encoder), both rows × latent width.
    func posterior(encoderInput: SparseMatrix) -> (mean: Matrix, sd: Matrix?)
}

extension LatentEncoder {
    /// The encoder input of raw rows `x` under `masking`: the evaluation input when
    /// `keepProbability` is 1, else masked as in training (`InputMasking.trainingInput`).
    public func input(_ x: SparseMatrix, masking: InputMasking, keepProbability: Float, rng: inout RandomStream) -> SparseMatrix {
        keepProbability >= 1 ? masking.evaluationInput(x) : masking.trainingInput(x, keepProbability: keepProbability, rng: &rng)
    }
}

extension MultVAE: LatentEncoder {
    public var trainingMasking: InputMasking { configuration.masking }
    public var acceptsOtherMaskings: Bool { true }

    public func posterior(encoderInput: SparseMatrix) -> (mean: Matrix, sd: Matrix?) {
        let k = configuration.latentDim
        let out = encoder(.sparse(encoderInput))
        var sd = out.columns(k..<(2 * k))
        for i in 0..<sd.count { sd.data[i] = _expf(0.5 * sd.data[i]) }
        return (out.columns(0..<k), sd)
    }
}

extension MultDAE: LatentEncoder {
    /// The DAE's only path: normalise, then inverted dropout (m1).
    public var trainingMasking: InputMasking { .m1 }
    public var acceptsOtherMaskings: Bool { false }

    public func posterior(encoderInput: SparseMatrix) -> (mean: Matrix, sd: Matrix?) {
        (network.forward(.sparse(encoderInput))[0], nil)
    }
}
