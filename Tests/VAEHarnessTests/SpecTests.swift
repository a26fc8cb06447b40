import Foundation
import Testing
@testable import VAEHarness

@Suite("Experiment specs: expansion, identity, validation")
struct SpecTests {
    func spec(_ text: String) throws -> ExperimentSpec { try ExperimentSpec.parse(Data(text.utf8), file: "s.json") }

    func expand(_ text: String) throws -> [PlannedRun] { try GridExpansion.expand(try spec(text), environment: ["D": "/data"]) }

    func error(_ text: String) -> String {
        do { _ = try expand(text); return "no error" } catch { return "\(error)" }
    }

    @Test("Grid × zip × seeds: count, order (grid axes by name, then zip groups, seeds innermost) and values")
    func expansion() throws {
        let runs = try expand(specJSON(dataPath: "${D}/u.data", grid: #""labelSmoothing": [0, 0.1], "betaCap": [0.2, 1]"#,
                                       extra: #", "zip": [{"keepProbability": [0.5, 0.8], "klCounter": ["global", "resetPerEpoch"]}]"#))
        #expect(runs.count == 16)
        #expect(runs.map(\.index) == Array(1...16))
        #expect(runs[0].line.hasPrefix("#1 betaCap=0.2 labelSmoothing=0 keepProbability=0.5 klCounter=global seed=1"))
        #expect(runs[1].line.hasPrefix("#2 betaCap=0.2 labelSmoothing=0 keepProbability=0.5 klCounter=global seed=2"))
        #expect(runs[2].line.hasPrefix("#3 betaCap=0.2 labelSmoothing=0 keepProbability=0.8 klCounter=resetPerEpoch seed=1"))
        #expect(runs[4].line.hasPrefix("#5 betaCap=0.2 labelSmoothing=0.1 keepProbability=0.5 klCounter=global seed=1"))
        #expect(runs[15].line.hasPrefix("#16 betaCap=1 labelSmoothing=0.1 keepProbability=0.8 klCounter=resetPerEpoch seed=2"))
        #expect(runs[15].configuration.betaCap == 1 && runs[15].configuration.labelSmoothing == 0.1)
        #expect(runs[15].configuration.klCounter == .resetPerEpoch && runs[15].configuration.keepProbability == 0.8)
        // Variables stay unexpanded in the identity, expanded in what runs.
        #expect(runs[0].configuration.dataPath == "${D}/u.data" && runs[0].execution.dataPath == "/data/u.data")
    }

    @Test("Per-model overrides apply to that model only")
    func overrides() throws {
        let runs = try expand(specJSON(dataPath: "x", grid: #""model": ["multvae", "multdae"]"#, seeds: "[1]",
                                       extra: #", "overrides": {"multdae": {"hiddenDims": [7], "weightPenalty": 0.5}}"#))
        #expect(runs.map(\.configuration.hiddenDims) == [[16], [7]])
        #expect(runs.map(\.configuration.weightPenalty) == [nil, 0.5])
    }

    @Test("Identity: same configuration → same id whatever the key order; seed changes the run id only; execution-only settings do not count")
    func identity() throws {
        let a = try expand(specJSON(dataPath: "x"))
        let reordered = """
            { "seeds": [1, 2], "grid": { "labelSmoothing": [0, 0.1] },
              "base": { "annealSteps": 20, "learningRate": 0.01, "batchSize": 20, "epochs": 4, "latentDim": 4, "hiddenDims": [16] },
              "evaluation": { "selectionMetric": "NDCG@10", "metrics": ["NDCG@10", "RecallCapped@5"] },
              "dataset": { "heldOutUsers": 10, "format": "ml100k", "path": "x" }, "name": "other" }
            """
        let b = try expand(reordered)
        #expect(a.map(\.runID) == b.map(\.runID))
        #expect(Set(a.map(\.runID)).count == 4)
        #expect(a[0].groupID == a[1].groupID && a[0].runID != a[1].runID && a[0].groupID != a[2].groupID)
        var c = a[0].configuration
        c.blasThreads = 2
        c.evaluationBatchSize = 17
        #expect(try RunIdentity.runID(c) == a[0].runID)
        c.learningRate = 0.02
        #expect(try RunIdentity.runID(c) != a[0].runID)
        // A setting written at its default value is the same run as one left out.
        var d = a[0].configuration
        d.adamEpsilon = TrainingConfiguration().adamEpsilon
        d.evaluationInterval = 1
        #expect(try RunIdentity.runID(d) == a[0].runID)
        #expect(a[0].runID.count == 12)
    }

    @Test("Errors name the JSON path, the value found and what is allowed")
    func errors() {
        let d = "x"
        let cases: [(String, String)] = [
            (specJSON(dataPath: d, extra: #", "seed": 3"#), "s.json: $.seed: found an unknown key, expected one of: name, description, dataset, evaluation, base, grid, zip, overrides, seeds, baseline, output, checkpointEvery"),
            (specJSON(dataPath: d, grid: #""labelSmothing": [0, 0.1]"#), "s.json: $.grid.labelSmothing[0]: found an unknown key, expected one of: dataPath, "),
            (specJSON(dataPath: d, grid: #""labelSmoothing": [0, "high"]"#), #"s.json: $.grid.labelSmoothing[1]: found "high", expected a number in [0.0, 1.0]"#),
            (specJSON(dataPath: d, grid: #""labelSmoothing": [0, 2]"#), "s.json: $.grid.labelSmoothing[1]: found 2, expected a number in [0.0, 1.0]"),
            (specJSON(dataPath: d, grid: #""labelSmoothing": []"#), "s.json: $.grid.labelSmoothing: found an array, expected a non-empty array of values"),
            (specJSON(dataPath: d, grid: #""epochs": [1, 2]"#), "s.json: $.grid.epochs: found \"epochs\", expected a knob not also fixed (epochs is set at $.base.epochs)"),
            (specJSON(dataPath: d, extra: #", "zip": [{"betaCap": [0.1, 0.2], "klCounter": ["global"]}]"#), "s.json: $.zip[0].klCounter: found an array, expected 2 values, as many as betaCap has (zipped knobs move together)"),
            (specJSON(dataPath: d, extra: #", "overrides": {"multdae": {"labelSmoothing": 0.3}}"#), "s.json: $.overrides.multdae.labelSmoothing: found 0.3, expected a knob that is not varied (labelSmoothing is varied at $.grid.labelSmoothing)"),
            (specJSON(dataPath: d, extra: #", "overrides": {"vae": {}}"#), "s.json: $.overrides.vae: found a key \"vae\", expected a model name: multvae, multdae"),
            (specJSON(dataPath: d, extra: #", "baseline": {"labelSmoothing": 0.5}"#), "s.json: $.baseline.labelSmoothing: found 0.5, expected one of the values varied: 0, 0.1"),
            (specJSON(dataPath: d, extra: #", "baseline": {"betaCap": 0.2}"#), "s.json: $.baseline.betaCap: found a key \"betaCap\", expected a varied knob: labelSmoothing"),
            (specJSON(dataPath: d, seeds: "[1, 1]"), "s.json: $.seeds: found an array, expected distinct seeds"),
            (specJSON(dataPath: d, seeds: "[]"), "s.json: $.seeds: found an array, expected a non-empty array of non-negative integer seeds"),
            (specJSON(dataPath: "${NOPE}/u.data"), "s.json: $.dataset.path: found ${NOPE}, expected an environment variable that is set (NOPE is not)"),
            (specJSON(name: "a b", dataPath: d), #"s.json: $.name: found "a b", expected a name of letters, digits, '.', '_' or '-' (it names the results folder)"#),
            ("{\"name\": \"x\", \"seeds\": [1], \"evaluation\": {\"k\": 3}}", "s.json: $.evaluation.k: found an unknown key, expected one of: activityBins, activityCount, batchSize, interval, metrics, selection, selectionMetric"),
        ]
        for (text, expected) in cases {
            let message = error(text)
            #expect(message.hasPrefix(expected), "\(message)")
        }
    }
}
