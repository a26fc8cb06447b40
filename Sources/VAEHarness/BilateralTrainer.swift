import Foundation
import VAEData
import VAEEvaluation
import VAEModels
import VAENumerics

/// The Cornac training loop for PoisVAE, BiVAE and DualVAE on a given split:
///
/// ```
/// for epoch in 1...E:
///     α ← schedule(epoch)                              (held within the epoch)
///     model.trainEpoch                                  (PoisVAE: user batches; BiVAE/DualVAE:
///                                                        item pass, then user pass; contiguous
///                                                        batches, no shuffle; own Adams;
///                                                        DirectSpec in its epochs)
/// model.inferMeans                                      (final re-encoding)
/// test metrics of the last epoch: every mapped item ranked, training (and validation)
/// positives excluded, test-only items ranked after every scored one, users without test
/// items skipped (`GivenSplitRanking`)
/// ```
///
/// The model trains on the rows of the users that occur in train (`knownUserCount`) and the
/// items that occur in train (`knownItemCount`); test-only users cannot be scored and are
/// left out of the evaluation (counted in the data log).
public struct BilateralTrainer<Model: CornacRecommender>: EpochTraining {
    /// Everything that changes during training.
    public struct State: Codable, Sendable {
        /// Parameters, stored samples and means.
        public var model: Model
        /// One Adam state per optimiser (BiVAE/DualVAE: item, user).
        public var optimizers: [AdamState]
        /// The run's streams; training draws its noise from `sampling`.
        public var randomness: RunRandomness
        public var epochsDone = 0
        public var records: [EpochRecord] = []
    }

    public var configuration: TrainingConfiguration
    public var split: GivenSplit
    public var data: BipartiteData
    public var metrics: [MetricSpec]
    let makeModel: (inout RandomStream) -> Model

    public init(_ c: TrainingConfiguration, split: GivenSplit, userFeatures: Matrix? = nil, itemFeatures: Matrix? = nil,
                makeModel: @escaping (inout RandomStream) -> Model) throws {
        guard c.selection == .lastEpoch else {
            throw DataError.invalidOption("model \(c.model.rawValue) reports the last epoch (Cornac); found selection \(c.selection.rawValue), expected lastEpoch")
        }
        configuration = c
        self.split = split
        data = BipartiteData(userRows: split.train.rows(0..<split.knownUserCount), userFeatures: userFeatures, itemFeatures: itemFeatures)
        metrics = try c.metrics.map { try MetricSpec(parsing: $0) }
        self.makeModel = makeModel
    }

    public var epochCount: Int { configuration.epochs }

    public func epochsDone(_ state: State) -> Int { state.epochsDone }

    public func start() throws -> State {
        var randomness = RunRandomness(seed: UInt64(configuration.seed))
        let model = makeModel(&randomness.initialisation)
        return State(model: model, optimizers: Array(repeating: AdamState(), count: Model.optimizerCount), randomness: randomness)
    }

    func adams(_ states: [AdamState]) -> [Adam] {
        states.map { st in
            var a = Adam(learningRate: Float(configuration.learningRate), epsilonConvention: configuration.adamEpsilon)
            a.state = st
            return a
        }
    }

    public func runEpoch(_ s: inout State) throws -> EpochRecord {
        let c = configuration
        let epoch = s.epochsDone + 1
        let start = Date()
        let alpha = c.labelSmoothingSchedule.alpha(epoch: epoch)
        var optimizers = adams(s.optimizers)
        // The hot loops parallelise over rows themselves and call BLAS from each thread.
        let loss = BLAS.withThreads(1) {
            s.model.trainEpoch(data, smoothing: alpha, directSpec: c.directSpec(epoch: epoch), batchSize: c.batchSize,
                               optimizers: &optimizers, rng: &s.randomness.sampling)
        }
        guard loss.isFinite else {
            throw DivergenceError(epoch: epoch, update: optimizers.map(\.state.step).reduce(0, +), loss: loss.user)
        }
        s.optimizers = optimizers.map(\.state)
        var record = EpochRecord(epoch: epoch, nll: loss.user.nll, kl: loss.user.kl, beta: loss.user.beta,
                                 penalty: loss.user.penalty, loss: loss.user.total, updates: s.optimizers.map(\.step).reduce(0, +),
                                 validation: nil, trainSeconds: Date().timeIntervalSince(start), evalSeconds: 0)
        record.labelSmoothing = Double(alpha)
        record.itemLoss = loss.item?.total
        record.negativeGradient = loss.mechanism.negativeGradient
        record.smallScoreFraction = loss.mechanism.smallScoreFraction
        if c.directSpec != nil {
            record.directSpec = loss.user.directSpec
            record.itemDirectSpec = loss.item?.directSpec
            record.directSpecWeight = max(loss.user.directSpecWeight, loss.item?.directSpecWeight ?? 0)
        }
        s.epochsDone = epoch
        s.records.append(record)
        return record
    }

    public func finish(_ s: State) throws -> TrainingOutcome {
        var model = s.model
        var rng = s.randomness.sampling
        model.inferMeans(data, batchSize: configuration.batchSize, rng: &rng)
        let test = try evaluate(model)
        let seconds = s.records.map(\.trainSeconds).reduce(0, +) / Double(max(s.records.count, 1))
        return TrainingOutcome(epochs: s.records, selectedEpoch: s.epochsDone, test: test, validation: nil, secondsPerEpoch: seconds,
                               finalEmbeddings: embeddings(of: model))
    }

    /// The posterior means of the current weights (re-inferred on a copy, with a copy of the
    /// noise stream, so training is not disturbed): BiVAE `μθ`, `μβ`; DualVAE's aspects side
    /// by side; PoisVAE the users' μ and the decoder's output rows.
    public func embeddings(_ state: State) -> [String: Matrix] {
        guard state.model is StoredEmbeddings else { return embeddings(of: state.model) }
        var model = state.model
        var rng = state.randomness.sampling
        model.inferMeans(data, batchSize: configuration.batchSize, rng: &rng)
        return embeddings(of: model)
    }

    /// A model's embeddings after `inferMeans`: its stored means, or (PoisVAE) encoded from
    /// the training rows.
    func embeddings(of model: Model) -> [String: Matrix] {
        if let stored = model as? StoredEmbeddings { return stored.storedEmbeddings }
        if let provider = model as? EmbeddingProvider {
            return ["users": provider.userEmbeddings(data.userRows), "items": provider.itemEmbeddings]
        }
        return [:]
    }

    /// Cornac-style ranking of the trained users (`GivenSplitRanking.test`, shared with the
    /// fold-in models on a given split): every mapped item a candidate (test-only items after
    /// every scored one), training (and validation) positives excluded, users without test
    /// items skipped. The model scores by user index; the task's input rows are not used.
    public func evaluate(_ model: Model) throws -> RankingResult {
        let evaluator = try RankingEvaluator(metrics: metrics, batchSize: configuration.evaluationBatchSize)
        return try evaluator.evaluate(GivenSplitRanking.test(split)) { rows, _, scores in
            model.scores(data, users: rows, into: &scores)
        }
    }

    /// One line per epoch for the terminal.
    public func describe(_ r: EpochRecord, state: State) -> String {
        var s = String(format: "epoch %4d  loss %.4f  nll %.4f  kl %.4f", r.epoch, r.loss, r.nll, r.kl)
        if r.penalty != 0 { s += String(format: "  cl %.4f", r.penalty) }
        if let l = r.itemLoss { s += String(format: "  item %.4f", l) }
        if let w = r.directSpecWeight {
            s += String(format: "  directspec %.4f/%.4f  lambdaS %.5g", r.directSpec ?? 0, r.itemDirectSpec ?? 0, w)
        }
        s += String(format: "  α %.4g  |g−| %.3e  x̂<1e-3 %.4f  %.2fs", r.labelSmoothing ?? 0, r.negativeGradient ?? 0,
                    r.smallScoreFraction ?? 0, r.trainSeconds)
        return s
    }
}
