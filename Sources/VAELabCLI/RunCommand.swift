import Foundation
import VAEHarness

/// `vaelab run SPEC`: expands an experiment spec and runs its grid, resumably, then writes
/// the tables.
struct RunCommand: Command {
    static let name = "run"
    static let abstract = "Run an experiment spec's grid (resumable, parallel), then write its tables."
    static let usage = "vaelab run <spec.json> [--dry-run] [--workers <w>] [--blas-threads <t>] [--shard <i>/<n>] [--only <key=v1,v2>] [--reuse-from <folders>]"
    static let discussion = """
        Each run lives in <output>/runs/<run id>/ (config.json, status.json, metrics.json,
        per_user.csv, train_log.csv). Running a spec again skips completed runs and redoes
        unfinished ones from their last checkpoint; failed runs are redone with
        --retry-failed. Several processes (or machines sharing the folder, one --shard each)
        may run the same spec: each run is claimed by one process. The run id is a hash of
        the run's resolved configuration, so results never mix across settings.
        """
    static let options: [OptionSpec] = [
        .flag("dry-run", "Print every expanded run (#i key=value … seed=s [id]) and stop (needs neither the data nor its ${VARIABLES})."),
        .option("workers", "w", "Runs at once.", default: "cores / blas-threads"),
        .option("blas-threads", "t", "Threads per BLAS product, per process.", default: "1 with several workers, else cores"),
        .flag("oversubscribe", "Allow workers × blas-threads above the core count."),
        .flag("fail-fast", "Stop starting runs after the first failure."),
        .flag("retry-failed", "Run failed runs again."),
        .option("shard", "i/n", "Run only the i-th of n deterministic slices of the grid (1-based)."),
        .option("only", "key=v1,v2", "Run only the runs whose knob key (or seed) has one of these values; repeat with ';' for several keys (model=bivae;seed=1)."),
        .option("output", "folder", "Results folder (overrides the spec's output)."),
        .option("reuse-from", "folders", "Copy runs completed in these results folders (comma-separated) instead of training them again: same run id, same configuration, same numerics revision; status.json records copiedFrom."),
    ]

    let specPath: String
    let dryRun: Bool
    var workers: Int
    var blasThreads: Int
    let oversubscribe: Bool
    let failFast: Bool
    let retryFailed: Bool
    let shard: (index: Int, count: Int)?
    let only: [String: Set<String>]
    let output: String?
    let reuseFrom: [String]

    init(_ a: ParsedArguments) throws {
        guard a.positionals.count == 1 else {
            throw UsageError("'run' takes exactly one spec file, got \(a.positionals.count); see 'vaelab run --help'")
        }
        specPath = a.positionals[0]
        dryRun = a.has("dry-run")
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let w = try a.int("workers")
        let t = try a.int("blas-threads")
        workers = w ?? max(1, cores / (t ?? 1))
        blasThreads = t ?? (workers > 1 ? 1 : cores)
        oversubscribe = a.has("oversubscribe")
        failFast = a.has("fail-fast")
        retryFailed = a.has("retry-failed")
        shard = try a.string("shard").map(RunCommand.parseShard)
        only = try a.string("only").map(RunCommand.parseOnly) ?? [:]
        output = a.string("output")
        reuseFrom = a.string("reuse-from").map { $0.split(separator: ",").map(String.init) } ?? []
    }

    static func parseShard(_ s: String) throws -> (Int, Int) {
        let parts = s.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, i >= 1, i <= n else {
            throw UsageError("option '--shard' expects i/n with 1 ≤ i ≤ n, e.g. 2/8, got '\(s)'")
        }
        return (i, n)
    }

    /// `model=bivae,poisvae;seed=1` → `["model": ["bivae", "poisvae"], "seed": ["1"]]`.
    static func parseOnly(_ s: String) throws -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for clause in s.split(separator: ";") {
            let parts = clause.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw UsageError("option '--only' expects key=v1,v2 (clauses separated by ';'), e.g. model=bivae,poisvae, got '\(s)'")
            }
            out[String(parts[0]), default: []].formUnion(parts[1].split(separator: ",").map(String.init))
        }
        return out
    }

    /// Whether `run` passes the `--only` filter: every named key is a varied knob (or
    /// `seed`) whose value is listed.
    static func passes(_ run: PlannedRun, _ only: [String: Set<String>]) -> Bool {
        only.allSatisfy { key, values in
            if key == "seed" { return values.contains(String(run.seed)) }
            return run.knobs.contains { $0.key == key && values.contains($0.value) }
        }
    }

    func validate() throws {
        guard FileManager.default.fileExists(atPath: specPath) else { throw UsageError("no such spec file: \(specPath)") }
        guard workers >= 1 else { throw UsageError("option '--workers' must be at least 1, got \(workers)") }
        guard blasThreads >= 1 else { throw UsageError("option '--blas-threads' must be at least 1, got \(blasThreads)") }
        for folder in reuseFrom {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder + "/runs", isDirectory: &isFolder), isFolder.boolValue else {
                throw UsageError("option '--reuse-from' expects results folders (each with a runs/ folder), got '\(folder)'")
            }
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard oversubscribe || workers * blasThreads <= cores else {
            throw UsageError("--workers \(workers) × --blas-threads \(blasThreads) = \(workers * blasThreads) exceeds the \(cores) cores; lower them or pass --oversubscribe")
        }
    }

    func run(_ console: Console) throws -> Int32 {
        let (spec, runs) = try ExperimentPlan.load(specPath, output: output, keepUnsetVariables: dryRun)
        let sharded = shard.map { s in runs.filter { ($0.index - 1) % s.count == s.index - 1 } } ?? runs
        let selected = sharded.filter { RunCommand.passes($0, only) }
        if !only.isEmpty && selected.isEmpty {
            let keys = Set(runs.flatMap { $0.knobs.map(\.key) }).sorted() + ["seed"]
            throw UsageError("--only matches no run of \(spec.name); its knobs are \(keys.joined(separator: ", "))")
        }
        if dryRun {
            let groups = runs.count / spec.seeds.count, seeds = spec.seeds.count
            console.out("\(spec.name): \(runs.count) run\(runs.count == 1 ? "" : "s") in \(groups) group\(groups == 1 ? "" : "s") × \(seeds) seed\(seeds == 1 ? "" : "s")"
                        + (shard.map { ", shard \($0.index)/\($0.count)" } ?? "") + (only.isEmpty ? "" : ", --only")
                        + (selected.count == runs.count ? "" : ": \(selected.count) selected") + "; results in \(spec.output)")
            for r in selected { console.out(r.line) }
            for name in GridExpansion.unsetVariables(in: runs) {
                console.err("note: ${\(name)} is not set; set it (e.g. export \(name)=/path/to/data) before running")
            }
            return 0
        }
        var options = RunnerOptions()
        options.workers = workers
        options.blasThreads = blasThreads
        options.failFast = failFast
        options.retryFailed = retryFailed
        options.gitCommit = GitInfo.commit()
        let build = GitInfo.buildCommit()
        options.buildCommit = build.commit
        if let reason = build.reason { console.err("warning: \(reason); runs will record no buildCommit") }
        options.reuseFrom = reuseFrom.map { RunStore(root: URL(fileURLWithPath: $0)) }
        let store = RunStore(root: URL(fileURLWithPath: spec.output))
        let live = isatty(STDERR_FILENO) != 0
        let runner = ExperimentRunner(store: store, options: options, checkpointEvery: spec.checkpointEvery) { total, done in
            ProgressReporter(total: total, alreadyDone: done, workers: workers, live: live) { text in
                live ? FileHandleShim.writeStandardError(text) : console.err(text)
            }
        }
        runner.spectra = spec.spectra
        runner.geometry = spec.geometry
        console.err("\(spec.name): \(selected.count) runs, \(workers) worker(s) × \(blasThreads) BLAS thread(s); results in \(spec.output)")
        let report = try runner.run(selected) { console.err($0) }

        let results = try ExperimentPlan.results(spec: spec, runs: runs, store: store)
        let plots = try ExperimentPlan.writeTables(results, spec: spec)
        console.out(ResultTables.summaryText(results))
        if let selection = ResultTables.selectionText(results) { console.out(selection) }
        if let geometry = ResultTables.geometryText(results) {
            console.out("")
            console.out("latent geometry of the selected models, mean ± std over seeds")
            console.out(geometry)
        }
        if let spectra = ResultTables.spectrumText(results) {
            console.out("")
            console.out("spectra of the final user embeddings, mean ± std over seeds (summary.md also has the other matrices)")
            console.out(spectra)
        }
        console.out("")
        for plot in plots { console.out("plot: \(plot.path)") }
        if let paper = PaperReport.comparison(results, spec: spec) { console.out("paper: \(paper.summaryLine) (\(spec.output)/paper.md)") }
        console.out("\(report.completed.count) run(s) completed now, \(report.alreadyCompleted.count) already complete"
                    + (report.reused.isEmpty ? "" : ", \(report.reused.count) copied from --reuse-from")
                    + (report.heldElsewhere.isEmpty ? "" : ", \(report.heldElsewhere.count) held by another process")
                    + (report.skippedFailed.isEmpty ? "" : ", \(report.skippedFailed.count) failed earlier (--retry-failed to redo)")
                    + (report.notStarted.isEmpty ? "" : ", \(report.notStarted.count) not started (--fail-fast)")
                    + "; tables in \(spec.output)")
        if !report.failed.isEmpty {
            console.err("FAILED runs:")
            for (run, message) in report.failed { console.err("  \(run.line): \(message)") }
            return 1
        }
        return report.notStarted.isEmpty ? 0 : 1
    }
}

/// Reading a spec and its results, shared by `run`, `report` and `check`.
enum ExperimentPlan {
    /// `keepUnsetVariables` for commands that read results only (a run's identity never
    /// depends on its variables).
    static func load(_ path: String, output: String?, keepUnsetVariables: Bool = false) throws -> (ExperimentSpec, [PlannedRun]) {
        var spec = try ExperimentSpec.load(path)
        if let output { spec.output = output }
        return (spec, try GridExpansion.expand(spec, keepUnsetVariables: keepUnsetVariables))
    }

    static func results(spec: ExperimentSpec, runs: [PlannedRun], store: RunStore) throws -> ExperimentResults {
        try ExperimentResults.forSpec(spec, runs: runs, store: store)
    }

    /// Writes the tables and the plots; returns the plots written.
    @discardableResult
    static func writeTables(_ results: ExperimentResults, spec: ExperimentSpec) throws -> [URL] {
        let root = URL(fileURLWithPath: spec.output)
        try ResultTables.write(results, title: spec.name, baseline: spec.baselineText, to: root)
        try PaperReport.write(results, spec: spec, to: root)
        return try ExperimentPlots.write(results, store: RunStore(root: root), title: spec.name, to: root.appendingPathComponent("plots"))
    }
}

/// The commit of the working tree VAELab runs from, when it is a git checkout.
enum GitInfo {
    static func commit() -> String? { git(["rev-parse", "--short=12", "HEAD"]) }

    /// The last commit that changed the code (`Sources/`, `Package.swift`), when this
    /// executable is known to hold exactly that code: no code file is newer than the
    /// executable and none differs from the commit. Nil otherwise (a binary older than the
    /// checkout, uncommitted code, or no checkout), with the reason.
    static func buildCommit(root: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                            executable: URL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath())
        -> (commit: String?, reason: String?) {
        guard let built = modified(executable.path) else { return (nil, nil) }
        var newest = modified(root.appendingPathComponent("Package.swift").path) ?? .distantPast
        if let files = FileManager.default.enumerator(atPath: root.appendingPathComponent("Sources").path) {
            for case let file as String in files where files.fileAttributes?[.type] as? FileAttributeType == .typeRegular {
                if let m = modified(root.appendingPathComponent("Sources").appendingPathComponent(file).path), m > newest { newest = m }
            }
        }
        guard let code = git(["-C", root.path, "log", "-1", "--format=%h", "--abbrev=12", "--", "Sources", "Package.swift"]) else {
            return (nil, nil)
        }
        if newest > built { return (nil, "this vaelab binary is older than the code in Sources/; rebuild it") }
        if git(["-C", root.path, "status", "--porcelain", "--", "Sources", "Package.swift"]) != nil {
            return (nil, "the code in Sources/ has uncommitted changes")
        }
        return (code, nil)
    }

    static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    static func git(_ arguments: [String]) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git"] + arguments
        let out = Pipe()
        p.standardOutput = out
        p.standardError = Pipe()
        guard (try? p.run()) != nil else { return nil }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
