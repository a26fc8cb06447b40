import Foundation
import Testing
import VAEModels
import VAENumerics
@testable import VAEHarness

/// The paper's β search on the block fixture: 80 training users in batches of 25, so 4
/// updates per epoch; T = 50 updates, 8 epochs, so the search's β never reaches 1.
@Suite("β search (anneal toward 1, take the β of the validation peak, retrain)")
struct BetaSearchTests {
    let data = foldInData(blockData(), heldOut: 20)

    var configuration: TrainingConfiguration {
        var c = smallConfiguration()
        c.epochs = 8
        c.annealSteps = 50
        c.betaSearch = true
        return c
    }

    @Test("β* is the annealed β (cap 1) after the last update of the best validation epoch, by hand from the update counter")
    func searchedBeta() throws {
        let outcome = try TrainingRun.execute(configuration, data: data, log: { _ in })
        let search = try #require(outcome.betaSearch)
        #expect(search.epochs.count == 8 && outcome.epochs.count == 8)
        // The search anneals to 1: the last update of epoch e is update 4e − 1 (0-based), β = (4e − 1)/50.
        for r in search.epochs {
            #expect(r.updates == 4 * r.epoch)
            #expect(abs(r.beta - Double(Float(4 * r.epoch - 1) / 50)) < 1e-7)
        }
        let values = search.epochs.map { $0.validation! }
        let peak = values.firstIndex(of: values.max()!)! + 1
        #expect(search.epoch == peak && search.validation == values.max()!)
        #expect(search.updates == 4 * peak)
        #expect(search.beta == Double(min(Float(1), Float(4 * peak) / 50)))
        // The final phase is capped at β*.
        #expect(outcome.epochs.allSatisfy { $0.beta <= search.beta + 1e-12 })
    }

    @Test("The run's results are the final phase's: the same as a plain run with cap β*")
    func finalPhase() throws {
        let searched = try TrainingRun.execute(configuration, data: data, log: { _ in })
        var plain = configuration
        plain.betaSearch = false
        plain.betaCap = searched.betaSearch!.beta
        let direct = try TrainingRun.execute(plain, data: data, log: { _ in })
        #expect(searched.test.values == direct.test.values)
        #expect(searched.epochs == direct.epochs.map { var r = $0; r.trainSeconds = searched.epochs[$0.epoch - 1].trainSeconds
                                                           r.evalSeconds = searched.epochs[$0.epoch - 1].evalSeconds; return r })
        #expect(searched.selectedEpoch == direct.selectedEpoch)
    }

    @Test("β* by hand: global counter, counter reset per epoch, and T = 0")
    func foundByHand() throws {
        func record(_ epoch: Int, _ updates: Int) -> EpochRecord {
            EpochRecord(epoch: epoch, nll: 0, kl: 0, beta: 0, penalty: 0, loss: 0, updates: updates, validation: nil, trainSeconds: 0, evalSeconds: 0)
        }
        let records = [record(1, 234), record(2, 468), record(3, 702)]
        var c = TrainingConfiguration()
        c.annealSteps = 2000
        // Global: β = min(1, 468/2000).
        #expect(try BetaSearchTrainer<MultVAE>.found(records: records, bestEpoch: 2, bestValue: 0.3, configuration: c).beta == Double(Float(468) / 2000))
        c.annealSteps = 400
        #expect(try BetaSearchTrainer<MultVAE>.found(records: records, bestEpoch: 3, bestValue: 0.3, configuration: c).beta == 1)
        // Reset per epoch: the epoch's own 234 updates.
        c.klCounter = .resetPerEpoch
        c.annealSteps = 2000
        #expect(try BetaSearchTrainer<MultVAE>.found(records: records, bestEpoch: 3, bestValue: 0.3, configuration: c).beta == Double(Float(234) / 2000))
        c.annealSteps = 0
        #expect(try BetaSearchTrainer<MultVAE>.found(records: records, bestEpoch: 1, bestValue: 0.3, configuration: c).beta == 1)
        #expect(throws: BetaSearchError.self) { try BetaSearchTrainer<MultVAE>.found(records: records, bestEpoch: 0, bestValue: -.infinity, configuration: c) }
    }

    @Test("Interrupted in the search or in the final phase, a resumed run ends bit-identical", arguments: [3, 11])
    func resume(after epochs: Int) throws {
        let c = configuration
        let whole = try TrainingRun.execute(c, data: data, log: { _ in })
        let trainer = try BetaSearchTrainer(c, data: data) { rng in MultVAE(TrainingRun.multVAEConfiguration(c, itemCount: data.itemCount), rng: &rng) }
        #expect(trainer.epochCount == 16)
        var state = try trainer.start()
        for _ in 0..<epochs { _ = try trainer.runEpoch(&state) }
        let saved = try JSONEncoder().encode(state)
        // The checkpoint's top-level epoch count (what `Checkpointing.savedEpoch` reads) spans both phases.
        #expect((try JSONSerialization.jsonObject(with: saved) as? [String: Any])?["epochsDone"] as? Int == epochs)
        let resumed = try trainer.run(from: try JSONDecoder().decode(BetaSearchTrainer<MultVAE>.State.self, from: saved))
        #expect(resumed.test.values == whole.test.values)
        #expect(resumed.betaSearch?.beta == whole.betaSearch?.beta)
        #expect(resumed.epochs.map(\.loss) == whole.epochs.map(\.loss))
    }

    @Test("A run records searched_beta in metrics.json, the search log in search_log.csv")
    func outputs() throws {
        var c = configuration
        c.epochs = 3
        let outcome = try TrainingRun.execute(c, data: data, log: { _ in })
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try RunOutputs.write(configuration: c, outcome: outcome, to: dir)
        let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("metrics.json"))) as! [String: Any]
        // β* is a Float β widened; the JSON text keeps it to Float precision at least.
        #expect((metrics["searchedBeta"] as? Double).map(Float.init) == Float(outcome.betaSearch!.beta))
        let log = try String(contentsOf: dir.appendingPathComponent("search_log.csv"), encoding: .utf8).split(separator: "\n")
        #expect(log.count == 4)
    }

    @Test("Spec errors: betaSearch with a betaCap, with last-epoch selection, or on a model without a β anneal")
    func specErrors() {
        func message(_ base: String) -> String {
            let text = #"{"name": "t", "dataset": {"path": "x", "heldOutUsers": 10}, "base": {"#+base+#"}, "seeds": [1]}"#
            do { _ = try GridExpansion.expand(try ExperimentSpec.parse(Data(text.utf8), file: "s.json")); return "no error" } catch { return "\(error)" }
        }
        #expect(message(#""betaSearch": true"#) == "no error")
        #expect(message(#""betaSearch": true, "betaCap": 0.3"#) == "s.json: $.base.betaCap: found 0.3, expected no betaCap with betaSearch (the search anneals β toward 1 and retrains with the β of the validation peak as the cap)")
        #expect(message(#""betaSearch": true, "selection": "lastEpoch""#) == "s.json: $.base.betaSearch: found true, expected betaSearch only with selection bestValidation (the search takes the β of the validation peak)")
        #expect(message(#""model": "multdae", "betaSearch": true"#).hasPrefix("s.json: $.base.betaSearch: found true, expected no betaSearch for model multdae, which ignores it"))
    }
}
