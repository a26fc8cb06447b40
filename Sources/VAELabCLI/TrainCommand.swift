import Foundation
import VAEEvaluation
import VAEHarness
import VAEModels
import VAEData

/// `vaelab train`: trains one configuration (from a JSON file, flags, or both — flags win)
/// for one or more seeds, printing a line per epoch and writing each run's files.
struct TrainCommand: Command {
    static let name = "train"
    static let abstract = "Train and evaluate one configuration: Mult-VAE / Mult-DAE (strong generalisation or given split) or PoisVAE / BiVAE / DualVAE (given split)."
    static let usage = "vaelab train [--config <file.json>] [--data <path> | --protocol given --train <path> --test <path>] [--format <format>] [options]"
    static let discussion = """
        Reads the dataset, applies the vae_cf protocol (rating threshold, single-pass count
        filters, seeded user permutation, held-out validation/test users with an 80/20 fold-in
        split), trains with the vae_cf loop and reports test metrics from the best validation
        epoch. PoisVAE, BiVAE and DualVAE (the Cornac family) train on given split files
        (--protocol given --train --test; Cornac indexing) with contiguous unshuffled batches
        and report the last epoch's metrics over every mapped item, training positives
        excluded and test-only items kept (ranked last). Mult-VAE and Mult-DAE can train on a
        given split too: the vae_cf loop over every training user's row, each user's own
        training row folded in at evaluation and ranked exactly as for the Cornac family;
        without --validation they need --selection lastEpoch. Naming a Cornac-family --model
        without --config starts from the LS paper's setting (k=20, [40], pois, batch 128, lr
        1e-3, β=1, 500 epochs, seed 123, RecallFull/NDCG@20,50, format uidiid-csv). Every
        option can also be given in the JSON file under its configuration key
        (shown in brackets). With --output, each seed's run writes config.json, train_log.csv,
        metrics.json, metrics.csv and per_user.csv; several seeds add summary.csv/summary.txt.
        """
    static let options: [OptionSpec] = [
        .option("config", "file", "JSON configuration; flags override its values."),
    ] + DataOptions.options + DataOptions.givenOptions + [
        .option("model", "name", "multvae, multdae, poisvae, bivae or dualvae [model].", default: "multvae"),
        .option("hidden", "widths", "Hidden (encoder) widths, comma-separated [hiddenDims].", default: "600 (VAE), 200 (DAE), 40 (Cornac family)"),
        .option("latent", "n", "Latent size k [latentDim].", default: "200; 20 for the Cornac family"),
        .option("likelihood", "name", "Cornac family: pois, bern, gaus or mult [likelihood].", default: "pois"),
        .option("kl-weight", "beta", "Cornac family: fixed KL weight β [klWeight].", default: "1"),
        .option("aspects", "n", "DualVAE: aspects A [aspects].", default: "5"),
        .option("decoder-hidden", "widths", "DualVAE: decoder-net widths, comma-separated [decoderHiddenDims].", default: "40"),
        .option("gamma", "weight", "DualVAE: weight γ of the contrastive term [contrastiveWeight].", default: "0.01"),
        .option("tau", "t", "DualVAE: InfoNCE temperature τ [temperature].", default: "0.2"),
        .flag("train-prototypes", "DualVAE: train the prototypes (the released code leaves them at init) [trainPrototypes]."),
        .option("keep-prob", "p", "Dropout keep probability on the normalised input [keepProbability].", default: "0.5"),
        .option("masking", "variant", "Mult-VAE input mask: m1 (normalise, then dropout), m2 (mask, then normalise), m3 (mask raw x) or m3-rescaled (mask raw x, ×1/p) [masking].", default: "m1"),
        .option("anchor-weight", "lambda", "Mult-VAE PIA anchor weight λ_A; 0 = off [anchorWeight].", default: "0"),
        .option("anchor-warmup", "n", "Updates of a linear λ_A warm-up; 0 = constant [anchorWarmupSteps].", default: "0"),
        .option("anchor-init", "name", "Anchor table init: normal (std 0.01), zeros or glorot [anchorInit].", default: "normal"),
        .option("directspec-weight", "lambda", "DirectSpec weight λ_S on each batch's normalised posterior means (bivae, dualvae, multvae); 0 = off [directSpecWeight].", default: "0"),
        .option("directspec-form", "form", "DirectSpec term: softmax (uniformity, the released code's filter) or cubic (decorrelation ¼‖ĒᵀĒ‖²/B²) [directSpecForm].", default: "softmax"),
        .option("directspec-tau", "t", "DirectSpec softmax τ, multiplying the similarities [directSpecTau].", default: "3"),
        .option("directspec-side", "side", "DirectSpec on users, items or both (multvae: its latent means, users) [directSpecSide].", default: "both"),
        .option("directspec-every", "n", "DirectSpec in every n-th epoch only [directSpecEvery].", default: "1"),
        .option("weight-penalty", "lam", "lam in lam·Σ‖W‖² [weightPenalty].", default: "0 (VAE), 2e-5 (DAE)"),
        .option("label-smoothing", "alpha", "Target (1−α)·x + α/2 [labelSmoothing].", default: "0"),
        .option("label-smoothing-end", "alpha", "Cornac family: ramp α linearly to this value [labelSmoothingEnd]."),
        .option("label-smoothing-ramp", "epochs", "Epochs of the α ramp, held within an epoch [labelSmoothingRampEpochs].", default: "0"),
        .option("epochs", "n", "Training epochs [epochs].", default: "200; 500 for the Cornac family"),
        .option("batch-size", "n", "Users (or items) per update [batchSize].", default: "500; 128 for the Cornac family"),
        .option("lr", "rate", "Adam learning rate [learningRate].", default: "0.001"),
        .option("beta-cap", "beta", "Cap of the annealed KL weight [betaCap].", default: "0.2"),
        .option("anneal-steps", "n", "Updates to reach β = 1 before capping [annealSteps].", default: "200000"),
        .option("kl-counter", "mode", "global, or resetPerEpoch to reproduce a known bug [klCounter].", default: "global"),
        .flag("beta-search", "Mult-VAE: choose the KL cap as the paper did: anneal β toward 1, take the β at the validation peak, retrain with it as the cap [betaSearch]."),
        .option("seed", "n", "Seed of the run's random streams [seed].", default: "98765"),
        .option("seeds", "list", "Several seeds, comma-separated: one run each, then a summary."),
        .option("metrics", "list", "Test metrics, e.g. NDCG@100,RecallCapped@20 [metrics].", default: "NDCG@100,RecallCapped@20,RecallCapped@50"),
        .option("selection", "policy", "bestValidation or lastEpoch [selection].", default: "bestValidation"),
        .option("selection-metric", "metric", "Validation metric that picks the epoch [selectionMetric].", default: "NDCG@100"),
        .option("eval-batch-size", "n", "Users scored at once in evaluation [evaluationBatchSize].", default: "2000"),
        .option("blas-threads", "n", "Threads per BLAS product [blasThreads].", default: "cores"),
        .option("output", "folder", "Write the run's files here."),
        .option("spectra-every", "n", "With --output: singular-value spectra of the embeddings every n epochs (spectra.csv); 0 = only the final model's."),
        .flag("save-embeddings", "With --output: save the final user and item embeddings as .npy files."),
        .flag("quiet", "Print no per-epoch lines."),
    ]

    var configuration: TrainingConfiguration
    var seeds: [Int]
    var output: String?
    var quiet: Bool
    var spectra: SpectrumLog.Options?

    init(_ a: ParsedArguments) throws {
        var c = TrainingConfiguration()
        var configSetsThreshold = false
        if a.string("config") == nil, let v = a.string("model"), let m = TrainingConfiguration.ModelKind(rawValue: v) {
            c = TrainingConfiguration.defaults(for: m)
        }
        if let file = a.string("config") {
            guard let data = FileManager.default.contents(atPath: file) else { throw UsageError("cannot read --config file \(file)") }
            c = try TrainingConfiguration.decodeConfigFile(data, file: file)
            configSetsThreshold = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["ratingThreshold"] != nil
        }
        try DataOptions.apply(a, to: &c)
        try DataOptions.applyGiven(a, to: &c)
        // Given split files list positives: no rating threshold unless one is asked for, as
        // `TrainingConfiguration.decode` does for a file.
        if c.protocol == .given && a.string("rating-threshold") == nil && !configSetsThreshold { c.ratingThreshold = nil }
        if let v = a.string("model") {
            guard let m = TrainingConfiguration.ModelKind(rawValue: v) else {
                throw UsageError("option '--model' expects one of " + TrainingConfiguration.ModelKind.allCases.map(\.rawValue).joined(separator: ", ") + ", got '\(v)'")
            }
            c.model = m
        }
        if let v = a.list("hidden") {
            c.hiddenDims = try v.map { s in
                guard let n = Int(s), n > 0 else { throw UsageError("option '--hidden' expects positive integers, got '\(s)'") }
                return n
            }
        }
        if let v = try a.int("latent") { c.latentDim = v }
        if let v = a.string("likelihood") {
            do { c.likelihood = try Likelihood(name: v) } catch { throw UsageError("option '--likelihood': \(error)") }
        }
        if let v = try a.float("kl-weight") { c.klWeight = Double(v) }
        if let v = try a.int("aspects") { c.aspects = v }
        if let v = a.list("decoder-hidden") {
            c.decoderHiddenDims = try v.map { s in
                guard let n = Int(s), n > 0 else { throw UsageError("option '--decoder-hidden' expects positive integers, got '\(s)'") }
                return n
            }
        }
        if let v = try a.float("gamma") { c.contrastiveWeight = Double(v) }
        if let v = try a.float("tau") { c.temperature = Double(v) }
        if a.has("train-prototypes") { c.trainPrototypes = true }
        if let v = try a.float("label-smoothing-end") { c.labelSmoothingEnd = Double(v) }
        if let v = try a.int("label-smoothing-ramp") { c.labelSmoothingRampEpochs = v }
        if let v = try a.float("keep-prob") { c.keepProbability = Double(v) }
        if let v = a.string("masking") {
            guard let m = InputMasking(rawValue: v) else {
                throw UsageError("option '--masking' expects one of " + InputMasking.allCases.map(\.rawValue).joined(separator: ", ") + ", got '\(v)'")
            }
            c.masking = m
        }
        if let v = try a.float("anchor-weight") { c.anchorWeight = Double(v) }
        if let v = try a.int("anchor-warmup") { c.anchorWarmupSteps = v }
        if let v = a.string("anchor-init") {
            guard let i = AnchorInit(rawValue: v) else {
                throw UsageError("option '--anchor-init' expects one of " + AnchorInit.allCases.map(\.rawValue).joined(separator: ", ") + ", got '\(v)'")
            }
            c.anchorInit = i
        }
        if let v = try a.double("directspec-weight") { c.directSpecWeight = v }
        if let v = a.string("directspec-form") {
            guard let f = DirectSpecPenalty.Form(rawValue: v) else {
                throw UsageError("option '--directspec-form' expects one of " + DirectSpecPenalty.Form.allCases.map(\.rawValue).joined(separator: ", ") + ", got '\(v)'")
            }
            c.directSpecForm = f
        }
        if let v = try a.double("directspec-tau") { c.directSpecTau = v }
        if let v = a.string("directspec-side") {
            guard let side = DirectSpecPenalty.Sides(rawValue: v) else {
                throw UsageError("option '--directspec-side' expects one of " + DirectSpecPenalty.Sides.allCases.map(\.rawValue).joined(separator: ", ") + ", got '\(v)'")
            }
            c.directSpecSide = side
        }
        if let v = try a.int("directspec-every") { c.directSpecEvery = v }
        if let v = try a.float("weight-penalty") { c.weightPenalty = Double(v) }
        if let v = try a.float("label-smoothing") { c.labelSmoothing = Double(v) }
        if let v = try a.int("epochs") { c.epochs = v }
        if let v = try a.int("batch-size") { c.batchSize = v }
        if let v = try a.float("lr") { c.learningRate = Double(v) }
        if let v = try a.float("beta-cap") { c.betaCap = Double(v) }
        if let v = try a.int("anneal-steps") { c.annealSteps = v }
        if let v = a.string("kl-counter") {
            guard let k = BetaSchedule.KLCounter(rawValue: v) else { throw UsageError("option '--kl-counter' expects global or resetPerEpoch, got '\(v)'") }
            c.klCounter = k
        }
        if a.has("beta-search") { c.betaSearch = true }
        if let v = try a.int("seed") { c.seed = v }
        if let v = a.list("metrics") { c.metrics = v }
        if let v = a.string("selection") {
            guard let s = TrainingConfiguration.Selection(rawValue: v) else {
                throw UsageError("option '--selection' expects bestValidation or lastEpoch, got '\(v)'")
            }
            c.selection = s
        }
        if let v = a.string("selection-metric") { c.selectionMetric = v }
        if let v = try a.int("eval-batch-size") { c.evaluationBatchSize = v }
        if let v = try a.int("blas-threads") { c.blasThreads = v }
        configuration = c
        if let list = a.list("seeds") {
            seeds = try list.map { s in
                guard let n = Int(s), n >= 0 else { throw UsageError("option '--seeds' expects non-negative integers, got '\(s)'") }
                return n
            }
        } else {
            seeds = [c.seed]
        }
        output = a.string("output")
        quiet = a.has("quiet")
        let every = try a.int("spectra-every")
        spectra = every != nil || a.has("save-embeddings")
            ? SpectrumLog.Options(everyEpochs: every ?? 0, saveEmbeddings: a.has("save-embeddings")) : nil
        if spectra != nil && output == nil { throw UsageError("--spectra-every and --save-embeddings need --output <folder>") }
        if let every, every < 0 { throw UsageError("option '--spectra-every' must be ≥ 0, got \(every)") }
    }

    func validate() throws {
        let c = configuration
        try DataOptions.validate(c)
        for m in c.metrics + [c.selectionMetric] {
            do { _ = try MetricSpec(parsing: m) } catch { throw UsageError("metric '\(m)': \(error)") }
        }
        guard c.epochs >= 1 else { throw UsageError("option '--epochs' must be at least 1, got \(c.epochs)") }
        guard c.batchSize >= 1 else { throw UsageError("option '--batch-size' must be at least 1, got \(c.batchSize)") }
        guard c.heldOutUsers >= 1 else { throw UsageError("option '--held-out-users' must be at least 1, got \(c.heldOutUsers)") }
        guard c.keepProbability > 0 && c.keepProbability <= 1 else {
            throw UsageError("option '--keep-prob' must be in (0, 1], got \(c.keepProbability)")
        }
        guard c.anchorWeight >= 0 && c.anchorWeight.isFinite else {
            throw UsageError("option '--anchor-weight' must be at least 0, got \(c.anchorWeight)")
        }
        guard c.anchorWarmupSteps >= 0 else { throw UsageError("option '--anchor-warmup' must be at least 0, got \(c.anchorWarmupSteps)") }
        if c.model != .multvae, c.masking != .m1 || c.anchorWeight > 0 {
            throw UsageError("--masking and --anchor-weight apply to multvae only, not \(c.model.rawValue)")
        }
        if c.betaSearch {
            guard c.model == .multvae || (c.model == .poisvae && c.protocol == .strongGeneralization) else {
                throw UsageError("--beta-search applies to multvae (and poisvae under strong generalisation), not \(c.model.rawValue)")
            }
            guard c.selection == .bestValidation else { throw UsageError("--beta-search needs --selection bestValidation (it looks for the validation peak)") }
            guard c.protocol != .given || c.validationPath != nil else {
                throw UsageError("--beta-search on a given split needs validation data to find the validation peak: give --validation <path>")
            }
        }
        guard c.directSpecWeight >= 0 && c.directSpecWeight.isFinite else {
            throw UsageError("option '--directspec-weight' must be at least 0, got \(c.directSpecWeight)")
        }
        guard c.directSpecTau > 0 && c.directSpecTau.isFinite else { throw UsageError("option '--directspec-tau' must be positive, got \(c.directSpecTau)") }
        guard c.directSpecEvery >= 1 else { throw UsageError("option '--directspec-every' must be at least 1, got \(c.directSpecEvery)") }
        if let p = c.directSpecProblem {
            throw UsageError("DirectSpec: found \(p.found), expected \(p.expected)")
        }
        guard c.labelSmoothing >= 0 && c.labelSmoothing <= 1 else {
            throw UsageError("option '--label-smoothing' must be in [0, 1], got \(c.labelSmoothing)")
        }
        if let e = c.labelSmoothingEnd, !(e >= 0 && e <= 1) {
            throw UsageError("option '--label-smoothing-end' must be in [0, 1], got \(e)")
        }
        guard c.labelSmoothingRampEpochs >= 0 else { throw UsageError("option '--label-smoothing-ramp' must be at least 0, got \(c.labelSmoothingRampEpochs)") }
        if c.model.isCornacFamily {
            guard c.protocol != .given || c.selection == .lastEpoch else {
                throw UsageError("model \(c.model.rawValue) reports the last epoch: '--selection' must be lastEpoch, got \(c.selection.rawValue)")
            }
            guard c.model == .poisvae || c.protocol == .given else {
                throw UsageError("model \(c.model.rawValue) trains on a given split: use --protocol given --train <path> --test <path>")
            }
            guard c.labelSmoothingEnd == nil || c.protocol == .given else {
                throw UsageError("a label-smoothing schedule (--label-smoothing-end) needs --protocol given; the fold-in loop uses a constant α")
            }
            guard c.aspects >= 1 else { throw UsageError("option '--aspects' must be at least 1, got \(c.aspects)") }
            guard c.temperature > 0 else { throw UsageError("option '--tau' must be positive, got \(c.temperature)") }
            guard c.klWeight >= 0 else { throw UsageError("option '--kl-weight' must be at least 0, got \(c.klWeight)") }
        } else {
            guard c.labelSmoothingEnd == nil else {
                throw UsageError("model \(c.model.rawValue) trains with a constant α: a label-smoothing schedule (--label-smoothing-end) applies to poisvae, bivae and dualvae on a given split")
            }
            guard c.protocol != .given || c.selection == .lastEpoch || c.validationPath != nil else {
                throw UsageError("model \(c.model.rawValue) on a given split without --validation has no validation data to select an epoch on: use '--selection lastEpoch' (or give --validation <path>)")
            }
        }
        if c.userFeaturesPath != nil || c.itemFeaturesPath != nil, c.model != .bivae {
            throw UsageError("--user-features/--item-features (CAP priors) apply to bivae only, not \(c.model.rawValue)")
        }
        guard !seeds.isEmpty else { throw UsageError("option '--seeds' needs at least one seed") }
    }

    func run(_ console: Console) throws -> Int32 {
        let loadStart = Date()
        let (dataset, dataLog) = try DatasetLoader.load(configuration)
        for line in dataLog { console.err("data: \(line)") }
        console.err(String(format: "data: ready in %.1fs", Date().timeIntervalSince(loadStart)))

        var outcomes: [(seed: Int, outcome: TrainingOutcome)] = []
        for seed in seeds {
            var c = configuration
            c.seed = seed
            console.err("train: \(c.model.rawValue), seed \(seed), \(c.epochs) epochs")
            let folder = output.map { seeds.count == 1 ? URL(fileURLWithPath: $0) : URL(fileURLWithPath: $0).appendingPathComponent("seed-\(seed)") }
            let spectrumLog = folder.flatMap { f in spectra.map { SpectrumLog(folder: f, options: $0, resumedAfter: nil) } }
            let outcome = try TrainingRun.execute(c, dataset: dataset, spectra: spectrumLog, log: quiet ? { _ in } : { console.err($0) })
            if let folder {
                try RunOutputs.write(configuration: c, outcome: outcome, to: folder)
            }
            console.out(TrainCommand.describe(outcome, seed: seed))
            outcomes.append((seed, outcome))
        }
        if seeds.count > 1 {
            let summary = SeedSummary(outcomes.map { ($0.seed, $0.outcome) })
            console.out(summary.table)
            if let output {
                let dir = URL(fileURLWithPath: output)
                try AtomicFile.write(summary.csv, to: dir.appendingPathComponent("summary.csv"))
                try AtomicFile.write(summary.table + "\n", to: dir.appendingPathComponent("summary.txt"))
            }
        }
        return 0
    }

    static func describe(_ o: TrainingOutcome, seed: Int) -> String {
        let parts = o.test.metrics.map { m -> String in
            let s = o.test.summary(of: m)
            return "\(m) " + String(format: "%.5f ± %.5f", s.mean, s.standardError)
        }
        return "seed \(seed): test (\(o.test.evaluatedCount) users, epoch \(o.selectedEpoch)) " + parts.joined(separator: "  ")
            + String(format: "  [%.3f s/epoch]", o.secondsPerEpoch)
            + (o.betaSearch.map { String(format: "  searched β* = %.6g (search peak at epoch %d)", $0.beta, $0.epoch) } ?? "")
    }
}
