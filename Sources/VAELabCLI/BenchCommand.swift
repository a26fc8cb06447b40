import Foundation
import VAEData
import VAEHarness
import VAEModels
import VAENumerics

/// `vaelab bench`: VAELab's speed against the machine's GEMM floor and against the peers,
/// measured in one run, printed as a table and written as JSON with the machine's details.
struct BenchCommand: Command {
    static let name = "bench"
    static let abstract = "Measure a Mult-VAE epoch against the GEMM floor on the ML-20M-shaped matrix."
    static let usage = "vaelab bench [--data <stem>] [--batches <n>] [--full-epoch] [--repetitions <r>] [--threads <t>] [--peers] [--grid] [--msd-rss] [--only <parts>] [--json <path>]"
    static let discussion = """
        Reads the raw CSR arrays written by ../shared/peers/make_data.py (<stem>.indptr.i64,
        <stem>.indices.i32, <stem>.json) and measures, in one process:
          floor     the GEMMs of a Mult-VAE step alone, median batch × users/500;
          multvae   Mult-VAE training steps (vae_cf settings), median batch × users/500, or a
                    whole epoch with --full-epoch;
          eval      evaluation of the first --eval-users rows split 80/20 by a seeded stream
                    (fold-in scores, fold-in items excluded, top-100, NDCG@100, Recall@20);
          spectrum  values-only spectrum of a 136,000 × 200 matrix (sgesdd; Gram + dsyevd);
          bivae     BiVAE epochs on the Kindle split (k 20, [40], pois, batch 128) after a
                    warm-up epoch, against Cornac's 10.6 s/epoch quoted in issue 7;
          peers     (--peers) the NumPy, TensorFlow and PyTorch peers on the same data,
                    threads and batches, installed with pip when missing;
          grid      (--grid) an ML-100K grid with 2 workers × 1 thread vs 1 worker × 2;
          msd       (--msd-rss) peak RSS of Mult-VAE training and evaluation on a generated
                    MSD-shaped matrix, in a child process.
        Every time is a median (over batches, or over --repetitions). The table goes to
        standard output; the JSON to results/bench/<YYYY-MM-DD>.json (-2, -3, … if that
        exists: nothing earlier is replaced) unless --json.
        """
    static let options: [OptionSpec] = [
        .option("data", "stem", "Path stem of the CSR arrays.", default: "$PEER_DATA/ml20m_synth or bench-data/ml20m_synth"),
        .option("items", "n", "Number of items (columns).", default: "<stem>.json's n_items, else 20108"),
        .option("batches", "n", "Timed batches (floor, Mult-VAE, peers).", default: "30"),
        .option("warmup", "n", "Untimed batches first.", default: "3"),
        .flag("full-epoch", "Time one whole Mult-VAE epoch (and the peers' full epochs) instead of extrapolating."),
        .option("repetitions", "r", "Repetitions of the evaluation, the spectra and the BiVAE epochs.", default: "3"),
        .option("threads", "t", "Threads per BLAS product.", default: "cores"),
        .option("eval-users", "n", "Held-out users evaluated.", default: "10000"),
        .option("kindle", "folder", "The Kindle split (train.csv, test.csv).", default: "${VAELAB_SHARED_DATA:-../shared/data}/akindle"),
        .flag("peers", "Also run the peers of --peer-dir and the PyTorch port (scripts/peers/vae_torch.py)."),
        .option("peer-dir", "folder", "The peers' folder.", default: "../shared/peers"),
        .flag("grid", "Also time the grid of --grid-spec: 2 workers × 1 thread against 1 worker × 2 threads."),
        .option("grid-spec", "spec", "Grid spec for --grid (its ${VAELAB_DATA} must be set or ./data).", default: "experiments/ci-ml100k.json"),
        .option("grid-epochs", "n", "Epochs per grid run.", default: "20"),
        .flag("msd-rss", "Also measure peak RSS on the MSD-shaped matrix (in a child process)."),
        .option("msd-batches", "n", "Training batches for --msd-rss.", default: "10"),
        .option("msd-users", "n", "Held-out users evaluated for --msd-rss.", default: "5000"),
        .option("only", "parts", "Comma-separated parts to run: floor, multvae, eval, spectrum, bivae, peers, grid, msd."),
        .option("json", "path", "Where to write the JSON report.", default: "results/bench/<YYYY-MM-DD>[-n].json"),
    ]

    static let allParts = ["floor", "multvae", "eval", "spectrum", "bivae", "peers", "grid", "msd"]
    static let defaultParts: Set<String> = ["floor", "multvae", "eval", "spectrum", "bivae"]

    let stem: String
    let items: Int?
    let batches: Int
    let warmup: Int
    let fullEpoch: Bool
    let repetitions: Int
    let threads: Int
    let evalUsers: Int
    let kindle: String
    let peerDirectory: String
    let gridSpec: String
    let gridEpochs: Int
    let msdBatches: Int
    let msdUsers: Int
    let parts: Set<String>
    let jsonPath: String?

    init(_ a: ParsedArguments) throws {
        let env = ProcessInfo.processInfo.environment
        stem = a.string("data") ?? (env["PEER_DATA"].map { $0 + "/ml20m_synth" } ?? "bench-data/ml20m_synth")
        items = try a.int("items")
        batches = try a.int("batches") ?? 30
        warmup = try a.int("warmup") ?? 3
        fullEpoch = a.has("full-epoch")
        repetitions = try a.int("repetitions") ?? 3
        threads = try a.int("threads") ?? ProcessInfo.processInfo.activeProcessorCount
        evalUsers = try a.int("eval-users") ?? 10_000
        kindle = a.string("kindle") ?? ((env["VAELAB_SHARED_DATA"] ?? "../shared/data") + "/akindle")
        peerDirectory = a.string("peer-dir") ?? "../shared/peers"
        gridSpec = a.string("grid-spec") ?? "experiments/ci-ml100k.json"
        gridEpochs = try a.int("grid-epochs") ?? 20
        msdBatches = try a.int("msd-batches") ?? 10
        msdUsers = try a.int("msd-users") ?? 5000
        var parts = try a.string("only").map { text -> Set<String> in
            let named = text.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            for p in named where !BenchCommand.allParts.contains(p) {
                throw UsageError("option '--only' names unknown part '\(p)'; parts are \(BenchCommand.allParts.joined(separator: ", "))")
            }
            return Set(named)
        } ?? BenchCommand.defaultParts
        if a.has("peers") { parts.insert("peers") }
        if a.has("grid") { parts.insert("grid") }
        if a.has("msd-rss") { parts.insert("msd") }
        self.parts = parts
        jsonPath = a.string("json")
    }

    /// Parts that read the ML-20M-shaped matrix.
    var needsData: Bool { !parts.isDisjoint(with: ["floor", "multvae", "eval", "peers"]) }

    func validate() throws {
        if needsData {
            guard FileManager.default.fileExists(atPath: stem + ".indptr.i64") else {
                let folder = URL(fileURLWithPath: stem).deletingLastPathComponent().path
                throw UsageError("no \(stem).indptr.i64: run PEER_DATA=\(folder) python3 ../shared/peers/make_data.py (or scripts/bench.sh)")
            }
        }
        guard batches >= 1, warmup >= 0, threads >= 1, repetitions >= 1, evalUsers >= 1, gridEpochs >= 1, msdBatches >= 1, msdUsers >= 1 else {
            throw UsageError("--batches, --threads, --repetitions, --eval-users, --grid-epochs, --msd-batches and --msd-users must be ≥ 1, --warmup ≥ 0")
        }
        if parts.contains("grid") && !FileManager.default.fileExists(atPath: gridSpec) {
            throw UsageError("no such grid spec: \(gridSpec)")
        }
    }

    /// The number of items: `--items`, else `<stem>.json`'s `n_items`, else ML-20M's.
    var itemCount: Int {
        if let items { return items }
        if let data = try? Data(contentsOf: URL(fileURLWithPath: stem + ".json")),
           let o = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let n = o["n_items"] as? Int {
            return n
        }
        return 20108
    }

    func run(_ console: Console) throws -> Int32 {
        BLAS.setThreads(threads)
        let started = Date()
        let machine = MachineInfo.current(swiftVersion: BenchProcess.swiftVersion(), gitCommit: GitInfo.commit())
        let data = needsData ? try RawCSRFiles.read(stem: stem, columns: itemCount) : nil
        let settings = BenchmarkSettings(threads: threads, batches: batches, warmup: warmup, repetitions: repetitions, fullEpoch: fullEpoch,
                                         data: stem, users: data?.rows ?? 0, items: data?.cols ?? 0, nonzeros: data?.nonzeroCount ?? 0)
        var report = BenchmarkReport(date: Self.timestamp(started), command: (["vaelab"] + CommandLine.arguments.dropFirst()).joined(separator: " "),
                                     machine: machine, settings: settings)
        let say = console.err
        if let data { say("data: \(data.rows) users × \(data.cols) items, \(data.nonzeroCount) entries; \(threads) BLAS thread(s)") }

        var trained: MultVAE?
        if let data {
            let bench = MultVAEEpochBenchmark(data: data)
            if parts.contains("floor") {
                let floor = GEMMFloor(items: data.cols)
                let sample = data.rows(0..<min(500, data.rows))
                let times = floor.time(input: sample, repetitions: batches)
                let flops = floor.flops(nnz: sample.nonzeroCount)
                let m = BenchmarkMeasurement.extrapolated(key: "gemmFloor", label: "GEMM floor (Mult-VAE step's products)", batchSeconds: times,
                                                          scale: bench.epochScale,
                                                          detail: String(format: "%.0f GFLOP/s", flops / median(times) / 1e9))
                report.measurements.append(m)
                say(String(format: "floor: %.1f ms/batch, %.1f s/epoch", median(times) * 1e3, m.seconds))
            }
            if parts.contains("multvae") {
                let t = bench.run(batches: batches, warmup: warmup, fullEpoch: fullEpoch)
                trained = t.model
                let m: BenchmarkMeasurement
                if let epoch = t.epochSeconds {
                    m = BenchmarkMeasurement(key: "multvaeEpoch", label: "Mult-VAE epoch (vae_cf settings)", seconds: epoch, unit: "s/epoch",
                                             samples: t.batchSeconds, extrapolated: false,
                                             detail: String(format: "one full epoch of %d batches after %d warm-up; median batch %.1f ms; last loss %.2f",
                                                            bench.batchesPerEpoch, warmup, median(t.batchSeconds) * 1e3, t.lastLoss))
                } else {
                    m = .extrapolated(key: "multvaeEpoch", label: "Mult-VAE epoch (vae_cf settings)", batchSeconds: t.batchSeconds,
                                      scale: bench.epochScale, detail: String(format: "%d warm-up; last loss %.2f", warmup, t.lastLoss))
                }
                report.measurements.append(m)
                say(String(format: "multvae: %.1f ms/batch, %.1f s/epoch", median(t.batchSeconds) * 1e3, m.seconds))
            }
            if parts.contains("eval") {
                let users = min(evalUsers, data.rows)
                let task = SyntheticHoldout.task(data, rows: 0..<users, seed: 98765)
                let evaluation = try EvaluationBenchmark(task: task)
                var randomness = RunRandomness(seed: 1)
                let model = trained ?? MultVAE(MultVAE.Configuration(itemCount: data.cols), rng: &randomness.initialisation)
                let (times, result) = try evaluation.time(model, repetitions: repetitions)
                let detail = String(format: "%d users ranked over %d items, batches of %d; NDCG@100 %.4f, Recall@20 %.4f (%@ model)",
                                    result.evaluatedCount, data.cols, evaluation.batchSize, result.mean(of: evaluation.metrics[0]),
                                    result.mean(of: evaluation.metrics[1]), trained == nil ? "untrained" : "briefly trained")
                report.measurements.append(.median(key: "evaluation", label: "Evaluation of \(users) held-out users", samples: times, detail: detail))
                say(String(format: "eval: %.2f s", median(times)))
            }
        }
        if parts.contains("spectrum") {
            let bench = SpectrumBenchmark()
            let m = bench.matrix()
            let label = "\(bench.rows) × \(bench.cols)"
            let (a, s1) = try bench.time(m, route: .gesddFloat, repetitions: repetitions)
            report.measurements.append(.median(key: "spectrumGesdd", label: "Spectrum \(label), sgesdd values only", samples: a,
                                               detail: String(format: "σ₁ %.1f", s1)))
            let (b, _) = try bench.time(m, route: .gram, repetitions: repetitions)
            report.measurements.append(.median(key: "spectrumGram", label: "Spectrum \(label), Gram + dsyevd", samples: b))
            say(String(format: "spectrum: sgesdd %.2f s, Gram %.2f s", median(a), median(b)))
        }
        if parts.contains("bivae") {
            if FileManager.default.fileExists(atPath: kindle + "/train.csv") {
                let c = BiVAEEpochBenchmark.configuration(kindle: kindle)
                let t = try BiVAEEpochBenchmark.time(c, warmup: 1, epochs: repetitions)
                report.measurements.append(.median(key: "bivaeEpoch", label: "BiVAE epoch, Kindle (k 20, [40], pois, 128)", samples: t.epochSeconds,
                                                   unit: "s/epoch",
                                                   detail: String(format: "%d epochs after 1 warm-up; %d users × %d items, %d positives; loaded in %.1f s",
                                                                  t.epochSeconds.count, t.users, t.items, t.positives, t.loadSeconds)))
                report.references.append(.cornacBiVAE(threads: threads))
                say(String(format: "bivae: %.2f s/epoch", median(t.epochSeconds)))
            } else {
                report.notes.append("BiVAE skipped: no \(kindle)/train.csv")
            }
        }
        if parts.contains("msd") {
            report.msd = try parts == ["msd"] ? runMSD(say) : runMSDChild(say)
        }
        if parts.contains("peers") {
            let peers = PeerBenchmarks(peerDirectory: peerDirectory, torchScript: Self.torchScript,
                                       dataDirectory: URL(fileURLWithPath: stem).deletingLastPathComponent().path,
                                       threads: threads, batches: batches, warmup: warmup, fullEpoch: fullEpoch)
            if FileManager.default.fileExists(atPath: stem + ".npz") {
                report.peers = peers.run(log: say)
            } else {
                report.notes.append("peers skipped: no \(stem).npz (the peers read it; run make_data.py)")
            }
        }
        if parts.contains("grid") {
            report.grid = try GridBenchmark(specPath: gridSpec, epochs: gridEpochs).run(log: say)
            BLAS.setThreads(threads)
        }
        report.loadAverageAtEnd = MachineInfo.currentLoadAverage()
        report.targets = BenchmarkTarget.all(for: report).filter { t in
            // Only the targets whose parts ran.
            switch t.key {
            case "multvaeOverFloor": return parts.contains("floor") && parts.contains("multvae")
            case "msdPeakRSS": return parts.contains("msd")
            case "gridThroughput": return parts.contains("grid")
            case "cornacOverBiVAE": return parts.contains("bivae")
            default: return parts.contains("peers") && parts.contains(t.key.hasSuffix("OverFloor") ? "floor" : "multvae")
            }
        }
        if !fullEpoch && !parts.isDisjoint(with: ["floor", "multvae", "peers"]) {
            report.notes.append("epochs of the floor, Mult-VAE and the peers are extrapolated: median of \(batches) full batches (after \(warmup) warm-up) × users/500")
        }
        for line in report.table { console.out(line) }

        let path = jsonPath ?? Self.unusedPath(folder: "results/bench", stem: Self.day(started))
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try report.json().write(to: url, options: .atomic)
        console.out("")
        console.out("written: \(path)")
        return 0
    }

    /// `folder/stem.json`, or `stem-2.json`, `stem-3.json`, … if it exists: a later run the
    /// same day (a partial `--only` one, say) never replaces an earlier report.
    static func unusedPath(folder: String, stem: String) -> String {
        var path = "\(folder)/\(stem).json"
        var n = 2
        while FileManager.default.fileExists(atPath: path) {
            path = "\(folder)/\(stem)-\(n).json"
            n += 1
        }
        return path
    }

    /// The PyTorch eager port, next to the repository's scripts.
    static var torchScript: String { "scripts/peers/vae_torch.py" }

    func runMSD(_ say: (String) -> Void) throws -> MSDMemoryBenchmark.Result {
        var b = MSDMemoryBenchmark()
        b.trainBatches = msdBatches
        b.evaluatedUsers = msdUsers
        return try b.run(log: say)
    }

    /// `vaelab bench --only msd` in a fresh process, so its peak RSS is its own.
    func runMSDChild(_ say: (String) -> Void) throws -> MSDMemoryBenchmark.Result? {
        let json = FileManager.default.temporaryDirectory.appendingPathComponent("vaelab-bench-msd-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: json) }
        let args = [BenchProcess.executable, "bench", "--only", "msd", "--threads", String(threads), "--msd-batches", String(msdBatches),
                    "--msd-users", String(msdUsers), "--json", json.path]
        say("msd: " + args.joined(separator: " "))
        let o = try BenchProcess.run(args)
        guard o.status == 0, let data = try? Data(contentsOf: json) else {
            say("msd: child failed (exit \(o.status)): " + BenchProcess.tail(o.output))
            return nil
        }
        for line in o.output.split(separator: "\n") where line.hasPrefix("msd:") { say(String(line)) }
        return try JSONDecoder().decode(BenchmarkReport.self, from: data).msd
    }

    static func timestamp(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: d)
    }

    static func day(_ d: Date) -> String { String(timestamp(d).prefix(10)) }
}
