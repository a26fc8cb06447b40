/// What one epoch of a Cornac-family model did: the mean loss terms of each pass over its
/// batches (`penalty` carries DualVAE's weighted contrastive term `γ·CL`; `directSpec` the
/// pass's DirectSpec term) and the mechanism measures of the user pass.
public struct CornacEpochLoss: Sendable, Equatable, Codable {
    public var user = LossTerms()
    public var item: LossTerms? = nil
    public var mechanism = ReconstructionMechanism()

    public init() {}

    public var isFinite: Bool { user.isFinite && (item?.isFinite ?? true) }
}

/// Running means of loss terms over batches.
struct LossAverage {
    var sum = LossTerms()
    var count = 0

    mutating func add(_ t: LossTerms) {
        sum.nll += t.nll; sum.kl += t.kl; sum.penalty += t.penalty; sum.beta = t.beta
        sum.directSpec += t.directSpec; sum.directSpecWeight = t.directSpecWeight
        count += 1
    }

    var mean: LossTerms {
        let n = Double(max(count, 1))
        return LossTerms(nll: sum.nll / n, kl: sum.kl / n, beta: sum.beta, penalty: sum.penalty / n,
                         directSpec: sum.directSpec / n, directSpecWeight: sum.directSpecWeight)
    }
}
