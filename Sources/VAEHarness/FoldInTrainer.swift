import Foundation
import VAEData
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

/// The outcome of training and evaluating one model.
public struct TrainingOutcome: Sendable {
    public var epochs: [EpochRecord]
    /// The epoch whose parameters produced the test metrics.
    public var selectedEpoch: Int
    public var test: RankingResult
    public var validation: RankingResult?
    public var secondsPerEpoch: Double
    /// The selected model's embeddings (`users`, `items`), when the model exposes them.
    public var finalEmbeddings: [String: Matrix] = [:]
    /// With `betaSearch`: the search phase (β*, its epoch, its log); the rest of the outcome
    /// is the final phase's.
    public var betaSearch: BetaSearchOutcome? = nil
    /// The selected model's latent geometry on held-out users, when asked for.
    public var geometry: LatentGeometryProbe.Report? = nil
}

/// The vae_cf training loop, for any fold-in model:
///
/// ```
/// for epoch in 1...E:
///     shuffle the training users                   (own stream: batch order)
///     for each batch of B users:
///         β ← min(cap, updates / T)                (counted across epochs)
///         loss, ∇ ← model on the batch             (own streams: dropout, sampling;
///                                                   λ_A warm-up from the same counter;
///                                                   DirectSpec in its epochs)
///         Adam step; updates += 1
///     validation NDCG@100 on fold-in → held-out; keep the best parameters
/// test metrics from the kept parameters
/// ```
///
/// The data say what "fold-in → held-out" is (`FoldInData`): held-out users' fold-in rows
/// under strong generalisation, or each user's own training row on a given split (ranked
/// like the Cornac family). A given split without validation data has nothing to select
/// on, so it needs `selection: lastEpoch`.
public struct FoldInTrainer<Model: FoldInRecommender>: EpochTraining {
    /// Everything that changes during training.
    public struct State: Codable, Sendable {
        public var model: Model
        public var optimizer: AdamState
        public var randomness: RunRandomness
        /// The training-user order, reshuffled in place every epoch (so it is state too).
        public var order: [Int]
        public var updates = 0
        public var epochsDone = 0
        public var best: Model?
        public var bestEpoch = 0
        public var bestValue = -Double.infinity
        public var records: [EpochRecord] = []
    }

    public var configuration: TrainingConfiguration
    public var data: FoldInData
    public var metrics: [MetricSpec]
    public var selectionMetric: MetricSpec
    /// Latent geometry of the selected model on the test task's input rows — the test users'
    /// fold-in rows, or on a given split the known users' training rows (nil: none).
    public var geometry: LatentGeometryProbe.Options? = nil
    let makeModel: (inout RandomStream) -> Model

    public init(_ configuration: TrainingConfiguration, data: FoldInData, makeModel: @escaping (inout RandomStream) -> Model) throws {
        self.configuration = configuration
        self.data = data
        self.makeModel = makeModel
        guard configuration.selection == .lastEpoch || data.validation != nil else {
            throw DataError.invalidOption("selection bestValidation needs validation data, and this given split has none (no validationPath): set selection to lastEpoch or give validationPath")
        }
        metrics = try configuration.metrics.map { try MetricSpec(parsing: $0) }
        selectionMetric = try MetricSpec(parsing: configuration.selectionMetric)
    }

    public var epochCount: Int { configuration.epochs }

    /// What validation computes each evaluated epoch: the run's metrics and the selection
    /// metric (one ranking pass gives them all).
    var validationMetrics: [MetricSpec] { metrics.contains(selectionMetric) ? metrics : [selectionMetric] + metrics }

    public func epochsDone(_ state: State) -> Int { state.epochsDone }

    public func start() throws -> State {
        var randomness = RunRandomness(seed: UInt64(configuration.seed))
        let model = makeModel(&randomness.initialisation)
        return State(model: model, optimizer: AdamState(), randomness: randomness, order: Array(0..<data.train.rows))
    }

    public func runEpoch(_ s: inout State) throws -> EpochRecord {
        let c = configuration
        let epoch = s.epochsDone + 1
        let start = Date()
        var adam = Adam(learningRate: Float(c.learningRate), epsilonConvention: c.adamEpsilon)
        adam.state = s.optimizer
        s.randomness.batchOrder.shuffle(&s.order)
        var sums = LossTerms()
        var batches = 0
        var gradientNorms = 0.0
        let directSpec = c.directSpec(epoch: epoch)
        // The step's large buffers, sized by the first batch and reused by the others (not
        // part of the state: nothing in them outlives a step).
        var workspace = Model.Workspace()
        for batchStart in stride(from: 0, to: s.order.count, by: c.batchSize) {
            let rows = Array(s.order[batchStart..<min(batchStart + c.batchSize, s.order.count)])
            let beta = c.betaSchedule.beta(updatesDone: s.updates, updatesThisEpoch: batches)
            let loss = s.model.computeGradients(batch: data.train.gatherRows(rows), beta: beta, updatesDone: s.updates,
                                                directSpec: directSpec, workspace: &workspace, randomness: &s.randomness)
            guard loss.isFinite else { throw DivergenceError(epoch: epoch, update: s.updates, loss: loss) }
            var squared = 0.0
            s.model.visitParameters { _, g in squared += g.blockedSquaredNorm }
            gradientNorms += squared.squareRoot()
            adam.update(&s.model)
            s.updates += 1
            batches += 1
            sums.nll += loss.nll
            sums.kl += loss.kl
            sums.penalty += loss.penalty
            sums.beta = loss.beta
            sums.anchor += loss.anchor
            sums.anchorWeight = loss.anchorWeight
            sums.directSpec += loss.directSpec
            sums.directSpecWeight = loss.directSpecWeight
        }
        s.optimizer = adam.state
        let n = Double(max(batches, 1))
        var record = EpochRecord(epoch: epoch, nll: sums.nll / n, kl: sums.kl / n, beta: sums.beta,
                                 penalty: sums.penalty / n, loss: 0, updates: s.updates, validation: nil,
                                 trainSeconds: Date().timeIntervalSince(start), evalSeconds: 0)
        record.loss = record.nll + record.beta * record.kl + record.penalty
        if sums.anchorWeight > 0 || sums.anchor > 0 {
            record.anchor = sums.anchor / n
            record.anchorWeight = sums.anchorWeight
            record.loss += sums.anchorWeight * (sums.anchor / n)
        }
        if c.directSpec != nil {
            record.directSpec = sums.directSpec / n
            record.directSpecWeight = sums.directSpecWeight
            record.loss += sums.directSpecWeight * (sums.directSpec / n)
        }
        record.gradientNorm = gradientNorms / n
        let due = epoch % c.evaluationInterval == 0 || epoch == c.epochs
        if c.selection == .bestValidation && due, let validation = data.validation {
            let evalStart = Date()
            let result = try evaluate(s.model, task: validation, metrics: validationMetrics)
            let v = result.mean(of: selectionMetric)
            record.validation = v
            record.validationMetrics = Dictionary(uniqueKeysWithValues: result.metrics.map { ($0.description, result.mean(of: $0)) })
            record.evalSeconds = Date().timeIntervalSince(evalStart)
            if v > s.bestValue {
                s.best = s.model
                s.bestEpoch = epoch
                s.bestValue = v
            }
        }
        s.epochsDone = epoch
        s.records.append(record)
        return record
    }

    public func finish(_ s: State) throws -> TrainingOutcome {
        let (model, epoch) = s.best.map { ($0, s.bestEpoch) } ?? (s.model, s.epochsDone)
        let validation = try data.validation.flatMap { task in
            configuration.selection == .bestValidation ? try evaluate(model, task: task, metrics: metrics) : nil
        }
        let test = try evaluate(model, task: data.test, metrics: metrics)
        let seconds = s.records.map(\.trainSeconds).reduce(0, +) / Double(max(s.records.count, 1))
        var selected = s
        selected.model = model
        var outcome = TrainingOutcome(epochs: s.records, selectedEpoch: epoch, test: test, validation: validation,
                                      secondsPerEpoch: seconds, finalEmbeddings: embeddings(selected))
        if let geometry, let encoder = model as? LatentEncoder {
            outcome.geometry = LatentGeometryProbe.measure(encoder, foldIn: data.test.input, options: geometry, seed: configuration.seed,
                                                           runKeepProbability: configuration.keepProbability)
        }
        return outcome
    }

    /// Full ranking for each user of `task`: the model encodes the user's input row
    /// (fold-in or training row) and scores every item it knows; the task says what is
    /// excluded and which candidates are unknown.
    public func evaluate(_ model: Model, task: RankingTask, metrics: [MetricSpec]) throws -> RankingResult {
        let evaluator = try RankingEvaluator(metrics: metrics, batchSize: configuration.evaluationBatchSize)
        return try evaluator.evaluate(task) { _, batch, scores in
            model.scores(batch, into: &scores)
        }
    }

    /// Users: the training users' embeddings from their full rows; items: the model's item
    /// rows; Mult-VAE with PIA also `anchors`.
    public func embeddings(_ state: State) -> [String: Matrix] {
        guard let model = state.model as? EmbeddingProvider else { return [:] }
        return model.auxiliaryEmbeddings.merging(["users": model.userEmbeddings(data.train), "items": model.itemEmbeddings]) { $1 }
    }

    /// One line per epoch for the terminal.
    public func describe(_ r: EpochRecord, state: State) -> String {
        describe(r, best: state.bestEpoch == r.epoch)
    }

    /// The line of `describe`, `best` marking the best validated epoch so far with `*`.
    func describe(_ r: EpochRecord, best: Bool) -> String {
        var s = String(format: "epoch %4d  loss %.4f  nll %.4f  kl %.4f  beta %.5f", r.epoch, r.loss, r.nll, r.kl, r.beta)
        if let a = r.anchor, let w = r.anchorWeight { s += String(format: "  anchor %.4f  lambdaA %.5f", a, w) }
        if let d = r.directSpec, let w = r.directSpecWeight { s += String(format: "  directspec %.4f  lambdaS %.5g", d, w) }
        s += String(format: "  %.2fs", r.trainSeconds)
        if let v = r.validation {
            s += "  val \(selectionMetric) " + String(format: "%.5f", v) + (best ? " *" : "")
        }
        return s
    }
}
