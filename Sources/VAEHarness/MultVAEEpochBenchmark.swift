import Foundation
import VAEModels
import VAENumerics

/// Times Mult-VAE training steps (vae_cf settings: batch 500, Adam, annealed β) on a
/// user × item matrix: `batches` full batches after `warmup`, in a shuffled user order, or a
/// whole epoch. Returns each timed batch's seconds.
public struct MultVAEEpochBenchmark {
    public var data: SparseMatrix
    public var batchSize = 500

    public init(data: SparseMatrix) { self.data = data }

    public var batchesPerEpoch: Int { (data.rows + batchSize - 1) / batchSize }

    public func timeBatches(_ batches: Int, warmup: Int, seed: UInt64 = 1) -> (times: [Double], loss: Double) {
        var randomness = RunRandomness(seed: seed)
        var model = MultVAE(MultVAE.Configuration(itemCount: data.cols), rng: &randomness.initialisation)
        var adam = Adam(learningRate: 1e-3, epsilonConvention: .tensorflow)
        var order = Array(0..<data.rows)
        randomness.batchOrder.shuffle(&order)
        let fullBatches = data.rows / batchSize
        var times: [Double] = []
        var loss = 0.0
        for b in 0..<(warmup + batches) {
            let start = (b % fullBatches) * batchSize
            let rows = Array(order[start..<(start + batchSize)])
            let t0 = Date()
            let terms = model.computeGradients(batch: data.gatherRows(rows), beta: min(0.2, Float(b) / 200_000), randomness: &randomness)
            adam.update(&model)
            if b >= warmup { times.append(Date().timeIntervalSince(t0)) }
            loss = terms.total
        }
        return (times, loss)
    }
}
