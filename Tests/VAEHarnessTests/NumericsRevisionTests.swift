import Foundation
import Testing
@testable import VAEHarness

/// The runner resumes a run only from a checkpoint written under the current numerics
/// revision (`NumericsRevision`); any other checkpoint is dropped and the run trains from
/// the start, so it ends exactly as an uninterrupted run.
@Suite("Numerics revision: stale checkpoints are not resumed", .serialized)
struct NumericsRevisionTests {
    struct Stop: Error {}

    /// Lines a progress reporter wrote, from the worker thread.
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    /// One 4-epoch Mult-VAE run, checkpointed every 2 epochs.
    static func spec(_ data: String, output: URL) throws -> (ExperimentSpec, PlannedRun) {
        var spec = try ExperimentSpec.parse(Data(specJSON(dataPath: data, grid: #""labelSmoothing": [0]"#, seeds: "[1]",
                                                          extra: #", "checkpointEvery": 2"#).utf8))
        spec.output = output.path
        let runs = try GridExpansion.expand(spec)
        return (spec, try #require(runs.first))
    }

    /// Runs the grid in `folder`; returns the progress lines.
    static func runGrid(_ spec: ExperimentSpec, _ run: PlannedRun, in folder: URL) throws -> [String] {
        let lines = Lines()
        let runner = ExperimentRunner(store: RunStore(root: folder), options: RunnerOptions(), checkpointEvery: spec.checkpointEvery) { total, done in
            ProgressReporter(total: total, alreadyDone: done, workers: 1, live: false) { lines.add($0) }
        }
        let report = try runner.run([run]) { _ in }
        #expect(report.completed.count == 1, "\(report.failed.map(\.error))")
        return lines.all
    }

    /// Leaves `run` in `folder` as a process killed after its epoch-2 checkpoint would: the
    /// checkpoint on disk, the status still running, written under `revision` (nil: before
    /// revisions were recorded).
    static func interrupt(_ run: PlannedRun, in folder: URL, revision: Int?) throws {
        let store = RunStore(root: folder)
        try store.register(run, version: "t")
        let checkpoint = store.folder(run.runID).appendingPathComponent("checkpoint.json")
        var c = run.execution
        c.blasThreads = nil
        let (dataset, _) = try DatasetLoader.load(c)
        let saving = Checkpointing(everyEpochs: 2, load: { nil }, save: { data in
            try AtomicFile.write(data, to: checkpoint)
            throw Stop()
        })
        #expect(throws: Stop.self) { try TrainingRun.execute(c, dataset: dataset, checkpointing: saving) }
        #expect(Checkpointing.savedEpoch(in: store.folder(run.runID)) == 2)
        var status = try #require(store.status(run.runID))
        status.state = .running
        status.numericsRevision = revision
        try store.write(status)
    }

    @Test("A checkpoint of another revision is dropped (the run ends as an uninterrupted one); one of this revision is resumed")
    func staleCheckpointsAreNotResumed() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try writeRatingsFixture(in: dir)
        let (spec, run) = try Self.spec(data, output: dir)
        let now = NumericsRevision.current(run.execution)
        #expect(now > NumericsRevision.initial)
        func perUser(_ folder: URL) throws -> String {
            try String(contentsOf: folder.appendingPathComponent("runs/\(run.runID)/per_user.csv"), encoding: .utf8)
        }
        let whole = dir.appendingPathComponent("whole")
        _ = try Self.runGrid(spec, run, in: whole)
        #expect(RunStore(root: whole).status(run.runID)?.numericsRevision == now)

        // Written before revisions were recorded (revision 1): trained again from the start.
        let stale = dir.appendingPathComponent("stale")
        try Self.interrupt(run, in: stale, revision: nil)
        let lines = try Self.runGrid(spec, run, in: stale)
        let started = try #require(lines.first { $0.hasPrefix("start ") })
        #expect(!started.contains("resuming") && started.hasSuffix(
            "(its checkpoint after epoch 2 was written under numerics revision 1, this build's is \(now): training from the start)"))
        let status = try #require(RunStore(root: stale).status(run.runID))
        #expect(status.resumedFromEpoch == nil && status.numericsRevision == now && status.state == .completed)
        #expect(try perUser(stale) == perUser(whole))

        // Written under this revision: resumed after epoch 2, with the same end.
        let current = dir.appendingPathComponent("current")
        try Self.interrupt(run, in: current, revision: now)
        let resumedLines = try Self.runGrid(spec, run, in: current)
        #expect(resumedLines.first { $0.hasPrefix("start ") }?.hasSuffix("(resuming after epoch 2)") == true)
        #expect(RunStore(root: current).status(run.runID)?.resumedFromEpoch == 2)
        #expect(try perUser(current) == perUser(whole))
    }
}
