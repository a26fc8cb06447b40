import Foundation
import Testing
import VAELabCLI

/// `vaelab report` on a spec with a `paper` block, over run folders written by hand (the
/// numbers of VAEHarnessTests' PaperComparisonTests): `paper.md` is golden.
@Suite("vaelab report: paper.md")
struct PaperReportCommandTests {
    static func spec(output: String) -> String {
        """
        {
          "name": "paper-test",
          "dataset": { "path": "x", "format": "ml100k", "heldOutUsers": 10 },
          "evaluation": { "metrics": ["NDCG@10", "RecallCapped@5"], "selectionMetric": "NDCG@10" },
          "base": { "hiddenDims": [16], "latentDim": 4 },
          "grid": { "labelSmoothing": [0, 0.1, 0.2] },
          "seeds": [1, 2, 3],
          "baseline": { "labelSmoothing": 0 },
          "output": "\(output)",
          "paper": {
            "source": "Someone et al. 2025, Table 1",
            "cells": [
              { "where": { "labelSmoothing": 0 },   "values": { "NDCG@10": 0.25, "RecallCapped@5": 0.5 } },
              { "where": { "labelSmoothing": 0.1 }, "values": { "NDCG@10": 0.33, "RecallCapped@5": 0.55 } },
              { "where": { "labelSmoothing": 0.2 }, "values": { "NDCG@10": 0.35 } }
            ]
          }
        }
        """
    }

    /// Per (α, seed): per-user NDCG@10 and RecallCapped@5 of four users.
    static let recorded: [String: ([Double], [Double])] = [
        "0 1": ([0.1, 0.2, 0.3, 0.4], [0.5, 0.5, 0.5, 0.5]),
        "0 2": ([0.2, 0.2, 0.3, 0.3], [0.5, 0.5, 0.5, 0.5]),
        "0 3": ([0.3, 0.3, 0.3, 0.3], [0.5, 0.5, 0.5, 0.5]),
        "0.1 1": ([0.2, 0.3, 0.3, 0.5], [0.4, 0.5, 0.5, 0.5]),
        "0.1 2": ([0.2, 0.4, 0.4, 0.4], [0.5, 0.4, 0.4, 0.5]),
    ]

    /// Writes a completed run folder: config, status, metrics.json and per_user.csv.
    static func writeRun(_ id: String, labelSmoothing: String, seed: Int, values: ([Double], [Double]), in runs: URL) throws {
        let folder = runs.appendingPathComponent(id)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = #"{ "model": "multvae", "protocol": "strongGeneralization", "dataPath": "x", "dataFormat": "ml100k", "heldOutUsers": 10, "#
            + #""metrics": ["NDCG@10", "RecallCapped@5"], "selectionMetric": "NDCG@10", "hiddenDims": [16], "latentDim": 4, "#
            + #""labelSmoothing": \#(labelSmoothing), "seed": \#(seed) }"#
        try config.write(to: folder.appendingPathComponent("config.json"), atomically: true, encoding: .utf8)
        try #"{ "state": "completed", "runID": "\#(id)", "created": "2025-01-01T00:00:00Z", "version": "t", "attempts": 1 }"#
            .write(to: folder.appendingPathComponent("status.json"), atomically: true, encoding: .utf8)
        let (ndcg, recall) = values
        let means = #"{ "test": { "NDCG@10": { "mean": \#(ndcg.reduce(0, +) / 4) }, "RecallCapped@5": { "mean": \#(recall.reduce(0, +) / 4) } }, "epochs": 4, "selectedEpoch": 4 }"#
        try means.write(to: folder.appendingPathComponent("metrics.json"), atomically: true, encoding: .utf8)
        let rows = ["user_row,NDCG@10,RecallCapped@5"] + (0..<4).map { "\($0),\(ndcg[$0]),\(recall[$0])" }
        try (rows.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("per_user.csv"), atomically: true, encoding: .utf8)
    }

    @Test("report writes paper.md, paper.csv and paper_gains.csv and prints the summary line")
    func report() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        let file = dir.appendingPathComponent("s.json")
        try Self.spec(output: out.path).write(to: file, atomically: true, encoding: .utf8)
        let dry = runCLI(["run", file.path, "--dry-run"])
        #expect(dry.status == 0, "\(dry.err)")
        // "#4 labelSmoothing=0.1 seed=1  [id]" → the run folders to write.
        for line in dry.out.split(separator: "\n").dropFirst() {
            let words = line.split(separator: " ")
            let alpha = String(words[1].dropFirst("labelSmoothing=".count)), seed = Int(words[2].dropFirst("seed=".count))!
            guard let values = Self.recorded["\(alpha) \(seed)"] else { continue }
            try Self.writeRun(String(words[3].dropFirst().dropLast()), labelSmoothing: alpha, seed: seed, values: values,
                              in: out.appendingPathComponent("runs"))
        }
        let r = runCLI(["report", file.path])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("paper: 2 of 5 cells within 5% of the paper (1 without a completed run, 2 partial); 1 of 3 gains reproduced"))
        let md = try String(contentsOf: out.appendingPathComponent("paper.md"), encoding: .utf8)
        try expectGolden(String(md.dropLast()).replacingOccurrences(of: dir.path, with: "<tmp>"), "report-paper-md")
        for name in ["paper.csv", "paper_gains.csv"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path))
        }
        // With --output elsewhere, the regenerating command says so.
        let elsewhere = dir.appendingPathComponent("copy")
        try FileManager.default.copyItem(at: out, to: elsewhere)
        #expect(runCLI(["report", file.path, "--output", elsewhere.path]).status == 0)
        let moved = try String(contentsOf: elsewhere.appendingPathComponent("paper.md"), encoding: .utf8)
        #expect(moved.contains("`vaelab report \(file.path) --output \(elsewhere.path)`"))
    }
}
