import Foundation
import Testing
import VAEEvaluation
@testable import VAEHarness

@Suite("Run outputs and seed summaries")
struct OutputTests {
    @Test("A run writes its five files; per-user rows match the evaluated users")
    func runFiles() throws {
        var c = smallConfiguration()
        c.epochs = 2
        let data = foldInData(blockData(), heldOut: 20)
        let outcome = try TrainingRun.execute(c, data: data, log: { _ in })
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vaelab-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try RunOutputs.write(configuration: c, outcome: outcome, to: dir)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["config.json", "metrics.csv", "metrics.json", "per_user.csv", "train_log.csv"])
        let perUser = try String(contentsOf: dir.appendingPathComponent("per_user.csv"), encoding: .utf8).split(separator: "\n")
        #expect(perUser.first == "user_row,input_items,target_items,history_length,activity_group,NDCG@10,RecallCapped@5")
        #expect(perUser.count == 1 + outcome.test.evaluatedCount)
        // Each user's counts are its fold-in and held-out rows; the group follows the length.
        for line in perUser.dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            let row = Int(f[0])!
            #expect(Int(f[1])! == data.test.input.rowCount(row) && Int(f[2])! == data.test.targets.rowCount(row))
            #expect(Int(f[3])! == Int(f[1])! + Int(f[2])! && f[4] == ActivityBins.paper.label(of: Int(f[3])!))
        }
        let metricsObject = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("metrics.json"))) as! [String: Any]
        let byActivity = metricsObject["testByActivity"] as! [String: [String: Any]]
        #expect(byActivity.values.map { $0["users"] as! Int }.reduce(0, +) == outcome.test.evaluatedCount)
        let log = try String(contentsOf: dir.appendingPathComponent("train_log.csv"), encoding: .utf8).split(separator: "\n")
        #expect(log.count == 3 && log[0] == Substring(EpochRecord.csvHeader(validationMetrics: ["NDCG@10", "RecallCapped@5"])))
        #expect(log[0].hasSuffix(",grad_norm,anchor,anchor_weight,val_NDCG@10,val_RecallCapped@5"))
        let first = log[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(Double(first[14])! > 0 && first[15].isEmpty && Double(first[17])! == Double(first[7])!)
        let back = try TrainingConfiguration.decodeRecorded(try Data(contentsOf: dir.appendingPathComponent("config.json")))
        #expect(back == c)
        // The mean in metrics.csv is the mean of the per-user column.
        let ndcg = perUser.dropFirst().map { Double($0.split(separator: ",")[5])! }
        let metrics = try String(contentsOf: dir.appendingPathComponent("metrics.csv"), encoding: .utf8).split(separator: "\n")
        let reported = Double(metrics[1].split(separator: ",")[1])!
        #expect(abs(reported - ndcg.reduce(0, +) / Double(ndcg.count)) < 1e-7)
    }

    @Test("Seed summary: mean and sample standard deviation (ddof 1) by hand")
    func seedSummary() {
        let row = SeedSummary.row("NDCG@100", [0.40, 0.42, 0.47])
        #expect(abs(row.mean - 0.43) < 1e-12)
        // deviations −0.03, −0.01, 0.04: squares sum 0.0026, / 2 = 0.0013.
        #expect(abs(row.std - 0.0013.squareRoot()) < 1e-12)
        #expect(row.n == 3)
        #expect(SeedSummary.row("x", [0.5]).std == 0)
    }
}
