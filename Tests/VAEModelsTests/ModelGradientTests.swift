import Testing
import VAENumerics
@testable import VAEModels

@Suite("Mult-VAE and Mult-DAE end-to-end gradients (finite differences)")
struct ModelGradientTests {
    /// Checks every parameter tensor of a model against finite differences of its batch
    /// loss, holding the dropout mask and the sampling noise fixed (same randomness copy).
    func check<M: FoldInRecommender>(_ model: M, batch: SparseMatrix, beta: Float) -> Double {
        let randomness = RunRandomness(seed: 31)
        var analytic = model
        var r = randomness
        _ = analytic.computeGradients(batch: batch, beta: beta, randomness: &r)
        var grads: [Matrix] = []
        analytic.visitParameters { _, g in grads.append(g) }

        var worst: Double = 0
        var params: [Matrix] = []
        var m = model
        m.visitParameters { p, _ in params.append(p) }
        for t in params.indices {
            let coords = Array(Set((0..<8).map { ($0 * 7919) % params[t].count })).sorted()
            var p = params[t]
            let err = worstGradientError(&p, analytic: grads[t], coordinates: coords, step: 5e-3) { value in
                var probeModel = model
                var slot = 0
                probeModel.visitParameters { q, _ in
                    if slot == t { q = value }
                    slot += 1
                }
                var rr = randomness
                return probeModel.computeGradients(batch: batch, beta: beta, randomness: &rr).total
            }
            worst = max(worst, err)
        }
        return worst
    }

    @Test("Mult-VAE: every parameter, with KL weight and label smoothing")
    func multVAE() {
        var c = MultVAE.Configuration(itemCount: 11)
        c.hiddenDims = [6]
        c.latentDim = 3
        c.labelSmoothing = 0.1
        c.weightPenalty = 0.01
        var rng = RandomStream(seed: 32)
        var model = MultVAE(c, rng: &rng)
        // Larger biases than the default init so every path carries gradient.
        model.encoder.visitParameters { p, _ in for i in 0..<p.count { p.data[i] += 0.05 * Float(i % 5) } }
        let batch = randomBinary(5, 11, density: 0.3, seed: 33)
        #expect(check(model, batch: batch, beta: 0.7) < 3e-2)
    }

    @Test("Mult-DAE: every parameter, with its weight penalty")
    func multDAE() {
        var c = MultDAE.Configuration(itemCount: 9)
        c.hiddenDims = [4]
        c.weightPenalty = 0.05
        var rng = RandomStream(seed: 34)
        let model = MultDAE(c, rng: &rng)
        let batch = randomBinary(4, 9, density: 0.35, seed: 35)
        #expect(check(model, batch: batch, beta: 0) < 3e-2)
    }

    @Test("Mult-VAE: with β = 0 and no penalty, the loss is the multinomial NLL only")
    func lossComposition() {
        var rng = RandomStream(seed: 36)
        var model = MultVAE(MultVAE.Configuration(itemCount: 7), rng: &rng)
        var r = RunRandomness(seed: 1)
        let terms = model.computeGradients(batch: randomBinary(3, 7, density: 0.5, seed: 37), beta: 0, randomness: &r)
        #expect(terms.total == terms.nll)
        #expect(terms.kl > 0)
    }
}
