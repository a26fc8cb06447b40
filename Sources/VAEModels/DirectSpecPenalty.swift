import VAENumerics

/// DirectSpec (Peng et al., arXiv 2406.12032) as a training option of the VAEs: a
/// spectrum-balancing regulariser on each batch's posterior means (techniques.md §5, "as an
/// optional regularizer in the harness" [our design]). A batch's loss gains
///
///     λ_S · R(Ē),   Ē = the batch's posterior means μ (B × d), each row L2-normalised,
///
/// with R one of `DirectSpecRegularizer`'s forms:
/// - `softmax` (uniformity): `R = (1/τ)·mean_j log Σ_l exp(τ·ē_jᵀē_l)`, whose gradient
///   `(W + Wᵀ)Ē/B`, `W = softmax_row(τ·ĒĒᵀ)`, is the official filter's `W·Ē` and its transpose;
/// - `cubic` (decorrelation): `R = ¼‖ĒᵀĒ‖_F²/B²`, whose gradient `Ē·ĒᵀĒ/B²` is the cubic
///   all-pass filter's `E·Eᵀ·E`: a gradient step of size α·B² maps each singular value σ of
///   Ē to σ(1 − α·σ²), the largest shrinking most.
///
/// The gradient reaches the encoder through μ only:
/// `∂(λ_S·R)/∂μ = λ_S · RowNormalization.backward(∂R/∂Ē)`; the variance head, the samples and
/// the other side's tables are untouched. It is a regulariser in the loss, not a filter on
/// stored embeddings: scores and the stored means are the unfiltered ones, as in the code,
/// whose predictions use the raw embeddings.
///
/// **Where.** BiVAE: the user batch's μθ in the user pass, the item batch's μβ in the item
/// pass. DualVAE: the same with the batch's aspect means side by side (B × A·k, one row per
/// user or item, as its spectra are taken). Mult-VAE: the latent means μ of the training
/// batch's (masked) input; it has no item posterior, so its only side is users.
///
/// **Settings.** The official code filters the users and the positive items of each sampled
/// batch in a BPR-style loss on matrix-factorisation embeddings, at every step; it never
/// regularises a VAE, so each default here is our choice [unknown in the paper]:
/// - `weight` λ_S: 0 turns DirectSpec off (no default strength exists; sweep it);
/// - `form`: `softmax` (the released code's form; `cubic` follows the paper's all-pass
///   argument);
/// - `tau` τ (softmax only; it multiplies the similarities): 3, the README's setting for Yelp
///   and CiteULike (Gowalla: 4);
/// - `sides`: `both` (the code filters users and items);
/// - `everyEpochs` N: the term is added in the epochs divisible by N; 1 (every step, as the
///   code) by default.
public struct DirectSpecPenalty: Codable, Sendable, Equatable {
    public enum Form: String, Codable, Sendable, CaseIterable {
        case softmax, cubic
    }

    /// Which embeddings are regularised.
    public enum Sides: String, Codable, Sendable, CaseIterable {
        case users, items, both

        public func includes(_ side: BilateralSide) -> Bool {
            switch self {
            case .users: side == .user
            case .items: side == .item
            case .both: true
            }
        }
    }

    public static let defaultTau: Float = 3

    /// λ_S.
    public var weight: Float
    public var form: Form
    /// τ of the softmax form.
    public var tau: Float
    public var sides: Sides
    /// The term is added in the epochs divisible by this.
    public var everyEpochs: Int

    public init(weight: Float, form: Form = .softmax, tau: Float = DirectSpecPenalty.defaultTau, sides: Sides = .both,
                everyEpochs: Int = 1) {
        self.weight = weight
        self.form = form
        self.tau = tau
        self.sides = sides
        self.everyEpochs = everyEpochs
    }

    /// Whether the term is added in `epoch` (1-based).
    public func isActive(epoch: Int) -> Bool { weight > 0 && everyEpochs > 0 && epoch % everyEpochs == 0 }

    /// `R(Ē)` of the row-normalised batch means (unweighted), and its value.
    public func value(means: Matrix) -> Double {
        let e = RowNormalization(means).output
        switch form {
        case .softmax: return DirectSpecRegularizer.softmax(e, tau: tau).value
        case .cubic: return DirectSpecRegularizer.cubic(e).value
        }
    }

    /// Adds `λ_S·∂R/∂μ` to `gradMean` (B × d, the gradient of the batch loss with respect to
    /// the means) and returns the unweighted `R(Ē)`.
    @discardableResult
    public func addGradient(means: Matrix, into gradMean: inout Matrix) -> Double {
        precondition(gradMean.rows == means.rows && gradMean.cols == means.cols, "gradient shape differs from the means")
        let norm = RowNormalization(means)
        let r: DirectSpecRegularizer.ValueAndGradient
        switch form {
        case .softmax: r = DirectSpecRegularizer.softmax(norm.output, tau: tau)
        case .cubic: r = DirectSpecRegularizer.cubic(norm.output)
        }
        let g = norm.backward(r.gradient)
        for i in 0..<g.count { gradMean.data[i] += weight * g.data[i] }
        return r.value
    }
}
