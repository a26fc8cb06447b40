import Foundation
import Testing
import VAEData
import VAEModels
import VAENumerics
@testable import VAEHarness

/// DirectSpec as a training option of Mult-VAE, BiVAE and DualVAE: off by default and then
/// bit-identical to the code before it; on, in the loss, the log and `train_log.csv`.
@Suite("DirectSpec training option")
struct DirectSpecTrainingTests {
    /// A configuration with every DirectSpec setting changed except the weight (still off).
    static func offButSet(_ c: TrainingConfiguration) -> TrainingConfiguration {
        var c = c
        c.directSpecWeight = 0
        c.directSpecForm = .cubic
        c.directSpecTau = 7
        c.directSpecSide = .users
        c.directSpecEvery = 2
        return c
    }

    // MARK: Bit identity when off

    @Test("Mult-VAE: weight 0 (whatever the other DirectSpec settings) reproduces the pinned pre-DirectSpec run bit for bit")
    func multVAEOff() throws {
        let before = try PIABitIdentityTests.before()
        #expect(try PIABitIdentityTests.fingerprint(Self.offButSet(PIABitIdentityTests.configuration())) == before)
        var on = PIABitIdentityTests.configuration()
        on.directSpecWeight = 0.1
        #expect(try PIABitIdentityTests.fingerprint(on) != before)
    }

    /// Every epoch's loss terms and mechanism measure, and the test metrics, of a 4-epoch
    /// Cornac-family run on `givenBlockSplit`.
    static func cornacFingerprint(_ c: TrainingConfiguration) throws -> UInt64 {
        let o = try TrainingRun.execute(c, dataset: .given(givenBlockSplit()), log: { _ in })
        let values = o.epochs.flatMap { [$0.nll, $0.kl, $0.beta, $0.loss, $0.itemLoss ?? -1, $0.negativeGradient ?? -1] }
            + o.test.values.flatMap { $0 }
        return bitDigest(values)
    }

    static func cornac(_ model: TrainingConfiguration.ModelKind) -> TrainingConfiguration {
        var c = smallCornacConfiguration(model)
        c.epochs = 4
        return c
    }

    /// The fingerprints of `cornac(model)`, keyed by numerics revision (`NumericsRevision`),
    /// per OpenBLAS kernel (`BLAS.coreName`, as `PIABitIdentityTests.fingerprints`): a change
    /// that moves these models' numbers adds its fingerprints under a new revision and bumps
    /// `NumericsRevision` to it. On a kernel without a pin the runs with DirectSpec off are
    /// compared with the defaults' own run.
    /// - Cooperlake, 1: the code before DirectSpec existed, main at commit 3397d94, with the
    ///   fused BiVAE / DualVAE kernels (at 654f01d, before them, they were
    ///   8444175967197646083 and 14576998890386748346).
    /// - Zen, 1: pinned on 2026-11-25 from the code of commit 6d82888, whose Cooperlake
    ///   fingerprints were still those above.
    static let cornacFingerprints: [String: [Int: [TrainingConfiguration.ModelKind: UInt64]]] = [
        "Cooperlake": [1: [.bivae: 9696173251562002442, .dualvae: 9717421638554815378]],
        "Zen": [1: [.bivae: 648763870082989003, .dualvae: 6543149357373200895]],
    ]

    @Test("BiVAE, DualVAE: weight 0 reproduces the pinned pre-DirectSpec runs bit for bit; weight > 0 changes them",
          arguments: [TrainingConfiguration.ModelKind.bivae, .dualvae])
    func cornacOff(model: TrainingConfiguration.ModelKind) throws {
        let revision = NumericsRevision.current(Self.cornac(model))
        let defaults = try Self.cornacFingerprint(Self.cornac(model))
        if let revisions = Self.cornacFingerprints[BLAS.coreName] {
            #expect(revision == revisions.keys.max(),
                    "a new numerics revision needs its fingerprints pinned for OpenBLAS core \(BLAS.coreName)")
            #expect(defaults == revisions[revision]?[model], "OpenBLAS core \(BLAS.coreName): \(defaults)")
        }
        #expect(try Self.cornacFingerprint(Self.offButSet(Self.cornac(model))) == defaults)
        var on = Self.cornac(model)
        on.directSpecWeight = 0.5
        #expect(try Self.cornacFingerprint(on) != defaults)
    }

    @Test("Weight 0: default settings keep the run identity; train_log.csv has no DirectSpec columns")
    func identityAndLogOff() throws {
        let c = Self.cornac(.bivae)
        var d = c
        d.directSpecForm = .softmax
        d.directSpecTau = Double(DirectSpecPenalty.defaultTau)
        d.directSpecSide = .both
        d.directSpecEvery = 1
        #expect(try RunIdentity.runID(c) == RunIdentity.runID(d))
        let o = try TrainingRun.execute(c, dataset: .given(givenBlockSplit()), log: { _ in })
        #expect(!RunOutputs.trainLog(o.epochs).contains("directspec"))
        #expect(o.epochs.allSatisfy { $0.directSpec == nil && $0.directSpecWeight == nil })
    }

    // MARK: On

    @Test("Mult-VAE on: the loss includes λ_S·R, every-2-epochs skips odd epochs, log line and CSV columns")
    func multVAEOn() throws {
        var c = PIABitIdentityTests.configuration()
        c.directSpecWeight = 0.3
        c.directSpecForm = .cubic
        c.directSpecEvery = 2
        var lines: [String] = []
        let o = try TrainingRun.execute(c, data: foldInData(blockData(), heldOut: 20), log: { lines.append($0) })
        #expect(o.epochs.map { $0.directSpecWeight } == [0, 0.30000001192092896, 0, 0.30000001192092896])
        for r in o.epochs {
            #expect((r.directSpec! > 0) == (r.epoch % 2 == 0))
            #expect(abs(r.loss - (r.nll + r.beta * r.kl + r.directSpecWeight! * r.directSpec!)) < 1e-9)
        }
        #expect(lines.allSatisfy { $0.contains("  directspec ") })
        let log = RunOutputs.trainLog(o.epochs).split(separator: "\n")
        #expect(log[0].contains(",anchor_weight,directspec,item_directspec,directspec_weight,val_"))
        let fields = log[2].split(separator: ",", omittingEmptySubsequences: false)
        #expect(abs(Double(fields[17])! - o.epochs[1].directSpec!) < 1e-8 * o.epochs[1].directSpec!)
        #expect(fields[18].isEmpty && abs(Double(fields[19])! - 0.3) < 1e-7)
    }

    @Test("BiVAE, DualVAE on: user and item passes carry the term on the sides named",
          arguments: [TrainingConfiguration.ModelKind.bivae, .dualvae], [DirectSpecPenalty.Sides.users, .items, .both])
    func cornacOn(model: TrainingConfiguration.ModelKind, sides: DirectSpecPenalty.Sides) throws {
        var c = Self.cornac(model)
        c.epochs = 2
        c.directSpecWeight = 0.5
        c.directSpecSide = sides
        let o = try TrainingRun.execute(c, dataset: .given(givenBlockSplit()), log: { _ in })
        for r in o.epochs {
            #expect((r.directSpec! > 0) == sides.includes(.user))
            #expect((r.itemDirectSpec! > 0) == sides.includes(.item))
            #expect(r.directSpecWeight == 0.5)
        }
    }

    @Test("BiVAE with DirectSpec: a run resumed from a state saved after epoch 2 ends bit-identical")
    func resume() throws {
        var c = Self.cornac(.bivae)
        c.directSpecWeight = 0.5
        c.directSpecEvery = 2
        let split = givenBlockSplit()
        let whole = try TrainingRun.execute(c, dataset: .given(split), log: { _ in })
        let trainer = try BilateralTrainer(c, split: split) {
            BiVAE(TrainingRun.biVAEConfiguration(c, split: split, userFeatures: nil, itemFeatures: nil), rng: &$0)
        }
        var state = try trainer.start()
        for _ in 0..<2 { _ = try trainer.runEpoch(&state) }
        let restored = try JSONDecoder().decode(BilateralTrainer<BiVAE>.State.self, from: try JSONEncoder().encode(state))
        let resumed = try trainer.run(from: restored)
        #expect(resumed.test.values == whole.test.values && resumed.epochs.map(\.loss) == whole.epochs.map(\.loss))
    }

    // MARK: Configuration

    @Test("Configuration keys: parsed, defaults, and errors naming the JSON path")
    func configuration() throws {
        let c = try TrainingConfiguration.decode(Data(#"""
            {"model": "bivae", "directSpecWeight": 0.01, "directSpecForm": "cubic", "directSpecTau": 4,
             "directSpecSide": "items", "directSpecEvery": 5}
            """#.utf8))
        #expect(c.directSpec == DirectSpecPenalty(weight: 0.01, form: .cubic, tau: 4, sides: .items, everyEpochs: 5))
        #expect(c.directSpec(epoch: 5) != nil && c.directSpec(epoch: 4) == nil)
        let d = TrainingConfiguration()
        #expect(d.directSpec == nil && d.directSpecForm == .softmax && d.directSpecTau == 3 && d.directSpecSide == .both && d.directSpecEvery == 1)
        func message(_ json: String) -> String {
            do { _ = try TrainingConfiguration.decode(Data(json.utf8), file: "c.json"); return "no error" } catch { return "\(error)" }
        }
        #expect(message(#"{"directSpecForm": "quartic"}"#) == #"c.json: $.directSpecForm: found "quartic", expected one of softmax, cubic"#)
        #expect(message(#"{"directSpecSide": "all"}"#) == #"c.json: $.directSpecSide: found "all", expected one of users, items, both"#)
        #expect(message(#"{"directSpecWeight": -1}"#).hasPrefix("c.json: $.directSpecWeight: found -1, expected a number in"))
        #expect(message(#"{"directSpecTau": 0}"#).hasPrefix("c.json: $.directSpecTau: found 0, expected a number in"))
        #expect(message(#"{"directSpecEvery": 0}"#).hasPrefix("c.json: $.directSpecEvery: found 0, expected an integer in 1..."))
        #expect(message(#"{"model": "poisvae", "directSpecWeight": 0.1}"#)
                == "c.json: $.directSpecWeight: found 0.1, expected no directSpecWeight for model poisvae with protocol given, which ignores it (directSpecWeight applies only to multvae, bivae and dualvae)")
        // Without the relevance check (a recorded config.json) the run itself refuses it.
        let recorded = try TrainingConfiguration.decodeRecorded(Data(#"{"model": "poisvae", "directSpecWeight": 0.1}"#.utf8))
        #expect(recorded.directSpecProblem?.key == "directSpecWeight")
        #expect(throws: DataError.self) { try TrainingRun.execute(recorded, dataset: .given(givenBlockSplit()), log: { _ in }) }
        #expect(message(#"{"model": "multvae", "directSpecWeight": 0.1, "directSpecSide": "items"}"#).hasPrefix(
                #"c.json: $.directSpecSide: found "items" with model multvae, expected users or both"#))
        // Mult-DAE ignores DirectSpec: any of its keys is an error (KnobRelevance), even with weight 0.
        #expect(message(#"{"model": "multdae", "directSpecWeight": 0, "directSpecForm": "cubic"}"#)
                == "c.json: $.directSpecForm: found \"cubic\", expected no directSpecForm for model multdae, which ignores it (directSpecForm applies only to multvae, bivae and dualvae)")
        #expect(message(#"{"model": "bivae", "protocol": "given", "directSpecWeight": 0, "directSpecForm": "cubic"}"#) == "no error")
    }

    @Test("Spec errors point at the spec path where the offending value was written")
    func specPaths() throws {
        func message(_ json: String) -> String {
            do { _ = try GridExpansion.expand(try ExperimentSpec.parse(Data(json.utf8), file: "s.json")); return "no error" }
            catch { return "\(error)" }
        }
        let grid = #"{"name": "x", "base": {"model": "poisvae"}, "grid": {"directSpecWeight": [0, 0.1]}, "seeds": [1]}"#
        #expect(message(grid).hasPrefix("s.json: $.grid.directSpecWeight[0]: found 0, expected no directSpecWeight for model poisvae"))
        // A model grid: the DirectSpec keys belong under the overrides of the models that read them.
        let models = #"{"name": "x", "base": {"directSpecWeight": 0.1}, "grid": {"model": ["multvae", "multdae"]}, "seeds": [1]}"#
        #expect(message(models).hasPrefix("s.json: $.base.directSpecWeight: found 0.1, expected no directSpecWeight for model multdae"))
        let overrides = #"{"name": "x", "grid": {"model": ["multvae", "multdae"]}, "overrides": {"multvae": {"directSpecWeight": 0.1}}, "seeds": [1]}"#
        #expect(message(overrides) == "no error")
        let side = #"{"name": "x", "base": {"model": "multvae", "directSpecWeight": 0.1}, "overrides": {"multvae": {"directSpecSide": "items"}}, "seeds": [1]}"#
        #expect(message(side).hasPrefix(#"s.json: $.overrides.multvae.directSpecSide: found "items" with model multvae"#))
    }
}
