import Foundation
import VAEData
import VAEModels
import VAENumerics

/// One configuration trained end to end: the model built from the run's own
/// initialisation stream, trained epoch by epoch (resuming from a checkpoint when one is
/// given and exists), evaluated.
public enum TrainingRun {
    /// Trains `c` on `dataset`. `log` receives one line per epoch; `progress` the epoch's
    /// record (for progress displays and logs).
    /// With `geometry`, a fold-in run (Mult-VAE, Mult-DAE) also measures its selected model's
    /// latent geometry (`TrainingOutcome.geometry`); other models ignore it.
    public static func execute(_ c: TrainingConfiguration, dataset: PreparedDataset, checkpointing: Checkpointing? = nil,
                               spectra: SpectrumLog? = nil, geometry: LatentGeometryProbe.Options? = nil,
                               progress: (EpochRecord) -> Void = { _ in }, log: (String) -> Void = { _ in }) throws -> TrainingOutcome {
        if let t = c.blasThreads { BLAS.setThreads(t) }
        return try withoutActuallyEscaping(progress) { progress in
            try withoutActuallyEscaping(log) { log in
                try dispatch(c, dataset: dataset, hooks: Hooks(checkpointing: checkpointing, spectra: spectra, geometry: geometry,
                                                           progress: progress, log: log))
            }
        }
    }

    /// What a run does around its epochs: checkpoints, spectra, progress and log lines.
    struct Hooks {
        var checkpointing: Checkpointing?
        var spectra: SpectrumLog?
        var geometry: LatentGeometryProbe.Options?
        var progress: (EpochRecord) -> Void
        var log: (String) -> Void
    }

    /// Trains `trainer` to the end with the hooks; the final model's spectra are recorded.
    static func drive<T: EpochTraining>(_ trainer: T, _ hooks: Hooks) throws -> TrainingOutcome {
        let outcome = try trainer.run(checkpointing: hooks.checkpointing) { r, s in
            hooks.progress(r)
            hooks.log(trainer.describe(r, state: s))
            if let spectra = hooks.spectra, spectra.isDue(epoch: r.epoch) {
                try spectra.record(stage: "training", epoch: r.epoch, embeddings: trainer.embeddings(s))
            }
        }
        try hooks.spectra?.recordFinal(epoch: outcome.selectedEpoch, embeddings: outcome.finalEmbeddings)
        return outcome
    }

    /// The vae_cf loop for a fold-in model, or the two-phase β search when `betaSearch`;
    /// `geometry` is measured on the (final phase's) selected model.
    static func driveFoldIn<M: FoldInRecommender>(_ c: TrainingConfiguration, data: FoldInData, _ hooks: Hooks,
                                                  geometry: LatentGeometryProbe.Options? = nil,
                                                  makeModel: @escaping (inout RandomStream) -> M) throws -> TrainingOutcome {
        if c.betaSearch {
            var trainer = try BetaSearchTrainer(c, data: data, makeModel: makeModel)
            trainer.geometry = geometry
            return try drive(trainer, hooks)
        }
        var trainer = try FoldInTrainer(c, data: data, makeModel: makeModel)
        trainer.geometry = geometry
        return try drive(trainer, hooks)
    }

    static func dispatch(_ c: TrainingConfiguration, dataset: PreparedDataset, hooks: Hooks) throws -> TrainingOutcome {
        if let p = c.directSpecProblem {
            throw DataError.invalidOption("\(p.key): found \(p.found), expected \(p.expected)")
        }
        switch c.model {
        case .multvae:
            // Either protocol: a given split trains on every known user's row and folds each
            // user's own training row in at evaluation (`FoldInData(given:)`).
            let data = dataset.foldInModelData()
            return try driveFoldIn(c, data: data, hooks, geometry: hooks.geometry) { rng in
                MultVAE(multVAEConfiguration(c, itemCount: data.itemCount), rng: &rng)
            }
        case .multdae:
            let data = dataset.foldInModelData()
            var trainer = try FoldInTrainer(c, data: data) { rng in MultDAE(multDAEConfiguration(c, itemCount: data.itemCount), rng: &rng) }
            trainer.geometry = hooks.geometry
            return try drive(trainer, hooks)
        case .poisvae where c.protocol == .strongGeneralization:
            // PoisVAE is a fold-in model too: the vae_cf loop (shuffled batches, β schedule).
            let data = try dataset.foldInData(for: c.model.rawValue)
            return try driveFoldIn(c, data: data, hooks) { rng in
                var pc = poisVAEConfiguration(c, itemCount: data.itemCount)
                pc.labelSmoothing = Float(c.labelSmoothing)
                return PoisVAE(pc, rng: &rng)
            }
        case .poisvae:
            let (split, _, _) = try dataset.givenSplit(for: c.model.rawValue)
            let trainer = try BilateralTrainer(c, split: split) { rng in PoisVAE(poisVAEConfiguration(c, itemCount: split.knownItemCount), rng: &rng) }
            return try drive(trainer, hooks)
        case .bivae:
            let (split, userFeatures, itemFeatures) = try dataset.givenSplit(for: c.model.rawValue)
            let trainer = try BilateralTrainer(c, split: split, userFeatures: userFeatures, itemFeatures: itemFeatures) { rng in
                BiVAE(biVAEConfiguration(c, split: split, userFeatures: userFeatures, itemFeatures: itemFeatures), rng: &rng)
            }
            return try drive(trainer, hooks)
        case .dualvae:
            let (split, _, _) = try dataset.givenSplit(for: c.model.rawValue)
            let trainer = try BilateralTrainer(c, split: split) { rng in DualVAE(dualVAEConfiguration(c, split: split), rng: &rng) }
            return try drive(trainer, hooks)
        }
    }

    static func poisVAEConfiguration(_ c: TrainingConfiguration, itemCount: Int) -> PoisVAE.Configuration {
        var pc = PoisVAE.Configuration(itemCount: itemCount)
        pc.latentDim = c.latentDim
        if let h = c.hiddenDims { pc.hiddenDims = h }
        pc.likelihood = c.likelihood
        pc.klWeight = Float(c.klWeight)
        return pc
    }

    static func biVAEConfiguration(_ c: TrainingConfiguration, split: GivenSplit, userFeatures: Matrix?, itemFeatures: Matrix?) -> BiVAE.Configuration {
        var bc = BiVAE.Configuration(userCount: split.knownUserCount, itemCount: split.knownItemCount)
        bc.latentDim = c.latentDim
        if let h = c.hiddenDims { bc.hiddenDims = h }
        bc.likelihood = c.likelihood
        bc.klWeight = Float(c.klWeight)
        bc.userFeatureCount = userFeatures?.cols
        bc.itemFeatureCount = itemFeatures?.cols
        return bc
    }

    static func dualVAEConfiguration(_ c: TrainingConfiguration, split: GivenSplit) -> DualVAE.Configuration {
        var dc = DualVAE.Configuration(userCount: split.knownUserCount, itemCount: split.knownItemCount)
        dc.latentDim = c.latentDim
        if let h = c.hiddenDims { dc.encoderHiddenDims = h }
        if let h = c.decoderHiddenDims { dc.decoderHiddenDims = h }
        dc.aspects = c.aspects
        dc.likelihood = c.likelihood
        dc.klWeight = Float(c.klWeight)
        dc.contrastiveWeight = Float(c.contrastiveWeight)
        dc.temperature = Float(c.temperature)
        dc.trainPrototypes = c.trainPrototypes
        return dc
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
        mc.masking = c.masking
        mc.anchorWeight = Float(c.anchorWeight)
        mc.anchorWarmupSteps = c.anchorWarmupSteps
        mc.anchorInit = c.anchorInit
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
