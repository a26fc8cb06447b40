import VAENumerics

/// Where the training mask enters Mult-VAE's input (techniques.md §3). `p` is the keep
/// probability; `m ~ Bernoulli(p)` is drawn per stored entry and update from the dropout
/// stream (one uniform each, as `InputCorruption.dropout`), and nothing is drawn when `p = 1`.
///
/// - `m1` (vae_cf): `x̃ = x/max(‖x‖₂, 1e-12)`, then `x̃ ⊙ m / p` (no longer unit-norm).
///   Evaluation input `x/‖x‖₂`.
/// - `m2`: `x_h = x ⊙ m`, then `x_h/max(‖x_h‖₂, 1e-12)` (a 1/p rescale would cancel, so
///   there is none). Evaluation input `x/‖x‖₂`.
/// - `m3`: the raw binary `x ⊙ m`, no normalisation (Cornac-style encoders). Evaluation
///   input `x`.
/// - `m3Rescaled`: `x ⊙ m / p`, no normalisation. Evaluation input `x`.
///
/// In every variant the reconstruction target stays the full x, fully masked rows are zero
/// rows (never NaN), and nothing is masked at evaluation.
public enum InputMasking: String, Codable, Sendable, CaseIterable {
    case m1
    case m2
    case m3
    case m3Rescaled = "m3-rescaled"

    /// The encoder input of a training batch.
    public func trainingInput(_ x: SparseMatrix, keepProbability p: Float, rng: inout RandomStream) -> SparseMatrix {
        switch self {
        case .m1:
            return InputCorruption.dropout(InputCorruption.normalizeRows(x), keepProbability: p, rng: &rng)
        case .m2:
            return InputCorruption.normalizeRows(InputMasking.mask(x, keepProbability: p, scale: 1, rng: &rng))
        case .m3:
            return InputMasking.mask(x, keepProbability: p, scale: 1, rng: &rng)
        case .m3Rescaled:
            return InputCorruption.dropout(x, keepProbability: p, rng: &rng)
        }
    }

    /// The encoder input for scoring: the same path with no mask.
    public func evaluationInput(_ x: SparseMatrix) -> SparseMatrix {
        switch self {
        case .m1, .m2: return InputCorruption.normalizeRows(x)
        case .m3, .m3Rescaled: return x
        }
    }

    /// Each stored entry kept with probability `p` and multiplied by `scale`, else set to an
    /// explicit zero (the sparsity pattern is unchanged).
    static func mask(_ x: SparseMatrix, keepProbability p: Float, scale: Float, rng: inout RandomStream) -> SparseMatrix {
        guard p < 1 else { return x }
        var out = x
        for k in 0..<out.values.count {
            out.values[k] = rng.nextFloat() < p ? out.values[k] * scale : 0
        }
        return out
    }
}
