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
    /// PIA anchor term `mean_u L_A(u)` (unweighted; 0 without anchors).
    public var anchor: Double = 0
    /// The λ_A that weighted the anchor term in this update.
    public var anchorWeight: Double = 0
    /// DirectSpec term `R(Ē)` of the batch's normalised means (unweighted; 0 when off).
    public var directSpec: Double = 0
    /// The λ_S that weighted it in this update (0 when off or inactive this epoch).
    public var directSpecWeight: Double = 0

    public init(nll: Double = 0, kl: Double = 0, beta: Double = 0, penalty: Double = 0, anchor: Double = 0, anchorWeight: Double = 0,
                directSpec: Double = 0, directSpecWeight: Double = 0) {
        self.nll = nll; self.kl = kl; self.beta = beta; self.penalty = penalty
        self.anchor = anchor; self.anchorWeight = anchorWeight
        self.directSpec = directSpec; self.directSpecWeight = directSpecWeight
    }

    enum CodingKeys: String, CodingKey { case nll, kl, beta, penalty, anchor, anchorWeight, directSpec, directSpecWeight }

    // The anchor and DirectSpec fields were added later: absent keys decode to 0.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        nll = try c.decode(Double.self, forKey: .nll)
        kl = try c.decode(Double.self, forKey: .kl)
        beta = try c.decode(Double.self, forKey: .beta)
        penalty = try c.decode(Double.self, forKey: .penalty)
        anchor = try c.decodeIfPresent(Double.self, forKey: .anchor) ?? 0
        anchorWeight = try c.decodeIfPresent(Double.self, forKey: .anchorWeight) ?? 0
        directSpec = try c.decodeIfPresent(Double.self, forKey: .directSpec) ?? 0
        directSpecWeight = try c.decodeIfPresent(Double.self, forKey: .directSpecWeight) ?? 0
    }

    /// `nll + β·kl + penalty + λ_A·anchor + λ_S·directSpec`: the quantity the update descends.
    /// (Without DirectSpec the last term is not added, so totals are the same bits as before.)
    public var total: Double {
        let t = nll + beta * kl + penalty + anchorWeight * anchor
        return directSpecWeight == 0 ? t : t + directSpecWeight * directSpec
    }

    public var isFinite: Bool { nll.isFinite && kl.isFinite && penalty.isFinite && anchor.isFinite && directSpec.isFinite }
}
