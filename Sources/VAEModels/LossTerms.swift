/// The terms of one batch's loss, each a mean over the batch's rows.
public struct LossTerms: Sendable, Equatable, Codable {
    /// Negative log-likelihood of the targets, `−mean_u Σ_i ll(ỹ_ui, x̂_ui)`.
    public var nll: Double = 0
    /// KL divergence to the prior, `mean_u KL_u` (unweighted).
    public var kl: Double = 0
    /// The β that weighted the KL in this update.
    public var beta: Double = 0
    /// Parameter penalty, e.g. `lam · Σ‖W‖²` (already weighted).
    public var penalty: Double = 0

    public init(nll: Double = 0, kl: Double = 0, beta: Double = 0, penalty: Double = 0) {
        self.nll = nll; self.kl = kl; self.beta = beta; self.penalty = penalty
    }

    /// `nll + β·kl + penalty`: the quantity the update descends.
    public var total: Double { nll + beta * kl + penalty }

    public var isFinite: Bool { nll.isFinite && kl.isFinite && penalty.isFinite }
}
