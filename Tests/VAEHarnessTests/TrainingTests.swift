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

    @Test("Both models learn the block structure: test NDCG@10 far above an untrained model's", arguments: [TrainingConfiguration.ModelKind.multvae, .multdae])
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
        c.evaluationInterval = 5
        let sparse = try TrainingRun.execute(c, data: data, log: { _ in })
        // Validated at epochs 5, 10, …, and always after the last one.
        #expect(sparse.epochs.filter { $0.validation != nil }.map(\.epoch) == Array(stride(from: 5, through: c.epochs, by: 5)) + (c.epochs % 5 == 0 ? [] : [c.epochs]))
        #expect(sparse.epochs.allSatisfy { ($0.validation == nil) == ($0.validationMetrics == nil) })
        c.evaluationInterval = 1
        c.selection = .lastEpoch
        let last = try TrainingRun.execute(c, data: data, log: { _ in })
        #expect(last.selectedEpoch == c.epochs)
        #expect(last.epochs.allSatisfy { $0.validation == nil })
    }

    @Test("A loss that becomes NaN stops the run with a divergence error naming the epoch")
    func divergence() throws {
        let trainer = try FoldInTrainer(smallConfiguration(), data: data) { _ in
            ExplodingModel(itemCount: data.itemCount, explodeAt: 6)
        }
        do {
            _ = try trainer.run()
            Issue.record("no divergence error")
        } catch let e as DivergenceError {
            // 80 users in batches of 25: 4 updates per epoch, so update 6 is in epoch 2.
            #expect(e.epoch == 2 && e.update == 6)
            #expect(e.description.contains("diverged at epoch 2"))
        }
    }

    @Test("A run resumed from a state saved after epoch 3 (encoded and decoded) ends bit-identical to an uninterrupted run",
          arguments: [TrainingConfiguration.ModelKind.multvae, .multdae])
    func resume(model: TrainingConfiguration.ModelKind) throws {
        var c = smallConfiguration(model)
        c.epochs = 6
        let whole = try TrainingRun.execute(c, data: data, log: { _ in })

        let trainer = try FoldInTrainer(c, data: data) { rng -> AnyFoldInModel in
            model == .multvae ? .vae(MultVAE(TrainingRun.multVAEConfiguration(c, itemCount: data.itemCount), rng: &rng))
                              : .dae(MultDAE(TrainingRun.multDAEConfiguration(c, itemCount: data.itemCount), rng: &rng))
        }
        var state = try trainer.start()
        for _ in 0..<3 { _ = try trainer.runEpoch(&state) }
        let saved = try JSONEncoder().encode(state)
        let restored = try JSONDecoder().decode(FoldInTrainer<AnyFoldInModel>.State.self, from: saved)
        let resumed = try trainer.run(from: restored)
        #expect(resumed.test.values == whole.test.values)
        #expect(resumed.epochs.map(\.loss) == whole.epochs.map(\.loss))
        #expect(resumed.epochs.map(\.validation) == whole.epochs.map(\.validation))
        #expect(resumed.selectedEpoch == whole.selectedEpoch)
    }
}

/// Either fold-in model behind one type, so a test can build both through one trainer.
enum AnyFoldInModel: FoldInRecommender {
    case vae(MultVAE)
    case dae(MultDAE)

    mutating func computeGradients(batch x: SparseMatrix, beta: Float, randomness: inout RunRandomness) -> LossTerms {
        switch self {
        case var .vae(m): defer { self = .vae(m) }; return m.computeGradients(batch: x, beta: beta, randomness: &randomness)
        case var .dae(m): defer { self = .dae(m) }; return m.computeGradients(batch: x, beta: beta, randomness: &randomness)
        }
    }

    func scores(_ x: SparseMatrix, into scores: inout Matrix) {
        switch self {
        case let .vae(m): m.scores(x, into: &scores)
        case let .dae(m): m.scores(x, into: &scores)
        }
    }

    mutating func visitParameters(_ body: (inout Matrix, Matrix) -> Void) {
        switch self {
        case var .vae(m): m.visitParameters(body); self = .vae(m)
        case var .dae(m): m.visitParameters(body); self = .dae(m)
        }
    }
}

/// A model whose loss turns NaN at a given update.
struct ExplodingModel: FoldInRecommender, Codable {
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
