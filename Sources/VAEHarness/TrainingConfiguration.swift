import Foundation
import VAEEvaluation
import VAEModels

/// Everything that defines one training run: a fold-in model (Mult-VAE, Mult-DAE) under the
/// strong-generalisation protocol or on given split files, or a Cornac-family model
/// (PoisVAE, BiVAE, DualVAE) on given split files. Defaults are vae_cf's (ML-20M settings)
/// for the fold-in models, except
/// `heldOutUsers`, which must be sized for the dataset; `defaults(for:)` gives the
/// Cornac-family defaults (the LS paper's setting, models.md §3–5), which a JSON file naming
/// such a `model` starts from.
public struct TrainingConfiguration: Codable, Sendable, Equatable {
    public enum ModelKind: String, Codable, Sendable, CaseIterable {
        case multvae, multdae, poisvae, bivae, dualvae

        /// Trained by the Cornac loop on a whole training matrix (no fold-in).
        public var isCornacFamily: Bool { self == .poisvae || self == .bivae || self == .dualvae }
    }

    /// How the data are split.
    public enum DataProtocol: String, Codable, Sendable, CaseIterable {
        /// vae_cf's strong generalisation from one file, or several pooled in order (`dataPath`).
        case strongGeneralization
        /// Papers' pre-split files (`trainPath`, `testPath`, optional `validationPath`),
        /// indexed like Cornac's `BaseMethod.from_splits`. Every family is ranked the same
        /// way (`GivenSplitRanking`); the fold-in models train with the vae_cf loop on every
        /// known user's training row and encode that same row at evaluation. Without a
        /// validation file, `selection` must be `lastEpoch`.
        case given
    }

    public enum Selection: String, Codable, Sendable {
        /// Report test metrics of the epoch with the best validation metric (vae_cf; on a
        /// given split, fold-in models only, and only with a `validationPath`).
        case bestValidation
        /// Report test metrics after the last epoch (Cornac family).
        case lastEpoch
    }

    // Data.
    public var `protocol`: DataProtocol = .strongGeneralization
    /// The dataset under strong generalisation: one file (or folder), or several files of
    /// `dataFormat` pooled in order (`DataPaths`).
    public var dataPath: DataPaths = ""
    /// Given-split files (protocol `given`).
    public var trainPath: String? = nil
    public var testPath: String? = nil
    public var validationPath: String? = nil
    /// Drop test items never seen in train instead of keeping them (ranked last) in the
    /// candidates and in `|T_u|` (Cornac's `exclude_unknowns=False`, the default).
    public var dropUnknownItems: Bool = false
    /// BiVAE's constrained adaptive priors: dense whitespace feature rows, row r belonging to
    /// the user (item) whose raw id is the integer r.
    public var userFeaturesPath: String? = nil
    public var itemFeaturesPath: String? = nil
    public var dataFormat: String = "recbole"
    /// Which ratings are positives, written `>3.5` or `>=4` (vae_cf: `>3.5`); nil keeps
    /// every row (the default under protocol `given`, see `decode`).
    public var ratingThreshold: String? = ">3.5"
    public var minUserCount: Int = 5
    public var minItemCount: Int = 0
    /// Validation users and, separately, test users (vae_cf: 10,000 on ML-20M).
    public var heldOutUsers: Int = 10_000
    public var splitSeed: Int = 98765
    /// Folder for the prepared-split cache; nil disables it.
    public var cacheDirectory: String? = nil
    /// Counts the prepared data must have (e.g. the paper's), checked at load; nil: none.
    public var expect: ExpectedCounts? = nil

    // Model.
    public var model: ModelKind = .multvae
    /// Hidden widths; nil = the model's reference ([600] VAE, [200] DAE).
    public var hiddenDims: [Int]? = nil
    public var latentDim: Int = 200
    public var keepProbability: Double = 0.5
    /// Mult-VAE input masking variant: `m1` (vae_cf), `m2`, `m3`, `m3-rescaled` (techniques.md §3).
    public var masking: InputMasking = .m1
    /// Mult-VAE PIA anchor weight λ_A (0 = off), its linear warm-up in updates (0 = constant)
    /// and the anchor table's initialisation (techniques.md §4).
    public var anchorWeight: Double = 0
    public var anchorWarmupSteps: Int = 0
    public var anchorInit: AnchorInit = .normal
    /// `lam` in `lam·Σ‖W‖²`; nil = the reference (0 for the VAE, 0.01/500 for the DAE).
    public var weightPenalty: Double? = nil
    /// Label smoothing α (the start value when `labelSmoothingEnd` is set).
    public var labelSmoothing: Double = 0
    /// Linear schedule: α ramps from `labelSmoothing` to this over `labelSmoothingRampEpochs`
    /// (held within an epoch); nil = constant α. Cornac-family models only.
    public var labelSmoothingEnd: Double? = nil
    public var labelSmoothingRampEpochs: Int = 0
    /// Cornac-family likelihood (`pois`, `bern`, `gaus`, `mult`).
    public var likelihood: Likelihood = .poisson
    /// Fixed KL weight β of the Cornac family.
    public var klWeight: Double = 1
    /// DualVAE: aspects A, decoder-net widths, contrastive weight γ, temperature τ, and
    /// whether the prototypes train (false = the released code's frozen prototypes).
    public var aspects: Int = 5
    public var decoderHiddenDims: [Int]? = nil
    public var contrastiveWeight: Double = 0.01
    public var temperature: Double = 0.2
    public var trainPrototypes: Bool = false
    /// DirectSpec on the batch's posterior means (techniques.md §5; `DirectSpecPenalty`):
    /// weight λ_S (0 = off), form (`softmax`, `cubic`), τ of the softmax form, sides (`users`,
    /// `items`, `both`; Mult-VAE: users only) and every how many epochs. BiVAE, DualVAE and
    /// Mult-VAE only.
    public var directSpecWeight: Double = 0
    public var directSpecForm: DirectSpecPenalty.Form = .softmax
    public var directSpecTau: Double = Double(DirectSpecPenalty.defaultTau)
    public var directSpecSide: DirectSpecPenalty.Sides = .both
    public var directSpecEvery: Int = 1

    // Optimisation.
    public var epochs: Int = 200
    public var batchSize: Int = 500
    public var learningRate: Double = 1e-3
    public var adamEpsilon: AdamEpsilon = .tensorflow
    public var betaCap: Double = 0.2
    public var annealSteps: Int = 200_000
    public var klCounter: BetaSchedule.KLCounter = .global
    /// The paper's choice of the KL cap (`BetaSearchTrainer`): anneal toward 1, take the β
    /// reached at the validation peak as the cap, retrain with it. `betaCap` is then chosen,
    /// not set.
    public var betaSearch: Bool = false
    public var seed: Int = 98765

    // Evaluation.
    public var metrics: [String] = ["NDCG@100", "RecallCapped@20", "RecallCapped@50"]
    public var selectionMetric: String = "NDCG@100"
    public var selection: Selection = .bestValidation
    public var evaluationBatchSize: Int = 2000
    /// Validate every this many epochs (and after the last).
    public var evaluationInterval: Int = 1
    /// Activity groups of the test users: ascending lower bounds of history length (the
    /// PIA paper's 5–10, 11–50, 51–100, > 100) and what counts as history.
    public var activityBins: [Int] = ActivityBins.paper.lowerBounds
    public var activityCount: HistoryLength = .all

    // Execution.
    public var blasThreads: Int? = nil

    public init() {}

    /// The defaults a run of `model` starts from: vae_cf's for the fold-in models; for the
    /// Cornac family the LS paper's setting (k=20, [40], tanh, pois, batch 128, lr 1e-3 with
    /// PyTorch's Adam, β=1, 500 epochs, seed 123), the given-split protocol, last-epoch
    /// selection and Cornac's RecallFull/NDCG at 20 and 50.
    public static func defaults(for model: ModelKind) -> TrainingConfiguration {
        var c = TrainingConfiguration()
        c.model = model
        guard model.isCornacFamily else { return c }
        c.protocol = .given
        c.dataFormat = "uidiid-csv"
        c.ratingThreshold = nil
        c.hiddenDims = [40]
        c.decoderHiddenDims = [40]
        c.latentDim = 20
        c.epochs = 500
        c.batchSize = 128
        c.learningRate = 1e-3
        c.adamEpsilon = .pytorch
        c.seed = 123
        c.metrics = ["RecallFull@20", "NDCG@20", "RecallFull@50", "NDCG@50"]
        c.selectionMetric = "NDCG@20"
        c.selection = .lastEpoch
        return c
    }

    /// The activity groups of the test users.
    public var activityGrouping: ActivityBins { ActivityBins(lowerBounds: activityBins) }

    /// A setting that no run can honour given the others.
    public struct Conflict: Sendable, Equatable {
        /// The configuration key at fault.
        public var key: String
        /// Its value, as JSON text.
        public var found: String
        public var expected: String
    }

    /// The first setting that contradicts the others, or nil. Today: several `dataPath`
    /// files with the `vaecf` format (a split folder is read as it is; only raw files are
    /// pooled); on a given split, `bestValidation` (and so `betaSearch`) needs a fold-in
    /// model and a `validationPath` (the Cornac family always reports the last epoch;
    /// without validation data there is nothing to select on).
    public var conflict: Conflict? {
        if `protocol` == .strongGeneralization && dataFormat == DatasetLoader.vaecfFormat && dataPath.files.count > 1 {
            return Conflict(key: "dataPath", found: "\(dataPath.files.count) paths with dataFormat vaecf",
                            expected: "one folder (a vae_cf split folder is read as it is; only files in a raw format are pooled)")
        }
        guard `protocol` == .given, selection == .bestValidation else { return nil }
        if model.isCornacFamily {
            return Conflict(key: "selection", found: "\"bestValidation\"",
                            expected: "\"lastEpoch\" (model \(model.rawValue) reports the last epoch, as Cornac)")
        }
        if validationPath == nil && betaSearch {
            return Conflict(key: "betaSearch", found: "true",
                            expected: "false (the β search selects on validation, and a given split without validationPath has no validation data; or give validationPath)")
        }
        if validationPath == nil {
            return Conflict(key: "selection", found: "\"bestValidation\"",
                            expected: "\"lastEpoch\" (a given split without validationPath has no validation data to select an epoch on; or give validationPath)")
        }
        return nil
    }

    /// The per-epoch label-smoothing schedule.
    public var labelSmoothingSchedule: LabelSmoothingSchedule {
        LabelSmoothingSchedule(start: Float(labelSmoothing), end: labelSmoothingEnd.map(Float.init), rampEpochs: labelSmoothingRampEpochs)
    }

    /// The DirectSpec term, nil when off (`directSpecWeight` 0).
    public var directSpec: DirectSpecPenalty? {
        guard directSpecWeight > 0 else { return nil }
        return DirectSpecPenalty(weight: Float(directSpecWeight), form: directSpecForm, tau: Float(directSpecTau),
                                 sides: directSpecSide, everyEpochs: directSpecEvery)
    }

    /// The DirectSpec term of `epoch` (1-based): nil when off or not due.
    public func directSpec(epoch: Int) -> DirectSpecPenalty? {
        directSpec.flatMap { $0.isActive(epoch: epoch) ? $0 : nil }
    }

    /// Why the DirectSpec settings cannot apply to `model`, as (configuration key, value found,
    /// what is allowed); nil when they can.
    public var directSpecProblem: (key: String, found: String, expected: String)? {
        guard directSpecWeight > 0 else { return nil }
        let models: [ModelKind] = [.multvae, .bivae, .dualvae]
        if !models.contains(model) {
            return ("directSpecWeight", "\(directSpecWeight) with model \(model.rawValue)",
                    "0: DirectSpec applies to " + models.map(\.rawValue).joined(separator: ", "))
        }
        if model == .multvae && directSpecSide == .items {
            return ("directSpecSide", "\"items\" with model multvae",
                    "users or both: Mult-VAE's DirectSpec acts on its latent means (it has no item posterior)")
        }
        return nil
    }

    /// The KL weight schedule the configuration describes.
    public var betaSchedule: BetaSchedule {
        .linearAnneal(cap: Float(betaCap), totalSteps: annealSteps, counter: klCounter)
    }

    /// Reads a configuration from JSON, starting from the defaults; every key is checked
    /// (type, range, allowed values) and unknown keys are errors naming their JSON path, as
    /// are keys the configuration's model or protocol ignores (`KnobRelevance`).
    /// Under protocol `given` an absent `ratingThreshold` means none (split files list
    /// positives; vae_cf's `>3.5` belongs to strong generalisation).
    public static func decode(_ data: Data, file: String? = nil) throws -> TrainingConfiguration {
        try decode(data, file: file, checkingRelevance: true)
    }

    /// Reads a configuration a run recorded (`config.json`, which lists every setting, used
    /// or not): like `decode`, without the relevance check.
    public static func decodeRecorded(_ data: Data, file: String? = nil) throws -> TrainingConfiguration {
        try decode(data, file: file, checkingRelevance: false)
    }

    /// Reads a `--config` file: a configuration a run recorded is read as recorded
    /// (`decodeRecorded`), so `vaelab train --config results/…/runs/<id>/config.json`
    /// repeats that run; anything else gets every check (`decode`). A recorded file is
    /// recognised by settings no single model uses together (`aspects` is DualVAE's,
    /// `keepProbability` the fold-in models'), which a hand-written file could not hold
    /// without failing the relevance check anyway. `${NAME}` in string values is replaced
    /// from `environment`, as in specs.
    public static func decodeConfigFile(_ data: Data, file: String? = nil,
                                        environment: [String: String] = ProcessInfo.processInfo.environment) throws -> TrainingConfiguration {
        try JSONSyntax.check(data, file: file)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return try decode(data, file: file)  // reports the JSON error
        }
        let expanded = try JSONSerialization.data(withJSONObject: try GridExpansion.expandVariables(
            object, origins: [:], file: file, environment: environment))
        let recorded = Set(object.keys).isSuperset(of: ["model", "seed", "aspects", "keepProbability", "likelihood"])
        return recorded ? try decodeRecorded(expanded, file: file) : try decode(expanded, file: file)
    }

    static func decode(_ data: Data, file: String?, checkingRelevance: Bool) throws -> TrainingConfiguration {
        let o = try JSONObject.parse(data, file: file)
        var c = TrainingConfiguration()
        if let v = try o.string("model", allowed: ModelKind.allCases.map(\.rawValue)) { c = defaults(for: ModelKind(rawValue: v)!) }
        try c.apply(o)
        if c.protocol == .given && !o.has("ratingThreshold") { c.ratingThreshold = nil }
        if checkingRelevance { try KnobRelevance.check(o.dictionary, c, file: file, path: { "\(o.path).\($0)" }) }
        // After the relevance check, so that a model that ignores DirectSpec is named as such
        // (spec expansion makes both checks itself, at the spec paths; a recorded config.json
        // is read without them, and `TrainingRun` refuses a DirectSpec it cannot apply).
        if checkingRelevance, let p = c.directSpecProblem {
            throw JSONValueError(file: file, path: "\(o.path).\(p.key)", found: p.found, expected: p.expected)
        }
        return c
    }

    mutating func apply(_ o: JSONObject) throws {
        if let v = try o.string("protocol", allowed: DataProtocol.allCases.map(\.rawValue)) { `protocol` = DataProtocol(rawValue: v)! }
        if let v = o.value("dataPath") { dataPath = try DataPaths.read(v, path: "\(o.path).dataPath", file: o.file) }
        if let v = try o.string("trainPath") { trainPath = v }
        if let v = try o.string("testPath") { testPath = v }
        if let v = try o.string("validationPath") { validationPath = v }
        if let v = try o.bool("dropUnknownItems") { dropUnknownItems = v }
        if let v = try o.string("userFeaturesPath") { userFeaturesPath = v }
        if let v = try o.string("itemFeaturesPath") { itemFeaturesPath = v }
        if let v = try o.string("dataFormat") { dataFormat = v }
        if o.isNull("ratingThreshold") { ratingThreshold = nil } else if let v = try o.string("ratingThreshold") { ratingThreshold = v }
        if let v = try o.int("minUserCount", in: 0...1_000_000) { minUserCount = v }
        if let v = try o.int("minItemCount", in: 0...1_000_000) { minItemCount = v }
        if let v = try o.int("heldOutUsers", in: 1...100_000_000) { heldOutUsers = v }
        if let v = try o.int("splitSeed", in: 0...Int(UInt32.max)) { splitSeed = v }
        if let v = try o.string("cacheDirectory") { cacheDirectory = v }
        if let v = try o.object("expect") { expect = try ExpectedCounts.read(v) }
        if let v = try o.string("model", allowed: ModelKind.allCases.map(\.rawValue)) { model = ModelKind(rawValue: v)! }
        if let v = try o.ints("hiddenDims", in: 1...100_000) { hiddenDims = v }
        if let v = try o.int("latentDim", in: 1...100_000) { latentDim = v }
        if let v = try o.double("keepProbability", in: 0.0001...1) { keepProbability = v }
        if let v = try o.string("masking", allowed: InputMasking.allCases.map(\.rawValue)) { masking = InputMasking(rawValue: v)! }
        if let v = try o.double("anchorWeight", in: 0...1e6) { anchorWeight = v }
        if let v = try o.int("anchorWarmupSteps", in: 0...Int.max) { anchorWarmupSteps = v }
        if let v = try o.string("anchorInit", allowed: AnchorInit.allCases.map(\.rawValue)) { anchorInit = AnchorInit(rawValue: v)! }
        if let v = try o.double("weightPenalty", in: 0...1e6) { weightPenalty = v }
        if let v = try o.double("labelSmoothing", in: 0...1) { labelSmoothing = v }
        if o.isNull("labelSmoothingEnd") { labelSmoothingEnd = nil } else if let v = try o.double("labelSmoothingEnd", in: 0...1) { labelSmoothingEnd = v }
        if let v = try o.int("labelSmoothingRampEpochs", in: 0...1_000_000) { labelSmoothingRampEpochs = v }
        if let v = try o.string("likelihood", allowed: ["pois", "bern", "gaus", "mult", "poisson", "bernoulli", "gaussian", "multinomial"]) {
            likelihood = try Likelihood(name: v)
        }
        if let v = try o.double("klWeight", in: 0...1e6) { klWeight = v }
        if let v = try o.int("aspects", in: 1...1000) { aspects = v }
        if let v = try o.ints("decoderHiddenDims", in: 1...100_000) { decoderHiddenDims = v }
        if let v = try o.double("contrastiveWeight", in: 0...1e6) { contrastiveWeight = v }
        if let v = try o.double("temperature", in: 1e-6...1e6) { temperature = v }
        if let v = try o.bool("trainPrototypes") { trainPrototypes = v }
        if let v = try o.double("directSpecWeight", in: 0...1e6) { directSpecWeight = v }
        if let v = try o.string("directSpecForm", allowed: DirectSpecPenalty.Form.allCases.map(\.rawValue)) {
            directSpecForm = DirectSpecPenalty.Form(rawValue: v)!
        }
        if let v = try o.double("directSpecTau", in: 1e-6...1e6) { directSpecTau = v }
        if let v = try o.string("directSpecSide", allowed: DirectSpecPenalty.Sides.allCases.map(\.rawValue)) {
            directSpecSide = DirectSpecPenalty.Sides(rawValue: v)!
        }
        if let v = try o.int("directSpecEvery", in: 1...1_000_000) { directSpecEvery = v }
        if let v = try o.int("epochs", in: 1...1_000_000) { epochs = v }
        if let v = try o.int("batchSize", in: 1...10_000_000) { batchSize = v }
        if let v = try o.double("learningRate", in: 1e-12...1e6) { learningRate = v }
        if let v = try o.string("adamEpsilon", allowed: ["pytorch", "tensorflow"]) { adamEpsilon = AdamEpsilon(rawValue: v)! }
        if let v = try o.double("betaCap", in: 0...1e6) { betaCap = v }
        if let v = try o.int("annealSteps", in: 0...Int.max) { annealSteps = v }
        if let v = try o.string("klCounter", allowed: ["global", "resetPerEpoch"]) { klCounter = BetaSchedule.KLCounter(rawValue: v)! }
        if let v = try o.bool("betaSearch") { betaSearch = v }
        if let v = try o.int("seed", in: 0...Int(Int64.max)) { seed = v }
        if let v = try o.strings("metrics") { metrics = v }
        if let v = try o.string("selectionMetric") { selectionMetric = v }
        if let v = try o.string("selection", allowed: ["bestValidation", "lastEpoch"]) { selection = Selection(rawValue: v)! }
        if let v = try o.int("evaluationBatchSize", in: 1...10_000_000) { evaluationBatchSize = v }
        if let v = try o.int("evaluationInterval", in: 1...1_000_000) { evaluationInterval = v }
        if let v = try o.ints("activityBins", in: 1...Int(Int32.max)) {
            if let (i, expected) = ActivityBins.problem(in: v) {
                throw JSONValueError(file: o.file, path: "\(o.path).activityBins" + (i.map { "[\($0)]" } ?? ""),
                                     found: i.map { String(v[$0]) } ?? "an array", expected: expected)
            }
            activityBins = v
        }
        if let v = try o.string("activityCount", allowed: HistoryLength.allCases.map(\.rawValue)) { activityCount = HistoryLength(rawValue: v)! }
        if let v = try o.int("blasThreads", in: 1...1024) { blasThreads = v }
        try o.finish(allowedKeysHint: TrainingConfiguration.keys)
        if betaSearch && selection != .bestValidation {
            throw JSONValueError(file: o.file, path: "\(o.path).\(o.has("betaSearch") ? "betaSearch" : "selection")",
                                 found: o.has("betaSearch") ? "true" : "\"\(selection.rawValue)\"",
                                 expected: "betaSearch only with selection bestValidation (the search takes the β of the validation peak)")
        }
    }

    /// Every key a configuration file may contain.
    public static let keys = [
        "dataPath", "protocol", "trainPath", "testPath", "validationPath", "dropUnknownItems", "userFeaturesPath", "itemFeaturesPath", "dataFormat", "ratingThreshold", "minUserCount", "minItemCount", "heldOutUsers", "splitSeed",
        "cacheDirectory", "expect", "model", "hiddenDims", "latentDim", "keepProbability", "masking", "anchorWeight", "anchorWarmupSteps", "anchorInit", "weightPenalty", "labelSmoothing",
        "labelSmoothingEnd", "labelSmoothingRampEpochs", "likelihood", "klWeight", "aspects", "decoderHiddenDims",
        "contrastiveWeight", "temperature", "trainPrototypes",
        "directSpecWeight", "directSpecForm", "directSpecTau", "directSpecSide", "directSpecEvery", "epochs", "batchSize", "learningRate", "adamEpsilon", "betaCap", "annealSteps", "klCounter", "betaSearch", "seed",
        "metrics", "selectionMetric", "selection", "evaluationBatchSize", "evaluationInterval", "activityBins", "activityCount", "blasThreads",
    ]

    /// The configuration as pretty, key-sorted JSON (what a run records as `config.json`).
    public func json() throws -> Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try enc.encode(self)
    }
}
