import Foundation
import Testing
import VAENumerics
@testable import VAEModels

@Suite("Likelihood, KL and sampling gradients (finite differences)")
struct LossGradientTests {
    @Test("∂(−ll)/∂h for every likelihood, with and without label smoothing",
          arguments: Likelihood.allCases, [Float(0), 0.1])
    func likelihood(likelihood: Likelihood, alpha: Float) {
        var h = uniformMatrix(4, 6, scale: 2, seed: 11)
        let y = randomBinary(4, 6, density: 0.4, seed: 12)
        var g = Matrix(rows: 4, cols: 6)
        _ = likelihood.negativeLogLikelihood(preActivation: h, targets: y, smoothing: alpha, gradientScale: 1, gradient: &g)
        let err = worstGradientError(&h, analytic: g, step: 1e-2) {
            likelihood.negativeLogLikelihood(preActivation: $0, targets: y, smoothing: alpha).reduce(0, +)
        }
        #expect(err < 2e-2, "\(likelihood) α=\(alpha): worst relative error \(err)")
    }

    @Test("Likelihood values by hand")
    func likelihoodValues() {
        // One row, h = [0, ln 3]: softmax = [1/4, 3/4]; σ(h) = [1/2, 3/4].
        let h = Matrix([[0, Float(log(3.0))]])
        let y = SparseMatrix(cols: 2, rowColumns: [[1]])
        let mult = Likelihood.multinomial.negativeLogLikelihood(preActivation: h, targets: y)[0]
        #expect(abs(mult - -log(0.75)) < 1e-6)
        // Smoothed α = 0.2: ỹ = [0.1, 0.9].
        let multLS = Likelihood.multinomial.negativeLogLikelihood(preActivation: h, targets: y, smoothing: 0.2)[0]
        #expect(abs(multLS - (-0.1 * log(0.25) - 0.9 * log(0.75))) < 1e-6)
        let pois = Likelihood.poisson.negativeLogLikelihood(preActivation: h, targets: y)[0]
        #expect(abs(pois - (0.5 - (log(0.75) - 0.75))) < 1e-6)
        let bern = Likelihood.bernoulli.negativeLogLikelihood(preActivation: h, targets: y)[0]
        #expect(abs(bern - (-log(0.5) - log(0.75))) < 1e-6)
        let gaus = Likelihood.gaussian.negativeLogLikelihood(preActivation: h, targets: y)[0]
        #expect(abs(gaus - (0.25 + 0.0625)) < 1e-6)
    }

    @Test("KL (log-variance form): value and gradients, zero and given prior mean")
    func klLogVariance() {
        var mu = uniformMatrix(3, 4, seed: 13)
        var lv = uniformMatrix(3, 4, seed: 14)
        for prior in [nil, uniformMatrix(3, 4, seed: 15)] {
            var gmu = Matrix(rows: 3, cols: 4), glv = Matrix(rows: 3, cols: 4)
            GaussianPosterior.klLogVarianceGradient(mean: mu, logVariance: lv, priorMean: prior, scale: 1,
                                                    gradMean: &gmu, gradLogVariance: &glv)
            let lvc = lv, muc = mu
            #expect(worstGradientError(&mu, analytic: gmu) {
                GaussianPosterior.klLogVariance(mean: $0, logVariance: lvc, priorMean: prior).reduce(0, +) } < 2e-2)
            #expect(worstGradientError(&lv, analytic: glv) {
                GaussianPosterior.klLogVariance(mean: muc, logVariance: $0, priorMean: prior).reduce(0, +) } < 2e-2)
        }
        // N(μ=1, s²=e) against N(0,1) in one dimension: ½(−1 + e + 1 − 1).
        let kl = GaussianPosterior.klLogVariance(mean: Matrix([[1]]), logVariance: Matrix([[1]]))[0]
        #expect(abs(kl - 0.5 * (-1 + exp(1.0))) < 1e-6)
    }

    @Test("KL (standard-deviation form): value and gradients")
    func klStandardDeviation() {
        var mu = uniformMatrix(3, 4, seed: 16)
        var s = uniformMatrix(3, 4, scale: 0.4, seed: 17)
        for i in 0..<s.count { s.data[i] += 0.5 }
        let prior = uniformMatrix(3, 4, seed: 18)
        var gmu = Matrix(rows: 3, cols: 4), gs = Matrix(rows: 3, cols: 4)
        GaussianPosterior.klStandardDeviationGradient(mean: mu, std: s, priorMean: prior, scale: 1, gradMean: &gmu, gradStd: &gs)
        let sc = s, muc = mu
        #expect(worstGradientError(&mu, analytic: gmu, step: 1e-3) {
            GaussianPosterior.klStandardDeviation(mean: $0, std: sc, priorMean: prior).reduce(0, +) } < 2e-2)
        #expect(worstGradientError(&s, analytic: gs, step: 1e-3) {
            GaussianPosterior.klStandardDeviation(mean: muc, std: $0, priorMean: prior).reduce(0, +) } < 2e-2)
        // Both forms agree when s = exp(ℓ/2).
        let lv = Matrix(rows: 3, cols: 4, data: s.data.map { 2 * log($0) })
        let a = GaussianPosterior.klStandardDeviation(mean: mu, std: s)
        let b = GaussianPosterior.klLogVariance(mean: mu, logVariance: lv)
        for (x, y) in zip(a, b) { #expect(abs(x - y) < 1e-5) }
    }

    @Test("Reparameterised sample: ∂z/∂μ and ∂z/∂ℓ")
    func sample() {
        var mu = uniformMatrix(2, 3, seed: 19)
        var lv = uniformMatrix(2, 3, seed: 20)
        let eps = uniformMatrix(2, 3, scale: 2, seed: 21)
        let r = uniformMatrix(2, 3, seed: 22)
        var gmu = Matrix(rows: 2, cols: 3), glv = Matrix(rows: 2, cols: 3)
        GaussianPosterior.sampleBackward(logVariance: lv, noise: eps, gradZ: r, gradMean: &gmu, gradLogVariance: &glv)
        func z(_ m: Matrix, _ l: Matrix) -> Matrix {
            var out = Matrix(rows: 2, cols: 3)
            GaussianPosterior.sample(mean: m, logVariance: l, noise: eps, into: &out)
            return out
        }
        let lvc = lv, muc = mu
        #expect(worstGradientError(&mu, analytic: gmu) { probe(z($0, lvc), r) } < 2e-2)
        #expect(worstGradientError(&lv, analytic: glv) { probe(z(muc, $0), r) } < 2e-2)
    }
}
