import Foundation
import VAEEvaluation
import VAEModels
import VAENumerics

/// A run that stopped because its loss stopped being finite.
public struct DivergenceError: Error, CustomStringConvertible {
    public var epoch: Int
    public var update: Int
    public var loss: LossTerms
    public var description: String {
        "training diverged at epoch \(epoch), update \(update): loss = \(loss.total) (nll \(loss.nll), kl \(loss.kl))"
    }
}

/// The outcome of training and evaluating one fold-in model.
public struct TrainingOutcome: Sendable {
    public var epochs: [EpochRecord]
    /// The epoch whose parameters produced the test metrics.
    public var selectedEpoch: Int
    public var test: RankingResult
    public var validation: RankingResult?
    public var secondsPerEpoch: Double
}

/// The vae_cf training loop, for any fold-in model:
///
/// ```
/// for epoch in 1...E:
///     shuffle the training users                   (own stream: batch order)
///     for each batch of B users:
///         β ← min(cap, updates / T)                (counted across epochs)
///         loss, ∇ ← model on the batch             (own streams: dropout, sampling)
///         Adam step; updates += 1
///     validation NDCG@100 on fold-in → held-out; keep the best parameters
/// test metrics from the kept parameters
/// ```
public struct FoldInTrainer {
    public var configuration: TrainingConfiguration
    public var metrics: [MetricSpec]
    public var selectionMetric: MetricSpec

    public init(_ configuration: TrainingConfiguration) throws {
        self.configuration = configuration
        metrics = try configuration.metrics.map { try MetricSpec(parsing: $0) }
        selectionMetric = try MetricSpec(parsing: configuration.selectionMetric)
    }

    public func train<Model: FoldInRecommender>(
        _ initial: Model, data: FoldInData, randomness: inout RunRandomness,
        log: (String) -> Void = { _ in }
    ) throws -> TrainingOutcome {
        let c = configuration
        var model = initial
        var adam = Adam(learningRate: Float(c.learningRate), epsilonConvention: c.adamEpsilon)
        let schedule = c.betaSchedule
        var order = Array(0..<data.train.rows)
        var updates = 0
        var best: (model: Model, epoch: Int, value: Double)? = nil
        var records: [EpochRecord] = []
        var trainSeconds = 0.0

        for epoch in 1...c.epochs {
            let start = Date()
            randomness.batchOrder.shuffle(&order)
            var sums = LossTerms()
            var batches = 0
            for batchStart in stride(from: 0, to: order.count, by: c.batchSize) {
                let rows = Array(order[batchStart..<min(batchStart + c.batchSize, order.count)])
                let beta = schedule.beta(updatesDone: updates, updatesThisEpoch: batches)
                let loss = model.computeGradients(batch: data.train.gatherRows(rows), beta: beta, randomness: &randomness)
                guard loss.isFinite else { throw DivergenceError(epoch: epoch, update: updates, loss: loss) }
                adam.update(&model)
                updates += 1
                batches += 1
                sums.nll += loss.nll
                sums.kl += loss.kl
                sums.penalty += loss.penalty
                sums.beta = loss.beta
            }
            let seconds = Date().timeIntervalSince(start)
            trainSeconds += seconds

            var record = EpochRecord(epoch: epoch, nll: sums.nll / Double(batches), kl: sums.kl / Double(batches),
                                     beta: sums.beta, penalty: sums.penalty / Double(batches), loss: 0, updates: updates,
                                     validation: nil, trainSeconds: seconds, evalSeconds: 0)
            record.loss = record.nll + record.beta * record.kl + record.penalty
            if c.selection == .bestValidation {
                let evalStart = Date()
                let v = try evaluate(model, foldIn: data.validationFoldIn, heldOut: data.validationHeldOut,
                                     metrics: [selectionMetric]).mean(of: selectionMetric)
                record.validation = v
                record.evalSeconds = Date().timeIntervalSince(evalStart)
                if best == nil || v > best!.value { best = (model, epoch, v) }
            }
            records.append(record)
            log(FoldInTrainer.describe(record, metric: selectionMetric, best: best?.epoch))
        }

        let chosen = best ?? (model, c.epochs, .nan)
        let validation = c.selection == .bestValidation
            ? try evaluate(chosen.model, foldIn: data.validationFoldIn, heldOut: data.validationHeldOut, metrics: metrics)
            : nil
        let test = try evaluate(chosen.model, foldIn: data.testFoldIn, heldOut: data.testHeldOut, metrics: metrics)
        return TrainingOutcome(epochs: records, selectedEpoch: chosen.epoch, test: test, validation: validation,
                               secondsPerEpoch: trainSeconds / Double(c.epochs))
    }

    /// Full ranking of every item for each held-out user, fold-in items excluded.
    public func evaluate<Model: FoldInRecommender>(_ model: Model, foldIn: SparseMatrix, heldOut: SparseMatrix,
                                                   metrics: [MetricSpec]) throws -> RankingResult {
        let task = RankingTask(input: foldIn, targets: heldOut, excluded: foldIn, scoredItemCount: foldIn.cols)
        let evaluator = try RankingEvaluator(metrics: metrics, batchSize: configuration.evaluationBatchSize)
        return try evaluator.evaluate(task) { _, batch, scores in
            model.scores(batch, into: &scores)
        }
    }

    static func describe(_ r: EpochRecord, metric: MetricSpec, best: Int?) -> String {
        var s = String(format: "epoch %4d  loss %.4f  nll %.4f  kl %.4f  beta %.5f  %.2fs", r.epoch, r.loss, r.nll, r.kl, r.beta, r.trainSeconds)
        if let v = r.validation {
            s += "  val \(metric) " + String(format: "%.5f", v) + (best == r.epoch ? " *" : "")
        }
        return s
    }
}
