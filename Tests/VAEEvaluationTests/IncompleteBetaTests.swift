import Testing
@testable import VAEEvaluation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct IncompleteBetaTests {
    @Test func closedForms() {
        for x in [0.0, 1e-9, 0.1, 0.37, 0.5, 0.83, 0.999, 1.0] {
            // I_x(1, 1) = x, I_x(a, 1) = x^a, I_x(1, b) = 1 − (1 − x)^b.
            #expect(close(IncompleteBeta.regularized(x: x, a: 1, b: 1), x, rel: 1e-13))
            #expect(close(IncompleteBeta.regularized(x: x, a: 3.5, b: 1), pow(x, 3.5), rel: 1e-13))
            #expect(close(IncompleteBeta.regularized(x: x, a: 1, b: 4), -expm1(4 * log1p(-x)), rel: 1e-13))
            // I_x(1/2, 1/2) = (2/π) asin(√x).
            #expect(close(IncompleteBeta.regularized(x: x, a: 0.5, b: 0.5), 2 / Double.pi * asin(x.squareRoot()), rel: 1e-13))
        }
        #expect(close(IncompleteBeta.regularized(x: 0.5, a: 7, b: 7), 0.5, rel: 1e-14))
        #expect(close(IncompleteBeta.regularized(x: 0.5, a: 1000, b: 1000), 0.5, rel: 1e-12))
    }

    @Test func symmetry() {
        for (x, a, b) in [(0.3, 2.0, 5.0), (0.9, 40.0, 0.5), (0.02, 0.5, 300.0)] {
            let lhs = IncompleteBeta.regularized(x: x, a: a, b: b)
            let rhs = 1 - IncompleteBeta.regularized(x: 1 - x, a: b, b: a)
            #expect(close(lhs, rhs, rel: 1e-13))
        }
    }

    // References from mpmath at 40 digits:
    //   mpmath.mp.dps = 40
    //   mpmath.betainc(a, b, 0, mpmath.mpf(x), regularized=True)   (lower)
    //   mpmath.betainc(a, b, mpmath.mpf(x), 1, regularized=True)   (upper)
    @Test func referenceValues() {
        let cases: [(x: Double, a: Double, b: Double, lower: Double, upper: Double)] = [
            (0.3, 2, 3, 0.34829999999999998, 0.65170000000000002),
            (0.2, 0.5, 0.5, 0.29516723530086656, 0.70483276469913344),
            (1e-5, 50, 0.5, 7.958962753336944e-252, 1.0),
            (0.99999, 5e4, 0.5, 0.31731050785796599, 0.68268949214203401),
            (0.001, 0.5, 100, 0.34495648367557027, 0.65504351632442973),
            (0.7, 30, 40, 0.99999868072222179, 1.3192777782136827e-6),
            (0.05, 3.5, 0.5, 8.2976293009499194e-6, 0.99999170237069905),
            (0.45, 1000, 1000, 3.6831988690075783e-6, 0.99999631680113099),
        ]
        for c in cases {
            let (lower, upper) = IncompleteBeta.tails(x: c.x, y: 1 - c.x, a: c.a, b: c.b)
            #expect(close(lower, c.lower, rel: 1e-11), "I_\(c.x)(\(c.a), \(c.b)) = \(lower)")
            #expect(close(upper, c.upper, rel: 1e-11), "1 − I_\(c.x)(\(c.a), \(c.b)) = \(upper)")
        }
    }

    // References: mpmath.mp.dps = 40; mpmath.log(mpmath.beta(a, b))
    @Test func logBeta() {
        let cases: [(a: Double, b: Double, value: Double)] = [
            (0.5, 5e4, -4.83752169928044151),
            (1000, 1000, -1388.48260163590225),
            (12, 3, -6.99576615630485035),
            (10, 10, -13.7362292270365548),
            (2.5, 1e6, -34.2540953994365161),
            (3, 4, -4.09434456222210068),
            (0.5, 0.5, 1.14472988584940017),
        ]
        for c in cases {
            #expect(close(LogBeta.evaluate(c.a, c.b), c.value, rel: 1e-14), "ln B(\(c.a), \(c.b))")
            #expect(close(LogBeta.evaluate(c.b, c.a), c.value, rel: 1e-14))
        }
    }

    @Test func domain() {
        #expect(IncompleteBeta.regularized(x: -0.1, a: 1, b: 1).isNaN)
        #expect(IncompleteBeta.regularized(x: 1.1, a: 1, b: 1).isNaN)
        #expect(IncompleteBeta.regularized(x: 0.5, a: 0, b: 1).isNaN)
        #expect(IncompleteBeta.regularized(x: 0.5, a: 1, b: -2).isNaN)
        #expect(IncompleteBeta.regularized(x: .nan, a: 1, b: 1).isNaN)
        #expect(IncompleteBeta.regularized(x: 0, a: 2, b: 3) == 0)
        #expect(IncompleteBeta.regularized(x: 1, a: 2, b: 3) == 1)
    }
}
