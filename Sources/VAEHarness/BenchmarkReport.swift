import Foundation

/// Everything one `vaelab bench` run measured, as written to `results/bench/<date>.json`:
/// the machine, the settings, each measurement with its raw samples, the peers' results,
/// reference figures quoted from elsewhere (never measured here), the targets with their
/// ratios, and the optional MSD memory and grid throughput measurements.
public struct BenchmarkReport: Codable, Sendable {
    public var schema = 1
    /// When the run started (ISO 8601, UTC).
    public var date: String
    public var command: String
    public var machine: MachineInfo
    public var loadAverageAtEnd: [Double]?
    public var settings: BenchmarkSettings
    public var measurements: [BenchmarkMeasurement] = []
    public var peers: [PeerResult] = []
    public var references: [BenchmarkReference] = []
    public var targets: [BenchmarkTarget] = []
    public var msd: MSDMemoryBenchmark.Result?
    public var grid: GridThroughput?
    public var notes: [String] = []

    public init(date: String, command: String, machine: MachineInfo, settings: BenchmarkSettings) {
        self.date = date
        self.command = command
        self.machine = machine
        self.settings = settings
    }

    public func measurement(_ key: String) -> BenchmarkMeasurement? { measurements.first { $0.key == key } }
    public func peer(_ key: String) -> PeerResult? { peers.first { $0.key == key && $0.epochSeconds != nil } }
    public func reference(_ key: String) -> BenchmarkReference? { references.first { $0.key == key } }

    /// Pretty, key-sorted JSON.
    public func json() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try e.encode(self)
    }
}

public struct BenchmarkSettings: Codable, Sendable, Equatable {
    public var threads: Int
    public var batches: Int
    public var warmup: Int
    public var repetitions: Int
    public var fullEpoch: Bool
    public var data: String
    public var users: Int
    public var items: Int
    public var nonzeros: Int

    public init(threads: Int, batches: Int, warmup: Int, repetitions: Int, fullEpoch: Bool, data: String, users: Int, items: Int, nonzeros: Int) {
        self.threads = threads
        self.batches = batches
        self.warmup = warmup
        self.repetitions = repetitions
        self.fullEpoch = fullEpoch
        self.data = data
        self.users = users
        self.items = items
        self.nonzeros = nonzeros
    }
}

/// One timed thing: `seconds` is the median of `samples` (scaled to an epoch when
/// `extrapolated`: samples are then per batch and `seconds = median · scale`).
public struct BenchmarkMeasurement: Codable, Sendable, Equatable {
    public var key: String
    public var label: String
    public var seconds: Double
    /// `s/epoch` or `s`.
    public var unit: String
    /// Raw timings in seconds (per batch when extrapolated).
    public var samples: [Double]
    public var extrapolated: Bool
    /// How `seconds` follows from `samples`, and anything worth knowing (metric values).
    public var detail: String

    public init(key: String, label: String, seconds: Double, unit: String, samples: [Double], extrapolated: Bool, detail: String) {
        self.key = key
        self.label = label
        self.seconds = seconds
        self.unit = unit
        self.samples = samples
        self.extrapolated = extrapolated
        self.detail = detail
    }

    /// The median of per-batch `samples` scaled by `scale` batches per epoch.
    public static func extrapolated(key: String, label: String, batchSeconds: [Double], scale: Double, detail: String = "") -> BenchmarkMeasurement {
        let m = VAEHarness.median(batchSeconds)
        let how = String(format: "median of %d batches (%.1f ms) × %.2f batches/epoch", batchSeconds.count, m * 1e3, scale)
        return BenchmarkMeasurement(key: key, label: label, seconds: m * scale, unit: "s/epoch", samples: batchSeconds, extrapolated: true,
                                    detail: detail.isEmpty ? how : how + "; " + detail)
    }

    /// The median of `samples`.
    public static func median(key: String, label: String, samples: [Double], unit: String = "s", detail: String = "") -> BenchmarkMeasurement {
        BenchmarkMeasurement(key: key, label: label, seconds: VAEHarness.median(samples), unit: unit, samples: samples, extrapolated: false,
                             detail: detail.isEmpty ? "median of \(samples.count)" : "median of \(samples.count); " + detail)
    }
}

/// A peer implementation's result (`../shared/peers`), or why it did not run.
public struct PeerResult: Codable, Sendable, Equatable {
    public var key: String
    public var label: String
    public var epochSeconds: Double?
    public var batchMillisecondsMedian: Double?
    public var threads: Int
    public var fullEpoch: Bool
    public var version: String?
    /// Why it was skipped; nil when it ran.
    public var skipped: String?

    public init(key: String, label: String, epochSeconds: Double?, batchMillisecondsMedian: Double?, threads: Int, fullEpoch: Bool,
                version: String?, skipped: String?) {
        self.key = key
        self.label = label
        self.epochSeconds = epochSeconds
        self.batchMillisecondsMedian = batchMillisecondsMedian
        self.threads = threads
        self.fullEpoch = fullEpoch
        self.version = version
        self.skipped = skipped
    }
}

/// A figure quoted from elsewhere (e.g. the issue's Cornac timing), not measured in the run.
public struct BenchmarkReference: Codable, Sendable, Equatable {
    public var key: String
    public var label: String
    public var seconds: Double
    public var source: String

    public init(key: String, label: String, seconds: Double, source: String) {
        self.key = key
        self.label = label
        self.seconds = seconds
        self.source = source
    }

    /// Cornac's PyTorch BiVAE on the Kindle split (k 20, [40], batch 128), as issue 7
    /// quotes it for this kind of machine: 10.6 s per epoch with 2 threads, 15.9 s with 1.
    public static func cornacBiVAE(threads: Int) -> BenchmarkReference {
        BenchmarkReference(key: "cornacBiVAE", label: "Cornac BiVAE epoch, Kindle (\(threads >= 2 ? 2 : 1) thread\(threads >= 2 ? "s" : ""))",
                           seconds: threads >= 2 ? 10.6 : 15.9,
                           source: "issue 7 (Cornac's PyTorch BiVAE measured elsewhere on this kind of machine); quoted, not measured here")
    }
}

/// The ML-100K grid timed with 2 workers × 1 BLAS thread and with 1 worker × 2 threads.
public struct GridThroughput: Codable, Sendable, Equatable {
    public struct Timing: Codable, Sendable, Equatable {
        public var workers: Int
        public var blasThreads: Int
        public var wallSeconds: Double
        /// Of which preparing the dataset (the same serial work in both).
        public var dataSeconds: Double
        public var trainingSeconds: Double { wallSeconds - dataSeconds }

        public init(workers: Int, blasThreads: Int, wallSeconds: Double, dataSeconds: Double) {
            self.workers = workers
            self.blasThreads = blasThreads
            self.wallSeconds = wallSeconds
            self.dataSeconds = dataSeconds
        }
    }

    public var spec: String
    public var runs: Int
    public var epochs: Int
    public var parallel: Timing
    public var serial: Timing

    public init(spec: String, runs: Int, epochs: Int, parallel: Timing, serial: Timing) {
        self.spec = spec
        self.runs = runs
        self.epochs = epochs
        self.parallel = parallel
        self.serial = serial
    }

    /// Throughput of `parallel` over that of `serial` (same runs): serial time / parallel
    /// time, data preparation excluded.
    public var ratio: Double { serial.trainingSeconds / parallel.trainingSeconds }
}
