import Foundation
import Testing
import VAENumerics
import VAEModels
@testable import VAEHarness

/// FNV-1a over the bit patterns of a sequence of doubles: a fingerprint that changes with
/// any bit of any value.
func bitDigest(_ values: [Double]) -> UInt64 {
    var h: UInt64 = 0xcbf29ce484222325
    for v in values {
        var b = v.bitPattern
        for _ in 0..<8 {
            h = (h ^ (b & 0xff)) &* 0x100000001b3
            b >>= 8
        }
    }
    return h
}

@Suite("PIA and masking options leave the default Mult-VAE bit-identical")
struct PIABitIdentityTests {
    /// Every epoch's loss terms, validation values and the test metrics of a 4-epoch run. The
    /// gradient norm (a logged diagnostic that feeds nothing) is left out: its summation
    /// order changed on purpose (`BlockedSquares`, commit after 4f302eb).
    static func fingerprint(_ c: TrainingConfiguration) throws -> UInt64 {
        let data = foldInData(blockData(), heldOut: 20)
        let o = try TrainingRun.execute(c, data: data, log: { _ in })
        let values = o.epochs.flatMap { [$0.nll, $0.kl, $0.beta, $0.loss, $0.validation ?? -1] }
            + o.test.values.flatMap { $0 }
        return bitDigest(values)
    }

    static func configuration() -> TrainingConfiguration {
        var c = smallConfiguration()
        c.epochs = 4
        return c
    }

    /// The fingerprint of `configuration()` under each numerics revision of Mult-VAE
    /// (`NumericsRevision`), per OpenBLAS kernel (`BLAS.coreName`): each kernel sums its
    /// products in its own order, so the same code gives other bits on another CPU. A change
    /// that moves Mult-VAE's numbers fails the test below; it adds the new fingerprint under a
    /// new revision here and bumps `NumericsRevision` to it, so checkpoints of the old
    /// numerics are not resumed. On a kernel without a pin the test still checks that the
    /// options at their defaults leave the run unchanged (against the defaults' own run).
    /// Cooperlake (AVX-512, the machine of the revisions below):
    /// - 1: the code before masking variants and anchors existed (commit 547b29c) up to
    ///   4f302eb (an earlier fingerprint, which also covered the gradient norm, was
    ///   2898920064050063011 and still held when this one was taken).
    /// - 2: the multinomial likelihood's exponentials vectorised (28a7e3f: Cephes' exp in 8
    ///   lanes, the sum in Double lanes), every Mult-VAE value moved in its last bits.
    /// - 3: tanh of the hidden layers in 8-lane vectors (`Activation.tanhVectorised`, Cephes'
    ///   tanhf) instead of libm's scalar tanhf.
    /// Zen (AVX2): revision 3 pinned on 2026-11-25 from the code of commit 6d82888, whose
    /// revision-3 fingerprint on Cooperlake was still the one above.
    static let fingerprints: [String: [Int: UInt64]] = [
        "Cooperlake": [1: 11396499478817214921, 2: 12756429365074360692, 3: 15601221677398143579],
        "Zen": [3: 13820369615802450037],
    ]

    /// The pinned fingerprint of the current revision on this machine's kernel, if any.
    static var pinned: UInt64? { fingerprints[BLAS.coreName]?[NumericsRevision.current(configuration())] }

    /// What a run that should be unchanged must match: the pin, or else the defaults' own run.
    static func before() throws -> UInt64 { try pinned ?? fingerprint(configuration()) }

    @Test("Defaults, and explicit masking m1 with λ_A = 0, reproduce the earlier code bit for bit")
    func unchanged() throws {
        if let revisions = Self.fingerprints[BLAS.coreName] {
            #expect(NumericsRevision.current(Self.configuration()) == revisions.keys.max(),
                    "a new numerics revision needs its fingerprint pinned for OpenBLAS core \(BLAS.coreName)")
        }
        let defaults = try Self.fingerprint(Self.configuration())
        if let pinned = Self.pinned {
            #expect(defaults == pinned, "OpenBLAS core \(BLAS.coreName)")
        }
        var c = Self.configuration()
        c.masking = .m1
        c.anchorWeight = 0
        c.anchorWarmupSteps = 100
        c.anchorInit = .glorot
        let explicit = try Self.fingerprint(c)
        #expect(explicit == defaults)
    }

    @Test("Other masking variants and λ_A > 0 change the run")
    func changed() throws {
        let before = try Self.before()
        for m in [InputMasking.m2, .m3, .m3Rescaled] {
            var c = Self.configuration()
            c.masking = m
            #expect(try Self.fingerprint(c) != before)
        }
        var c = Self.configuration()
        c.anchorWeight = 0.1
        #expect(try Self.fingerprint(c) != before)
    }

    @Test("Anchors: the epoch log shows the anchor term and λ_A; warm-up reaches λ_A linearly per update")
    func anchorLog() throws {
        let data = foldInData(blockData(), heldOut: 20)
        var c = Self.configuration()
        c.epochs = 3
        c.anchorWeight = 0.5
        c.anchorWarmupSteps = 6   // 80 training users, batch 25: 4 updates per epoch
        var lines: [String] = []
        let o = try TrainingRun.execute(c, data: data, log: { lines.append($0) })
        // λ_A of each epoch's last update: t = 3, 7, 11 updates done before it.
        #expect(o.epochs.map { $0.anchorWeight } == [Double(Float(0.5) * Float(3) / 6), 0.5, 0.5])
        #expect(o.epochs.allSatisfy { ($0.anchor ?? 0) > 0 })
        for r in o.epochs { #expect(abs(r.loss - (r.nll + r.beta * r.kl + r.anchorWeight! * r.anchor!)) < 1e-9) }
        #expect(lines.count == 3 && lines.allSatisfy { $0.contains("  anchor ") && $0.contains("lambdaA ") })
        var off = Self.configuration()
        off.epochs = 1
        var offLines: [String] = []
        let plain = try TrainingRun.execute(off, data: data, log: { offLines.append($0) })
        #expect(plain.epochs[0].anchor == nil && !offLines[0].contains("anchor"))
    }

    @Test("Configuration keys: parsed into the Mult-VAE configuration, validated with JSON paths")
    func configuration() throws {
        let c = try TrainingConfiguration.decode(Data(#"{"masking": "m3-rescaled", "anchorWeight": 0.01, "anchorWarmupSteps": 500, "anchorInit": "zeros"}"#.utf8))
        #expect(c.masking == .m3Rescaled && c.anchorWeight == 0.01 && c.anchorWarmupSteps == 500 && c.anchorInit == .zeros)
        let mc = TrainingRun.multVAEConfiguration(c, itemCount: 9)
        #expect(mc.masking == .m3Rescaled && mc.anchorWeight == Float(0.01) && mc.anchorWarmupSteps == 500 && mc.anchorInit == .zeros)
        func message(_ json: String) -> String {
            do { _ = try TrainingConfiguration.decode(Data(json.utf8), file: "c.json"); return "no error" } catch { return "\(error)" }
        }
        #expect(message(#"{"masking": "m4"}"#) == #"c.json: $.masking: found "m4", expected one of m1, m2, m3, m3-rescaled"#)
        #expect(message(#"{"anchorWeight": -1}"#).hasPrefix("c.json: $.anchorWeight: found -1, expected a number in"))
        #expect(message(#"{"anchorWarmupSteps": -3}"#).hasPrefix("c.json: $.anchorWarmupSteps: found -3, expected an integer"))
        #expect(message(#"{"anchorInit": "he"}"#) == #"c.json: $.anchorInit: found "he", expected one of normal, zeros, glorot"#)
        // Defaults leave run identities unchanged.
        #expect(try RunIdentity.runID(Self.configuration()) == RunIdentity.runID({ var d = Self.configuration(); d.masking = .m1; d.anchorWeight = 0; return d }()))
    }
}
