import Testing
@testable import VAEEvaluation

/// References: scipy 1.17.1, `stats.ttest_rel(a, b)` → (statistic, pvalue, df); the
/// generators `cont`/`ints` are the Python twins of `PairedFixtures`.
@Suite struct PairedTTestTests {
    static let smallA = [0.41, 0.52, 0.33, 0.75, 0.61, 0.48, 0.57, 0.39]
    static let smallB = [0.38, 0.55, 0.30, 0.70, 0.52, 0.47, 0.49, 0.40]

    func check(_ r: PairedTestResult, t: Double, p: Double, n: Int) {
        #expect(close(r.statistic, t, rel: 1e-10), "t = \(r.statistic), scipy \(t)")
        #expect(close(r.pValue, p, rel: 1e-9), "p = \(r.pValue), scipy \(p)")
        #expect(r.n == n)
        #expect(r.method == .studentT(degreesOfFreedom: n - 1))
    }

    @Test func smallSample() throws {
        // stats.ttest_rel(small_a, small_b) → t=2.127040658953117 p=0.07097969878878123 df=7
        check(try PairedTTest.twoSided(Self.smallA, Self.smallB), t: 2.127040658953117, p: 0.07097969878878123, n: 8)
    }

    @Test func negativeMeanDifference() throws {
        // stats.ttest_rel(small_b, small_a) → t=-2.127040658953117 p=0.07097969878878123
        check(try PairedTTest.twoSided(Self.smallB, Self.smallA), t: -2.127040658953117, p: 0.07097969878878123, n: 8)
    }

    @Test func twoPairs() throws {
        // stats.ttest_rel([1.0, 2.0], [0.5, 0.25]) → t=1.8 p=0.32282893443419053 df=1
        check(try PairedTTest.twoSided([1, 2], [0.5, 0.25]), t: 1.8, p: 0.32282893443419053, n: 2)
    }

    @Test func largeSamplesFromLCG() throws {
        // stats.ttest_rel(*cont(7, 200, 0.9)) → t=0.607715611340772 p=0.5440689883237729 df=199
        var (a, b) = PairedFixtures.continuous(seed: 7, n: 200, scale: 0.9)
        check(try PairedTTest.twoSided(a, b), t: 0.607715611340772, p: 0.5440689883237729, n: 200)
        check(try PairedTTest.twoSided(b, a), t: -0.607715611340772, p: 0.5440689883237729, n: 200)
        // stats.ttest_rel(*cont(9, 200, 0.7)) → t=6.399746386580354 p=1.092916936241789e-09
        (a, b) = PairedFixtures.continuous(seed: 9, n: 200, scale: 0.7)
        check(try PairedTTest.twoSided(a, b), t: 6.399746386580354, p: 1.092916936241789e-09, n: 200)
        // stats.ttest_rel(*cont(3, 30, 0.9)) → t=0.4191741991558709 p=0.6781775718209739 df=29
        (a, b) = PairedFixtures.continuous(seed: 3, n: 30, scale: 0.9)
        check(try PairedTTest.twoSided(a, b), t: 0.4191741991558709, p: 0.6781775718209739, n: 30)
        // stats.ttest_rel(*ints(11, 200)) → t=0.6092971395097344 p=0.5430224933905375
        (a, b) = PairedFixtures.integers(seed: 11, n: 200)
        check(try PairedTTest.twoSided(a, b), t: 0.6092971395097344, p: 0.5430224933905375, n: 200)
    }

    @Test func fixtureGeneratorMatchesPython() {
        // r = lcg(42); [r(1000) for _ in range(5)] → [334, 26, 538, 503, 294]
        var r = TestLCG(seed: 42)
        #expect((0..<5).map { _ in r.next(1000) } == [334, 26, 538, 503, 294])
    }

    @Test func constantDifference() throws {
        // stats.ttest_rel([1, 2, 3], [0, 1, 2]) → t=inf p=0.0; ([1, 2, 3], [2, 3, 4]) → t=-inf p=0.0
        let up = try PairedTTest.twoSided([1, 2, 3], [0, 1, 2])
        #expect(up.statistic == .infinity && up.pValue == 0 && up.n == 3)
        let down = try PairedTTest.twoSided([1, 2, 3], [2, 3, 4])
        #expect(down.statistic == -.infinity && down.pValue == 0)
        // All differences 0.1 − 0 exactly equal: ±∞ by the exact check, where scipy's
        // rounded mean gives t=1.0190482676041238e+16 p=9.6e-33.
        let tenth = try PairedTTest.twoSided([0.1, 0.1, 0.1], [0, 0, 0])
        #expect(tenth.statistic == .infinity && tenth.pValue == 0)
    }

    @Test func identicalSamples() throws {
        // scipy: stats.ttest_rel([1, 2, 3], [1, 2, 3]) → t=nan p=nan; here p = 1 (documented).
        let r = try PairedTTest.twoSided([1, 2, 3], [1, 2, 3])
        #expect(r.statistic.isNaN)
        #expect(r.pValue == 1)
        #expect(r.n == 3)
        #expect(r.method == .studentT(degreesOfFreedom: 2))
    }

    @Test func invalidInput() {
        #expect(throws: PairedTestError.lengthMismatch(2, 3)) { try PairedTTest.twoSided([1, 2], [1, 2, 3]) }
        #expect(throws: PairedTestError.tooFewPairs(count: 1, required: 2)) { try PairedTTest.twoSided([1], [0]) }
        #expect(throws: PairedTestError.nonFiniteDifference(index: 1)) {
            try PairedTTest.twoSided([1, .nan, 3], [0, 0, 0])
        }
    }
}
