import Foundation
import Testing
import VAELabCLI

@Suite("vaelab run / report / check / collect", .serialized)
struct RunCommandTests {
    func spec(data: String, output: String, epochs: Int = 4, seeds: String = "[1, 2]", checkpointEvery: Int = 10) -> String {
        """
        {
          "name": "cli-test",
          "dataset": { "path": "\(data)", "format": "ml100k", "heldOutUsers": 10 },
          "evaluation": { "metrics": ["NDCG@10", "RecallCapped@5"], "selectionMetric": "NDCG@10" },
          "base": { "hiddenDims": [16], "epochs": \(epochs), "batchSize": 20, "learningRate": 0.01 },
          "grid": { "labelSmoothing": [0, 0.1], "model": ["multvae", "multdae"] },
          "overrides": { "multvae": { "latentDim": 4, "annealSteps": 20 } },
          "seeds": \(seeds),
          "baseline": { "labelSmoothing": 0 },
          "output": "\(output)",
          "checkpointEvery": \(checkpointEvery)
        }
        """
    }

    @Test("run --dry-run lists every expanded run")
    func dryRun() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("s.json")
        try spec(data: "/data/u.data", output: "out").write(to: file, atomically: true, encoding: .utf8)
        let r = runCLI(["run", file.path, "--dry-run"])
        #expect(r.status == 0)
        try expectGolden(r.out, "run-dry-run")
        let shard = runCLI(["run", file.path, "--dry-run", "--shard", "2/3"])
        #expect(shard.out.split(separator: "\n").dropFirst().map { $0.split(separator: " ")[0] } == ["#2", "#5", "#8"])
        #expect(runCLI(["run", file.path, "--shard", "4/3"]).err == "error: option '--shard' expects i/n with 1 ≤ i ≤ n, e.g. 2/8, got '4/3'")
    }

    @Test("run --dry-run on the paper specs works without their data or its variable, and says what to set",
          arguments: ["multvae-ml20m", "multvae-netflix-anchors", "multvae-msd"])
    func paperSpecDryRun(name: String) throws {
        let variable = name.contains("ml20m") ? "VAELAB_ML20M" : name.contains("netflix") ? "VAELAB_NETFLIX" : "VAELAB_MSD"
        try #require(ProcessInfo.processInfo.environment[variable] == nil)
        let spec = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("experiments/\(name).json").path
        let r = runCLI(["run", spec, "--dry-run"])
        #expect(r.status == 0, "\(r.err)")
        let runs = name.hasSuffix("anchors") ? 18 : 3
        #expect(r.out.split(separator: "\n").count == 1 + runs)
        #expect(r.err == "note: ${\(variable)} is not set; set it (e.g. export \(variable)=/path/to/data) before running")
    }

    @Test("run --dry-run lists the PIA ablation and sweep specs' runs",
          arguments: [("pia-epinions", 9), ("pia-gowalla", 9), ("sweeps-ml100k", 36), ("sweeps-epinions", 36)])
    func ablationDryRun(name: String, runs: Int) throws {
        let spec = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("experiments/\(name).json").path
        let r = runCLI(["run", spec, "--dry-run"])
        #expect(r.status == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n")
        #expect(lines.count == 1 + runs && lines[0].hasPrefix("\(name): \(runs) runs in \(runs / 3) groups × 3 seeds"))
    }

    @Test("run, then report, collect and check (pass, then fail after a tolerance is tightened)")
    func runReportCheck() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("u.data")
        try writeFixtureRatings(to: data)
        let out = dir.appendingPathComponent("out").path
        let file = dir.appendingPathComponent("s.json")
        try spec(data: data.path, output: out).write(to: file, atomically: true, encoding: .utf8)
        let r = runCLI(["run", file.path, "--workers", "1", "--blas-threads", "1"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("8 run(s) completed now, 0 already complete"))
        for f in ["runs.csv", "summary.csv", "summary.md"] { #expect(FileManager.default.fileExists(atPath: "\(out)/\(f)")) }
        let report = runCLI(["report", file.path])
        #expect(report.status == 0 && report.out.contains("labelSmoothing  model") && report.out.contains("NDCG@10 by user activity"))
        #expect(report.out.contains("selected by validation NDCG@10: labelSmoothing="), "\(report.out)")
        let summary = try String(contentsOfFile: "\(out)/summary.md", encoding: .utf8)
        #expect(summary.contains("## Selected by validation") && summary.contains("| rank | labelSmoothing | model | n | validation NDCG@10 |"))
        let collect = runCLI(["collect", out])
        #expect(collect.status == 0 && collect.out.contains("8 runs, 8 completed"))

        let expected = dir.appendingPathComponent("expected.json").path
        #expect(runCLI(["check", file.path, "--expected", expected, "--record", "--abs", "0.0001"]).status == 0)
        let pass = runCLI(["check", file.path, "--expected", expected])
        #expect(pass.status == 0 && pass.out.hasSuffix("check: all 8 values within tolerance"), "\(pass.out)")
        // Move one expected value outside its tolerance: check must fail and say which.
        var text = try String(contentsOfFile: expected, encoding: .utf8)
        let value = try #require(text.range(of: #""value" : "#))
        let end = text[value.upperBound...].firstIndex(where: { $0 == "\n" || $0 == "," })!
        text.replaceSubrange(value.upperBound..<end, with: "0.999")
        try text.write(toFile: expected, atomically: true, encoding: .utf8)
        let fail = runCLI(["check", file.path, "--expected", expected])
        #expect(fail.status == 1)
        #expect(fail.out.contains("FAIL") && fail.out.hasSuffix("check: 1 of 8 values out of tolerance or missing"))
    }

    @Test("kill -9 in the middle of a grid loses only the run in flight; the re-run resumes it from its checkpoint and ends with the same numbers")
    func killAndResume() throws {
        let binary = try vaelabExecutable()
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("u.data")
        try writeFixtureRatings(to: data)
        let killed = dir.appendingPathComponent("killed").path, whole = dir.appendingPathComponent("whole").path
        let killedSpec = dir.appendingPathComponent("k.json"), wholeSpec = dir.appendingPathComponent("w.json")
        try spec(data: data.path, output: killed, epochs: 150, seeds: "[1]", checkpointEvery: 5).write(to: killedSpec, atomically: true, encoding: .utf8)
        try spec(data: data.path, output: whole, epochs: 150, seeds: "[1]", checkpointEvery: 5).write(to: wholeSpec, atomically: true, encoding: .utf8)

        func launch(_ specFile: URL) throws -> Process {
            let p = Process()
            p.executableURL = binary
            p.arguments = ["run", specFile.path, "--workers", "1", "--blas-threads", "1"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }
        func states(_ root: String) -> [String: String] {
            let runs = (try? FileManager.default.contentsOfDirectory(atPath: root + "/runs")) ?? []
            var out: [String: String] = [:]
            for id in runs {
                if let d = FileManager.default.contents(atPath: "\(root)/runs/\(id)/status.json"),
                   let o = try? JSONSerialization.jsonObject(with: d) as? [String: Any] { out[id] = o["state"] as? String }
            }
            return out
        }
        // Kill once one run is complete and the next has saved a checkpoint.
        let p = try launch(killedSpec)
        let deadline = Date().addingTimeInterval(120)
        var ready = false
        while Date() < deadline && p.isRunning {
            let s = states(killed)
            let inFlight = s.filter { $0.value == "running" }.keys.first
            if s.values.contains("completed"), let id = inFlight,
               FileManager.default.fileExists(atPath: "\(killed)/runs/\(id)/checkpoint.json") { ready = true; break }
            usleep(2_000)
        }
        try #require(ready, "the grid finished or stalled before it could be killed")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let afterKill = states(killed)
        let completedBefore = afterKill.filter { $0.value == "completed" }.keys
        let interrupted = try #require(afterKill.first { $0.value == "running" }?.key)
        #expect(!completedBefore.isEmpty)
        for id in completedBefore {  // finished runs are intact
            let m = try Data(contentsOf: URL(fileURLWithPath: "\(killed)/runs/\(id)/metrics.json"))
            #expect((try JSONSerialization.jsonObject(with: m) as? [String: Any])?["test"] != nil)
        }

        let resume = runCLI(["run", killedSpec.path, "--workers", "1", "--blas-threads", "1"])
        #expect(resume.status == 0, "\(resume.err)")
        #expect(resume.out.contains("already complete"))
        let status = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(killed)/runs/\(interrupted)/status.json"))) as! [String: Any]
        #expect(status["attempts"] as? Int == 2)
        #expect((status["resumedFromEpoch"] as? Int ?? 0) >= 5)

        let uninterrupted = try launch(wholeSpec)
        uninterrupted.waitUntilExit()
        #expect(uninterrupted.terminationStatus == 0)
        for id in afterKill.keys.sorted() + [interrupted] {
            let a = try String(contentsOfFile: "\(killed)/runs/\(id)/per_user.csv", encoding: .utf8)
            let b = try String(contentsOfFile: "\(whole)/runs/\(id)/per_user.csv", encoding: .utf8)
            #expect(a == b, "run \(id) differs from the uninterrupted run")
        }
    }

    @Test("Two vaelab run processes on one results folder share the grid: every run done exactly once, nothing corrupted")
    func twoProcesses() throws {
        let binary = try vaelabExecutable()
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = dir.appendingPathComponent("u.data")
        try writeFixtureRatings(to: data)
        let out = dir.appendingPathComponent("out").path
        let file = dir.appendingPathComponent("s.json")
        try spec(data: data.path, output: out, epochs: 30, seeds: "[1, 2, 3]").write(to: file, atomically: true, encoding: .utf8)
        let processes = try (0..<2).map { _ -> Process in
            let p = Process()
            p.executableURL = binary
            p.arguments = ["run", file.path, "--workers", "1", "--blas-threads", "1"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }
        for p in processes { p.waitUntilExit() }
        let runs = try FileManager.default.contentsOfDirectory(atPath: out + "/runs")
        #expect(runs.count == 12)
        for id in runs {
            let status = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/runs/\(id)/status.json"))) as! [String: Any]
            #expect(status["state"] as? String == "completed", "\(id)")
            #expect(status["attempts"] as? Int == 1, "run \(id) was run more than once")
        }
        let collect = runCLI(["collect", out])
        #expect(collect.out.contains("12 runs, 12 completed"))
    }
}
