import Testing
import VAENumerics
@testable import VAEModels

@Suite("Mult-VAE and Mult-DAE end-to-end gradients (finite differences)")
struct ModelGradientTests {
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
        #expect(worstModelGradientError(model, batch: batch, beta: 0.7) < 3e-2)
    }

    @Test("Mult-DAE: every parameter, with its weight penalty")
    func multDAE() {
        var c = MultDAE.Configuration(itemCount: 9)
        c.hiddenDims = [4]
        c.weightPenalty = 0.05
        var rng = RandomStream(seed: 34)
        let model = MultDAE(c, rng: &rng)
        let batch = randomBinary(4, 9, density: 0.35, seed: 35)
        #expect(worstModelGradientError(model, batch: batch, beta: 0) < 3e-2)
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
