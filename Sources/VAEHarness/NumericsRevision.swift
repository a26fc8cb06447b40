import VAEModels

/// The revision of the code that decides a run's numbers. A change that moves any value of a
/// model in any bit bumps that model's revision in the same commit: the pinned training
/// fingerprints fail then (`PIABitIdentityTests` for Mult-VAE, the Cornac-family ones of
/// `DirectSpecTrainingTests`), and they are kept per revision, the newest of which must be
/// this one. Changes that keep every bit leave it alone.
///
/// The runner records the revision in each attempt's `status.json` and resumes a run only
/// from a checkpoint written under the current revision; otherwise it trains the run from
/// the start, so no run mixes two versions of the numerics. Checkpoints from before
/// revisions were recorded count as revision 1.
public enum NumericsRevision {
    /// Revision 1 is the code when revisions began to be recorded.
    public static let initial = 1

    /// - Mult-VAE / Mult-DAE: 2, the multinomial row in 8-lane vectors (commit 28a7e3f); 3,
    ///   tanh in 8-lane vectors (`Activation.tanhVectorised`).
    /// - PoisVAE, BiVAE, DualVAE with the multinomial likelihood: 3, its Cornac form
    ///   `−ỹ·log(softmax + EPS)` (`MultinomialForm.softmaxPlusEps`) in place of log-softmax.
    /// - PoisVAE, BiVAE, DualVAE with the other likelihoods: 1.
    public static func current(_ c: TrainingConfiguration) -> Int {
        switch c.model {
        case .multvae, .multdae: return 3
        case .poisvae, .bivae, .dualvae: return c.likelihood == .multinomial ? 3 : 1
        }
    }
}
