import Foundation
import Testing
import VAEData
import VAEEvaluation
import VAEModels
import VAENumerics
@testable import VAEHarness

/// A tiny given split, small enough to check every exclusion by hand. Raw ids → indices
/// (Cornac order, train first): users 10, 11, 12, 13 → 0…3 (14, test only, → 4); items
/// 100, 101, 102, 103 → 0…3 (known), 109 (test only) → 4.
///
/// | user | train | test | validation (optional) |
/// |---|---|---|---|
/// | 0 | 0, 1 | 1 (also in train), 2, 4 (unknown) | 3 |
/// | 1 | 1, 2 | 3 | 0 |
/// | 2 | 2, 3 | 0, 4 (unknown) | — |
/// | 3 | 0 | — (skipped) | 2 |
/// | 4 | — | 0 (user not in train: left out) | — |
enum TinyGivenSplit {
    static let train = "uid,iid\n10,100\n10,101\n11,101\n11,102\n12,102\n12,103\n13,100\n"
    static let test = "uid,iid\n10,102\n10,109\n10,101\n11,103\n12,100\n12,109\n14,100\n"
    static let validation = "uid,iid\n10,103\n11,100\n13,102\n"

    /// Writes the files into `folder`; returns their paths.
    static func write(in folder: URL) throws -> (train: String, test: String, validation: String) {
        var paths: [String] = []
        for (name, text) in [("train.csv", train), ("test.csv", test), ("validation.csv", validation)] {
            let url = folder.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            paths.append(url.path)
        }
        return (paths[0], paths[1], paths[2])
    }

    static func split(validation withValidation: Bool = false, dropUnknownItems: Bool = false) throws -> GivenSplit {
        func table(_ text: String) throws -> InteractionTable {
            let dir = try temporaryFolder("vaelab-tiny-given")
            defer { try? FileManager.default.removeItem(at: dir) }
            let url = dir.appendingPathComponent("part.csv")
            try text.write(to: url, atomically: true, encoding: .utf8)
            return try InteractionReader.read(url, format: .uidIidCSV)
        }
        return try GivenSplit.make(train: table(train), validation: withValidation ? table(validation) : nil, test: table(test),
                                   options: GivenSplitOptions(dropUnknownItems: dropUnknownItems))
    }

    /// A Mult-VAE (or Mult-DAE) configuration for the tiny split: last epoch, metrics whose
    /// values do not depend on the scores (K = number of scored candidates, then one more).
    static func configuration(_ model: TrainingConfiguration.ModelKind = .multvae) -> TrainingConfiguration {
        var c = smallConfiguration(model)
        c.protocol = .given
        c.ratingThreshold = nil
        c.selection = .lastEpoch
        c.epochs = 3
        c.batchSize = 2
        c.metrics = ["RecallFull@2", "RecallFull@3", "NDCG@2"]
        c.selectionMetric = "NDCG@2"
        return c
    }
}

func rows(_ m: SparseMatrix) -> [[Int]] { (0..<m.rows).map { m.columns(ofRow: $0).map(Int.init) } }

@Suite("Mult-VAE and Mult-DAE on a given split")
struct GivenFoldInTests {
    @Test("Tasks: known users' training rows are the input; train (and, for test, validation) positives excluded; unknown items kept as unscored candidates")
    func tasks() throws {
        let split = try TinyGivenSplit.split()
        #expect(split.knownUserCount == 4 && split.knownItemCount == 4 && split.itemCount == 5)
        let data = FoldInData(given: split)
        #expect(rows(data.train) == [[0, 1], [1, 2], [2, 3], [0]] && data.itemCount == 4 && data.validation == nil)
        #expect(rows(data.test.input) == rows(data.train) && data.test.input.cols == 4)
        #expect(rows(data.test.targets) == [[1, 2, 4], [3], [0, 4], []])
        #expect(rows(data.test.excluded) == [[0, 1], [1, 2], [2, 3], [0]])
        #expect(data.test.scoredItemCount == 4 && data.test.itemCount == 5)

        let withValidation = FoldInData(given: try TinyGivenSplit.split(validation: true))
        let v = try #require(withValidation.validation)
        #expect(rows(v.targets) == [[3], [0], [], [2]] && rows(v.excluded) == [[0, 1], [1, 2], [2, 3], [0]])
        #expect(rows(withValidation.test.excluded) == [[0, 1, 3], [0, 1, 2], [2, 3], [0, 2]])
        #expect(rows(withValidation.test.targets) == [[1, 2, 4], [3], [0, 4], []])

        let dropped = FoldInData(given: try TinyGivenSplit.split(dropUnknownItems: true))
        #expect(rows(dropped.test.targets) == [[1, 2], [3], [0], []] && dropped.test.itemCount == 4)
    }

    /// The per-user values a trained model must give, whatever its scores:
    /// - user 0: candidates 2, 3 (scored), then 4; |T| = 3 (item 1 is excluded, never hit):
    ///   RecallFull@2 = 1/3, @3 = 2/3;
    /// - user 1: candidates 0, 3, then 4; T = {3}: 1, 1;
    /// - user 2: candidates 0, 1, then 4; T = {0, 4}: 1/2, 1;
    /// - user 3: no test items, skipped.
    @Test("A Mult-VAE run ranks exactly as worked out by hand (and as BiVAE on the same split)",
          arguments: [TrainingConfiguration.ModelKind.multvae, .multdae, .bivae])
    func handChecked(model: TrainingConfiguration.ModelKind) throws {
        let split = try TinyGivenSplit.split()
        var c = TinyGivenSplit.configuration(model)
        if model == .bivae {
            let metrics = c.metrics
            c = smallCornacConfiguration(.bivae)
            c.epochs = 2
            c.metrics = metrics
        }
        let o = try TrainingRun.execute(c, dataset: .given(split), log: { _ in })
        #expect(o.test.evaluatedRows == [0, 1, 2] && o.test.skippedRows == [3])
        #expect(o.test.values(of: .recallFull(2)) == [1.0 / 3, 1, 0.5])
        #expect(o.test.values(of: .recallFull(3)) == [2.0 / 3, 1, 1])
        #expect(o.selectedEpoch == c.epochs && o.validation == nil)
    }

    @Test("NDCG: the model encodes each user's own training row and ranks the unexcluded scored items by its scores")
    func encodesTrainingRow() throws {
        let split = try TinyGivenSplit.split()
        let c = TinyGivenSplit.configuration()
        let data = FoldInData(given: split)
        let trainer = try FoldInTrainer(c, data: data) { rng in MultVAE(TrainingRun.multVAEConfiguration(c, itemCount: 4), rng: &rng) }
        var state = try trainer.start()
        for _ in 0..<3 { _ = try trainer.runEpoch(&state) }
        let outcome = try trainer.finish(state)
        var scores = Matrix(rows: 4, cols: 4)
        state.model.scores(data.train, into: &scores)
        let d2 = 1 / log2(3.0)
        // User 0: T = {1, 2, 4}, candidates 2, 3: item 2 first gives DCG 1, else 1/log2 3;
        // IDCG@2 = 1 + 1/log2 3. User 1: T = {3}, candidates 0, 3: IDCG = 1. User 2:
        // T = {0, 4}, candidates 0, 1, as user 0.
        let u0 = (scores[0, 2] > scores[0, 3] ? 1 : d2) / (1 + d2)
        let u1 = scores[1, 3] > scores[1, 0] ? 1 : d2
        let u2 = (scores[2, 0] > scores[2, 1] ? 1 : d2) / (1 + d2)
        let ndcg = outcome.test.values(of: .ndcg(2))
        #expect(zip(ndcg, [u0, u1, u2]).allSatisfy { abs($0 - $1) < 1e-12 }, "\(ndcg) vs \([u0, u1, u2])")
    }

    @Test("A lastEpoch run resumed from a checkpoint (best value still −∞) ends bit-identical")
    func resume() throws {
        var c = TinyGivenSplit.configuration()
        c.epochs = 4
        let data = FoldInData(given: try TinyGivenSplit.split())
        let trainer = try FoldInTrainer(c, data: data) { rng in MultVAE(TrainingRun.multVAEConfiguration(c, itemCount: 4), rng: &rng) }
        let whole = try trainer.run()
        var state = try trainer.start()
        for _ in 0..<2 { _ = try trainer.runEpoch(&state) }
        #expect(state.bestValue == -.infinity)
        let saved = try Checkpointing.encoder.encode(state)
        let restored = try Checkpointing.decoder.decode(FoldInTrainer<MultVAE>.State.self, from: saved)
        let resumed = try trainer.run(from: restored)
        #expect(resumed.test.values == whole.test.values && resumed.epochs.map(\.loss) == whole.epochs.map(\.loss))
    }

    @Test("dropUnknownItems: test-only items leave the targets (user 0: 1/2; user 2: 1)")
    func dropUnknown() throws {
        let o = try TrainingRun.execute(TinyGivenSplit.configuration(), dataset: .given(try TinyGivenSplit.split(dropUnknownItems: true)),
                                        log: { _ in })
        #expect(o.test.values(of: .recallFull(2)) == [0.5, 1, 1])
    }

    @Test("With validation: the best validation epoch is selected; test excludes train and validation positives")
    func withValidation() throws {
        var c = TinyGivenSplit.configuration()
        c.selection = .bestValidation
        c.epochs = 4
        let o = try TrainingRun.execute(c, dataset: .given(try TinyGivenSplit.split(validation: true)), log: { _ in })
        let v = try #require(o.validation)
        // Validation: user 2 has no validation items.
        #expect(v.evaluatedRows == [0, 1, 3] && v.skippedRows == [2])
        #expect(o.epochs.allSatisfy { $0.validation != nil })
        let best = o.epochs.max { $0.validation! < $1.validation! }!
        #expect(o.selectedEpoch == o.epochs.first { $0.validation == best.validation }!.epoch)
        // User 0: candidates 2, then 4 (3 is a validation item): both hit at K = 2 → 2/3.
        // User 1: candidates 3, then 4 (0 is a validation item) → 1. User 2 as before.
        #expect(o.test.values(of: .recallFull(2)) == [2.0 / 3, 1, 0.5])
    }

    @Test("bestValidation without validation data is rejected: by the trainer, and in a spec at the JSON path")
    func bestValidationRejected() throws {
        var c = TinyGivenSplit.configuration()
        c.selection = .bestValidation
        #expect(throws: DataError.self) { try TrainingRun.execute(c, dataset: .given(try TinyGivenSplit.split()), log: { _ in }) }
        #expect(c.conflict?.key == "selection")
        c.validationPath = "v.csv"
        #expect(c.conflict == nil)

        func expansionError(_ evaluation: String, base: String = #""model": "multvae""#) -> String {
            let text = """
                {"name": "g", "dataset": {"protocol": "given", "format": "uidiid-csv", "trainPath": "a.csv", "testPath": "b.csv"},
                 "evaluation": {\(evaluation)}, "base": {\(base)}, "seeds": [1]}
                """
            do {
                _ = try GridExpansion.expand(try ExperimentSpec.parse(Data(text.utf8), file: "g.json"))
                return "no error"
            } catch { return "\(error)" }
        }
        #expect(expansionError(#""selection": "bestValidation""#)
            == #"g.json: $.evaluation.selection: found "bestValidation", expected "lastEpoch" (a given split without validationPath has no validation data to select an epoch on; or give validationPath)"#)
        #expect(expansionError(#""metrics": ["NDCG@20"]"#)
            == #"g.json: $.evaluation.selection: found nothing (multvae's default "bestValidation"), expected "lastEpoch" (a given split without validationPath has no validation data to select an epoch on; or give validationPath)"#)
        #expect(expansionError(#""selection": "bestValidation""#, base: #""model": "bivae""#)
            == #"g.json: $.evaluation.selection: found "bestValidation", expected "lastEpoch" (model bivae reports the last epoch, as Cornac)"#)
        #expect(expansionError(#""selection": "lastEpoch""#) == "no error")
    }

    @Test("β search on a given split: needs validation data (spec path, trainer error); with a validation file it runs")
    func betaSearch() throws {
        var c = TinyGivenSplit.configuration()
        c.selection = .bestValidation
        c.betaSearch = true
        #expect(c.conflict?.key == "betaSearch")
        #expect(throws: BetaSearchError.self) { try TrainingRun.execute(c, dataset: .given(try TinyGivenSplit.split()), log: { _ in }) }
        c.validationPath = "v.csv"
        #expect(c.conflict == nil)
        let o = try TrainingRun.execute(c, dataset: .given(try TinyGivenSplit.split(validation: true)), log: { _ in })
        let search = try #require(o.betaSearch)
        #expect(search.epochs.count == 3 && o.epochs.count == 3 && search.beta > 0 && search.beta <= 1)

        let text = """
            {"name": "g", "dataset": {"protocol": "given", "format": "uidiid-csv", "trainPath": "a.csv", "testPath": "b.csv"},
             "evaluation": {"selection": "bestValidation"}, "base": {"model": "multvae", "betaSearch": true}, "seeds": [1]}
            """
        #expect(throws: JSONValueError.self) { _ = try GridExpansion.expand(try ExperimentSpec.parse(Data(text.utf8), file: "g.json")) }
        do {
            _ = try GridExpansion.expand(try ExperimentSpec.parse(Data(text.utf8), file: "g.json"))
        } catch let e as JSONValueError {
            #expect(e.path == "$.base.betaSearch" && e.found == "true" && e.expected.contains("validationPath"))
        }
    }

    @Test("Knob relevance under protocol given: Mult-VAE's own knobs are accepted, strong-generalisation keys rejected")
    func relevance() throws {
        func expand(_ base: String) throws -> [PlannedRun] {
            let text = """
                {"name": "g", "dataset": {"protocol": "given", "format": "uidiid-csv", "trainPath": "a.csv", "testPath": "b.csv"},
                 "evaluation": {"selection": "lastEpoch"}, "base": {\(base)}, "seeds": [1]}
                """
            return try GridExpansion.expand(try ExperimentSpec.parse(Data(text.utf8), file: "g.json"))
        }
        let runs = try expand(#""model": "multvae", "keepProbability": 0.5, "masking": "m2", "anchorWeight": 0.1, "annealSteps": 100, "betaCap": 0.2"#)
        #expect(runs.count == 1 && runs[0].configuration.masking == .m2 && runs[0].configuration.protocol == .given)
        #expect(try expand(#""model": "multdae", "keepProbability": 0.5, "weightPenalty": 0.01"#).count == 1)
        do {
            _ = try expand(#""model": "multvae", "heldOutUsers": 10"#)
            Issue.record("heldOutUsers accepted under protocol given")
        } catch let e as JSONValueError {
            #expect(e.path == "$.base.heldOutUsers" && e.expected.contains("protocol given") && e.expected.contains("strongGeneralization"))
        }
    }

    @Test("Latent geometry of Mult-VAE on a given split: measured on the known users' training rows")
    func geometry() throws {
        var c = smallConfiguration(.multvae)
        c.protocol = .given
        c.selection = .lastEpoch
        c.epochs = 3
        let options = LatentGeometryProbe.Options(users: 20, pairs: 30, maskDraws: 1, neighbours: 3)
        let plain = try TrainingRun.execute(c, dataset: .given(givenBlockSplit()))
        let probed = try TrainingRun.execute(c, dataset: .given(givenBlockSplit()), geometry: options)
        #expect(plain.test.values == probed.test.values)
        let g = try #require(probed.geometry)
        #expect(g.users == 20 && g.pairs.count == 30)
    }

    @Test("Configuration: protocol given reads positives (no rating threshold) unless one is written")
    func threshold() throws {
        let c = try TrainingConfiguration.decode(Data(#"{"model": "multvae", "protocol": "given", "trainPath": "a", "testPath": "b"}"#.utf8))
        #expect(c.ratingThreshold == nil && c.selection == .bestValidation && c.latentDim == 200)
        let t = try TrainingConfiguration.decode(Data(#"{"protocol": "given", "ratingThreshold": ">=4"}"#.utf8))
        #expect(t.ratingThreshold == ">=4")
        #expect(try TrainingConfiguration.decode(Data(#"{"model": "multvae"}"#.utf8)).ratingThreshold == ">3.5")
    }

    @Test("Fixed-seed regression on the block split: Mult-VAE and Mult-DAE last-epoch metrics are pinned",
          arguments: [(TrainingConfiguration.ModelKind.multvae, 0.525, 0.31340476799877404), (.multdae, 0.8083333333333333, 0.5441536446173179)])
    func regression(model: TrainingConfiguration.ModelKind, recall: Double, ndcg: Double) throws {
        var c = smallConfiguration(model)
        c.protocol = .given
        c.selection = .lastEpoch
        c.metrics = ["RecallFull@5", "NDCG@5"]
        c.epochs = 10
        c.seed = 5
        let o = try TrainingRun.execute(c, dataset: .given(givenBlockSplit()), log: { _ in })
        let r = o.test.mean(of: .recallFull(5)), n = o.test.mean(of: .ndcg(5))
        #expect(abs(r - recall) < 1e-6 && abs(n - ndcg) < 1e-6, "\(model): RecallFull@5 \(r), NDCG@5 \(n)")
        #expect(o.test.evaluatedCount == 60)
    }
}

@Suite("Mult-VAE on a given split through the runner", .serialized)
struct GivenFoldInRunnerTests {
    @Test("A spec with protocol given runs Mult-VAE end to end: runs complete, per-user files list the evaluated users")
    func endToEnd() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try TinyGivenSplit.write(in: dir)
        func spec(_ name: String, evaluation: String, dataset extra: String = "") -> String {
            """
            {"name": "\(name)",
             "dataset": {"protocol": "given", "format": "uidiid-csv", "trainPath": "\(files.train)", "testPath": "\(files.test)"\(extra)},
             "evaluation": {"metrics": ["RecallFull@2", "RecallFull@3", "NDCG@2"], "selectionMetric": "NDCG@2", \(evaluation)},
             "base": {"model": "multvae", "hiddenDims": [8], "latentDim": 3, "epochs": 3, "batchSize": 2, "learningRate": 0.01, "annealSteps": 4},
             "grid": {"labelSmoothing": [0, 0.1]},
             "seeds": [1],
             "baseline": {"labelSmoothing": 0}}
            """
        }
        for (name, text) in [("last", spec("last", evaluation: #""selection": "lastEpoch""#)),
                             ("best", spec("best", evaluation: #""selection": "bestValidation""#,
                                           dataset: #", "validationPath": "\#(files.validation)""#))] {
            var s = try ExperimentSpec.parse(Data(text.utf8))
            let folder = dir.appendingPathComponent(name)
            s.output = folder.path
            let runs = try GridExpansion.expand(s)
            #expect(runs.count == 2 && runs.allSatisfy { $0.configuration.protocol == .given && $0.configuration.ratingThreshold == nil })
            let store = RunStore(root: folder)
            let runner = ExperimentRunner(store: store, options: RunnerOptions(), checkpointEvery: 1) { total, done in
                ProgressReporter(total: total, alreadyDone: done, workers: 1, live: false) { _ in }
            }
            let report = try runner.run(runs) { _ in }
            #expect(report.completed.count == 2, "\(report.failed.map(\.error))")
            let results = try ExperimentResults.forSpec(s, runs: runs, store: store)
            #expect(results.groups.count == 2)
            for run in runs {
                let perUser = try String(contentsOf: folder.appendingPathComponent("runs/\(run.runID)/per_user.csv"), encoding: .utf8)
                #expect(perUser.split(separator: "\n").count == 4, "header + users 0, 1, 2:\n\(perUser)")
                let log = try String(contentsOf: folder.appendingPathComponent("runs/\(run.runID)/train_log.csv"), encoding: .utf8)
                #expect(log.contains("val_NDCG@2") == (name == "best"))
            }
        }
    }
}
