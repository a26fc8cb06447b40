import Foundation
import Testing
@testable import VAEHarness

/// The grid read as a hyperparameter search (`ValidationSelection`), on hand-made runs whose
/// validation and test metrics disagree, so that choosing by test would pick another group.
@Suite("Selection by validation")
struct ValidationSelectionTests {
    static func run(betaCap: Double, seed: Int, validation: Double?, test: Double, completed: Bool = true) -> RecordedRun {
        var c = TrainingConfiguration()
        c.betaCap = betaCap
        c.seed = seed
        c.selectionMetric = "NDCG@100"
        var r = RecordedRun(runID: "\(betaCap)-\(seed)", configuration: c,
                            status: RunStatus(state: completed ? .completed : .running, runID: "x", version: "t"))
        r.metricNames = ["NDCG@100", "Recall@20"]
        r.means = ["NDCG@100": test, "Recall@20": test / 2]
        if let validation { r.validation = ["NDCG@100": validation, "Recall@20": 1 - validation] }
        return r
    }

    /// β 0.1: validation 0.50, 0.52 (mean 0.51), test 0.40, 0.40. β 0.2: validation 0.55 and a
    /// running seed at 0.99 (left out), test 0.30. β 0.5: validation 0.45, test 0.60 (the best
    /// on test). β 1: no validation values.
    static func results() throws -> ExperimentResults {
        try ExperimentResults(runs: [
            run(betaCap: 0.1, seed: 1, validation: 0.50, test: 0.40),
            run(betaCap: 0.1, seed: 2, validation: 0.52, test: 0.40),
            run(betaCap: 0.2, seed: 1, validation: 0.55, test: 0.30),
            run(betaCap: 0.2, seed: 2, validation: 0.99, test: 0.99, completed: false),
            run(betaCap: 0.5, seed: 1, validation: 0.45, test: 0.60),
            run(betaCap: 1, seed: 1, validation: nil, test: 0.70),
        ], labelKeys: ["betaCap"])
    }

    @Test("Ranks groups by mean validation over completed seeds; test metrics play no part")
    func ranking() throws {
        let r = try Self.results()
        let s = try #require(ValidationSelection(r))
        #expect(s.metric == "NDCG@100")
        #expect(s.ranked.map { $0.group.label } == ["betaCap=0.2", "betaCap=0.1", "betaCap=0.5"])
        #expect(s.selected.validation.n == 1 && abs(s.selected.validation.mean - 0.55) < 1e-12)
        #expect(abs(s.ranked[1].validation.mean - 0.51) < 1e-12 && s.ranked[1].validation.n == 2)
        // Another metric, named: Recall@20's validation values are 1 − NDCG's, so the order turns.
        let other = try #require(ValidationSelection(r, metric: "Recall@20"))
        #expect(other.ranked.map { $0.group.label } == ["betaCap=0.5", "betaCap=0.1", "betaCap=0.2"])
    }

    @Test("Ties go to the first group in the grid's order; fewer than two scored groups select nothing")
    func tiesAndNothingToChoose() throws {
        let tied = try ExperimentResults(runs: [
            Self.run(betaCap: 0.1, seed: 1, validation: 0.5, test: 0.1),
            Self.run(betaCap: 0.2, seed: 1, validation: 0.5, test: 0.2),
        ], labelKeys: ["betaCap"])
        #expect(ValidationSelection(tied)?.selected.group.label == "betaCap=0.1")

        let one = try ExperimentResults(runs: [
            Self.run(betaCap: 0.1, seed: 1, validation: 0.5, test: 0.1),
            Self.run(betaCap: 0.2, seed: 1, validation: nil, test: 0.2),
        ], labelKeys: ["betaCap"])
        #expect(ValidationSelection(one) == nil)
        #expect(ResultTables.selectionText(one) == nil)
        #expect(!ResultTables.summaryMarkdown(one, title: "t").contains("Selected by validation"))
        #expect(!ResultTables.summaryCSV(one).contains("validation_"))
    }

    @Test("Tables: summary.csv columns, the ranked Markdown section and the one-line choice")
    func tables() throws {
        let r = try Self.results()
        let csv = ResultTables.summaryCSV(r).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(csv[0].hasSuffix(",Recall@20_mean,Recall@20_std,Recall@20_se,validation_NDCG@100_mean,validation_NDCG@100_std,selected"))
        #expect(csv[1].hasSuffix(",0.510000,0.014142,"), "\(csv[1])")  // β 0.1, not selected
        #expect(csv[2].hasSuffix(",0.550000,,yes"), "\(csv[2])")       // β 0.2: one seed, no std
        #expect(csv[4].hasSuffix(",,,"), "\(csv[4])")                  // β 1: not scored

        let md = ResultTables.summaryMarkdown(r, title: "t")
        #expect(md.contains("| rank | betaCap | n | validation NDCG@100 | test NDCG@100 | test Recall@20 |"), "\(md)")
        #expect(md.contains("| 1 | 0.2 | 1 | 0.5500 | 0.3000 | 0.1500 |"))
        #expect(md.contains("| 2 | 0.1 | 2 | 0.5100 ± 0.0141 | 0.4000 ± 0.0000 | 0.2000 ± 0.0000 |"))
        #expect(!md.contains("| 4 |"))

        #expect(ResultTables.selectionText(r)
                == "selected by validation NDCG@100: betaCap=0.2 (0.5500 over 1 seed, best of 3 groups); test NDCG@100 0.3000, Recall@20 0.1500")
    }
}
