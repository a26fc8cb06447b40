import Testing
@testable import VAEEvaluation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct StudentTTests {
    @Test func closedForms() {
        for t in [-50.0, -3.2, -1, -0.1, 0, 0.4, 2, 7.5, 1e4] {
            // ν = 1 is Cauchy: F(t) = 1/2 + atan(t)/π.
            #expect(close(StudentT.cdf(t, degreesOfFreedom: 1), 0.5 + atan(t) / Double.pi, rel: 1e-12))
            // ν = 2: F(t) = 1/2 + t / (2 √(2 + t²)).
            #expect(close(StudentT.cdf(t, degreesOfFreedom: 2), 0.5 + t / (2 * (2 + t * t).squareRoot()), rel: 1e-12))
        }
        // Cauchy tail beyond the reach of 1 − F: P(T ≥ 1e8) = atan(1e-8)/π.
        #expect(close(StudentT.tails(1e8, degreesOfFreedom: 1).upper, atan(1e-8) / Double.pi, rel: 1e-12))
    }

    // References: scipy 1.17.1,
    //   stats.t.cdf(t, df)   and   2 * stats.t.sf(abs(t), df)
    @Test func scipyReferenceValues() {
        let cases: [(t: Double, df: Double, cdf: Double, twoSided: Double)] = [
            (-2.5, 5, 0.02724504967118813, 0.05449009934237626),
            (1.3, 30, 0.8982495207309416, 0.20350095853811687),
            (0, 3, 0.5, 1.0),
            (-40, 199, 2.1697292834645594e-97, 4.3394585669291187e-97),
            (3.1, 1e5, 0.9990321281436887, 0.0019357437126225584),
            (-8, 2, 0.00763403608266907, 0.01526807216533814),
            (12, 10, 0.9999998539295588, 2.921408824769984e-07),
        ]
        for c in cases {
            #expect(close(StudentT.cdf(c.t, degreesOfFreedom: c.df), c.cdf, rel: 1e-10), "cdf(\(c.t), \(c.df))")
            #expect(close(StudentT.twoSidedPValue(c.t, degreesOfFreedom: c.df), c.twoSided, rel: 1e-10),
                    "p(\(c.t), \(c.df))")
            let (lower, upper) = StudentT.tails(c.t, degreesOfFreedom: c.df)
            #expect(close(lower + upper, 1, rel: 1e-15))
        }
    }

    // Many degrees of freedom, where rounding x = ν/(ν + t²) costs about ν·1e-17 relative.
    // mpmath.mp.dps = 40; T, NU = mpmath.mpf(t), mpmath.mpf(nu)
    // mpmath.betainc(NU/2, 0.5, 0, NU/(NU + T*T), regularized=True)
    @Test func manyDegreesOfFreedom() {
        #expect(close(StudentT.twoSidedPValue(4, degreesOfFreedom: 1e6), 6.334703401004810462e-05, rel: 1e-10))
        #expect(close(StudentT.twoSidedPValue(-2, degreesOfFreedom: 1e4), 0.045527260661435442738, rel: 1e-12))
    }

    @Test func edges() {
        #expect(StudentT.twoSidedPValue(.infinity, degreesOfFreedom: 4) == 0)
        #expect(StudentT.twoSidedPValue(-.infinity, degreesOfFreedom: 4) == 0)
        #expect(StudentT.cdf(.infinity, degreesOfFreedom: 4) == 1)
        #expect(StudentT.cdf(-.infinity, degreesOfFreedom: 4) == 0)
        #expect(StudentT.twoSidedPValue(0, degreesOfFreedom: 4) == 1)
        #expect(StudentT.twoSidedPValue(.nan, degreesOfFreedom: 4).isNaN)
        #expect(StudentT.cdf(1, degreesOfFreedom: 0).isNaN)
    }

    @Test func standardNormal() {
        // scipy: stats.norm.cdf(-1.96) = 0.024997895148220435; 2 * stats.norm.sf(5.5) = 3.797912493177536e-08
        #expect(close(StandardNormal.cdf(-1.96), 0.024997895148220435, rel: 1e-13))
        #expect(close(StandardNormal.twoSidedPValue(-5.5), 3.797912493177536e-08, rel: 1e-12))
        #expect(StandardNormal.twoSidedPValue(0) == 1)
    }
}
