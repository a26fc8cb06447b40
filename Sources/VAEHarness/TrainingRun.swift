import Foundation
import VAEModels
import VAENumerics

/// One configuration trained end to end: the model built from the run's own
/// initialisation stream, trained epoch by epoch, evaluated.
public enum TrainingRun {
    public static func execute(_ c: TrainingConfiguration, data: FoldInData, log: (String) -> Void) throws -> TrainingOutcome {
        if let t = c.blasThreads { BLAS.setThreads(t) }
        switch c.model {
        case .multvae:
            let trainer = try FoldInTrainer(c, data: data) { rng in MultVAE(multVAEConfiguration(c, itemCount: data.itemCount), rng: &rng) }
            return try trainer.run { record, state in log(trainer.describe(record, state: state)) }
        case .multdae:
            let trainer = try FoldInTrainer(c, data: data) { rng in MultDAE(multDAEConfiguration(c, itemCount: data.itemCount), rng: &rng) }
            return try trainer.run { record, state in log(trainer.describe(record, state: state)) }
        }
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
