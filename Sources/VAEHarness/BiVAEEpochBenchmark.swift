import Foundation
import VAEData
import VAEModels
import VAENumerics

/// Times BiVAE training epochs on a given split through the harness's own path: the
/// configuration's data block read by `DatasetLoader` (Cornac indexing), a
/// `BilateralTrainer` building the model as `vaelab run` does, and `runEpoch` (item pass,
/// then user pass; the epoch's `trainSeconds`). Untimed warm-up epochs come first.
public enum BiVAEEpochBenchmark {
    /// The LS paper's BiVAE setting on the Amazon Kindle split in `folder` (`train.csv`,
    /// `test.csv`): k 20, encoder [40], tanh, Poisson likelihood, β 1, batch 128, Adam 1e-3
    /// (PyTorch ε), test-only items kept.
    public static func configuration(kindle folder: String) -> TrainingConfiguration {
        var c = TrainingConfiguration.defaults(for: .bivae)
        c.trainPath = (folder as NSString).appendingPathComponent("train.csv")
        c.testPath = (folder as NSString).appendingPathComponent("test.csv")
        c.latentDim = 20
        c.hiddenDims = [40]
        c.likelihood = .poisson
        c.klWeight = 1
        c.batchSize = 128
        c.dropUnknownItems = false
        return c
    }

    public struct Timing: Sendable {
        public var epochSeconds: [Double]
        public var loadSeconds: Double
        public var users: Int
        public var items: Int
        public var positives: Int
        public var lastLoss: Double
    }

    public static func time(_ c: TrainingConfiguration, warmup: Int, epochs: Int) throws -> Timing {
        let t0 = Date()
        let (dataset, _) = try DatasetLoader.load(c)
        let (split, _, _) = try dataset.givenSplit(for: c.model.rawValue)
        let loadSeconds = Date().timeIntervalSince(t0)
        let trainer = try BilateralTrainer(c, split: split) { rng in
            BiVAE(TrainingRun.biVAEConfiguration(c, split: split, userFeatures: nil, itemFeatures: nil), rng: &rng)
        }
        var state = try trainer.start()
        var times: [Double] = []
        var loss = 0.0
        for e in 0..<(warmup + max(1, epochs)) {
            let r = try trainer.runEpoch(&state)
            if e >= warmup { times.append(r.trainSeconds) }
            loss = r.loss
        }
        return Timing(epochSeconds: times, loadSeconds: loadSeconds, users: split.knownUserCount, items: split.knownItemCount,
                      positives: trainer.data.userRows.nonzeroCount, lastLoss: loss)
    }
}
