import Foundation
import VAEData
import VAEHarness
import VAENumerics

/// `vaelab bench`: VAELab's training speed against the machine's GEMM floor (and, from
/// scripts/bench.sh, against the NumPy and TensorFlow peers), measured in one run.
struct BenchCommand: Command {
    static let name = "bench"
    static let abstract = "Measure a Mult-VAE epoch against the GEMM floor on the ML-20M-shaped matrix."
    static let usage = "vaelab bench [--data <stem>] [--batches <n>] [--threads <t>]"
    static let discussion = """
        Reads the raw CSR arrays written by ../shared/peers/make_data.py (<stem>.indptr.i64,
        <stem>.indices.i32) and times, in one process: the step's matrix products alone (the
        floor) and full Mult-VAE training steps, as medians over the timed batches,
        extrapolated to an epoch.
        """
    static let options: [OptionSpec] = [
        .option("data", "stem", "Path stem of the CSR arrays.", default: "bench-data/ml20m_synth"),
        .option("items", "n", "Number of items (columns).", default: "20108"),
        .option("batches", "n", "Timed batches.", default: "20"),
        .option("warmup", "n", "Untimed batches first.", default: "2"),
        .option("threads", "t", "OpenBLAS threads.", default: "cores"),
    ]

    let stem: String
    let items: Int
    let batches: Int
    let warmup: Int
    let threads: Int

    init(_ a: ParsedArguments) throws {
        stem = a.string("data") ?? "bench-data/ml20m_synth"
        items = try a.int("items") ?? 20108
        batches = try a.int("batches") ?? 20
        warmup = try a.int("warmup") ?? 2
        threads = try a.int("threads") ?? ProcessInfo.processInfo.activeProcessorCount
    }

    func validate() throws {
        guard FileManager.default.fileExists(atPath: stem + ".indptr.i64") else {
            throw UsageError("no \(stem).indptr.i64: run ../shared/peers/make_data.py with PEER_DATA=\(URL(fileURLWithPath: stem).deletingLastPathComponent().path)")
        }
        guard batches >= 1, warmup >= 0, threads >= 1 else { throw UsageError("--batches, --threads must be ≥ 1 and --warmup ≥ 0") }
    }

    func run(_ console: Console) throws -> Int32 {
        BLAS.setThreads(threads)
        let data = try RawCSRFiles.read(stem: stem, columns: items)
        console.out("data: \(data.rows) users × \(data.cols) items, \(data.nonzeroCount) entries; \(threads) BLAS thread(s)")
        let bench = MultVAEEpochBenchmark(data: data)
        let perEpoch = Double(bench.batchesPerEpoch)

        let floor = GEMMFloor(items: items)
        let sample = data.rows(0..<500)
        let floorTimes = floor.time(input: sample, repetitions: batches)
        let floorBatch = median(floorTimes)
        let flops = floor.flops(nnz: sample.nonzeroCount)
        console.out(String(format: "GEMM floor:      %7.1f ms/batch  %6.1f s/epoch  (%.0f GFLOP/s)", floorBatch * 1e3, floorBatch * perEpoch, flops / floorBatch / 1e9))

        let (times, loss) = bench.timeBatches(batches, warmup: warmup)
        let step = median(times)
        console.out(String(format: "Mult-VAE step:   %7.1f ms/batch  %6.1f s/epoch  (%.2f × floor; last loss %.2f)", step * 1e3, step * perEpoch, step / floorBatch, loss))
        return 0
    }
}
