import Foundation
import VAEModels

/// Everything that defines one training run of a fold-in model (Mult-VAE, Mult-DAE) under
/// the strong-generalisation protocol. Defaults are vae_cf's (ML-20M settings), except
/// `heldOutUsers`, which must be sized for the dataset.
public struct TrainingConfiguration: Codable, Sendable, Equatable {
    public enum ModelKind: String, Codable, Sendable, CaseIterable {
        case multvae, multdae
    }

    public enum Selection: String, Codable, Sendable {
        /// Report test metrics of the epoch with the best validation metric (vae_cf).
        case bestValidation
        /// Report test metrics after the last epoch (Cornac family).
        case lastEpoch
    }

    // Data.
    public var dataPath: String = ""
    public var dataFormat: String = "recbole"
    /// Which ratings are positives, written `>3.5` or `>=4` (vae_cf: `>3.5`); nil keeps
    /// every row.
    public var ratingThreshold: String? = ">3.5"
    public var minUserCount: Int = 5
    public var minItemCount: Int = 0
    /// Validation users and, separately, test users (vae_cf: 10,000 on ML-20M).
    public var heldOutUsers: Int = 10_000
    public var splitSeed: Int = 98765
    /// Folder for the prepared-split cache; nil disables it.
    public var cacheDirectory: String? = nil

    // Model.
    public var model: ModelKind = .multvae
    /// Hidden widths; nil = the model's reference ([600] VAE, [200] DAE).
    public var hiddenDims: [Int]? = nil
    public var latentDim: Int = 200
    public var keepProbability: Double = 0.5
    /// `lam` in `lam·Σ‖W‖²`; nil = the reference (0 for the VAE, 0.01/500 for the DAE).
    public var weightPenalty: Double? = nil
    public var labelSmoothing: Double = 0

    // Optimisation.
    public var epochs: Int = 200
    public var batchSize: Int = 500
    public var learningRate: Double = 1e-3
    public var adamEpsilon: AdamEpsilon = .tensorflow
    public var betaCap: Double = 0.2
    public var annealSteps: Int = 200_000
    public var klCounter: BetaSchedule.KLCounter = .global
    public var seed: Int = 98765

    // Evaluation.
    public var metrics: [String] = ["NDCG@100", "RecallCapped@20", "RecallCapped@50"]
    public var selectionMetric: String = "NDCG@100"
    public var selection: Selection = .bestValidation
    public var evaluationBatchSize: Int = 2000

    // Execution.
    public var blasThreads: Int? = nil

    public init() {}

    /// The KL weight schedule the configuration describes.
    public var betaSchedule: BetaSchedule {
        .linearAnneal(cap: Float(betaCap), totalSteps: annealSteps, counter: klCounter)
    }

    /// Reads a configuration from JSON, starting from the defaults; every key is checked
    /// (type, range, allowed values) and unknown keys are errors naming their JSON path.
    public static func decode(_ data: Data, file: String? = nil) throws -> TrainingConfiguration {
        let o = try JSONObject.parse(data, file: file)
        var c = TrainingConfiguration()
        try c.apply(o)
        return c
    }

    mutating func apply(_ o: JSONObject) throws {
        if let v = try o.string("dataPath") { dataPath = v }
        if let v = try o.string("dataFormat") { dataFormat = v }
        if o.isNull("ratingThreshold") { ratingThreshold = nil } else if let v = try o.string("ratingThreshold") { ratingThreshold = v }
        if let v = try o.int("minUserCount", in: 0...1_000_000) { minUserCount = v }
        if let v = try o.int("minItemCount", in: 0...1_000_000) { minItemCount = v }
        if let v = try o.int("heldOutUsers", in: 1...100_000_000) { heldOutUsers = v }
        if let v = try o.int("splitSeed", in: 0...Int(UInt32.max)) { splitSeed = v }
        if let v = try o.string("cacheDirectory") { cacheDirectory = v }
        if let v = try o.string("model", allowed: ModelKind.allCases.map(\.rawValue)) { model = ModelKind(rawValue: v)! }
        if let v = try o.ints("hiddenDims", in: 1...100_000) { hiddenDims = v }
        if let v = try o.int("latentDim", in: 1...100_000) { latentDim = v }
        if let v = try o.double("keepProbability", in: 0.0001...1) { keepProbability = v }
        if let v = try o.double("weightPenalty", in: 0...1e6) { weightPenalty = v }
        if let v = try o.double("labelSmoothing", in: 0...1) { labelSmoothing = v }
        if let v = try o.int("epochs", in: 1...1_000_000) { epochs = v }
        if let v = try o.int("batchSize", in: 1...10_000_000) { batchSize = v }
        if let v = try o.double("learningRate", in: 1e-12...1e6) { learningRate = v }
        if let v = try o.string("adamEpsilon", allowed: ["pytorch", "tensorflow"]) { adamEpsilon = AdamEpsilon(rawValue: v)! }
        if let v = try o.double("betaCap", in: 0...1e6) { betaCap = v }
        if let v = try o.int("annealSteps", in: 0...Int.max) { annealSteps = v }
        if let v = try o.string("klCounter", allowed: ["global", "resetPerEpoch"]) { klCounter = BetaSchedule.KLCounter(rawValue: v)! }
        if let v = try o.int("seed", in: 0...Int(Int64.max)) { seed = v }
        if let v = try o.strings("metrics") { metrics = v }
        if let v = try o.string("selectionMetric") { selectionMetric = v }
        if let v = try o.string("selection", allowed: ["bestValidation", "lastEpoch"]) { selection = Selection(rawValue: v)! }
        if let v = try o.int("evaluationBatchSize", in: 1...10_000_000) { evaluationBatchSize = v }
        if let v = try o.int("blasThreads", in: 1...1024) { blasThreads = v }
        try o.finish(allowedKeysHint: TrainingConfiguration.keys)
    }

    /// Every key a configuration file may contain.
    public static let keys = [
        "dataPath", "dataFormat", "ratingThreshold", "minUserCount", "minItemCount", "heldOutUsers", "splitSeed",
        "cacheDirectory", "model", "hiddenDims", "latentDim", "keepProbability", "weightPenalty", "labelSmoothing",
        "epochs", "batchSize", "learningRate", "adamEpsilon", "betaCap", "annealSteps", "klCounter", "seed",
        "metrics", "selectionMetric", "selection", "evaluationBatchSize", "blasThreads",
    ]

    /// The configuration as pretty, key-sorted JSON (what a run records as `config.json`).
    public func json() throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try enc.encode(self)
    }
}
