import Foundation
import VAENumerics

/// How `vaelab run` executes a grid.
public struct RunnerOptions: Sendable {
    /// Runs at once.
    public var workers: Int = 1
    /// Threads per BLAS product (process-wide, so shared by the workers).
    public var blasThreads: Int = 1
    public var failFast = false
    public var retryFailed = false
    /// Other results folders whose completed runs of the same id are copied, not retrained.
    public var reuseFrom: [RunStore] = []
    public var version = VAELabVersion.current
    public var gitCommit: String? = nil
    /// The code commit the executable holds, when known (`RunStatus.buildCommit`).
    public var buildCommit: String? = nil

    public init() {}
}

/// What one invocation of the runner did.
public struct RunnerReport: Sendable {
    public var completed: [PlannedRun] = []
    public var alreadyCompleted: [PlannedRun] = []
    /// Copied from another results folder (`reuseFrom`).
    public var reused: [PlannedRun] = []
    public var failed: [(run: PlannedRun, error: String)] = []
    public var skippedFailed: [PlannedRun] = []
    public var heldElsewhere: [PlannedRun] = []
    public var notStarted: [PlannedRun] = []

    public var succeeded: Bool { failed.isEmpty && notStarted.isEmpty }
}

/// Runs planned runs with at most `workers` at once (Dispatch), each with its own random
/// streams, so the numbers do not depend on the worker count. Completed runs are skipped;
/// unfinished ones are redone from their last checkpoint; failed ones are skipped unless
/// `retryFailed`. A run that throws or diverges is recorded as failed and the others go on
/// (unless `failFast`).
public final class ExperimentRunner: @unchecked Sendable {
    let store: RunStore
    let options: RunnerOptions
    let checkpointEvery: Int
    /// Spectra (and embeddings) to record per run; nil: none.
    public var spectra: SpectrumLog.Options?
    /// Latent geometry to measure per fold-in run; nil: none.
    public var geometry: LatentGeometryProbe.Options?
    private let makeProgress: (_ total: Int, _ done: Int) -> ProgressReporter

    /// `progress` makes the reporter, given the runs in the grid and how many are done.
    public init(store: RunStore, options: RunnerOptions, checkpointEvery: Int,
                progress: @escaping (_ total: Int, _ done: Int) -> ProgressReporter) {
        self.store = store
        self.options = options
        self.checkpointEvery = checkpointEvery
        self.makeProgress = progress
    }

    /// The work list the workers share.
    final class WorkList: @unchecked Sendable {
        private let lock = NSLock()
        private let runs: [PlannedRun]
        private var next = 0
        private var stopped = false
        private(set) var report: RunnerReport

        init(_ runs: [PlannedRun], report: RunnerReport) {
            self.runs = runs
            self.report = report
        }

        func take() -> PlannedRun? {
            lock.withLock {
                guard !stopped, next < runs.count else { return nil }
                defer { next += 1 }
                return runs[next]
            }
        }

        func record(_ run: PlannedRun, _ outcome: Outcome, failFast: Bool) {
            lock.withLock {
                switch outcome {
                case .completed: report.completed.append(run)
                case .held: report.heldElsewhere.append(run)
                case let .failed(message):
                    report.failed.append((run, message))
                    if failFast { stopped = true }
                }
            }
        }
    }

    public func run(_ runs: [PlannedRun], log: @escaping (String) -> Void) throws -> RunnerReport {
        var report = RunnerReport()
        var todo: [PlannedRun] = []
        for run in runs {
            let state = store.status(run.runID)?.state
            if state == .completed {
                report.alreadyCompleted.append(run)
            } else if state == .failed && !options.retryFailed {
                report.skippedFailed.append(run)
            } else if options.reuseFrom.isEmpty {
                todo.append(run)
            } else {
                try store.register(run, version: options.version)
                switch try adopt(run, log: log) {
                case .copied: report.reused.append(run)
                case .trainingThere: report.heldElsewhere.append(run)
                case .otherRevision, .unavailable: todo.append(run)
                }
            }
        }
        guard !todo.isEmpty else { return report }

        // Each distinct dataset is prepared once and shared (read-only) by the workers. The
        // run folders are made after the data loaded, so a spec whose data cannot be read
        // leaves no folders behind.
        var datasets: [String: PreparedDataset] = [:]
        for run in todo {
            let key = try DatasetKey.of(run.execution)
            if datasets[key] == nil {
                let start = Date()
                let (dataset, dataLog) = try DatasetLoader.load(run.execution)
                for line in dataLog { log("data: \(line)") }
                log(String(format: "data: ready in %.1fs", Date().timeIntervalSince(start)))
                datasets[key] = dataset
            }
        }
        for run in todo { try store.register(run, version: options.version) }

        BLAS.setThreads(options.blasThreads)
        let progress = makeProgress(runs.count, report.alreadyCompleted.count + report.reused.count)
        let work = WorkList(todo, report: report)
        let prepared = datasets
        DispatchQueue.concurrentPerform(iterations: max(1, min(options.workers, todo.count))) { _ in
            while let run = work.take() {
                let dataset = prepared[try! DatasetKey.of(run.execution)]!
                work.record(run, execute(run, dataset: dataset, progress: progress), failFast: options.failFast)
            }
        }
        progress.close()
        report = work.report
        let finished = Set((report.completed + report.heldElsewhere).map(\.runID) + report.failed.map(\.run.runID))
        report.notStarted = todo.filter { !finished.contains($0.runID) }
        report.completed.sort { $0.index < $1.index }
        report.failed.sort { $0.run.index < $1.run.index }
        return report
    }

    /// Copies the run from the first `reuseFrom` folder that completed it under this build's
    /// numerics revision, under this store's claim (a run another process is training here
    /// is left to the execution, which says so); a run being trained in a `reuseFrom` folder
    /// is left to that process; one completed under another revision is trained here, and
    /// the log says why.
    func adopt(_ run: PlannedRun, log: (String) -> Void) throws -> RunStore.Adoption {
        guard let claim = try store.claim(run.runID) else { return .unavailable }
        defer { claim.release() }
        let revision = NumericsRevision.current(run.execution)
        var result = RunStore.Adoption.unavailable
        for source in options.reuseFrom {
            switch try store.adopt(run.runID, from: source, revision: revision) {
            case .copied: return .copied
            case .trainingThere: result = .trainingThere
            case let .otherRevision(theirs):
                log("#\(run.index) [\(run.runID)] not copied from \(source.root.path): completed under numerics revision "
                    + "\(theirs), this build's is \(revision); training it here")
            case .unavailable: break
            }
        }
        return result
    }

    /// Seconds between the epoch counts a training run writes into its status.
    static let statusInterval: TimeInterval = 10
    /// Epochs the recent pace in `status.json` is measured over.
    static let paceWindow = 10

    enum Outcome {
        case completed, held
        case failed(String)
    }

    /// One run: claim, mark running, train (resuming from a checkpoint), write its files.
    func execute(_ run: PlannedRun, dataset: PreparedDataset, progress: ProgressReporter) -> Outcome {
        let folder = store.folder(run.runID)
        let claim: RunClaim
        do {
            guard let c = try store.claim(run.runID) else { return .held }
            claim = c
        } catch {
            return .failed("cannot claim \(folder.path): \(error)")
        }
        defer { claim.release() }
        // Another process may have finished the run between our listing and our claim.
        switch store.status(run.runID)?.state {
        case .completed?: return .held
        case .failed? where !options.retryFailed: return .held
        default: break
        }
        let checkpointing = checkpointEvery > 0 ? Checkpointing.files(in: folder, everyEpochs: checkpointEvery) : nil
        var status = store.status(run.runID) ?? RunStatus(state: .pending, runID: run.runID, version: options.version)
        // A checkpoint written under other numerics is dropped: the run starts over.
        let revision = NumericsRevision.current(run.execution)
        var restart: String? = nil
        if let saved = Checkpointing.savedEpoch(in: folder), (status.numericsRevision ?? NumericsRevision.initial) != revision {
            restart = "its checkpoint after epoch \(saved) was written under numerics revision "
                + "\(status.numericsRevision ?? NumericsRevision.initial), this build's is \(revision): training from the start"
            do {
                try FileManager.default.removeItem(at: folder.appendingPathComponent("checkpoint.json"))
            } catch {
                return .failed("cannot remove the stale checkpoint in \(folder.path): \(error)")
            }
        }
        status.numericsRevision = revision
        status.state = .running
        status.started = RunStatus.now()
        status.finished = nil
        status.error = nil
        status.host = ProcessInfo.processInfo.hostName
        status.pid = getpid()
        if let commit = options.gitCommit {
            var history = status.gitCommits ?? status.gitCommit.map { [$0] } ?? []
            if history.last != commit { history.append(commit) }
            status.gitCommits = history
        }
        status.gitCommit = options.gitCommit
        status.buildCommit = options.buildCommit
        status.blasThreads = options.blasThreads
        status.openBLASCore = BLAS.coreName.isEmpty ? nil : BLAS.coreName
        status.version = options.version
        status.attempts += 1
        status.resumedFromEpoch = Checkpointing.savedEpoch(in: folder)
        let start = Date()
        do {
            try store.write(status)
            // A β search trains twice (search, then the final run).
            let phases = run.execution.betaSearch ? 2 : 1
            progress.started(run, epochs: phases * run.execution.epochs, resumedAt: status.resumedFromEpoch, note: restart)
            var c = run.execution
            c.blasThreads = nil
            // Spectra are of the final phase only, numbered by its epochs.
            let spectraResumedAfter = status.resumedFromEpoch.map { max(0, $0 - (phases - 1) * run.execution.epochs) }
            let spectrumLog = spectra.map { SpectrumLog(folder: folder, options: $0, resumedAfter: spectraResumedAfter) }
            var epochsDone = status.resumedFromEpoch ?? 0
            var lastRecorded = Date()
            var epochEnds = [Date()]
            func recentPace() -> Double? {
                epochEnds.count > 1 ? epochEnds.last!.timeIntervalSince(epochEnds.first!) / Double(epochEnds.count - 1) : nil
            }
            status.epochsDone = epochsDone
            status.recentSecondsPerEpoch = nil
            let outcome = try TrainingRun.execute(c, dataset: dataset, checkpointing: checkpointing, spectra: spectrumLog,
                                                  geometry: geometry, progress: { _ in
                                                      epochsDone += 1
                                                      progress.epoch(run, epochsDone)
                                                      epochEnds.append(Date())
                                                      if epochEnds.count > ExperimentRunner.paceWindow + 1 { epochEnds.removeFirst() }
                                                      // For `vaelab status`; a lost write only delays the next.
                                                      if Date().timeIntervalSince(lastRecorded) >= ExperimentRunner.statusInterval {
                                                          lastRecorded = Date()
                                                          status.epochsDone = epochsDone
                                                          status.updated = RunStatus.now()
                                                          status.recentSecondsPerEpoch = recentPace()
                                                          try? store.write(status)
                                                      }
                                                  })
            try RunOutputs.write(configuration: run.configuration, outcome: outcome, to: folder)
            try? FileManager.default.removeItem(at: folder.appendingPathComponent("checkpoint.json"))
            status.state = .completed
            status.finished = RunStatus.now()
            status.epochsDone = epochsDone
            status.updated = status.finished
            status.recentSecondsPerEpoch = recentPace()
            try store.write(status)
            let main = outcome.test.metrics.first.map { "\($0) " + String(format: "%.4f", outcome.test.mean(of: $0)) } ?? ""
            progress.finished(run, seconds: Date().timeIntervalSince(start), summary: main)
            return .completed
        } catch {
            status.state = .failed
            status.finished = RunStatus.now()
            status.error = "\(error)"
            try? store.write(status)
            progress.finished(run, seconds: Date().timeIntervalSince(start), summary: "FAILED: \(error)")
            return .failed("\(error)")
        }
    }
}
