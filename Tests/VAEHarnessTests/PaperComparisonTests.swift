import Foundation
import Testing
import VAEEvaluation
@testable import VAEHarness

/// The `paper` block and `paper.md`, on hand-made runs.
///
/// Grid labelSmoothing ∈ {0, 0.1, 0.2}, seeds 1–3, four test users. Recorded:
/// - α = 0, seeds 1–3: NDCG@10 [.1 .2 .3 .4], [.2 .2 .3 .3], [.3 .3 .3 .3] (means .25, .25, .3);
///   RecallCapped@5 0.5 for everyone;
/// - α = 0.1, seeds 1–2 only (partial): NDCG@10 [.2 .3 .3 .5], [.2 .4 .4 .4] (means .325, .35);
///   RecallCapped@5 [.4 .5 .5 .5], [.5 .4 .4 .5] (means .475, .45);
/// - α = 0.2: nothing completed.
/// Paper: α = 0 N .25, R .5; α = 0.1 N .33, R .55; α = 0.2 N .35 (no R).
@Suite("Paper comparison: the paper block, cells, gains and paper.md")
struct PaperComparisonTests {
    static let paperBlock = """
        "paper": {
          "source": "Someone et al. 2025, Table 1",
          "cells": [
            { "where": { "labelSmoothing": 0 },   "values": { "NDCG@10": 0.25, "RecallCapped@5": 0.5 } },
            { "where": { "labelSmoothing": 0.1 }, "values": { "RecallCapped@5": 0.55, "NDCG@10": 0.33 } },
            { "where": { "labelSmoothing": 0.2 }, "values": { "NDCG@10": 0.35 } }
          ]
        }
        """

    static func specText(grid: String = #""labelSmoothing": [0, 0.1, 0.2]"#, zip: String = "", paper: String = paperBlock) -> String {
        """
        {
          "name": "p",
          "dataset": { "path": "x", "format": "ml100k", "heldOutUsers": 10 },
          "evaluation": { "metrics": ["NDCG@10", "RecallCapped@5"], "selectionMetric": "NDCG@10" },
          "base": { "hiddenDims": [16], "latentDim": 4 },
          "grid": { \(grid) },\(zip)
          "seeds": [1, 2, 3],
          "baseline": { "labelSmoothing": 0 }\(paper.isEmpty ? "" : ",\n" + paper)
        }
        """
    }

    static func spec() throws -> ExperimentSpec { try ExperimentSpec.parse(Data(specText().utf8), file: "s.json") }

    static let recorded: [String: (ndcg: [Double], recall: [Double])] = [
        "0 1": ([0.1, 0.2, 0.3, 0.4], [0.5, 0.5, 0.5, 0.5]),
        "0 2": ([0.2, 0.2, 0.3, 0.3], [0.5, 0.5, 0.5, 0.5]),
        "0 3": ([0.3, 0.3, 0.3, 0.3], [0.5, 0.5, 0.5, 0.5]),
        "0.1 1": ([0.2, 0.3, 0.3, 0.5], [0.4, 0.5, 0.5, 0.5]),
        "0.1 2": ([0.2, 0.4, 0.4, 0.4], [0.5, 0.4, 0.4, 0.5]),
    ]

    static func results(_ spec: ExperimentSpec) throws -> ExperimentResults {
        let runs = try GridExpansion.expand(spec).map { planned -> RecordedRun in
            let key = "\(planned.knobs[0].value) \(planned.seed)"
            guard let values = recorded[key] else { return RecordedRun(runID: planned.runID, configuration: planned.configuration, status: nil) }
            var r = RecordedRun(runID: planned.runID, configuration: planned.configuration,
                                status: RunStatus(state: .completed, runID: planned.runID, version: "t"))
            r.metricNames = ["NDCG@10", "RecallCapped@5"]
            r.userRows = [0, 1, 2, 3]
            r.perUser = ["NDCG@10": values.ndcg, "RecallCapped@5": values.recall]
            r.means = ["NDCG@10": Statistics.mean(values.ndcg), "RecallCapped@5": Statistics.mean(values.recall)]
            return r
        }
        return try ExperimentResults(runs: runs, labelKeys: spec.axes.flatMap(\.keys))
    }

    static func comparison() throws -> PaperComparison {
        let spec = try spec()
        return try #require(PaperReport.comparison(try results(spec), spec: spec))
    }

    @Test("Parsing: defaults, the group each cell selects, metrics in the spec's order")
    func parse() throws {
        let paper = try #require(try Self.spec().paper)
        #expect(paper.source == "Someone et al. 2025, Table 1" && paper.tolerance == 0.05 && paper.alpha == 0.05 && paper.test == .t)
        #expect(paper.cells.map(\.label) == ["labelSmoothing=0", "labelSmoothing=0.1", "labelSmoothing=0.2"])
        #expect(paper.cells[1].values.map(\.metric) == ["NDCG@10", "RecallCapped@5"])
        #expect(paper.cells[1].value("RecallCapped@5") == 0.55 && paper.cells[2].value("RecallCapped@5") == nil)
    }

    @Test("The paper block changes no run's identity")
    func identities() throws {
        let with = try GridExpansion.expand(try Self.spec()).map(\.runID)
        let without = try GridExpansion.expand(try ExperimentSpec.parse(Data(Self.specText(paper: "").utf8))).map(\.runID)
        #expect(with == without && with.count == 9)
    }

    @Test("The committed Kindle spec keeps its run ids with its paper block")
    func kindleIdentities() throws {
        let url = CommittedSpecsTests.folder.appendingPathComponent("ls-table2-kindle.json")
        let spec = try ExperimentSpec.load(url.path)
        #expect(spec.paper?.cells.count == 6)
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        object["paper"] = nil
        let bare = try ExperimentSpec.parse(try JSONSerialization.data(withJSONObject: object))
        let ids = try GridExpansion.expand(spec, keepUnsetVariables: true).map(\.runID)
        #expect(ids == (try GridExpansion.expand(bare, keepUnsetVariables: true).map(\.runID)))
        #expect(ids.prefix(2) == ["40f99d677595", "681dd90750a7"] && ids[3] == "ff17d0af8978")
    }

    @Test("Cells: mean ± std over completed seeds, relative difference, tolerance, partial and missing groups, by hand")
    func cells() throws {
        let c = try Self.comparison()
        #expect(c.cells.map { "\($0.cell.label) \($0.metric)" } == ["labelSmoothing=0 NDCG@10", "labelSmoothing=0 RecallCapped@5",
                                                                    "labelSmoothing=0.1 NDCG@10", "labelSmoothing=0.1 RecallCapped@5",
                                                                    "labelSmoothing=0.2 NDCG@10"])
        // α = 0, NDCG: means .25, .25, .3 → 0.2666…, std √(0.0016667/2) = 0.0288675; 0.26667 / 0.25 − 1 = +6.67 %: outside 5 %.
        let n0 = c.cells[0]
        #expect(abs(n0.ours.mean - 0.8 / 3) < 1e-12 && abs(n0.ours.std - 0.0288675) < 1e-6 && n0.ours.n == 3 && !n0.partial)
        #expect(abs(n0.relativeDifference - (0.8 / 3 / 0.25 - 1)) < 1e-12 && n0.withinTolerance == false)
        // α = 0, Recall: 0.5 exactly → Δ 0, within.
        #expect(c.cells[1].relativeDifference == 0 && c.cells[1].withinTolerance == true)
        // α = 0.1, NDCG over 2 of 3 seeds: .3375 ± √0.0003125; 0.3375 / 0.33 − 1 = +2.27 %, within, partial.
        let n1 = c.cells[2]
        #expect(abs(n1.ours.mean - 0.3375) < 1e-12 && abs(n1.ours.std - 0.0003125.squareRoot()) < 1e-12)
        #expect(n1.ours.n == 2 && n1.partial && abs(n1.relativeDifference - (0.3375 / 0.33 - 1)) < 1e-12 && n1.withinTolerance == true)
        // α = 0.1, Recall .4625 / .55 − 1 = −15.9 %.
        #expect(abs(c.cells[3].relativeDifference - (0.4625 / 0.55 - 1)) < 1e-12 && c.cells[3].withinTolerance == false)
        // α = 0.2: no completed run.
        #expect(c.cells[4].ours.n == 0 && c.cells[4].relativeDifference.isNaN && c.cells[4].withinTolerance == nil && !c.cells[4].partial)
        #expect(c.cellsWithin == 2 && c.cellsPartial == 2 && c.cellsMissing == 1)
    }

    @Test("Gains: paper and ours, signs, paired tests over users × seeds as significance.csv, by hand")
    func gains() throws {
        let c = try Self.comparison()
        #expect(c.gains.map { "\($0.cell.label) \($0.metric)" } == ["labelSmoothing=0.1 NDCG@10", "labelSmoothing=0.1 RecallCapped@5",
                                                                    "labelSmoothing=0.2 NDCG@10"])
        #expect(c.gains.allSatisfy { $0.baseline.label == "labelSmoothing=0" })
        // NDCG: paper .33 − .25 = +.08 (+32 %); ours over seeds 1, 2: (.075 + .1) / 2 = .0875 on a baseline of .25 (+35 %).
        let n = c.gains[0]
        #expect(abs(n.paperGain - 0.08) < 1e-12 && abs(n.paperRelativeGain - 0.32) < 1e-12)
        #expect(abs(n.ourGain - 0.0875) < 1e-12 && abs(n.ourRelativeGain - 0.35) < 1e-12 && n.sameSign == true)
        #expect(n.commonSeeds == 2 && n.partial && n.userPairs == 8)
        // User differences .1 .1 0 .1 | 0 .2 .1 .1: mean .0875, sample variance .02875 / 7 → t = .0875 / √(.02875/7/8) = 3.8618.
        let t = try #require(n.tUsers)
        #expect(abs(t.statistic - 0.0875 / (0.02875 / 7 / 8).squareRoot()) < 1e-9)
        #expect(t.pValue > 0.005 && t.pValue < 0.01)  // t(7): 3.499 < t < 4.029
        #expect(t == (try PairedTTest.twoSided([0.2, 0.3, 0.3, 0.5, 0.2, 0.4, 0.4, 0.4], [0.1, 0.2, 0.3, 0.4, 0.2, 0.2, 0.3, 0.3])))
        // Per-seed differences .075, .1: t = .0875 / (.0176777 / √2) = 7.
        #expect(abs(n.tSeeds!.statistic - 7) < 1e-9)
        #expect(n.pValue == t.pValue && n.reproduced == true)
        // The same numbers as significance.csv's overall row.
        let s = SignificanceTable.rows(try Self.results(try Self.spec()), baseline: ["labelSmoothing": "0"])
            .first { $0.group == "labelSmoothing=0.1" && $0.metric == "NDCG@10" && $0.activity == "all" }!
        #expect(s.delta == n.ourGain && s.tUsers == n.tUsers && s.wilcoxonUsers == n.wilcoxonUsers && s.tSeeds == n.tSeeds)
        // Recall: the paper gains +.05, ours loses (.475 − .5 + .45 − .5) / 2 = −.0375: not reproduced.
        let r = c.gains[1]
        #expect(abs(r.paperGain - 0.05) < 1e-12 && abs(r.ourGain + 0.0375) < 1e-12 && r.sameSign == false && r.reproduced == false)
        // α = 0.2: no run, nothing to say.
        let m = c.gains[2]
        #expect(abs(m.paperGain - 0.1) < 1e-12 && m.commonSeeds == 0 && m.ourGain.isNaN && m.sameSign == nil && m.reproduced == nil)
        #expect(m.tUsers == nil && m.userPairs == 0)
        #expect(c.gainsReproduced == 1 && c.gainsPartial == 2 && c.gainsMissing == 1)
        #expect(c.summaryLine == "2 of 5 cells within 5% of the paper (1 without a completed run, 2 partial); "
                + "1 of 3 gains reproduced in sign with p < 0.05 (1 without a seed both groups completed, 2 partial); target not met.")
    }

    @Test("The test criterion: Wilcoxon alone, or both tests below alpha")
    func criterion() throws {
        for (test, alpha) in [("wilcoxon", 0.05), ("both", 0.001)] {
            let text = Self.specText().replacingOccurrences(of: #""source": "Someone et al. 2025, Table 1","#,
                                                            with: #""source": "S", "test": "\#(test)", "alpha": \#(alpha),"#)
            let spec = try ExperimentSpec.parse(Data(text.utf8))
            let c = try #require(PaperReport.comparison(try Self.results(spec), spec: spec))
            let g = c.gains[0]
            if test == "wilcoxon" {
                #expect(g.pValue == g.wilcoxonUsers?.pValue)
            } else {
                #expect(g.pValue == max(g.tUsers!.pValue, g.wilcoxonUsers!.pValue) && g.reproduced == false)
            }
        }
    }

    @Test("Verdict: met only when every cell is within tolerance and every gain reproduced on complete groups")
    func verdict() throws {
        var c = try Self.comparison()
        #expect(c.verdict == "not met")
        // Only partial or missing groups miss: still open.
        c.cells.removeAll { $0.withinTolerance == false && !$0.partial }
        #expect(c.verdict == "open (runs incomplete)")
        c.cells = c.cells.filter { $0.withinTolerance == true && !$0.partial }
        c.gains = []
        #expect(c.verdict == "met" && c.targetMet)
    }

    static func message(_ text: String) -> String {
        do { _ = try ExperimentSpec.parse(Data(text.utf8), file: "s.json"); return "no error" } catch { return "\(error)" }
    }

    static func paper(_ cells: String, extra: String = "") -> String {
        #""paper": { "source": "S", "cells": [\#(cells)]\#(extra) }"#
    }

    @Test("Errors name the JSON path: where matching no group or several, unknown knobs and values, metrics, duplicates")
    func errors() throws {
        let two = #""labelSmoothing": [0, 0.1], "betaCap": [0.2, 1]"#
        let zip = #"\#n  "zip": [ { "epochs": [4, 8], "annealSteps": [10, 20] } ],"#
        func cell(_ selection: String, _ values: String = #"{ "NDCG@10": 0.3 }"#) -> String { #"{ "where": \#(selection), "values": \#(values) }"# }
        #expect(Self.message(Self.specText(grid: two, paper: Self.paper(cell(#"{ "labelSmoothing": 0 }"#))))
                == "s.json: $.paper.cells[0].where: found labelSmoothing=0, expected knob values that select one group of the grid; these match 2 groups (give betaCap too)")
        #expect(Self.message(Self.specText(grid: two, paper: Self.paper(cell("{}"))))
                == "s.json: $.paper.cells[0].where: found an empty object, expected knob values that select one group of the grid; these match 4 groups (give betaCap, labelSmoothing too)")
        #expect(Self.message(Self.specText(grid: two, zip: zip, paper: Self.paper(cell(#"{ "labelSmoothing": 0, "betaCap": 1, "epochs": 4, "annealSteps": 20 }"#))))
                == "s.json: $.paper.cells[0].where: found annealSteps=20 betaCap=1 epochs=4 labelSmoothing=0, expected knob values that select one group of the grid; these match none (zipped knobs move together)")
        #expect(Self.message(Self.specText(grid: two, zip: zip, paper: Self.paper(cell(#"{ "labelSmoothing": 0, "betaCap": 1, "epochs": 8 }"#)))) == "no error")
        #expect(Self.message(Self.specText(paper: Self.paper(cell(#"{ "labelSmoothing": 0.3 }"#))))
                == "s.json: $.paper.cells[0].where.labelSmoothing: found 0.3, expected one of the values varied: 0, 0.1, 0.2")
        #expect(Self.message(Self.specText(paper: Self.paper(cell(#"{ "betaCap": 0.2 }"#))))
                == #"s.json: $.paper.cells[0].where.betaCap: found a key "betaCap", expected a varied knob: labelSmoothing"#)
        #expect(Self.message(Self.specText(paper: Self.paper(cell(#"{ "labelSmoothing": 0 }"#) + ", " + cell(#"{ "labelSmoothing": 0.0 }"#))))
                == "s.json: $.paper.cells[1].where: found labelSmoothing=0, expected a group no other cell selects ($.paper.cells[0] selects it too)")
        #expect(Self.message(Self.specText(paper: Self.paper(cell(#"{ "labelSmoothing": 0 }"#, #"{ "NDCG@20": 0.3 }"#))))
                == #"s.json: $.paper.cells[0].values.NDCG@20: found a key "NDCG@20", expected a metric the spec evaluates: NDCG@10, RecallCapped@5"#)
        #expect(Self.message(Self.specText(paper: Self.paper(cell(#"{ "labelSmoothing": 0 }"#, #"{ "Recall@5": 0.3 }"#))))
                == #"s.json: $.paper.cells[0].values.Recall@5: found a key "Recall@5", expected a metric the spec evaluates: NDCG@10, RecallCapped@5"#)
        #expect(Self.message(Self.specText(paper: Self.paper(cell(#"{ "labelSmoothing": 0 }"#, #"{ "NDCG@10": 0 }"#))))
                == "s.json: $.paper.cells[0].values.NDCG@10: found 0, expected the paper's value, a positive number")
        #expect(Self.message(Self.specText(paper: Self.paper(cell(#"{ "labelSmoothing": 0 }"#, "{}"))))
                == "s.json: $.paper.cells[0].values: found an object, expected a non-empty object {metric: the paper's value}")
        #expect(Self.message(Self.specText(paper: Self.paper(#"{ "values": { "NDCG@10": 0.3 } }"#)))
                == "s.json: $.paper.cells[0].where: found nothing, expected {knob: value} of varied knobs selecting one group of the grid")
        #expect(Self.message(Self.specText(paper: Self.paper(#"{ "where": { "labelSmoothing": 0 }, "value": { "NDCG@10": 0.3 } }"#)))
                == "s.json: $.paper.cells[0].values: found nothing, expected a non-empty object {metric: the paper's value}")
        #expect(Self.message(Self.specText(paper: Self.paper("", extra: "")))
                == #"s.json: $.paper.cells: found an array, expected a non-empty array of {"where": {knob: value}, "values": {metric: number}} (or none, with orderings)"#)
        #expect(Self.message(Self.specText(paper: Self.paper(cell(#"{ "labelSmoothing": 0 }"#), extra: #", "tolerance": 5"#)))
                == "s.json: $.paper.tolerance: found 5, expected a number in [0.0, 1.0]")
        #expect(Self.message(Self.specText(paper: Self.paper(cell(#"{ "labelSmoothing": 0 }"#), extra: #", "test": "z""#)))
                == #"s.json: $.paper.test: found "z", expected one of t, wilcoxon, both"#)
        #expect(Self.message(Self.specText(paper: Self.paper(cell(#"{ "labelSmoothing": 0 }"#), extra: #", "cell": 1"#)))
                == "s.json: $.paper.cell: found an unknown key, expected one of: source, tolerance, alpha, test, cells, orderings")
        #expect(Self.message(Self.specText(paper: #""paper": { "cells": [] }"#))
                == "s.json: $.paper.source: found nothing, expected where the numbers come from (paper, table, dataset), as text")
    }

    static let orderingsBlock = #"""
        "orderings": [
          { "metric": "NDCG@10", "groups": [
              { "name": "none", "where": { "labelSmoothing": 0 }, "paper": 0.2 },
              { "name": "some", "where": { "labelSmoothing": 0.1 }, "paper": 0.3 },
              { "where": { "labelSmoothing": 0.2 } } ] },
          { "metric": "RecallCapped@5", "groups": [
              { "name": "none", "where": { "labelSmoothing": 0 } },
              { "name": "some", "where": { "labelSmoothing": 0.1 } } ] }
        ]
        """#

    @Test("Orderings: each step tested like a gain (the same numbers by hand); up-and-significant steps, open and failed orderings")
    func orderings() throws {
        let text = Self.specText(paper: #""paper": { "source": "S", \#(Self.orderingsBlock) }"#)
        let spec = try ExperimentSpec.parse(Data(text.utf8), file: "s.json")
        let c = try #require(PaperReport.comparison(try Self.results(spec), spec: spec))
        #expect(c.cells.isEmpty && c.gains.isEmpty && c.orderings.count == 2)
        let n = c.orderings[0]
        #expect(n.ordering.groups.map(\.name) == ["none", "some", "labelSmoothing=0.2"])
        #expect(n.groups.map(\.n) == [3, 2, 0] && abs(n.groups[1].mean - 0.3375) < 1e-12)
        // none → some: the gains test's numbers (+.0875 over seeds 1–2, t = 3.8618 over 8 user pairs, p < .01).
        let up = n.steps[0]
        #expect(abs(up.delta - 0.0875) < 1e-12 && up.commonSeeds == 2 && up.partial && up.userPairs == 8)
        #expect(abs(up.tUsers!.statistic - 0.0875 / (0.02875 / 7 / 8).squareRoot()) < 1e-9 && abs(up.tSeeds!.statistic - 7) < 1e-9)
        #expect(up.up == true && up.reproduced == true)
        // some → α 0.2: no run yet, so the ordering is open.
        #expect(n.steps[1].commonSeeds == 0 && n.steps[1].up == nil && n.steps[1].reproduced == nil && n.reproduced == nil)
        // Recall goes down (−.0375): that ordering is not reproduced.
        let r = c.orderings[1]
        #expect(abs(r.steps[0].delta + 0.0375) < 1e-12 && r.steps[0].up == false && r.reproduced == false)
        #expect(c.summaryLine == "0 of 2 orderings reproduced (every step up with p < 0.05) (1 without a seed both groups of every step completed, 2 partial); target open (runs incomplete).")
        let md = PaperReport.markdown(c, title: "p", command: "c")
        #expect(md.contains("### 1. NDCG@10: none < some < labelSmoothing=0.2 — open (runs incomplete)"), "\(md)")
        #expect(md.contains("| some | labelSmoothing=0.1 | 0.3000 | 0.3375 ± 0.0177 | 2 |"))
        #expect(md.contains("| none → some | +0.1000 | +0.0875 | yes | 2 (partial) | 8 |"))
        #expect(md.contains("### 2. RecallCapped@5: none < some — not reproduced") && !md.contains("## Cells"))
        let csv = PaperReport.orderingsCSV(c).split(separator: "\n")
        #expect(csv.count == 4 && csv[1].hasPrefix("1,NDCG@10,none,some,labelSmoothing=0,labelSmoothing=0.1,0.1,0.087500,true,3,2,true,8,3.86"))
        #expect(csv[2].hasPrefix("1,NDCG@10,some,labelSmoothing=0.2,") && csv[3].hasSuffix(",false"))
        // With cells too, the summary names both; a complete failing ordering makes the verdict "not met".
        let cellsOnly = Self.paperBlock.trimmingCharacters(in: .whitespacesAndNewlines)
        let both = Self.specText(paper: String(cellsOnly.dropLast()) + ", " + Self.orderingsBlock + " }")
        let withCells = try ExperimentSpec.parse(Data(both.utf8))
        let b = try #require(PaperReport.comparison(try Self.results(withCells), spec: withCells))
        #expect(b.cells.count == 5 && b.orderings.count == 2 && b.summaryLine.hasPrefix("2 of 5 cells within 5% of the paper (1 without a completed run, 2 partial); 0 of 2 orderings"))
    }

    @Test("Ordering errors name the JSON path: metric, too few groups, a group listed twice, unknown keys")
    func orderingErrors() throws {
        func ordering(_ body: String) -> String { #""paper": { "source": "S", "orderings": [ \#(body) ] }"# }
        let g0 = #"{ "where": { "labelSmoothing": 0 } }"#, g1 = #"{ "where": { "labelSmoothing": 0.1 } }"#
        #expect(Self.message(Self.specText(paper: ordering(#"{ "metric": "NDCG@100", "groups": [\#(g0), \#(g1)] }"#)))
                == #"s.json: $.paper.orderings[0].metric: found "NDCG@100", expected a metric the spec evaluates: NDCG@10, RecallCapped@5"#)
        #expect(Self.message(Self.specText(paper: ordering(#"{ "metric": "NDCG@10", "groups": [\#(g0)] }"#))).hasPrefix(
                "s.json: $.paper.orderings[0].groups: found an array, expected an array of at least two groups, lowest first"))
        #expect(Self.message(Self.specText(paper: ordering(#"{ "metric": "NDCG@10", "groups": [\#(g0), \#(g1), \#(g0)] }"#)))
                == "s.json: $.paper.orderings[0].groups[2].where: found labelSmoothing=0, expected a group not listed before in this ordering (groups[0] selects it)")
        #expect(Self.message(Self.specText(paper: ordering(#"{ "metric": "NDCG@10", "groups": [\#(g0), { "where": { "labelSmoothing": 0.1 }, "value": 1 }] }"#)))
                == "s.json: $.paper.orderings[0].groups[1].value: found an unknown key, expected one of: name, where, paper")
        #expect(Self.message(Self.specText(paper: #""paper": { "source": "S", "orderings": [] }"#)).hasPrefix(
                "s.json: $.paper.orderings: found an array, expected a non-empty array of"))
        #expect(Self.message(Self.specText(paper: ordering(#"{ "metric": "NDCG@10", "groups": [\#(g0), \#(g1)] }"#))) == "no error")
    }

    @Test("paper.md and the CSVs on the fixture")
    func files() throws {
        let c = try Self.comparison()
        let md = PaperReport.markdown(c, title: "p", command: "vaelab report s.json")
        #expect(md.contains("**Summary:** 2 of 5 cells within 5% of the paper"))
        #expect(md.contains("regenerate with `vaelab report s.json`"))
        #expect(md.contains("| 0 | NDCG@10 | 0.2500 | 0.2667 ± 0.0289 | 3 | +6.7% | no |"), "\(md)")
        #expect(md.contains("| 0.1 | NDCG@10 | 0.3300 | 0.3375 ± 0.0177 | 2 (partial) | +2.3% | yes |"))
        #expect(md.contains("| 0.2 | NDCG@10 | 0.3500 | — | 0 | — | — |"))
        #expect(md.contains("| 0.1 | RecallCapped@5 | +0.0500 (+10.0%) | -0.0375 (-7.5%) | no | 2 (partial) | 8 |"))
        #expect(md.contains("| 0.2 | NDCG@10 | +0.1000 (+40.0%) | — | — | 0 | 0 | — | — | — | — |"))
        let cells = PaperReport.cellsCSV(c).split(separator: "\n")
        #expect(cells[0] == "group,labelSmoothing,metric,paper,mean,std,n,seeds,partial,relative_difference,within_tolerance")
        #expect(cells[3] == "labelSmoothing=0.1,0.1,NDCG@10,0.33,0.337500,0.017678,2,3,true,0.022727,true")
        #expect(cells[5] == "labelSmoothing=0.2,0.2,NDCG@10,0.35,,,0,3,false,,")
        let gains = PaperReport.gainsCSV(c).split(separator: "\n")
        #expect(gains.count == 4 && gains[1].hasPrefix("labelSmoothing=0.1,labelSmoothing=0,NDCG@10,0.080000,0.320000,0.087500,0.350000,true,3,2,true,8,3.86"))
        #expect(gains[1].hasSuffix(",true"))
        // No baseline: no gains table.
        var spec = try Self.spec()
        spec.baseline = nil
        let none = try #require(PaperReport.comparison(try Self.results(spec), spec: spec))
        #expect(none.gains.isEmpty && !none.summaryLine.contains("gains"))
        #expect(PaperReport.markdown(none, title: "p", command: "c").contains("The spec has no `baseline`"))
    }
}
