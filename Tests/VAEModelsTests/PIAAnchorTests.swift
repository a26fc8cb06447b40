import Foundation
import Testing
import VAENumerics
@testable import VAEModels

@Suite("PIA anchor regulariser: closed form, gradients, Mult-VAE integration")
struct PIAAnchorTests {
    static let batch = randomBinary(5, 11, density: 0.3, seed: 41)

    static func table(seed: UInt64 = 42) -> AnchorTable {
        AnchorTable(table: uniformMatrix(11, 3, scale: 0.8, seed: seed))
    }

    @Test("Closed form = the compact form = a Monte Carlo estimate of (1/|S|)Σ E‖z − e_i‖²")
    func closedFormMatchesMonteCarlo() {
        let t = Self.table()
        let mu = uniformMatrix(5, 3, scale: 1, seed: 43)
        let lv = uniformMatrix(5, 3, scale: 1, seed: 44)
        let closed = t.loss(positives: Self.batch, mean: mu, logVariance: lv)
        var rng = RandomStream(seed: 45)
        let samples = 20_000
        for u in 0..<5 {
            let items = Self.batch.columns(ofRow: u).map(Int.init)
            var compact = 0.0, mc = 0.0
            for k in 0..<3 { compact += Double(_expf(lv[u, k])) }
            for i in items { for k in 0..<3 { let d = Double(mu[u, k] - t.table[i, k]); compact += d * d / Double(items.count) } }
            for _ in 0..<samples {
                let eps = rng.normals(3)
                let z = (0..<3).map { Double(mu[u, $0]) + Double(eps[$0]) * Double(_expf(0.5 * lv[u, $0])) }
                for i in items { for k in 0..<3 { let d = z[k] - Double(t.table[i, k]); mc += d * d } }
            }
            mc /= Double(samples * items.count)
            #expect(abs(closed[u] - compact) < 1e-5 * max(1, compact))
            #expect(abs(closed[u] - mc) < 0.03 * closed[u], "user \(u): closed \(closed[u]) vs MC \(mc)")
        }
    }

    @Test("A row with no positives contributes 0 and no gradient")
    func emptyRow() {
        var t = Self.table()
        let x = SparseMatrix(cols: 11, rowColumns: [[], [2, 5]])
        let mu = uniformMatrix(2, 3, seed: 46), lv = uniformMatrix(2, 3, seed: 47)
        var gmu = Matrix(rows: 2, cols: 3), glv = gmu
        let l = t.lossAndGradients(positives: x, mean: mu, logVariance: lv, scale: 1, gradMean: &gmu, gradLogVariance: &glv)
        #expect(l[0] == 0 && l[1] > 0)
        #expect(gmu.row(0) == [0, 0, 0] && glv.row(0) == [0, 0, 0])
        #expect((0..<11).filter { $0 != 2 && $0 != 5 }.allSatisfy { t.gradient.row($0) == [0, 0, 0] })
    }

    @Test("Gradients w.r.t. μ, log s² and the anchors match finite differences")
    func termGradients() {
        var t = Self.table()
        let mu = uniformMatrix(5, 3, scale: 1, seed: 48), lv = uniformMatrix(5, 3, scale: 1, seed: 49)
        let scale: Float = 0.37
        var gmu = Matrix(rows: 5, cols: 3), glv = gmu
        t.lossAndGradients(positives: Self.batch, mean: mu, logVariance: lv, scale: scale, gradMean: &gmu, gradLogVariance: &glv)
        func f(_ table: Matrix, _ m: Matrix, _ l: Matrix) -> Double {
            Double(scale) * AnchorTable(table: table).loss(positives: Self.batch, mean: m, logVariance: l).reduce(0, +)
        }
        var m = mu, l = lv, e = t.table
        #expect(worstGradientError(&m, analytic: gmu, step: 1e-2) { f(t.table, $0, lv) } < 1e-2)
        #expect(worstGradientError(&l, analytic: glv, step: 1e-2) { f(t.table, mu, $0) } < 1e-2)
        #expect(worstGradientError(&e, analytic: t.gradient, step: 1e-2) { f($0, mu, lv) } < 1e-2)
    }

    static func model(masking: InputMasking, anchorWeight: Float, keep: Float = 0.6) -> MultVAE {
        var c = MultVAE.Configuration(itemCount: 11)
        c.hiddenDims = [6]
        c.latentDim = 3
        c.keepProbability = keep
        c.masking = masking
        c.anchorWeight = anchorWeight
        c.anchorInit = .glorot
        var rng = RandomStream(seed: 50)
        var model = MultVAE(c, rng: &rng)
        model.encoder.visitParameters { p, _ in for i in 0..<p.count { p.data[i] += 0.05 * Float(i % 5) } }
        return model
    }

    @Test("Whole Mult-VAE with λ_A > 0: every parameter (encoder, decoder, anchors) under each masking variant",
          arguments: InputMasking.allCases)
    func modelGradients(masking: InputMasking) {
        let model = Self.model(masking: masking, anchorWeight: 0.8)
        #expect(model.anchors != nil)
        #expect(worstModelGradientError(model, batch: Self.batch, beta: 0.4, coordinatesPerTensor: 10) < 3e-2)
    }

    @Test("Anchor term's own gradient through the encoder: loss(λ) − loss(0) differentiates to λ·∂L_A")
    func anchorOnlyThroughEncoder() {
        // Same model, dropout and noise: the difference of the gradients is the anchor term's.
        let with = Self.model(masking: .m2, anchorWeight: 2)
        var a = with, b = with
        var r1 = RunRandomness(seed: 7), r2 = RunRandomness(seed: 7)
        let la = a.computeGradients(batch: Self.batch, beta: 0.3, anchorWeight: 2, randomness: &r1)
        let lb = b.computeGradients(batch: Self.batch, beta: 0.3, anchorWeight: 0, randomness: &r2)
        #expect(la.nll == lb.nll && la.kl == lb.kl && la.anchor == lb.anchor && la.anchor > 0)
        #expect(abs(la.total - lb.total - 2 * la.anchor) < 1e-9)
        var ga: [Matrix] = [], gb: [Matrix] = []
        a.visitParameters { _, g in ga.append(g) }
        b.visitParameters { _, g in gb.append(g) }
        #expect(ga[0] != gb[0])                  // encoder's first weight sees the anchor term
        #expect(ga[ga.count - 2] == gb[gb.count - 2])  // decoder's last bias does not
        #expect(gb.last!.data.allSatisfy { $0 == 0 })  // λ_A(t) = 0: no anchor gradient
    }

    @Test("λ_A = 0: no anchor table, no extra draw, no extra optimiser slot; λ_A > 0: anchors visited last")
    func parameterLayout() {
        let plain = Self.model(masking: .m1, anchorWeight: 0)
        var anchored = Self.model(masking: .m1, anchorWeight: 0.1)
        #expect(plain.anchors == nil && plain.encoder == anchored.encoder && plain.decoder == anchored.decoder)
        var shapes: [(Int, Int)] = []
        anchored.visitParameters { p, _ in shapes.append((p.rows, p.cols)) }
        #expect(shapes.count == 9 && shapes.last! == (11, 3))
        #expect(anchored.configuration.anchorWeight(updatesDone: 0) == 0.1)
        var warm = anchored.configuration
        warm.anchorWarmupSteps = 4
        #expect([0, 1, 2, 4, 9].map { warm.anchorWeight(updatesDone: $0) } == [0, 0.025, 0.05, 0.1, 0.1])
    }

    @Test("Anchor initialisations: normal std 0.01, zeros, Glorot bound")
    func initialisations() {
        var rng = RandomStream(seed: 51)
        let n = AnchorTable(itemCount: 200, latentDim: 50, initialization: .normal, rng: &rng).table
        let std = (n.squaredNorm / Double(n.count)).squareRoot()
        #expect(abs(std - 0.01) < 0.0005)
        #expect(AnchorTable(itemCount: 4, latentDim: 3, initialization: .zeros, rng: &rng).table.data.allSatisfy { $0 == 0 })
        let g = AnchorTable(itemCount: 200, latentDim: 50, initialization: .glorot, rng: &rng).table
        let bound = Float(6.0 / 250).squareRoot()
        #expect(g.data.allSatisfy { abs($0) <= bound } && g.data.contains { abs($0) > 0.9 * bound })
    }

    @Test("Checkpoints: the anchor table round-trips; a configuration saved before these options decodes to the defaults")
    func coding() throws {
        let m = Self.model(masking: .m3Rescaled, anchorWeight: 0.3)
        let back = try JSONDecoder().decode(MultVAE.self, from: try JSONEncoder().encode(m))
        #expect(back.anchors?.table == m.anchors?.table && back.configuration == m.configuration)
        var old = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(Self.model(masking: .m1, anchorWeight: 0).configuration)) as! [String: Any]
        for k in ["masking", "anchorWeight", "anchorWarmupSteps", "anchorInit"] { old[k] = nil }
        let c = try JSONDecoder().decode(MultVAE.Configuration.self, from: try JSONSerialization.data(withJSONObject: old))
        #expect(c.masking == .m1 && c.anchorWeight == 0 && c.anchorWarmupSteps == 0 && c.anchorInit == .normal)
        let oldTerms = try JSONDecoder().decode(LossTerms.self, from: Data(#"{"nll": 1, "kl": 2, "beta": 0.5, "penalty": 0}"#.utf8))
        #expect(oldTerms.total == 2 && oldTerms.anchor == 0)
    }
}

@Suite("Input masking variants M1–M3")
struct InputMaskingTests {
    static let x = randomBinary(40, 30, density: 0.3, seed: 60)

    static func rowNorm(_ m: SparseMatrix, _ r: Int) -> Float {
        (m.indptr[r]..<m.indptr[r + 1]).reduce(0) { $0 + m.values[$1] * m.values[$1] }.squareRoot()
    }

    @Test("m1 is vae_cf's normalise-then-dropout, draw for draw")
    func m1() {
        var a = RandomStream(seed: 61), b = a
        let got = InputMasking.m1.trainingInput(Self.x, keepProbability: 0.5, rng: &a)
        let want = InputCorruption.dropout(InputCorruption.normalizeRows(Self.x), keepProbability: 0.5, rng: &b)
        #expect(got == want && a == b)
    }

    @Test("m2 masks first, then normalises: every row unit-norm or all zero (no NaN); kept entries share one value per row")
    func m2() {
        var rng = RandomStream(seed: 62)
        let h = InputMasking.m2.trainingInput(Self.x, keepProbability: 0.1, rng: &rng)
        var zeroRows = 0
        for r in 0..<h.rows {
            let n = Self.rowNorm(h, r)
            let kept = h.values[h.indptr[r]..<h.indptr[r + 1]].filter { $0 != 0 }
            #expect(kept.allSatisfy { $0.isFinite && abs($0 - 1 / Float(kept.count).squareRoot()) < 1e-6 })
            if kept.isEmpty { zeroRows += 1 } else { #expect(abs(n - 1) < 1e-5) }
        }
        #expect(zeroRows > 0 && zeroRows < h.rows)   // keep 0.1: some rows are fully masked
    }

    @Test("m3 keeps raw 0/1 values; m3-rescaled keeps 0 or 1/p; the same draws select the same entries")
    func m3() {
        var a = RandomStream(seed: 63), b = a
        let plain = InputMasking.m3.trainingInput(Self.x, keepProbability: 0.4, rng: &a)
        let rescaled = InputMasking.m3Rescaled.trainingInput(Self.x, keepProbability: 0.4, rng: &b)
        #expect(plain.values.allSatisfy { $0 == 0 || $0 == 1 })
        #expect(rescaled.values.allSatisfy { $0 == 0 || $0 == 1 / Float(0.4) })
        #expect(zip(plain.values, rescaled.values).allSatisfy { ($0 == 0) == ($1 == 0) })
        let kept = Double(plain.values.filter { $0 != 0 }.count) / Double(plain.values.count)
        #expect(abs(kept - 0.4) < 0.08)
    }

    @Test("Keep probability 1 draws nothing; evaluation input is unmasked (normalised for m1/m2, raw for m3)")
    func evaluation() {
        for m in InputMasking.allCases {
            var rng = RandomStream(seed: 64)
            let before = rng
            let h = m.trainingInput(Self.x, keepProbability: 1, rng: &rng)
            #expect(rng == before && h == m.evaluationInput(Self.x))
        }
        #expect(InputMasking.m3.evaluationInput(Self.x) == Self.x)
        #expect(InputMasking.m2.evaluationInput(Self.x) == InputCorruption.normalizeRows(Self.x))
    }

    @Test("Mult-VAE scores ignore the mask: the same for every keep probability")
    func scoring() {
        for m in InputMasking.allCases {
            let a = PIAAnchorTests.model(masking: m, anchorWeight: 0.2, keep: 0.3)
            let b = PIAAnchorTests.model(masking: m, anchorWeight: 0.2, keep: 1)
            var sa = Matrix(rows: 0, cols: 0), sb = sa
            a.scores(PIAAnchorTests.batch, into: &sa)
            b.scores(PIAAnchorTests.batch, into: &sb)
            #expect(sa == sb && sa.data.allSatisfy(\.isFinite))
        }
    }
}
