import Foundation
import VAEModels
import VAENumerics

/// One configuration trained end to end: the model built from the run's own
/// initialisation stream, trained by `FoldInTrainer`, evaluated, and (optionally) its
/// files written.
public enum TrainingRun {
    public static func execute(_ c: TrainingConfiguration, data: FoldInData, log: (String) -> Void) throws -> TrainingOutcome {
        if let t = c.blasThreads { BLAS.setThreads(t) }
        var randomness = RunRandomness(seed: UInt64(c.seed))
        let trainer = try FoldInTrainer(c)
        switch c.model {
        case .multvae:
            var mc = MultVAE.Configuration(itemCount: data.itemCount)
            if let h = c.hiddenDims { mc.hiddenDims = h }
            mc.latentDim = c.latentDim
            mc.keepProbability = Float(c.keepProbability)
            mc.weightPenalty = Float(c.weightPenalty ?? 0)
            mc.labelSmoothing = Float(c.labelSmoothing)
            let model = MultVAE(mc, rng: &randomness.initialisation)
            return try trainer.train(model, data: data, randomness: &randomness, log: log)
        case .multdae:
            var mc = MultDAE.Configuration(itemCount: data.itemCount)
            if let h = c.hiddenDims { mc.hiddenDims = h }
            mc.keepProbability = Float(c.keepProbability)
            if let lam = c.weightPenalty { mc.weightPenalty = Float(lam) }
            mc.labelSmoothing = Float(c.labelSmoothing)
            let model = MultDAE(mc, rng: &randomness.initialisation)
            return try trainer.train(model, data: data, randomness: &randomness, log: log)
        }
    }
}
