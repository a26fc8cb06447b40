import Foundation
import Testing
import VAENumerics
import VAEDiagnostics
import VAETestSupport

@Suite struct CollapseTests {
    /// Four latent dimensions: N(0,1)-like (active), constant (collapsed), tiny noise with
    /// variance 1e-4 (inactive), ±0.2 alternating (variance exactly 0.04, active).
    static func means(n: Int = 100) -> Matrix {
        var g = TestRNG(5)
        var m = Matrix(rows: n, cols: 4)
        for i in 0..<n {
            m[i, 0] = Float(g.gaussian())
            m[i, 1] = 0.3
            m[i, 2] = i.isMultiple(of: 2) ? 0.01 : -0.01
            m[i, 3] = i.isMultiple(of: 2) ? 0.7 : 0.3
        }
        return m
    }

    @Test func activeUnits() {
        let m = Self.means()
        let au = ActiveUnits(means: m)
        #expect(au.count == 2)
        #expect(au.isActive == [true, false, false, true])
        #expect(au.variances[1] == 0)
        #expect(abs(au.variances[2] - 1e-4) < 1e-10)
        #expect(abs(au.variances[3] - 0.04) < 1e-8)  // population variance (divisor n)
        let col0 = (0..<m.rows).map { Double(m[$0, 0]) }
        let mean0 = col0.reduce(0, +) / Double(m.rows)
        let var0 = col0.reduce(0) { $0 + ($1 - mean0) * ($1 - mean0) } / Double(m.rows)
        #expect(abs(au.variances[0] - var0) < 1e-12)
        #expect(ActiveUnits(means: m, threshold: 1e-5).count == 3)
        #expect(ActiveUnits(means: Matrix(rows: 0, cols: 3)).count == 0)
    }

    @Test func perDimensionKLByHand() {
        // Two users, three dimensions: prior-matching, shifted means with variance 4 and 1,
        // and a narrow posterior.
        let mu = Matrix([[0, 1, 0], [0, -1, 0]])
        let logVar = Matrix([[0, Float(log(4.0)), Float(log(0.01))], [0, 0, Float(log(0.01))]])
        let kl = PerDimensionKL.fromLogVariance(mean: mu, logVariance: logVar)
        let expected1 = (0.5 * (1 + 4 - log(4.0) - 1) + 0.5 * (1 + 1 - 0 - 1)) / 2
        let expected2 = 0.5 * (0.01 - log(0.01) - 1)
        #expect(kl[0] == 0)
        #expect(abs(kl[1] - expected1) < 1e-6)
        #expect(abs(kl[2] - expected2) < 1e-6)
        var sd = logVar
        for k in sd.data.indices { sd.data[k] = Float(exp(Double(logVar.data[k]) / 2)) }
        let fromSD = PerDimensionKL.fromStandardDeviation(mean: mu, standardDeviation: sd)
        #expect(maxAbsDiff(fromSD, kl) < 1e-6)
        #expect(PerDimensionKL.fromStandardDeviation(mean: Matrix([[0]]), standardDeviation: Matrix([[0]]))[0] == .infinity)
    }

    @Test func wassersteinExample() {
        let w2 = Wasserstein2.distance(mean1: [0.0, 0], sd1: [1.0, 1], mean2: [3.0, 4], sd2: [2.0, 1])
        #expect(Wasserstein2.squaredDistance(mean1: [0.0, 0], sd1: [1.0, 1], mean2: [3.0, 4], sd2: [2.0, 1]) == 26)
        #expect(abs(w2 - 5.0990195) < 1e-7)
        let f: Double = Wasserstein2.distance(mean1: [Float(3), 4], sd1: [Float(2), 1], mean2: [Float(0), 0], sd2: [Float(1), 1])
        #expect(abs(f - w2) < 1e-12)  // symmetric, and Float inputs work
        #expect(Wasserstein2.distance(mean1: [1.5, -2], sd1: [0.3, 2], mean2: [1.5, -2], sd2: [0.3, 2]) == 0)
    }

    @Test func wassersteinToPointMass() {
        // ‖(1,2) − (1,0)‖² + 0.5² + 0.5² = 4.5.
        #expect(abs(Wasserstein2.squaredDistanceToPoint(mean: [1.0, 2], sd: [0.5, 0.5], point: [1.0, 0]) - 4.5) < 1e-15)
        #expect(abs(Wasserstein2.distanceToPoint(mean: [1.0, 2], sd: [0.5, 0.5], point: [1.0, 0]) - 4.5.squareRoot()) < 1e-15)
        #expect(Wasserstein2.distanceToPoint(mean: [0.0, 0], sd: [0.0, 0], point: [0.0, 0]) == 0)
    }
}
