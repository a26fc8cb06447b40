import Foundation
import Testing
import VAEEvaluation
@testable import VAEHarness

/// Activity groups in the tables and the significance tests, on hand-made runs.
///
/// Six test users (rows 0–5) with (fold-in, held-out) counts (4,1), (8,2), (9,2), (40,10),
/// (81,20), (3,1): history lengths 5, 10, 11, 50, 101, 4, i.e. groups 5-10, 5-10, 11-50,
/// 11-50, >100, <5 with the paper's bins (51-100 is empty).
@Suite("Activity groups: tables and significance")
struct ActivityTablesTests {
    static let inputs = [4, 8, 9, 40, 81, 3], targets = [1, 2, 2, 10, 20, 1]

    static func run(labelSmoothing: Double, seed: Int, ndcg: [Double]) -> RecordedRun {
        var c = TrainingConfiguration()
        c.labelSmoothing = labelSmoothing
        c.seed = seed
        var r = RecordedRun(runID: "\(labelSmoothing)-\(seed)", configuration: c,
                            status: RunStatus(state: .completed, runID: "x", version: "t"))
        r.metricNames = ["NDCG@10"]
        r.userRows = Array(0..<6)
        r.perUser = ["NDCG@10": ndcg]
        r.means = ["NDCG@10": ndcg.reduce(0, +) / 6]
        r.inputCounts = inputs
        r.targetCounts = targets
        return r
    }

    /// Baseline (α = 0) and α = 0.1, seeds 1 and 2. In 5-10 the α = 0.1 runs beat the
    /// baseline by 0.1, 0.2 (seed 1) and 0.3, 0.2 (seed 2); in 11-50 by 0, 0 and 0.1, 0.
    static func results() throws -> ExperimentResults {
        try ExperimentResults(runs: [
            run(labelSmoothing: 0, seed: 1, ndcg: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]),
            run(labelSmoothing: 0, seed: 2, ndcg: [0.2, 0.3, 0.4, 0.5, 0.6, 0.7]),
            run(labelSmoothing: 0.1, seed: 1, ndcg: [0.2, 0.4, 0.3, 0.4, 0.5, 0.6]),
            run(labelSmoothing: 0.1, seed: 2, ndcg: [0.5, 0.5, 0.5, 0.5, 0.6, 0.7]),
        ], labelKeys: ["labelSmoothing"])
    }

    @Test("Groups present, per-group cells over seeds and users, by hand")
    func cells() throws {
        let r = try Self.results()
        #expect(r.activityGroups == [0, 1, 2, 4])  // <5, 5-10, 11-50, >100
        let treated = r.groups[1]
        // 5-10: per-seed means (0.2+0.4)/2 = 0.3 and (0.5+0.5)/2 = 0.5 → mean 0.4, std √0.02, se 0.1.
        let (cell, users) = r.activityCell(treated, "NDCG@10", activity: 1)
        #expect(users == 2 && cell.n == 2)
        #expect(abs(cell.mean - 0.4) < 1e-12 && abs(cell.std - 0.02.squareRoot()) < 1e-12 && abs(cell.standardError - 0.1) < 1e-12)
        // >100 holds user 4 alone.
        #expect(abs(r.activityCell(r.groups[0], "NDCG@10", activity: 4).cell.mean - 0.55) < 1e-12)

        let csv = ResultTables.summaryByActivityCSV(r).split(separator: "\n")
        #expect(csv[0] == "group_id,group,labelSmoothing,activity,users,n,NDCG@10_mean,NDCG@10_std,NDCG@10_se")
        #expect(csv.count == 1 + 2 * 4)
        #expect(csv[6].hasSuffix(",labelSmoothing=0.1,0.1,5-10,2,2,0.400000,0.141421,0.100000"), "\(csv[6])")

        let md = ResultTables.summaryMarkdown(r, title: "t")
        #expect(md.contains("## By user activity"))
        #expect(md.contains("| labelSmoothing | <5 (1 user) | 5-10 (2 users) | 11-50 (2 users) | >100 (1 user) |"))
        #expect(md.contains("| 0.1 | 0.6500 ± 0.0707 | 0.4000 ± 0.1414 | 0.4250 ± 0.1061 | 0.5500 ± 0.0707 |"), "\(md)")
        #expect(ResultTables.activityText(r).hasPrefix("NDCG@10 by user activity (history length = fold-in + held-out positives"))
    }

    @Test("Significance per activity group: paired over users × seeds and over per-seed group means, by hand")
    func significance() throws {
        let rows = SignificanceTable.rows(try Self.results(), baseline: ["labelSmoothing": "0"])
        #expect(rows.map(\.activity) == ["all", "<5", "5-10", "11-50", ">100"])
        let low = rows[2]
        #expect(low.users == 4 && low.seeds == 2)
        // Differences 0.1, 0.2, 0.3, 0.2: mean 0.2, sample variance 0.02/3 → t = 0.2 / √(0.02/3/4) = √24.
        #expect(abs(low.tUsers!.statistic - 24.0.squareRoot()) < 1e-9)
        // Per-seed differences of group means 0.15 and 0.25: mean 0.2, sd √0.005, t = 0.2 / (√0.005/√2) = 4.
        #expect(abs(low.delta - 0.2) < 1e-12 && abs(low.tSeeds!.statistic - 4) < 1e-9)
        let wilcoxon = try WilcoxonSignedRank.twoSided([0.2, 0.4, 0.5, 0.5], [0.1, 0.2, 0.2, 0.3])
        #expect(low.wilcoxonUsers == wilcoxon)
        // 11-50: differences 0, 0, 0.1, 0 → the same tests as on those pairs.
        let mid = rows[3]
        #expect(mid.users == 4 && mid.tUsers == (try? PairedTTest.twoSided([0.3, 0.4, 0.5, 0.5], [0.3, 0.4, 0.4, 0.5])))
        // Overall: every user, the runs' means per seed.
        #expect(rows[0].users == 12 && abs(rows[0].delta - (0.3 / 6 + 0.6 / 6) / 2) < 1e-12)
        let text = SignificanceTable.csv(rows).split(separator: "\n")
        #expect(text[0].hasPrefix("group,baseline,metric,activity,seeds,delta,user_pairs,"))
        #expect(text[3].hasPrefix("labelSmoothing=0.1,labelSmoothing=0,NDCG@10,5-10,2,0.200000,4,4.89898,"))
    }

    @Test("Counting fold-in only regroups the same users; runs without counts have no groups")
    func definitionAndOldRuns() throws {
        var r = try Self.results()
        r.historyLength = .input
        // Fold-in 4, 8, 9, 40, 81, 3 → <5, 5-10, 5-10, 11-50, 51-100, <5.
        #expect(r.activityGroups == [0, 1, 2, 3])
        #expect(r.members(r.runs[0], activity: 0) == [0, 5])
        var old = r.runs[0]
        old.inputCounts = []
        old.targetCounts = []
        #expect(r.members(old, activity: 1) == nil)
        let none = try ExperimentResults(runs: [old], labelKeys: [])
        #expect(none.activityGroups.isEmpty && ResultTables.activityText(none).isEmpty)
        #expect(!ResultTables.summaryMarkdown(none, title: "t").contains("activity"))
    }

    @Test("Spec: activityBins and activityCount are evaluation settings; bad bins name their JSON path")
    func specKeys() throws {
        let text = specJSON(dataPath: "x", extra: "").replacingOccurrences(
            of: #""selectionMetric": "NDCG@10" }"#, with: #""selectionMetric": "NDCG@10", "activityBins": [3, 20], "activityCount": "input" }"#)
        let runs = try GridExpansion.expand(try ExperimentSpec.parse(Data(text.utf8), file: "s.json"))
        #expect(runs[0].configuration.activityBins == [3, 20] && runs[0].configuration.activityCount == .input)
        // They change no number, so not the run's identity.
        var plain = runs[0].configuration
        plain.activityBins = ActivityBins.paper.lowerBounds
        plain.activityCount = .all
        #expect(try RunIdentity.runID(plain) == runs[0].runID)
        func message(_ bins: String) -> String {
            let bad = text.replacingOccurrences(of: "[3, 20]", with: bins)
            do { _ = try GridExpansion.expand(try ExperimentSpec.parse(Data(bad.utf8), file: "s.json")); return "no error" } catch { return "\(error)" }
        }
        #expect(message("[5, 11, 11]") == "s.json: $.evaluation.activityBins[2]: found 11, expected a lower bound above 11 (bounds ascend; each group runs to the next bound − 1)")
        #expect(message("[]") == "s.json: $.evaluation.activityBins: found an array, expected a non-empty array of ascending lower bounds, e.g. [5, 11, 51, 101]")
        #expect(message("[0, 5]") == "s.json: $.evaluation.activityBins[0]: found 0, expected an integer in 1...2147483647")
        let fold = text.replacingOccurrences(of: #""input""#, with: #""fold""#)
        #expect(message("[5, 11]") == "no error")
        #expect(Self.message(fold).hasPrefix(#"s.json: $.evaluation.activityCount: found "fold", expected one of all, input"#))
    }

    static func message(_ text: String) -> String {
        do { _ = try GridExpansion.expand(try ExperimentSpec.parse(Data(text.utf8), file: "s.json")); return "no error" } catch { return "\(error)" }
    }
}
