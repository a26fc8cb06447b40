import Foundation
import Testing
@testable import VAEHarness

@Suite("Experiment runner, run store and tables", .serialized)
struct RunnerTests {
    /// Runs `specText` into `folder`; returns the report and the results.
    func run(_ specText: String, into folder: URL, workers: Int = 1, blasThreads: Int = 1,
             retryFailed: Bool = false, failFast: Bool = false,
             gitCommit: String? = nil, reuseFrom: [URL] = [],
             log: @escaping (String) -> Void = { _ in }) throws -> (RunnerReport, ExperimentResults, [PlannedRun]) {
        var spec = try ExperimentSpec.parse(Data(specText.utf8))
        spec.output = folder.path
        let runs = try GridExpansion.expand(spec)
        var options = RunnerOptions()
        options.workers = workers
        options.blasThreads = blasThreads
        options.retryFailed = retryFailed
        options.failFast = failFast
        options.gitCommit = gitCommit
        options.reuseFrom = reuseFrom.map { RunStore(root: $0) }
        let store = RunStore(root: folder)
        let runner = ExperimentRunner(store: store, options: options, checkpointEvery: spec.checkpointEvery) { total, done in
            ProgressReporter(total: total, alreadyDone: done, workers: workers, live: false) { _ in }
        }
        let report = try runner.run(runs, log: log)
        return (report, try ExperimentResults.forSpec(spec, runs: runs, store: store), runs)
    }

    @Test("Results are identical with 1 worker × 2 BLAS threads and 2 workers × 1 thread")
    func determinismAcrossWorkers() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try writeRatingsFixture(in: dir)
        let text = specJSON(dataPath: data)
        let (r1, _, runs) = try run(text, into: dir.appendingPathComponent("w1"), workers: 1, blasThreads: 2)
        let (r2, _, _) = try run(text, into: dir.appendingPathComponent("w2"), workers: 2, blasThreads: 1)
        #expect(r1.completed.count == 4 && r2.completed.count == 4)
        for run in runs {
            let a = try String(contentsOf: dir.appendingPathComponent("w1/runs/\(run.runID)/per_user.csv"), encoding: .utf8)
            let b = try String(contentsOf: dir.appendingPathComponent("w2/runs/\(run.runID)/per_user.csv"), encoding: .utf8)
            #expect(a == b, "\(run.line)")
            let la = try String(contentsOf: dir.appendingPathComponent("w1/runs/\(run.runID)/train_log.csv"), encoding: .utf8)
            let lb = try String(contentsOf: dir.appendingPathComponent("w2/runs/\(run.runID)/train_log.csv"), encoding: .utf8)
            // Same losses and validation values; only the seconds columns may differ.
            func strip(_ s: String) -> [String] {
                let lines = s.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
                let timing = Set(["train_seconds", "eval_seconds"].compactMap { lines[0].firstIndex(of: $0) })
                return lines.map { $0.enumerated().filter { !timing.contains($0.offset) }.map(\.element).joined(separator: ",") }
            }
            #expect(strip(la) == strip(lb))
        }
    }

    @Test("A run resumed by another build lists both commits; the latest is gitCommit")
    func commitHistoryOnResume() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try writeRatingsFixture(in: dir)
        let folder = dir.appendingPathComponent("out")
        let text = specJSON(dataPath: data)
        _ = try run(text, into: folder, gitCommit: "aaa")
        // Mark one run as interrupted under build "aaa", then let build "bbb" redo it.
        let store = RunStore(root: folder)
        let runs = try GridExpansion.expand({ var s = try ExperimentSpec.parse(Data(text.utf8)); s.output = folder.path; return s }())
        var status = try #require(store.status(runs[0].runID))
        #expect(status.gitCommits == ["aaa"] && status.gitCommit == "aaa")
        status.state = .running
        try store.write(status)
        _ = try run(text, into: folder, gitCommit: "bbb")
        let after = try #require(store.status(runs[0].runID))
        #expect(after.state == .completed && after.gitCommits == ["aaa", "bbb"] && after.gitCommit == "bbb")
        #expect(store.status(runs[1].runID)?.gitCommits == ["aaa"])
    }

    @Test("--reuse-from copies runs completed elsewhere with the same configuration and numerics revision; unfinished, different or older ones are trained")
    func reuseFromAnotherFolder() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try writeRatingsFixture(in: dir)
        let text = specJSON(dataPath: data)
        let a = dir.appendingPathComponent("a"), b = dir.appendingPathComponent("b")
        let (_, _, runs) = try run(text, into: a, gitCommit: "aaa")
        let source = RunStore(root: a)
        // Run 0 unfinished in a; run 1's recorded configuration differs (as if made by other settings).
        var unfinished = try #require(source.status(runs[0].runID))
        unfinished.state = .running
        try source.write(unfinished)
        let configURL = source.folder(runs[1].runID).appendingPathComponent("config.json")
        var config = try source.configuration(runs[1].runID)
        config.epochs += 1
        try AtomicFile.write(try config.json(), to: configURL)
        // Run 2 completed under an older numerics revision (recorded as none: revision 1).
        var older = try #require(source.status(runs[2].runID))
        #expect(older.numericsRevision == NumericsRevision.current(runs[2].execution) && older.numericsRevision != 1)
        older.numericsRevision = nil
        try source.write(older)

        var lines: [String] = []
        let (report, _, _) = try run(text, into: b, gitCommit: "bbb", reuseFrom: [a]) { lines.append($0) }
        #expect(Set(report.reused.map(\.runID)) == Set(runs[3...].map(\.runID)))
        #expect(Set(report.completed.map(\.runID)) == Set(runs[...2].map(\.runID)))
        #expect(lines.contains { $0.contains(runs[2].runID) && $0.contains("numerics revision 1") })
        let target = RunStore(root: b)
        for run in runs[3...] {
            let status = try #require(target.status(run.runID))
            #expect(status.state == .completed && status.copiedFrom == a.path && status.gitCommits == ["aaa"])
            for file in ["per_user.csv", "metrics.json", "train_log.csv"] {
                let x = try Data(contentsOf: source.folder(run.runID).appendingPathComponent(file))
                let y = try Data(contentsOf: target.folder(run.runID).appendingPathComponent(file))
                #expect(x == y, "\(file)")
            }
        }
        for run in runs[...2] {
            let status = try #require(target.status(run.runID))
            #expect(status.copiedFrom == nil && status.gitCommits == ["bbb"])
        }
        // A second invocation finds everything complete and copies nothing.
        let (again, _, _) = try run(text, into: b, reuseFrom: [a])
        #expect(again.reused.isEmpty && again.completed.isEmpty && again.alreadyCompleted.count == runs.count)

        // A run some process is training in the other folder (its claim held) is left to it.
        let c = dir.appendingPathComponent("c")
        let held = try #require(try source.claim(runs[0].runID))
        let (third, _, _) = try run(text, into: c, reuseFrom: [a])
        held.release()
        #expect(third.heldElsewhere.map(\.runID) == [runs[0].runID] && third.completed.map(\.runID) == [runs[1].runID, runs[2].runID])
        #expect(RunStore(root: c).status(runs[0].runID)?.state == .pending)
    }

    @Test("A spec whose data cannot be read fails before any run folder is made")
    func unreadableDataLeavesNoFolders() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("out")
        let missing = dir.appendingPathComponent("no-such-data").path
        #expect(throws: (any Error).self) { _ = try run(specJSON(dataPath: missing), into: folder) }
        let made = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("runs").path)) ?? []
        #expect(made.isEmpty, "\(made)")
    }

    @Test("A diverging group fails with its error; the others complete; a re-run skips completed runs and retries failed ones only when asked")
    func failureIsolationAndResume() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try writeRatingsFixture(in: dir)
        let text = specJSON(dataPath: data, grid: #""keepProbability": [0.5, 0.9]"#,
                            extra: #", "zip": [{"learningRate": [0.01, 1000]}]"#).replacingOccurrences(of: #""learningRate": 0.01, "#, with: "")
        let folder = dir.appendingPathComponent("out")
        let (report, results, runs) = try run(text, into: folder, workers: 2)
        #expect(runs.count == 8)
        #expect(report.completed.count == 4 && report.failed.count == 4)
        #expect(report.failed.allSatisfy { $0.run.configuration.learningRate == 1000 && $0.error.contains("diverged") })
        let store = RunStore(root: folder)
        let failed = try #require(store.status(report.failed[0].run.runID))
        #expect(failed.state == .failed && failed.error!.contains("diverged at epoch 1"))
        #expect(results.groups.filter { $0.completed.count == 2 }.count == 2)

        let (again, _, _) = try run(text, into: folder)
        #expect(again.completed.isEmpty && again.alreadyCompleted.count == 4 && again.skippedFailed.count == 4)
        let (retried, _, _) = try run(text, into: folder, retryFailed: true)
        #expect(retried.failed.count == 4 && retried.alreadyCompleted.count == 4)
        #expect(store.status(report.failed[0].run.runID)?.attempts == 2)
    }

    @Test("fail-fast stops starting runs after the first failure")
    func failFast() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try writeRatingsFixture(in: dir)
        let text = specJSON(dataPath: data, grid: #""learningRate": [1000, 0.01]"#).replacingOccurrences(of: #""learningRate": 0.01, "#, with: "")
        let (report, _, _) = try run(text, into: dir.appendingPathComponent("out"), failFast: true)
        #expect(report.failed.count == 1 && report.completed.isEmpty && report.notStarted.count == 3)
        #expect(!report.succeeded)
    }

    @Test("Tables: summary mean, std (ddof 1) and standard error by hand; runs.csv has a row per run; check passes and fails")
    func tablesAndCheck() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try writeRatingsFixture(in: dir)
        let (_, results, runs) = try run(specJSON(dataPath: data, seeds: "[1, 2, 3]"), into: dir.appendingPathComponent("out"))
        let group = results.groups[0]
        let values = group.runs.map { $0.means["NDCG@10"]! }
        let mean = values.reduce(0, +) / 3
        let std = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot()
        let cell = results.cell(group, "NDCG@10")
        #expect(abs(cell.mean - mean) < 1e-12 && abs(cell.std - std) < 1e-12 && abs(cell.standardError - std / 3.0.squareRoot()) < 1e-12)
        #expect(cell.n == 3)
        // The per-run mean is the mean of the per-user values.
        let r = group.runs[0]
        #expect(abs(r.means["NDCG@10"]! - r.perUser["NDCG@10"]!.reduce(0, +) / Double(r.userRows.count)) < 1e-7)

        let runsTable = try ResultTables.runsCSV(results)
        let csv = runsTable.split(separator: "\n")
        #expect(csv.count == 1 + runs.count)
        #expect(csv[0].hasPrefix("run_id,group_id,group,seed,status,"))
        let summary = ResultTables.summaryCSV(results).split(separator: "\n")
        let expectedCells = String(format: "%.6f,%.6f,%.6f", mean, std, std / 3.0.squareRoot())
        #expect(summary[1].contains(expectedCells))

        // Activity groups come back from the run folders: counts per user, a by-activity table.
        #expect(r.inputCounts.count == r.userRows.count && !results.activityGroups.isEmpty)
        try ResultTables.write(results, title: "t", to: dir.appendingPathComponent("out"))
        let byActivity = try String(contentsOf: dir.appendingPathComponent("out/summary_by_activity.csv"), encoding: .utf8)
        #expect(byActivity.split(separator: "\n").count == 1 + results.groups.count * results.activityGroups.count)
        // A per_user.csv written before the counts existed still reads (without groups).
        let store = RunStore(root: dir.appendingPathComponent("out"))
        let perUser = store.folder(r.runID).appendingPathComponent("per_user.csv")
        let old = try String(contentsOf: perUser, encoding: .utf8).split(separator: "\n").map { line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            return ([f[0]] + f.dropFirst(5)).joined(separator: ",")
        }.joined(separator: "\n") + "\n"
        try old.write(to: perUser, atomically: true, encoding: .utf8)
        let reread = try RecordedRun.read(r.runID, store: store)
        #expect(reread.perUser["NDCG@10"] == r.perUser["NDCG@10"] && reread.metricNames == ["NDCG@10", "RecallCapped@5"])
        #expect(reread.inputCounts.isEmpty && reread.activityGroups(.paper, .all) == nil)

        let label = group.label
        let pass = ExpectedValues(entries: [.init(group: label, metric: "NDCG@10", value: mean + 0.001, abs: 0.002, rel: nil)])
        #expect(pass.check(results).allSatisfy { $0.passed })
        let relOnly = ExpectedValues(entries: [.init(group: label, metric: "NDCG@10", value: mean * 1.04, abs: nil, rel: 0.05)])
        #expect(relOnly.check(results).allSatisfy { $0.passed })
        let fail = ExpectedValues(entries: [.init(group: label, metric: "NDCG@10", value: mean + 0.01, abs: 0.002, rel: 0.001)])
        #expect(!fail.check(results)[0].passed)
        let missing = ExpectedValues(entries: [.init(group: "nope", metric: "NDCG@10", value: 0.5, abs: 1, rel: nil)])
        #expect(!missing.check(results)[0].passed && missing.check(results)[0].measured == nil)
    }

    @Test("A β-search run: runs.csv and the recorded run carry searched_beta; its train log is the final phase's")
    func betaSearchRun() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try writeRatingsFixture(in: dir)
        let text = specJSON(dataPath: data, grid: #""betaSearch": [false, true]"#, seeds: "[1]")
        let (report, results, runs) = try run(text, into: dir.appendingPathComponent("out"))
        #expect(report.succeeded && report.completed.count == 2)
        #expect(results.runs[0].searchedBeta == nil)
        let beta = try #require(results.runs[1].searchedBeta)
        #expect(beta > 0 && beta <= 1)
        let csv = try ResultTables.runsCSV(results).split(separator: "\n")
        #expect(csv[0].hasSuffix(",searched_beta") && csv[1].hasSuffix(",") && csv[2].hasSuffix("," + String(format: "%.9g", beta)))
        let folder = RunStore(root: dir.appendingPathComponent("out")).folder(runs[1].runID)
        let log = try String(contentsOf: folder.appendingPathComponent("train_log.csv"), encoding: .utf8).split(separator: "\n")
        let search = try String(contentsOf: folder.appendingPathComponent("search_log.csv"), encoding: .utf8).split(separator: "\n")
        #expect(log.count == 5 && search.count == 5)
    }

    @Test("A claim is exclusive while held and free again once released")
    func claims() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = RunStore(root: dir)
        try FileManager.default.createDirectory(at: store.folder("abc"), withIntermediateDirectories: true)
        let first = try #require(try store.claim("abc"))
        #expect(try store.claim("abc") == nil)
        let holder = try String(contentsOf: store.folder("abc").appendingPathComponent("claim"), encoding: .utf8)
        #expect(holder == "\(ProcessInfo.processInfo.hostName) \(getpid())\n")
        first.release()
        let second = try #require(try store.claim("abc"))
        second.release()
    }
}
