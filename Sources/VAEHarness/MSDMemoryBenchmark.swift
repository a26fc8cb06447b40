import Foundation
import VAEEvaluation
import VAEModels
import VAENumerics

/// Peak memory of Mult-VAE at Million-Song-Dataset scale: an MSD-shaped matrix
/// (`SyntheticInteractions.msdShaped`, CSR with Int32 indices) generated in memory, the
/// first `users − heldOutUsers` rows trained on for a few batches (vae_cf settings, batch
/// 500), then `evaluatedUsers` of the held-out rows evaluated (80/20 `SyntheticHoldout`,
/// NDCG@100 and Recall@20 over every item, batches of `evaluationBatchSize`). The
/// process's `VmHWM` is read after each phase; it includes everything the process did
/// before, so measure in a fresh process.
public struct MSDMemoryBenchmark: Sendable {
    public var shape = SyntheticInteractions.msdShaped()
    /// vae_cf holds out 50,000 validation and 50,000 test users on MSD.
    public var heldOutUsers = 100_000
    public var trainBatches = 10
    public var evaluatedUsers = 5_000
    public var evaluationBatchSize = 2000

    public init() {}

    public struct Result: Codable, Sendable, Equatable {
        public var users: Int
        public var items: Int
        public var nonzeros: Int
        public var generateSeconds: Double
        public var trainBatches: Int
        public var batchSecondsMedian: Double
        public var evaluatedUsers: Int
        public var evaluationSeconds: Double
        public var ndcgAt100: Double
        /// VmHWM after generating, after training, after evaluating (bytes).
        public var peakAfterGenerate: Int?
        public var peakAfterTraining: Int?
        public var peakAfterEvaluation: Int?
        /// The CSR arrays' own size (indptr Int64, indices Int32, values Float32), bytes.
        public var matrixBytes: Int
    }

    public func run(log: (String) -> Void = { _ in }) throws -> Result {
        let t0 = Date()
        let data = shape.generate()
        let generateSeconds = Date().timeIntervalSince(t0)
        let peakGenerate = ProcessMemory.peakResidentBytes()
        log(String(format: "msd: generated %d × %d, %d positives in %.1fs; VmHWM %@", data.rows, data.cols, data.nonzeroCount,
                   generateSeconds, Self.gigabytes(peakGenerate)))

        let trainUsers = data.rows - heldOutUsers
        var randomness = RunRandomness(seed: 1)
        var model = MultVAE(MultVAE.Configuration(itemCount: data.cols), rng: &randomness.initialisation)
        var adam = Adam(learningRate: 1e-3, epsilonConvention: .tensorflow)
        var order = Array(0..<trainUsers)
        randomness.batchOrder.shuffle(&order)
        var times: [Double] = []
        var workspace = MultVAE.Workspace()
        for b in 0..<trainBatches {
            let rows = Array(order[(b * 500)..<min((b + 1) * 500, trainUsers)])
            let s = Date()
            _ = model.computeGradients(batch: data.gatherRows(rows), beta: min(0.2, Float(b) / 200_000), updatesDone: b,
                                       directSpec: nil, workspace: &workspace, randomness: &randomness)
            adam.update(&model)
            times.append(Date().timeIntervalSince(s))
        }
        let peakTraining = ProcessMemory.peakResidentBytes()
        log(String(format: "msd: %d training batches, median %.0f ms; VmHWM %@", trainBatches, median(times) * 1e3, Self.gigabytes(peakTraining)))

        let evaluated = min(evaluatedUsers, heldOutUsers)
        let task = SyntheticHoldout.task(data, rows: trainUsers..<(trainUsers + evaluated), seed: 2)
        var evaluation = try EvaluationBenchmark(task: task)
        evaluation.batchSize = evaluationBatchSize
        let (evalTimes, result) = try evaluation.time(model, repetitions: 1)
        let peakEvaluation = ProcessMemory.peakResidentBytes()
        log(String(format: "msd: evaluated %d users in %.1fs; VmHWM %@", result.evaluatedCount, evalTimes[0], Self.gigabytes(peakEvaluation)))
        return Result(users: data.rows, items: data.cols, nonzeros: data.nonzeroCount, generateSeconds: generateSeconds,
                      trainBatches: trainBatches, batchSecondsMedian: median(times), evaluatedUsers: result.evaluatedCount,
                      evaluationSeconds: evalTimes[0], ndcgAt100: result.mean(of: evaluation.metrics[0]),
                      peakAfterGenerate: peakGenerate, peakAfterTraining: peakTraining, peakAfterEvaluation: peakEvaluation,
                      matrixBytes: (data.rows + 1) * 8 + data.nonzeroCount * 8)
    }

    static func gigabytes(_ bytes: Int?) -> String {
        bytes.map { String(format: "%.2f GB", Double($0) / 1e9) } ?? "unknown"
    }
}
