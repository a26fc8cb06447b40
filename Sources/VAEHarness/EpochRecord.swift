import Foundation

/// What one epoch did: mean loss terms over its batches, the β of its last update, the
/// validation metric (when evaluated) and wall-clock seconds.
public struct EpochRecord: Codable, Sendable, Equatable {
    public var epoch: Int
    public var nll: Double
    public var kl: Double
    public var beta: Double
    public var penalty: Double
    public var loss: Double
    public var updates: Int
    public var validation: Double?
    public var trainSeconds: Double
    public var evalSeconds: Double
    /// Cornac family: the epoch's label smoothing α, the item pass's mean loss, and the
    /// mechanism measures of the user pass (`ReconstructionMechanism`): mean
    /// `|∂(−ll)/∂(decoder pre-activation)|` over negatives and the fraction of `x̂ < 1e-3`.
    public var labelSmoothing: Double? = nil
    public var itemLoss: Double? = nil
    public var negativeGradient: Double? = nil
    public var smallScoreFraction: Double? = nil
    /// Mean over the epoch's updates of the global gradient norm `‖∇‖₂` (all parameters).
    public var gradientNorm: Double? = nil
    /// PIA (Mult-VAE with anchors): the epoch's mean unweighted anchor term `L_A` and the λ_A
    /// of its last update (included in `loss` as `λ_A·L_A`; not in `train_log.csv`).
    public var anchor: Double? = nil
    public var anchorWeight: Double? = nil
    /// DirectSpec, when configured: the epoch's mean unweighted term `R(Ē)` of the user pass
    /// (Mult-VAE: its batches), of the item pass (BiVAE, DualVAE; inside `itemLoss` too), and
    /// the λ_S of its updates (0 in epochs it skips). `loss` includes `λ_S·directSpec`.
    public var directSpec: Double? = nil
    public var itemDirectSpec: Double? = nil
    public var directSpecWeight: Double? = nil
    /// Every validation metric of an evaluated epoch, by name.
    public var validationMetrics: [String: Double]? = nil

    /// `train_log.csv` header: fixed columns, the DirectSpec columns when the run uses it
    /// (`directspec,item_directspec,directspec_weight`), then `val_<metric>` for each
    /// validation metric.
    public static func csvHeader(validationMetrics: [String], directSpec: Bool = false) -> String {
        (["epoch,loss,nll,kl,beta,penalty,updates,validation,train_seconds,eval_seconds,label_smoothing,item_loss,neg_grad_mean,small_score_fraction,grad_norm,anchor,anchor_weight"]
            + (directSpec ? ["directspec,item_directspec,directspec_weight"] : [])
            + validationMetrics.map { "val_\($0)" }).joined(separator: ",")
    }

    public func csvRow(validationMetrics: [String], directSpec withDirectSpec: Bool = false) -> String {
        func optional(_ x: Double?) -> String { x.map(fmt) ?? "" }
        var fields: [String] = [String(epoch), fmt(loss), fmt(nll), fmt(kl), fmt(beta), fmt(penalty), String(updates)]
        fields += [optional(validation), String(format6: trainSeconds), String(format6: evalSeconds)]
        fields += [optional(labelSmoothing), optional(itemLoss), optional(negativeGradient), optional(smallScoreFraction)]
        fields += [optional(gradientNorm), optional(anchor), optional(anchorWeight)]
        if withDirectSpec { fields += [optional(directSpec), optional(itemDirectSpec), optional(directSpecWeight)] }
        for m in validationMetrics { fields.append(optional(self.validationMetrics?[m])) }
        return fields.joined(separator: ",")
    }

    private func fmt(_ x: Double) -> String { String(format9: x) }
}

extension String {
    /// Fixed 9 significant digits, so files diff cleanly.
    init(format9 x: Double) {
        self = String(format: "%.9g", x)
    }

    init(format6 x: Double) {
        self = String(format: "%.3f", x)
    }
}
