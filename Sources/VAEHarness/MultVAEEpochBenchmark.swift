import Foundation
import VAEModels
import VAENumerics

/// Times Mult-VAE training steps (vae_cf settings: I→600→200→600→I, batch 500, Adam 1e-3
/// with TensorFlow's ε, β = min(0.2, step/200,000)) on a user × item matrix, the loop of
/// `FoldInTrainer` without validation: `batches` full batches after `warmup`, in a
/// shuffled user order (wrapping around the full batches as the peers' `common.py` does),
/// or one whole epoch.
public struct MultVAEEpochBenchmark {
    public var data: SparseMatrix
    public var batchSize = 500

    public init(data: SparseMatrix) { self.data = data }

    /// Batches in an epoch, the last one partial.
    public var batchesPerEpoch: Int { (data.rows + batchSize - 1) / batchSize }

    /// users / batch size: the factor from a full batch's time to an epoch's (as the peers
    /// extrapolate, `epoch_s_from_median_batch = median · U / B`).
    public var epochScale: Double { Double(data.rows) / Double(batchSize) }

    /// What a timing produced: each timed batch's seconds (full batches only), the whole
    /// epoch's wall time when it was one, the last loss and the trained model.
    public struct Timing {
        public var batchSeconds: [Double]
        public var epochSeconds: Double?
        public var lastLoss: Double
        public var model: MultVAE
    }

    public func timeBatches(_ batches: Int, warmup: Int, seed: UInt64 = 1) -> (times: [Double], loss: Double) {
        let t = run(batches: batches, warmup: warmup, fullEpoch: false, seed: seed)
        return (t.batchSeconds, t.lastLoss)
    }

    /// `fullEpoch`: every user once in batches of `batchSize` (the last partial), timed as a
    /// whole, after `warmup` untimed batches; otherwise `warmup + batches` full batches with
    /// the last `batches` timed.
    public func run(batches: Int, warmup: Int, fullEpoch: Bool, seed: UInt64 = 1) -> Timing {
        var randomness = RunRandomness(seed: seed)
        var model = MultVAE(MultVAE.Configuration(itemCount: data.cols), rng: &randomness.initialisation)
        var adam = Adam(learningRate: 1e-3, epsilonConvention: .tensorflow)
        var order = Array(0..<data.rows)
        randomness.batchOrder.shuffle(&order)
        let fullBatches = max(1, data.rows / batchSize)
        var times: [Double] = []
        var loss = 0.0
        var step = 0
        var workspace = MultVAE.Workspace()
        func train(_ rows: [Int]) -> Double {
            let t0 = Date()
            let terms = model.computeGradients(batch: data.gatherRows(rows), beta: min(0.2, Float(step) / 200_000), updatesDone: step,
                                               directSpec: nil, workspace: &workspace, randomness: &randomness)
            adam.update(&model)
            step += 1
            loss = terms.total
            return Date().timeIntervalSince(t0)
        }
        for b in 0..<warmup {
            let start = (b % fullBatches) * batchSize
            _ = train(Array(order[start..<min(start + batchSize, data.rows)]))
        }
        if fullEpoch {
            let t0 = Date()
            for start in stride(from: 0, to: data.rows, by: batchSize) {
                let rows = Array(order[start..<min(start + batchSize, data.rows)])
                let s = train(rows)
                if rows.count == batchSize { times.append(s) }
            }
            return Timing(batchSeconds: times, epochSeconds: Date().timeIntervalSince(t0), lastLoss: loss, model: model)
        }
        for b in warmup..<(warmup + batches) {
            let start = (b % fullBatches) * batchSize
            times.append(train(Array(order[start..<min(start + batchSize, data.rows)])))
        }
        return Timing(batchSeconds: times, epochSeconds: nil, lastLoss: loss, model: model)
    }
}
