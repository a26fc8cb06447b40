import Foundation
import VAEHarness
import VAENumerics

/// Times a small grid (by default experiments/ci-ml100k.json with few epochs) through the
/// same `ExperimentRunner` as `vaelab run`, in this process, into temporary folders: once
/// with 2 workers × 1 BLAS thread, once with 1 worker × 2 threads. The dataset is prepared
/// by each runner (the same serial work in both) and its time, which the runner logs, is
/// reported apart.
struct GridBenchmark {
    var specPath: String
    var epochs: Int

    func run(log: @escaping (String) -> Void) throws -> GridThroughput {
        var spec = try ExperimentSpec.load(specPath)
        spec.fixed["epochs"] = epochs
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vaelab-bench-grid-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let previousThreads = BLAS.threads
        defer { BLAS.setThreads(previousThreads) }
        var runCount = 0
        func time(workers: Int, threads: Int) throws -> GridThroughput.Timing {
            spec.output = root.appendingPathComponent("\(workers)x\(threads)").path
            let runs = try GridExpansion.expand(spec)
            runCount = runs.count
            var options = RunnerOptions()
            options.workers = workers
            options.blasThreads = threads
            let runner = ExperimentRunner(store: RunStore(root: URL(fileURLWithPath: spec.output)), options: options, checkpointEvery: 0) { total, done in
                ProgressReporter(total: total, alreadyDone: done, workers: workers, live: false) { _ in }
            }
            let dataSeconds = LockedDouble()
            let start = Date()
            let report = try runner.run(runs) { line in
                if let r = line.range(of: "data: ready in "), let v = Double(line[r.upperBound...].dropLast()) { dataSeconds.add(v) }
            }
            let wall = Date().timeIntervalSince(start)
            guard report.failed.isEmpty else { throw UsageError("grid run failed: \(report.failed.map(\.error).joined(separator: "; "))") }
            log(String(format: "grid: %d runs, %d worker(s) × %d thread(s): %.2f s (data %.2f s)", runs.count, workers, threads, wall, dataSeconds.value))
            return GridThroughput.Timing(workers: workers, blasThreads: threads, wallSeconds: wall, dataSeconds: dataSeconds.value)
        }
        let parallel = try time(workers: 2, threads: 1)
        let serial = try time(workers: 1, threads: 2)
        return GridThroughput(spec: (specPath as NSString).lastPathComponent, runs: runCount, epochs: epochs, parallel: parallel, serial: serial)
    }
}

/// A Double the runner's log callback may add to from any thread.
final class LockedDouble: @unchecked Sendable {
    private let lock = NSLock()
    private var v = 0.0
    func add(_ x: Double) { lock.withLock { v += x } }
    var value: Double { lock.withLock { v } }
}
