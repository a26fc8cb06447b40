import Foundation
import VAEEvaluation
import VAEHarness
import VAEModels

/// `vaelab train`: trains one configuration (from a JSON file, flags, or both — flags win)
/// for one or more seeds, printing a line per epoch and writing each run's files.
struct TrainCommand: Command {
    static let name = "train"
    static let abstract = "Train and evaluate one Mult-VAE / Mult-DAE configuration (strong generalisation)."
    static let usage = "vaelab train [--config <file.json>] [--data <path> --format <format>] [options]"
    static let discussion = """
        Reads the dataset, applies the vae_cf protocol (rating threshold, single-pass count
        filters, seeded user permutation, held-out validation/test users with an 80/20 fold-in
        split), trains with the vae_cf loop and reports test metrics from the best validation
        epoch. Every option can also be given in the JSON file under its configuration key
        (shown in brackets). With --output, each seed's run writes config.json, train_log.csv,
        metrics.json, metrics.csv and per_user.csv; several seeds add summary.csv/summary.txt.
        """
    static let options: [OptionSpec] = [
        .option("config", "file", "JSON configuration; flags override its values."),
    ] + DataOptions.options + [
        .option("model", "name", "multvae or multdae [model].", default: "multvae"),
        .option("hidden", "widths", "Hidden widths, comma-separated [hiddenDims].", default: "600 (VAE), 200 (DAE)"),
        .option("latent", "n", "Latent size of the VAE [latentDim].", default: "200"),
        .option("keep-prob", "p", "Dropout keep probability on the normalised input [keepProbability].", default: "0.5"),
        .option("weight-penalty", "lam", "lam in lam·Σ‖W‖² [weightPenalty].", default: "0 (VAE), 2e-5 (DAE)"),
        .option("label-smoothing", "alpha", "Target (1−α)·x + α/2 [labelSmoothing].", default: "0"),
        .option("epochs", "n", "Training epochs [epochs].", default: "200"),
        .option("batch-size", "n", "Users per update [batchSize].", default: "500"),
        .option("lr", "rate", "Adam learning rate [learningRate].", default: "0.001"),
        .option("beta-cap", "beta", "Cap of the annealed KL weight [betaCap].", default: "0.2"),
        .option("anneal-steps", "n", "Updates to reach β = 1 before capping [annealSteps].", default: "200000"),
        .option("kl-counter", "mode", "global, or resetPerEpoch to reproduce a known bug [klCounter].", default: "global"),
        .option("seed", "n", "Seed of the run's random streams [seed].", default: "98765"),
        .option("seeds", "list", "Several seeds, comma-separated: one run each, then a summary."),
        .option("metrics", "list", "Test metrics, e.g. NDCG@100,RecallCapped@20 [metrics].", default: "NDCG@100,RecallCapped@20,RecallCapped@50"),
        .option("selection", "policy", "bestValidation or lastEpoch [selection].", default: "bestValidation"),
        .option("selection-metric", "metric", "Validation metric that picks the epoch [selectionMetric].", default: "NDCG@100"),
        .option("eval-batch-size", "n", "Users scored at once in evaluation [evaluationBatchSize].", default: "2000"),
        .option("blas-threads", "n", "OpenBLAS threads [blasThreads].", default: "OpenBLAS's own"),
        .option("output", "folder", "Write the run's files here."),
        .flag("quiet", "Print no per-epoch lines."),
    ]

    var configuration: TrainingConfiguration
    var seeds: [Int]
    var output: String?
    var quiet: Bool

    init(_ a: ParsedArguments) throws {
        var c = TrainingConfiguration()
        if let file = a.string("config") {
            guard let data = FileManager.default.contents(atPath: file) else { throw UsageError("cannot read --config file \(file)") }
            c = try TrainingConfiguration.decode(data, file: file)
        }
        try DataOptions.apply(a, to: &c)
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
        if let v = try a.float("keep-prob") { c.keepProbability = Double(v) }
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
        guard c.labelSmoothing >= 0 && c.labelSmoothing <= 1 else {
            throw UsageError("option '--label-smoothing' must be in [0, 1], got \(c.labelSmoothing)")
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
            let outcome = try TrainingRun.execute(c, dataset: dataset, log: quiet ? { _ in } : { console.err($0) })
            if let output {
                let folder = seeds.count == 1 ? URL(fileURLWithPath: output) : URL(fileURLWithPath: output).appendingPathComponent("seed-\(seed)")
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
    }
}
