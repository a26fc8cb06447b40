import Foundation
import Testing
@testable import VAEHarness

/// `vaelab status` on hand-made run folders: every state, the pace and the time left.
@Suite("Grid status: states, pace, time left, run time left")
struct GridStatusTests {
    @Test("Completed, failed, pending, running (claim held) and stopped (claim free) runs; pace from the recorded epochs")
    func states() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = specJSON(dataPath: "/nowhere", grid: #""labelSmoothing": [0, 0.1, 0.2]"#, seeds: "[1, 2]")
        var spec = try ExperimentSpec.parse(Data(text.utf8))
        spec.output = dir.path
        let runs = try GridExpansion.expand(spec)
        let store = RunStore(root: dir)
        for run in runs { try store.register(run, version: "t") }
        // Nothing has a pace yet: no estimate.
        #expect(try GridStatus(runs: runs, store: store).summaryLine == "6 runs: 6 pending; 6 runs not estimated")
        func set(_ i: Int, _ change: (inout RunStatus) -> Void) throws {
            var s = try #require(store.status(runs[i].runID))
            change(&s)
            try store.write(s)
        }
        // Run 0 completed by a build that recorded only when its last attempt started and
        // finished: resumed after epoch 2, 2 epochs in 8 s.
        try set(0) { $0.state = .completed; $0.resumedFromEpoch = 2; $0.started = "2026-11-24T09:00:00Z"; $0.finished = "2026-11-24T09:00:08Z" }
        try set(1) { $0.state = .failed; $0.error = "diverged at epoch 3: loss nan" }
        // Run 2: resumed after epoch 1, 2 more epochs in 60 s, its process alive (claim held).
        try set(2) {
            $0.state = .running; $0.resumedFromEpoch = 1; $0.epochsDone = 3
            $0.started = "2026-11-24T10:00:00Z"; $0.updated = "2026-11-24T10:01:00Z"
        }
        let held = try #require(try store.claim(runs[2].runID))
        defer { held.release() }
        // Run 3: marked running, but no process holds it.
        try set(3) { $0.state = .running; $0.epochsDone = 2; $0.started = "2026-11-24T10:00:00Z"; $0.updated = "2026-11-24T10:00:10Z" }
        // Run 4 copied from elsewhere; run 5 untouched.
        try set(4) { $0.state = .completed; $0.copiedFrom = "results/other" }

        let status = try GridStatus(runs: runs, store: store)
        #expect(status.rows.map(\.state) == [.completed, .failed, .running, .stopped, .completed, .pending])
        #expect(status.rows[0].epochsDone == 4 && status.rows[2].epochsDone == 3 && status.rows[5].epochsDone == nil)
        #expect(status.rows[2].secondsPerEpoch == 30 && status.rows[2].secondsLeft == 30)
        // A recorded recent pace (the last few epochs) wins for a running run.
        try set(2) { $0.recentSecondsPerEpoch = 12 }
        #expect(try GridStatus(runs: runs, store: store).rows[2].secondsLeft == 12)
        try set(2) { $0.recentSecondsPerEpoch = nil }
        #expect(status.rows[3].secondsPerEpoch == 5 && status.rows[3].secondsLeft == nil)
        #expect(status.rows[0].secondsPerEpoch == 4)
        // Time left: run 2's last epoch at 30 s, run 3's two at 5 s, and the pending run's four
        // at the median pace of the grid's (Mult-VAE) runs, median(4, 30, 5) = 5 s: 30 + 10 + 20 s.
        #expect(status.workLeft.seconds == 60 && status.workLeft.unestimated == 0)
        #expect(status.summaryLine == "6 runs: 2 completed, 1 running, 1 stopped, 1 failed, 1 pending; ≈ 60 s of run time left")
        let lines = status.text.split(separator: "\n").map(String.init)
        #expect(lines[2].hasPrefix(runs[1].line) && lines[2].contains("failed") && lines[2].hasSuffix("diverged at epoch 3: loss nan"))
        #expect(lines[3].contains("running") && lines[3].contains("3/4") && lines[3].contains("30 s/epoch") && lines[3].hasSuffix("≈ 30 s left"))
        let now = NumericsRevision.current(runs[3].execution)
        #expect(lines[4].contains("stopped") && lines[4].hasSuffix("restarts: its checkpoint is of numerics revision 1, this build's is \(now)"))
        try set(3) { $0.numericsRevision = now }
        #expect(try GridStatus(runs: runs, store: store).text.split(separator: "\n")[4].hasSuffix("resumes from its last checkpoint"))
        #expect(lines[5].hasSuffix("copied from results/other") && lines[6].hasSuffix("pending"))
        // Probing did not take the claim away from its holder, nor leave run 3's claimed.
        #expect(try store.claim(runs[2].runID) == nil)
        let free = try #require(try store.claim(runs[3].runID))
        free.release()
    }

    @Test("A run records its epochs while it trains and the total when it completes")
    func recordedByTheRunner() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try writeRatingsFixture(in: dir)
        var spec = try ExperimentSpec.parse(Data(specJSON(dataPath: data, grid: #""labelSmoothing": [0]"#, seeds: "[1]").utf8))
        spec.output = dir.appendingPathComponent("out").path
        let runs = try GridExpansion.expand(spec)
        let store = RunStore(root: URL(fileURLWithPath: spec.output))
        let runner = ExperimentRunner(store: store, options: RunnerOptions(), checkpointEvery: 0) { total, done in
            ProgressReporter(total: total, alreadyDone: done, workers: 1, live: false) { _ in }
        }
        _ = try runner.run(runs) { _ in }
        let s = try #require(store.status(runs[0].runID))
        #expect(s.state == .completed && s.epochsDone == 4 && s.updated == s.finished)
        #expect((s.recentSecondsPerEpoch ?? -1) >= 0)
    }
}
