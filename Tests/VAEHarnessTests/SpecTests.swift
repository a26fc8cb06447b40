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
        let runs = try expand(Self.twoModels(#""multdae": {"hiddenDims": [7], "weightPenalty": 0.5}"#))
        #expect(runs.map(\.configuration.hiddenDims) == [[16], [7]])
        #expect(runs.map(\.configuration.weightPenalty) == [nil, 0.5])
        #expect(runs.map(\.configuration.annealSteps) == [20, TrainingConfiguration().annealSteps])
    }

    /// Mult-VAE and Mult-DAE sharing a base block; `overrides` for multdae (multvae's are fixed).
    static func twoModels(_ overrides: String, base: String = "") -> String {
        """
        { "name": "t", "dataset": { "path": "x", "format": "ml100k", "heldOutUsers": 10 },
          "base": { "hiddenDims": [16], "epochs": 4\(base) }, "grid": { "model": ["multvae", "multdae"] },
          "overrides": { "multvae": { "latentDim": 4, "annealSteps": 20 }, \(overrides) }, "seeds": [1] }
        """
    }

    @Test("A setting the cell's model or protocol ignores is an error naming where it was written and who uses it")
    func ignoredSettings() {
        let cases: [(String, String)] = [
            (Self.twoModels(#""multdae": {}"#, base: #", "annealSteps": 30"#),
             "s.json: $.base.annealSteps: found 30, expected no annealSteps for model multdae, which ignores it (annealSteps applies only to multvae, and poisvae with protocol strongGeneralization); set it under $.overrides.<model> for the models that use it"),
            (Self.twoModels(#""multdae": {"masking": "m2"}"#),
             #"s.json: $.overrides.multdae.masking: found "m2", expected no masking for model multdae, which ignores it (masking applies only to multvae); remove it"#),
            (Self.twoModels(#""multdae": {"latentDim": 8}"#),
             "s.json: $.overrides.multdae.latentDim: found 8, expected no latentDim for model multdae, which ignores it (latentDim applies only to multvae, poisvae, bivae and dualvae (multdae's code is its last hidden width)); remove it"),
            (Self.twoModels(#""multdae": {}"#).replacingOccurrences(of: #""model": ["multvae", "multdae"]"#, with: #""model": ["multvae", "multdae"], "anchorWeight": [0, 0.1]"#),
             "s.json: $.grid.anchorWeight[0]: found 0, expected no anchorWeight for model multdae, which ignores it (anchorWeight applies only to multvae); varying it for multdae would repeat identical runs"),
            (#"{"name": "t", "base": {"model": "bivae", "keepProbability": 0.5, "trainPath": "a", "testPath": "b"}, "evaluation": {"selection": "lastEpoch"}, "seeds": [1]}"#,
             "s.json: $.base.keepProbability: found 0.5, expected no keepProbability for model bivae, which ignores it (keepProbability applies only to multvae and multdae)"),
            (#"{"name": "t", "base": {"model": "dualvae", "betaCap": 0.5, "trainPath": "a", "testPath": "b"}, "seeds": [1]}"#,
             "s.json: $.base.betaCap: found 0.5, expected no betaCap for model dualvae, which ignores it (betaCap applies only to multvae, and poisvae with protocol strongGeneralization)"),
            (#"{"name": "t", "base": {"model": "poisvae", "klCounter": "global", "trainPath": "a", "testPath": "b"}, "seeds": [1]}"#,
             #"s.json: $.base.klCounter: found "global", expected no klCounter for model poisvae with protocol given, which ignores it"#),
            (#"{"name": "t", "dataset": {"path": "x", "heldOutUsers": 10}, "base": {"model": "multvae", "aspects": 3}, "seeds": [1]}"#,
             "s.json: $.base.aspects: found 3, expected no aspects for model multvae, which ignores it (aspects applies only to dualvae)"),
            (#"{"name": "t", "dataset": {"protocol": "given", "trainPath": "a", "testPath": "b", "heldOutUsers": 10}, "base": {"model": "bivae"}, "evaluation": {"selection": "lastEpoch"}, "seeds": [1]}"#,
             "s.json: $.dataset.heldOutUsers: found 10, expected no heldOutUsers for protocol given, which ignores it (heldOutUsers applies only to protocol strongGeneralization)"),
        ]
        for (text, expected) in cases {
            let message = error(text)
            #expect(message.hasPrefix(expected), "\(message)")
        }
        // Fold-in PoisVAE uses the β schedule, and a Cornac setting only under the Cornac loop.
        #expect(error(#"{"name": "t", "dataset": {"path": "x", "heldOutUsers": 10}, "base": {"model": "poisvae", "protocol": "strongGeneralization", "annealSteps": 10, "likelihood": "bern"}, "seeds": [1]}"#) == "no error")
    }

    @Test("A configuration file that sets a key its model ignores fails at that key; a run's recorded config.json (every key) still reads")
    func ignoredInConfigurationFile() throws {
        func message(_ json: String) -> String {
            do { _ = try TrainingConfiguration.decode(Data(json.utf8), file: "c.json"); return "no error" } catch { return "\(error)" }
        }
        #expect(message(#"{"model": "bivae", "masking": "m2"}"#) == #"c.json: $.masking: found "m2", expected no masking for model bivae, which ignores it (masking applies only to multvae)"#)
        #expect(message(#"{"model": "multvae", "trainPrototypes": true}"#) == "c.json: $.trainPrototypes: found true, expected no trainPrototypes for model multvae, which ignores it (trainPrototypes applies only to dualvae)")
        #expect(message(#"{"model": "multdae", "anchorWarmupSteps": 10}"#).hasPrefix("c.json: $.anchorWarmupSteps: found 10, expected no anchorWarmupSteps for model multdae"))
        var c = TrainingConfiguration.defaults(for: .dualvae)
        c.aspects = 3
        #expect(try TrainingConfiguration.decodeRecorded(try c.json()) == c)
        #expect(throws: JSONValueError.self) { try TrainingConfiguration.decode(try c.json()) }
        // `vaelab train --config` reads a recorded file as recorded, a hand-written one with every check.
        #expect(try TrainingConfiguration.decodeConfigFile(try c.json()) == c)
        c.trainPath = "${SPLITS}/train.csv"
        let read = try TrainingConfiguration.decodeConfigFile(try c.json(), environment: ["SPLITS": "/data/kindle"])
        #expect(read.trainPath == "/data/kindle/train.csv")
        #expect(throws: JSONValueError.self) {
            try TrainingConfiguration.decodeConfigFile(Data(#"{"model": "bivae", "masking": "m2"}"#.utf8))
        }
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
