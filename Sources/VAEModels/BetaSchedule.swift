/// The weight β on the KL term.
///
/// - `constant(β)`: the Cornac family (β = 1).
/// - `linearAnneal(cap, totalSteps)`: vae_cf's `β_t = min(cap, t / T)` where `t` counts the
///   updates already made (the first batch uses β = 0). `t` grows after every batch and is
///   **never reset at epoch boundaries** (`counter: .global`); `.resetPerEpoch` reproduces
///   a published re-run's bug (β never exceeds (batches − 1)/T). With `T = 0`, β = cap.
public enum BetaSchedule: Codable, Sendable, Equatable {
    case constant(Float)
    case linearAnneal(cap: Float, totalSteps: Int, counter: KLCounter)

    public enum KLCounter: String, Codable, Sendable {
        case global, resetPerEpoch
    }

    /// β for the update that follows `updatesDone` earlier updates, of which
    /// `updatesThisEpoch` were made in the current epoch.
    public func beta(updatesDone: Int, updatesThisEpoch: Int) -> Float {
        switch self {
        case let .constant(b):
            return b
        case let .linearAnneal(cap, total, counter):
            guard total > 0 else { return cap }
            let t = counter == .global ? updatesDone : updatesThisEpoch
            return min(cap, Float(t) / Float(total))
        }
    }
}
