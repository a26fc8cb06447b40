import Foundation
import Testing
import VAEData
import VAEEvaluation
import VAEModels
import VAENumerics
@testable import VAEHarness

/// A given split of `blockData`: a random fifth of each user's items is test (seeded), plus
/// two items seen only in test (indices 40, 41) for some users, as Cornac keeps them.
func givenBlockSplit() -> GivenSplit {
    let m = blockData(users: 60, items: 40, groups: 4, seed: 9)
    var rng = RandomStream(seed: 10)
    var train: [[Int]] = [], test: [[Int]] = []
    for u in 0..<m.rows {
        var cs = m.columns(ofRow: u).map(Int.init)
        rng.shuffle(&cs)
        let k = max(1, cs.count / 5)
        train.append(Array(cs.prefix(cs.count - k)).sorted())
        var t = Array(cs.suffix(k)).sorted()
        if u % 7 == 0 { t.append(40 + u % 2) }
        test.append(t)
    }
    return GivenSplit(train: SparseMatrix(cols: 40, rowColumns: train), validation: nil, test: SparseMatrix(cols: 42, rowColumns: test),
                      userIDs: (0..<60).map(String.init), itemIDs: (0..<42).map(String.init),
                      knownItemCount: 40, knownUserCount: 60, log: [])
}

/// A small Cornac-family configuration for `givenBlockSplit`.
func smallCornacConfiguration(_ model: TrainingConfiguration.ModelKind) -> TrainingConfiguration {
    var c = TrainingConfiguration.defaults(for: model)
    c.hiddenDims = [8]
    c.decoderHiddenDims = [6]
    c.latentDim = 4
    c.aspects = 2
    c.epochs = 12
    c.batchSize = 16
    c.learningRate = 0.01
    c.metrics = ["RecallFull@5", "NDCG@5"]
    c.evaluationBatchSize = 7
    c.seed = 5
    return c
}

@Suite("Cornac-family training on a given split")
struct BilateralTrainingTests {
    let split = givenBlockSplit()
    let cornac: [TrainingConfiguration.ModelKind] = [.poisvae, .bivae, .dualvae]

    func run(_ c: TrainingConfiguration) throws -> TrainingOutcome {
        try TrainingRun.execute(c, dataset: .given(split), log: { _ in })
    }

    @Test("Fixed-seed regression: each model's last-epoch metrics and first-epoch loss are pinned",
          arguments: [(TrainingConfiguration.ModelKind.poisvae, 0.075, 0.03469329146467543, 22.972062713621806),
                      (.bivae, 0.375, 0.25994704323001644, 23.620491531978285),
                      (.dualvae, 0.25, 0.15939924353145563, 23.51864177608559)])
    func regression(model: TrainingConfiguration.ModelKind, recall: Double, ndcg: Double, firstLoss: Double) throws {
        let o = try run(smallCornacConfiguration(model))
        let r = o.test.mean(of: .recallFull(5)), n = o.test.mean(of: .ndcg(5))
        #expect(abs(r - recall) < 1e-6 && abs(n - ndcg) < 1e-6, "\(model): RecallFull@5 \(r), NDCG@5 \(n)")
        #expect(abs(o.epochs[0].loss - firstLoss) < 1e-6 * abs(firstLoss), "\(model): first loss \(o.epochs[0].loss)")
    }

    @Test("Each model learns the blocks: NDCG@5 well above an untrained model's; test-only items count but are never hit",
          arguments: [TrainingConfiguration.ModelKind.poisvae, .bivae, .dualvae])
    func learns(model: TrainingConfiguration.ModelKind) throws {
        var c = smallCornacConfiguration(model)
        c.epochs = 150
        let trained = try run(c)
        c.epochs = 1
        c.learningRate = 1e-9
        let untrained = try run(c)
        #expect(trained.test.mean(of: .ndcg(5)) > untrained.test.mean(of: .ndcg(5)) + 0.2)
        // Every user has test items, so none is skipped; user 0 has a test-only item in |T|.
        #expect(trained.test.evaluatedCount == 60 && trained.test.skippedCount == 0)
        #expect(trained.selectedEpoch == 150 && trained.validation == nil)
        #expect(trained.epochs.allSatisfy { $0.negativeGradient != nil && $0.smallScoreFraction != nil && $0.labelSmoothing == 0 })
    }

    @Test("A run resumed from a state saved after epoch 3 (encoded and decoded) ends bit-identical",
          arguments: [TrainingConfiguration.ModelKind.poisvae, .bivae, .dualvae])
    func resume(model: TrainingConfiguration.ModelKind) throws {
        var c = smallCornacConfiguration(model)
        c.epochs = 6
        c.labelSmoothing = 0.01
        let whole = try run(c)
        func check<M: CornacRecommender>(_ trainer: BilateralTrainer<M>) throws {
            var state = try trainer.start()
            for _ in 0..<3 { _ = try trainer.runEpoch(&state) }
            let restored = try JSONDecoder().decode(BilateralTrainer<M>.State.self, from: try JSONEncoder().encode(state))
            let resumed = try trainer.run(from: restored)
            #expect(resumed.test.values == whole.test.values)
            #expect(resumed.epochs.map(\.loss) == whole.epochs.map(\.loss))
            #expect(resumed.epochs.map(\.negativeGradient) == whole.epochs.map(\.negativeGradient))
        }
        switch model {
        case .poisvae: try check(BilateralTrainer(c, split: split) { PoisVAE(TrainingRun.poisVAEConfiguration(c, itemCount: 40), rng: &$0) })
        case .bivae: try check(BilateralTrainer(c, split: split) { BiVAE(TrainingRun.biVAEConfiguration(c, split: split, userFeatures: nil, itemFeatures: nil), rng: &$0) })
        default: try check(BilateralTrainer(c, split: split) { DualVAE(TrainingRun.dualVAEConfiguration(c, split: split), rng: &$0) })
        }
    }

    @Test("Label-smoothing schedule reaches the model per epoch and is logged")
    func schedule() throws {
        var c = smallCornacConfiguration(.bivae)
        c.epochs = 4
        c.labelSmoothing = 0.0
        c.labelSmoothingEnd = 0.1
        c.labelSmoothingRampEpochs = 2
        let o = try run(c)
        #expect(o.epochs.map { Float($0.labelSmoothing!) } == [0.05, 0.1, 0.1, 0.1])
        c.labelSmoothingEnd = nil
        c.labelSmoothing = 0.1
        let constant = try run(c)
        // Same α from epoch 2 on, but a different first epoch: the losses differ from epoch 1.
        #expect(constant.epochs[0].loss != o.epochs[0].loss)
    }

    @Test("Test-only items: ranked after every scored item, so a user whose only targets are unknown scores 0")
    func unknownItems() throws {
        var s = split
        // User 0 gets only the unknown item 40 as target.
        var rows = (0..<60).map { s.test.columns(ofRow: $0).map(Int.init) }
        rows[0] = [40]
        s.test = SparseMatrix(cols: 42, rowColumns: rows)
        let o = try TrainingRun.execute(smallCornacConfiguration(.bivae), dataset: .given(s), log: { _ in })
        #expect(o.test.values(of: .recallFull(5))[0] == 0)
    }

    @Test("Configuration: Cornac-family defaults, new keys, and errors naming the path")
    func configuration() throws {
        let c = try TrainingConfiguration.decode(Data(#"""
            {"model": "dualvae", "protocol": "given", "trainPath": "a.csv", "testPath": "b.csv", "likelihood": "bern",
             "aspects": 3, "contrastiveWeight": 0.1, "trainPrototypes": true, "labelSmoothing": 0.001,
             "labelSmoothingEnd": 0.1, "labelSmoothingRampEpochs": 200, "dropUnknownItems": true}
            """#.utf8), file: "c.json")
        #expect(c.protocol == .given && c.trainPath == "a.csv" && c.likelihood == .bernoulli && c.aspects == 3)
        #expect(c.latentDim == 20 && c.hiddenDims == [40] && c.batchSize == 128 && c.epochs == 500 && c.adamEpsilon == .pytorch)
        #expect(c.selection == .lastEpoch && c.seed == 123 && c.metrics == ["RecallFull@20", "NDCG@20", "RecallFull@50", "NDCG@50"])
        #expect(c.trainPrototypes && c.dropUnknownItems && c.labelSmoothingSchedule.alpha(epoch: 200) == 0.1)
        do {
            _ = try TrainingConfiguration.decode(Data(#"{"model": "bivae", "likelihood": "poison"}"#.utf8), file: "c.json")
            Issue.record("no error")
        } catch {
            #expect("\(error)".hasPrefix(#"c.json: $.likelihood: found "poison", expected one of pois, bern, gaus, mult"#))
        }
        let back = try JSONDecoder().decode(TrainingConfiguration.self, from: try c.json())
        #expect(back == c)
    }

    @Test("DatasetLoader: protocol given reads the files with Cornac indexing; dropUnknownItems drops test-only items")
    func loader() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vaelab-given-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "uid,iid\n5,10\n5,11\n6,11\n".write(to: dir.appendingPathComponent("train.csv"), atomically: true, encoding: .utf8)
        try "uid,iid\n6,10\n5,12\n".write(to: dir.appendingPathComponent("test.csv"), atomically: true, encoding: .utf8)
        var c = TrainingConfiguration.defaults(for: .bivae)
        c.trainPath = dir.appendingPathComponent("train.csv").path
        c.testPath = dir.appendingPathComponent("test.csv").path
        let (d, _) = try DatasetLoader.load(c)
        let s = try d.givenSplit(for: "bivae").split
        #expect(s.userIDs == ["5", "6"] && s.itemIDs == ["10", "11", "12"] && s.knownItemCount == 2)
        c.dropUnknownItems = true
        let dropped = try DatasetLoader.load(c).dataset.givenSplit(for: "bivae").split
        #expect(dropped.itemCount == 2 && dropped.test.nonzeroCount == 1)
        #expect(throws: DatasetKindError.self) { try d.foldInData(for: "multvae") }
    }
}

@Suite("PoisVAE under strong generalisation")
struct PoisVAEFoldInTests {
    @Test("PoisVAE trains through the vae_cf loop (fold-in evaluation) and beats an untrained model")
    func foldIn() throws {
        let data = foldInData(blockData(), heldOut: 20)
        var c = smallConfiguration(.poisvae)
        c.latentDim = 4
        c.hiddenDims = [16]
        c.annealSteps = 0
        c.betaCap = 0.2
        c.epochs = 60
        let trained = try TrainingRun.execute(c, data: data, log: { _ in })
        c.epochs = 1
        c.learningRate = 1e-9
        let untrained = try TrainingRun.execute(c, data: data, log: { _ in })
        #expect(trained.test.mean(of: .ndcg(10)) > untrained.test.mean(of: .ndcg(10)) + 0.1)
        #expect(throws: DatasetKindError.self) {
            var g = smallCornacConfiguration(.bivae)
            g.epochs = 1
            _ = try TrainingRun.execute(g, data: data, log: { _ in })
        }
    }
}

@Suite("BiVAE constrained adaptive priors from feature files")
struct CAPFeatureTests {
    @Test("Feature rows follow raw ids into Cornac's index order; a BiVAE with CAP priors trains end to end")
    func features() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vaelab-cap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Raw user ids appear as 1, 0 (so index 0 = raw 1); items as 2, 0, 1.
        try "uid,iid\n1,2\n1,0\n0,1\n0,2\n".write(to: dir.appendingPathComponent("train.csv"), atomically: true, encoding: .utf8)
        try "uid,iid\n1,1\n0,0\n".write(to: dir.appendingPathComponent("test.csv"), atomically: true, encoding: .utf8)
        try "0.5 1\n2 3\n".write(to: dir.appendingPathComponent("users.txt"), atomically: true, encoding: .utf8)
        try "10\n11\n12\n".write(to: dir.appendingPathComponent("items.txt"), atomically: true, encoding: .utf8)
        var c = smallCornacConfiguration(.bivae)
        c.trainPath = dir.appendingPathComponent("train.csv").path
        c.testPath = dir.appendingPathComponent("test.csv").path
        c.userFeaturesPath = dir.appendingPathComponent("users.txt").path
        c.itemFeaturesPath = dir.appendingPathComponent("items.txt").path
        c.batchSize = 1
        c.epochs = 2
        let (d, _) = try DatasetLoader.load(c)
        let (_, users, items) = try d.givenSplit(for: "bivae")
        #expect(users == Matrix([[2, 3], [0.5, 1]]))
        #expect(items == Matrix([[12], [10], [11]]))
        let o = try TrainingRun.execute(c, dataset: d, log: { _ in })
        #expect(o.epochs.count == 2 && o.epochs.allSatisfy { $0.loss.isFinite })
        // A feature file too short for the ids is an error naming the file and the ids allowed.
        try "1\n".write(to: dir.appendingPathComponent("items.txt"), atomically: true, encoding: .utf8)
        #expect(throws: DataError.self) { try DatasetLoader.load(c) }
    }
}
