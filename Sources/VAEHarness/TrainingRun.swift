import Foundation
import VAEModels
import VAENumerics

/// One configuration trained end to end: the model built from the run's own
/// initialisation stream, trained epoch by epoch (resuming from a checkpoint when one is
/// given and exists), evaluated.
public enum TrainingRun {
    /// Trains `c` on `dataset`. `log` receives one line per epoch; `progress` the epoch's
    /// record (for progress displays and logs).
    public static func execute(_ c: TrainingConfiguration, dataset: PreparedDataset, checkpointing: Checkpointing? = nil,
                               progress: (EpochRecord) -> Void = { _ in }, log: (String) -> Void = { _ in }) throws -> TrainingOutcome {
        if let t = c.blasThreads { BLAS.setThreads(t) }
        switch c.model {
        case .multvae:
            let data = try dataset.foldInData(for: c.model.rawValue)
            let trainer = try FoldInTrainer(c, data: data) { rng in MultVAE(multVAEConfiguration(c, itemCount: data.itemCount), rng: &rng) }
            return try trainer.run(checkpointing: checkpointing) { r, s in progress(r); log(trainer.describe(r, state: s)) }
        case .multdae:
            let data = try dataset.foldInData(for: c.model.rawValue)
            let trainer = try FoldInTrainer(c, data: data) { rng in MultDAE(multDAEConfiguration(c, itemCount: data.itemCount), rng: &rng) }
            return try trainer.run(checkpointing: checkpointing) { r, s in progress(r); log(trainer.describe(r, state: s)) }
        }
    }

    /// Convenience for fold-in data.
    public static func execute(_ c: TrainingConfiguration, data: FoldInData, log: (String) -> Void) throws -> TrainingOutcome {
        try execute(c, dataset: .foldIn(data), log: log)
    }

    static func multVAEConfiguration(_ c: TrainingConfiguration, itemCount: Int) -> MultVAE.Configuration {
        var mc = MultVAE.Configuration(itemCount: itemCount)
        if let h = c.hiddenDims { mc.hiddenDims = h }
        mc.latentDim = c.latentDim
        mc.keepProbability = Float(c.keepProbability)
        mc.weightPenalty = Float(c.weightPenalty ?? 0)
        mc.labelSmoothing = Float(c.labelSmoothing)
        return mc
    }

    static func multDAEConfiguration(_ c: TrainingConfiguration, itemCount: Int) -> MultDAE.Configuration {
        var mc = MultDAE.Configuration(itemCount: itemCount)
        if let h = c.hiddenDims { mc.hiddenDims = h }
        mc.keepProbability = Float(c.keepProbability)
        if let lam = c.weightPenalty { mc.weightPenalty = Float(lam) }
        mc.labelSmoothing = Float(c.labelSmoothing)
        return mc
    }
}
