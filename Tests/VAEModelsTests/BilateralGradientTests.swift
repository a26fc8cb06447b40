import Foundation
import Testing
import VAENumerics
@testable import VAEModels

/// Finite-difference checks of every loss term the Cornac-family models add.
@Suite("PoisVAE, BiVAE and DualVAE gradients (finite differences)")
struct BilateralGradientTests {
    /// Worst relative error over every tensor of the parameters at `side` (a few coordinates
    /// each), for a loss evaluated with a copy of the same random stream (fixed noise).
    func check<M, S: Trainable>(_ model: M, side: WritableKeyPath<M, S>, step: Float = 5e-3,
                                loss: (inout M, inout RandomStream) -> LossTerms) -> Double {
        let rng = RandomStream(seed: 41)
        var analytic = model
        var r = rng
        _ = loss(&analytic, &r)
        var grads: [Matrix] = []
        analytic[keyPath: side].visitParameters { _, g in grads.append(g) }
        var params: [Matrix] = []
        var m = model
        m[keyPath: side].visitParameters { p, _ in params.append(p) }
        var worst: Double = 0
        for t in params.indices {
            let coords = Array(Set((0..<10).map { ($0 * 7919 + t) % params[t].count })).sorted()
            var p = params[t]
            let err = worstGradientError(&p, analytic: grads[t], coordinates: coords, step: step) { value in
                var probe = model
                var slot = 0
                probe[keyPath: side].visitParameters { q, _ in
                    if slot == t { q = value }
                    slot += 1
                }
                var rr = rng
                return loss(&probe, &rr).total
            }
            worst = max(worst, err)
        }
        return worst
    }

    // MARK: Loss terms

    @Test("Mean-form likelihoods (DualVAE): ∂(−ll)/∂x̂ with and without label smoothing",
          arguments: Likelihood.allCases, [Float(0), 0.1])
    func meanLikelihood(likelihood: Likelihood, alpha: Float) {
        var x = uniformMatrix(4, 6, scale: 0.4, seed: 51)
        for i in 0..<x.count { x.data[i] += 0.5 }   // x̂ in (0.1, 0.9)
        let y = randomBinary(4, 6, density: 0.4, seed: 52)
        var g = Matrix(rows: 4, cols: 6)
        _ = likelihood.negativeLogLikelihood(mean: x, targets: y, smoothing: alpha, gradientScale: 1, gradient: &g)
        var none = Matrix(rows: 0, cols: 0)
        let err = worstGradientError(&x, analytic: g, step: 1e-3) {
            likelihood.negativeLogLikelihood(mean: $0, targets: y, smoothing: alpha, gradientScale: nil, gradient: &none).reduce(0, +)
        }
        #expect(err < 2e-2, "\(likelihood) α=\(alpha): worst relative error \(err)")
    }

    @Test("Label smoothing by hand: ỹ = (1−α)y + α/2 inside the Poisson term, EPS inside the log")
    func smoothingValues() {
        let x = Matrix([[0.5, 0.25]])
        let y = SparseMatrix(cols: 2, rowColumns: [[0]])
        var none = Matrix(rows: 0, cols: 0)
        let v = Likelihood.poisson.negativeLogLikelihood(mean: x, targets: y, smoothing: 0.2, gradientScale: nil, gradient: &none)[0]
        let expected = -(0.9 * log(0.5 + 1e-10) - 0.5) - (0.1 * log(0.25 + 1e-10) - 0.25)
        #expect(abs(v - expected) < 1e-6)
        // The negative's loss floor ỹ(1 − ln ỹ) at x̂ = ỹ (techniques.md §1: 0.0043005 for α = 0.001).
        let floorX = Matrix([[0.0005]])
        let neg = SparseMatrix(rows: 1, cols: 1, indptr: [0, 0], indices: [], values: [])
        let f = Likelihood.poisson.negativeLogLikelihood(mean: floorX, targets: neg, smoothing: 0.001, gradientScale: nil, gradient: &none)[0]
        #expect(abs(f - 0.0043005) < 1e-6)
    }

    @Test("Neighbourhood InfoNCE: value by hand and ∂/∂θ̃, ∂/∂n (the positive in both sums)")
    func infoNCE() {
        let a = 3, b = 4, k = 5
        let z = (0..<a).map { uniformMatrix(b, k, seed: 60 + UInt64($0)) }
        let n = (0..<a).map { uniformMatrix(b, k, seed: 70 + UInt64($0)) }
        let tau: Float = 0.2
        let (loss, gz, gn) = AspectContrastiveLoss.evaluate(samples: z, neighbours: n, temperature: tau)
        // Reference value, straight from the formula in Double.
        func cos(_ x: Matrix, _ i: Int, _ y: Matrix, _ j: Int) -> Double {
            var d = 0.0, nx = 0.0, ny = 0.0
            for c in 0..<k {
                d += Double(x[i, c]) * Double(y[j, c]); nx += Double(x[i, c] * x[i, c]); ny += Double(y[j, c] * y[j, c])
            }
            return d / (nx.squareRoot() * ny.squareRoot())
        }
        var ref = 0.0
        for u in 0..<b {
            for asp in 0..<a {
                let pos = exp(cos(n[asp], u, z[asp], u) / Double(tau))
                var den = 0.0
                for a2 in 0..<a { den += exp(cos(n[asp], u, z[a2], u) / Double(tau)) }
                for u2 in 0..<b { den += exp(cos(n[asp], u, z[asp], u2) / Double(tau)) }
                ref -= log(pos / den)
            }
        }
        #expect(abs(loss - ref / Double(b)) < 1e-4 * abs(ref))
        for asp in 0..<a {
            var za = z[asp], na = n[asp]
            let ez = worstGradientError(&za, analytic: gz[asp], step: 1e-3) { v in
                var zz = z; zz[asp] = v
                return AspectContrastiveLoss.evaluate(samples: zz, neighbours: n, temperature: tau).loss
            }
            let en = worstGradientError(&na, analytic: gn[asp], step: 1e-3) { v in
                var nn = n; nn[asp] = v
                return AspectContrastiveLoss.evaluate(samples: z, neighbours: nn, temperature: tau).loss
            }
            #expect(ez < 2e-2 && en < 2e-2, "aspect \(asp): θ̃ \(ez), n \(en)")
        }
    }

    // MARK: PoisVAE

    @Test("PoisVAE: every parameter, each likelihood, with label smoothing", arguments: Likelihood.allCases)
    func poisVAE(likelihood: Likelihood) {
        var c = PoisVAE.Configuration(itemCount: 9)
        c.latentDim = 3
        c.hiddenDims = [5]
        c.likelihood = likelihood
        c.klWeight = 0.7
        var rng = RandomStream(seed: 42)
        let model = PoisVAE(c, rng: &rng)
        let x = randomBinary(5, 9, density: 0.35, seed: 43)
        let err = check(model, side: \PoisVAE.self) { m, r in
            var none: ReconstructionMechanism? = nil
            return m.computeGradients(batch: x, smoothing: 0.1, beta: c.klWeight, rng: &r, mechanism: &none)
        }
        #expect(err < 3e-2, "\(likelihood): \(err)")
    }

    // MARK: BiVAE

    func biVAE(likelihood: Likelihood = .poisson, cap: Bool = false) -> (BiVAE, BipartiteData) {
        var c = BiVAE.Configuration(userCount: 7, itemCount: 9)
        c.latentDim = 3
        c.hiddenDims = [5]
        c.likelihood = likelihood
        c.klWeight = 0.8
        if cap { c.userFeatureCount = 2; c.itemFeatureCount = 3 }
        var rng = RandomStream(seed: 44)
        var model = BiVAE(c, rng: &rng)
        // Stored samples of a size that makes every path carry gradient.
        model.theta = uniformMatrix(7, 3, scale: 1, seed: 45)
        model.beta = uniformMatrix(9, 3, scale: 1, seed: 46)
        let data = BipartiteData(userRows: randomBinary(7, 9, density: 0.35, seed: 47),
                                 userFeatures: cap ? uniformMatrix(7, 2, seed: 48) : nil,
                                 itemFeatures: cap ? uniformMatrix(9, 3, seed: 49) : nil)
        return (model, data)
    }

    @Test("BiVAE: user-side and item-side losses w.r.t. encoders and heads (other side's samples constant)",
          arguments: [Likelihood.poisson, .bernoulli, .gaussian], [BilateralSide.user, .item])
    func biVAESides(likelihood: Likelihood, side: BilateralSide) {
        let (model, data) = biVAE(likelihood: likelihood)
        let rows = 1..<5
        let x = data.rows(of: side).rows(rows)
        let err = check(model, side: BiVAE.path(side)) { m, r in
            var none: ReconstructionMechanism? = nil
            return m.computeGradients(side, rows: rows, batch: x, features: nil, smoothing: 0.1, rng: &r, mechanism: &none)
        }
        #expect(err < 3e-2, "\(likelihood) \(side): \(err)")
    }

    @Test("BiVAE CAP: the prior-mean layer's gradient, both sides", arguments: [BilateralSide.user, .item])
    func biVAECAP(side: BilateralSide) {
        let (model, data) = biVAE(cap: true)
        let rows = 2..<6
        let x = data.rows(of: side).rows(rows)
        let err = check(model, side: BiVAE.path(side)) { m, r in
            var none: ReconstructionMechanism? = nil
            return m.computeGradients(side, rows: rows, batch: x, features: data.features(of: side), smoothing: 0, rng: &r, mechanism: &none)
        }
        #expect(err < 3e-2, "\(side): \(err)")
    }

    @Test("BiVAE: a pass never touches the other side (parameters, gradients, stored samples)")
    func biVAENoCrossing() {
        let (model, data) = biVAE()
        var m = model
        var rng = RandomStream(seed: 1)
        var adams = [Adam(), Adam()]
        let x = data.userRows.rows(0..<4)
        var none: ReconstructionMechanism? = nil
        _ = m.computeGradients(.user, rows: 0..<4, batch: x, features: nil, smoothing: 0, rng: &rng, mechanism: &none)
        adams[BiVAE.userOptimizer].update(&m.user)
        m.refresh(.user, rows: 0..<4, batch: x, storeSample: true, rng: &rng)
        #expect(m.item == model.item && m.beta == model.beta && m.muBeta == model.muBeta)
        #expect(m.user != model.user && m.theta != model.theta)
        // Rows outside the batch keep their stored samples.
        #expect(m.theta.row(5) == model.theta.row(5) && m.theta.row(0) != model.theta.row(0))
    }

    // MARK: DualVAE

    func dualVAE(likelihood: Likelihood = .poisson, trainPrototypes: Bool = false) -> (DualVAE, BipartiteData) {
        var c = DualVAE.Configuration(userCount: 6, itemCount: 8)
        c.latentDim = 3
        c.aspects = 2
        c.encoderHiddenDims = [4]
        c.decoderHiddenDims = [3]
        c.likelihood = likelihood
        c.klWeight = 0.9
        c.contrastiveWeight = 0.5
        c.trainPrototypes = trainPrototypes
        var rng = RandomStream(seed: 54)
        var model = DualVAE(c, rng: &rng)
        model.theta = (0..<2).map { uniformMatrix(6, 3, seed: 55 + UInt64($0)) }
        model.beta = (0..<2).map { uniformMatrix(8, 3, seed: 57 + UInt64($0)) }
        model.user.prototypes = uniformMatrix(2, 3, scale: 1.5, seed: 59)
        model.item.prototypes = uniformMatrix(2, 3, scale: 1.5, seed: 60)
        return (model, BipartiteData(userRows: randomBinary(6, 8, density: 0.4, seed: 61)))
    }

    @Test("DualVAE: each side's loss (aspect-weighted prediction, tanh term, InfoNCE, KL) w.r.t. encoder, heads and decoder net",
          arguments: [Likelihood.poisson, .bernoulli, .gaussian, .multinomial], [BilateralSide.user, .item])
    func dualVAESides(likelihood: Likelihood, side: BilateralSide) {
        let (model, data) = dualVAE(likelihood: likelihood)
        let x = data.rows(of: side).rows(1..<5)
        // Step 1e-3: the cosine/InfoNCE term (γ = 0.5 here) curves strongly on the item side.
        let err = check(model, side: DualVAE.path(side), step: 1e-3) { m, r in
            var none: ReconstructionMechanism? = nil
            return m.computeGradients(side, batch: x, smoothing: 0.1, rng: &r, mechanism: &none)
        }
        #expect(err < 3e-2, "\(likelihood) \(side): \(err)")
    }

    @Test("DualVAE with trainPrototypes: the prototypes' gradient through the aspect weights", arguments: [BilateralSide.user, .item])
    func dualVAEPrototypes(side: BilateralSide) {
        let (model, data) = dualVAE(trainPrototypes: true)
        let x = data.rows(of: side).rows(0..<4)
        let err = check(model, side: DualVAE.path(side)) { m, r in
            var none: ReconstructionMechanism? = nil
            return m.computeGradients(side, batch: x, smoothing: 0.05, rng: &r, mechanism: &none)
        }
        #expect(err < 3e-2, "\(side): \(err)")
    }

    @Test("DualVAE: prototypes stay at their init by default and move with trainPrototypes")
    func dualVAEFrozenPrototypes() {
        for train in [false, true] {
            let (model, data) = dualVAE(trainPrototypes: train)
            var m = model
            var adams = [Adam(), Adam()]
            var rng = RandomStream(seed: 3)
            for _ in 0..<2 { _ = m.trainEpoch(data, smoothing: 0.01, batchSize: 4, optimizers: &adams, rng: &rng) }
            #expect((m.user.prototypes == model.user.prototypes) == !train)
            #expect((m.item.prototypes == model.item.prototypes) == !train)
            #expect(m.user.encoder != model.user.encoder && m.item.decoder != model.item.decoder)
        }
    }

    // MARK: DirectSpec

    @Test("BiVAE with DirectSpec (weight 20, so the term dominates): each side's parameters, both forms",
          arguments: DirectSpecPenalty.Form.allCases, [BilateralSide.user, .item])
    func biVAEDirectSpec(form: DirectSpecPenalty.Form, side: BilateralSide) {
        let (model, data) = biVAE()
        let rows = 1..<6
        let x = data.rows(of: side).rows(rows)
        let ds = DirectSpecPenalty(weight: 20, form: form, tau: 3)
        var terms = LossTerms()
        let err = check(model, side: BiVAE.path(side)) { m, r in
            var none: ReconstructionMechanism? = nil
            terms = m.computeGradients(side, rows: rows, batch: x, features: nil, smoothing: 0.1, directSpec: ds, rng: &r, mechanism: &none)
            return terms
        }
        #expect(err < 3e-2, "\(form) \(side): \(err)")
        #expect(terms.directSpec > 0 && terms.directSpecWeight == 20)
    }

    @Test("DualVAE with DirectSpec on the aspect means side by side: each side's parameters, both forms",
          arguments: DirectSpecPenalty.Form.allCases, [BilateralSide.user, .item])
    func dualVAEDirectSpec(form: DirectSpecPenalty.Form, side: BilateralSide) {
        let (model, data) = dualVAE()
        let x = data.rows(of: side).rows(1..<5)
        let ds = DirectSpecPenalty(weight: 20, form: form, tau: 3)
        var terms = LossTerms()
        let err = check(model, side: DualVAE.path(side), step: 1e-3) { m, r in
            var none: ReconstructionMechanism? = nil
            terms = m.computeGradients(side, batch: x, smoothing: 0.1, directSpec: ds, rng: &r, mechanism: &none)
            return terms
        }
        #expect(err < 3e-2, "\(form) \(side): \(err)")
        #expect(terms.directSpec > 0)
    }

    @Test("DirectSpec in an epoch: only the sides named get the term; nil leaves the epoch bit-identical",
          arguments: [DirectSpecPenalty.Sides.users, .items, .both])
    func directSpecSides(sides: DirectSpecPenalty.Sides) {
        let (model, data) = biVAE()
        func epoch(_ ds: DirectSpecPenalty?) -> (BiVAE, CornacEpochLoss) {
            var m = model
            var adams = [Adam(), Adam()]
            var rng = RandomStream(seed: 4)
            let loss = ds == nil ? m.trainEpoch(data, smoothing: 0, batchSize: 3, optimizers: &adams, rng: &rng)
                : m.trainEpoch(data, smoothing: 0, directSpec: ds, batchSize: 3, optimizers: &adams, rng: &rng)
            return (m, loss)
        }
        let (plain, plainLoss) = epoch(nil)
        var adams = [Adam(), Adam()]
        var rng = RandomStream(seed: 4)
        var explicit = model
        let explicitLoss = explicit.trainEpoch(data, smoothing: 0, directSpec: nil, batchSize: 3, optimizers: &adams, rng: &rng)
        #expect(explicit == plain && explicitLoss == plainLoss)
        let (_, loss) = epoch(DirectSpecPenalty(weight: 1, sides: sides))
        #expect((loss.user.directSpec > 0) == sides.includes(.user))
        #expect((loss.item!.directSpec > 0) == sides.includes(.item))
        #expect(loss.user.directSpecWeight == (sides.includes(.user) ? 1 : 0))
    }

    @Test("Mechanism measures: mean |gradient| over negatives and the fraction of x̂ < 1e-3")
    func mechanism() {
        var mech = ReconstructionMechanism()
        let scores = Matrix([[0.5, 0.0001, 0.2], [0.0005, 0.9, 0.3]])
        let grad = Matrix([[1, -2, 3], [-4, 5, 6]])
        let y = SparseMatrix(cols: 3, rowColumns: [[0], [1]])
        mech.add(scores: scores, gradient: grad, scale: 0.5, targets: y)
        // Negatives: (0,1), (0,2), (1,0), (1,2): |g|/0.5 = 4, 6, 8, 12.
        #expect(mech.negativeGradient == 7.5)
        #expect(abs(mech.smallScoreFraction - 2.0 / 6) < 1e-12)
    }

    @Test("Label-smoothing schedule: linear ramp held within an epoch, constant when unset")
    func schedule() {
        let s = LabelSmoothingSchedule(start: 0.001, end: 0.1, rampEpochs: 200)
        #expect(abs(s.alpha(epoch: 1) - (0.001 + 0.099 / 200)) < 1e-9)
        #expect(abs(s.alpha(epoch: 100) - 0.0505) < 1e-7)
        #expect(s.alpha(epoch: 200) == 0.1 && s.alpha(epoch: 500) == 0.1)
        #expect(LabelSmoothingSchedule.constant(0.05).alpha(epoch: 7) == 0.05)
    }
}

@Suite("Fast transcendentals")
struct FastTranscendentalsTests {
    @Test("exp within 2 ulp-ish of libm over the clamped range; sigmoid and tanh within 3e-7 absolute; saturation finite")
    func accuracy() {
        var worstExp: Float = 0, worstS: Float = 0, worstT: Float = 0
        var x: Float = -87
        while x < 88 {
            worstExp = max(worstExp, abs(FastTranscendentals.exp(x) / _expf(x) - 1))
            x += 0.0137
        }
        x = -30
        while x < 30 {
            worstS = max(worstS, abs(FastTranscendentals.sigmoid(x) - RowKernels.sigmoid(x)))
            worstT = max(worstT, abs(FastTranscendentals.tanh(x) - _tanhf(x)))
            x += 0.00071
        }
        #expect(worstExp < 3e-7, "exp \(worstExp)")
        #expect(worstS < 3e-7 && worstT < 3e-7, "sigmoid \(worstS), tanh \(worstT)")
        #expect(FastTranscendentals.exp(1000).isFinite && FastTranscendentals.exp(-1000) > 0)
        #expect(FastTranscendentals.tanh(100) == 1 && FastTranscendentals.tanh(-100) == -1 && FastTranscendentals.sigmoid(-200) >= 0)
    }

    @Test("log within 2e-7 relative of libm from 1e-10 to 1e6, exact at 1")
    func logarithm() {
        var worst: Float = 0
        var x: Float = 1e-10
        while x < 1e6 {
            let reference = _logf(x)
            worst = max(worst, abs(FastTranscendentals.log(x) - reference) / max(1, abs(reference)))
            x *= 1.0007
        }
        #expect(worst < 2e-7, "log \(worst)")
        #expect(FastTranscendentals.log(1) == 0)
    }
}
