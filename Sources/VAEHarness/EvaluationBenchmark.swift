import Foundation
import VAEEvaluation
import VAEModels
import VAENumerics

/// Times the harness's held-out evaluation of a fold-in model: scores from each user's
/// fold-in row, fold-in items excluded, top-100 selected, NDCG@100 and Recall@20 (vae_cf's
/// capped recall) per user — `RankingEvaluator` over a `RankingTask`, as `FoldInTrainer`
/// evaluates, in batches of `batchSize` users (the configurations' default, 2,000).
public struct EvaluationBenchmark {
    public var task: RankingTask
    public var metrics: [MetricSpec]
    public var batchSize = 2000

    public init(task: RankingTask) throws {
        self.task = task
        metrics = [try MetricSpec(parsing: "NDCG@100"), try MetricSpec(parsing: "RecallCapped@20")]
    }

    /// Seconds of each of `repetitions` evaluations, and the last result.
    public func time<M: FoldInRecommender>(_ model: M, repetitions: Int) throws -> (times: [Double], result: RankingResult) {
        let evaluator = try RankingEvaluator(metrics: metrics, batchSize: batchSize)
        var times: [Double] = []
        var result: RankingResult?
        for _ in 0..<max(1, repetitions) {
            let t0 = Date()
            result = try evaluator.evaluate(task) { _, batch, scores in model.scores(batch, into: &scores) }
            times.append(Date().timeIntervalSince(t0))
        }
        return (times, result!)
    }
}
