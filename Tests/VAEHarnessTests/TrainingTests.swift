import Foundation
import Testing
import VAEEvaluation
import VAEModels
import VAENumerics
@testable import VAEHarness

@Suite("Training loop")
struct TrainingTests {
    let data = foldInData(blockData(), heldOut: 20)

    @Test("Same configuration and seed give bit-identical results; another seed does not")
    func determinism() throws {
        let c = smallConfiguration()
        let a = try TrainingRun.execute(c, data: data, log: { _ in })
        let b = try TrainingRun.execute(c, data: data, log: { _ in })
        #expect(a.test.values == b.test.values)
        #expect(a.epochs.map(\.loss) == b.epochs.map(\.loss))
        var other = c
        other.seed = 12345
        let d = try TrainingRun.execute(other, data: data, log: { _ in })
        #expect(d.epochs.map(\.loss) != a.epochs.map(\.loss))
    }

    @Test("Both models learn the block structure: test NDCG@10 far above an untrained model's", arguments: TrainingConfiguration.ModelKind.allCases)
    func learns(model: TrainingConfiguration.ModelKind) throws {
        var c = smallConfiguration(model)
        let trained = try TrainingRun.execute(c, data: data, log: { _ in })
        c.epochs = 1
        c.learningRate = 1e-9
        let untrained = try TrainingRun.execute(c, data: data, log: { _ in })
        let ndcg = MetricSpec.ndcg(10)
        // Ranking the held-out item among the ~4 unseen items of its block gives ≈ 0.64 at best.
        #expect(trained.test.mean(of: ndcg) > 0.45)
        #expect(trained.test.mean(of: ndcg) > untrained.test.mean(of: ndcg) + 0.2)
    }

    @Test("β counts updates across epochs (never reset): min(cap, t/T) at each epoch's last update")
    func betaCountedGlobally() throws {
        var c = smallConfiguration()
        c.epochs = 4
        c.annealSteps = 20
        c.betaCap = 0.3
        c.selection = .lastEpoch
        // 80 training users / 25 = 4 updates per epoch; the last update of epoch e has t = 4e − 1.
        let outcome = try TrainingRun.execute(c, data: data, log: { _ in })
        #expect(outcome.epochs.map(\.updates) == [4, 8, 12, 16])
        for r in outcome.epochs {
            #expect(abs(r.beta - min(0.3, Double(4 * r.epoch - 1) / 20)) < 1e-7)
        }
        c.klCounter = .resetPerEpoch
        let buggy = try TrainingRun.execute(c, data: data, log: { _ in })
        #expect(buggy.epochs.allSatisfy { abs($0.beta - 3.0 / 20) < 1e-7 })
    }

    @Test("Selection: best validation epoch is the arg-max of the logged validation metric; lastEpoch reports the last")
    func selection() throws {
        var c = smallConfiguration()
        let best = try TrainingRun.execute(c, data: data, log: { _ in })
        let values = best.epochs.map { $0.validation! }
        #expect(best.selectedEpoch == values.firstIndex(of: values.max()!)! + 1)
        c.selection = .lastEpoch
        let last = try TrainingRun.execute(c, data: data, log: { _ in })
        #expect(last.selectedEpoch == c.epochs)
        #expect(last.epochs.allSatisfy { $0.validation == nil })
    }

    @Test("A loss that becomes NaN stops the run with a divergence error naming the epoch")
    func divergence() throws {
        let trainer = try FoldInTrainer(smallConfiguration())
        var randomness = RunRandomness(seed: 1)
        #expect(throws: DivergenceError.self) {
            try trainer.train(ExplodingModel(itemCount: data.itemCount, explodeAt: 6), data: data, randomness: &randomness)
        }
        do {
            var r = RunRandomness(seed: 1)
            _ = try trainer.train(ExplodingModel(itemCount: data.itemCount, explodeAt: 6), data: data, randomness: &r)
        } catch let e as DivergenceError {
            #expect(e.epoch == 2 && e.update == 6)
            #expect(e.description.contains("diverged at epoch 2"))
        }
    }
}

/// A model whose loss turns NaN at a given update.
struct ExplodingModel: FoldInRecommender {
    var itemCount: Int
    var explodeAt: Int
    var calls = 0
    var weight = Matrix(rows: 1, cols: 1)

    mutating func computeGradients(batch x: SparseMatrix, beta: Float, randomness: inout RunRandomness) -> LossTerms {
        defer { calls += 1 }
        return LossTerms(nll: calls == explodeAt ? .nan : 1)
    }

    func scores(_ x: SparseMatrix, into scores: inout Matrix) {
        scores = Matrix(rows: x.rows, cols: itemCount)
    }

    mutating func visitParameters(_ body: (inout Matrix, Matrix) -> Void) {
        body(&weight, Matrix(rows: 1, cols: 1))
    }
}
