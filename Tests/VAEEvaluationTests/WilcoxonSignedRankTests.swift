import Testing
@testable import VAEEvaluation

/// References: scipy 1.17.1, `stats.wilcoxon(a, b)` (defaults: zero_method='wilcox',
/// correction=False, method='auto') → (statistic, pvalue). The method named with each case
/// is the branch scipy's 'auto' takes (exact / permutation / asymptotic); `cont`, `ints`
/// and `distinct` are the Python twins of `PairedFixtures`.
@Suite struct WilcoxonSignedRankTests {
    func check(_ r: PairedTestResult, statistic: Double, p: Double, n: Int, method: PairedTestMethod,
               rel: Double = 1e-12) {
        #expect(r.statistic == statistic, "statistic \(r.statistic), scipy \(statistic)")
        #expect(close(r.pValue, p, rel: rel), "p = \(r.pValue), scipy \(p)")
        #expect(r.n == n, "n = \(r.n)")
        #expect(r.method == method, "method \(r.method)")
    }

    @Test func exactSmall() throws {
        // stats.wilcoxon(*distinct(1, 10)) → statistic=25.0 pvalue=0.845703125
        let (a, b) = PairedFixtures.distinct(seed: 1, n: 10)
        check(try WilcoxonSignedRank.twoSided(a, b), statistic: 25, p: 0.845703125, n: 10, method: .wilcoxonExact)
        // stats.wilcoxon([1, 2, 3, 4, 5, 6], [0] * 6) → statistic=0.0 pvalue=0.03125 (= 2 / 2^6)
        check(try WilcoxonSignedRank.twoSided([1, 2, 3, 4, 5, 6], [0, 0, 0, 0, 0, 0]),
              statistic: 0, p: 0.03125, n: 6, method: .wilcoxonExact)
        // Negative direction, same p: stats.wilcoxon([0] * 6, [1, 2, 3, 4, 5, 6]) → 0.0, 0.03125
        check(try WilcoxonSignedRank.twoSided([0, 0, 0, 0, 0, 0], [1, 2, 3, 4, 5, 6]),
              statistic: 0, p: 0.03125, n: 6, method: .wilcoxonExact)
        // stats.wilcoxon([1.0], [0.0]) → statistic=0.0 pvalue=1.0
        check(try WilcoxonSignedRank.twoSided([1], [0]), statistic: 0, p: 1, n: 1, method: .wilcoxonExact)
    }

    @Test func exactVersusNormalAtTheFiftyPairBoundary() throws {
        // stats.wilcoxon(*distinct(2, 50)) → statistic=345.0 pvalue=0.004178445711550793 (exact)
        var (a, b) = PairedFixtures.distinct(seed: 2, n: 50)
        check(try WilcoxonSignedRank.twoSided(a, b), statistic: 345, p: 0.004178445711550793, n: 50,
              method: .wilcoxonExact)
        // stats.wilcoxon(*distinct(2, 51)) → statistic=346.0 pvalue=0.0029645602010122327 (asymptotic)
        (a, b) = PairedFixtures.distinct(seed: 2, n: 51)
        check(try WilcoxonSignedRank.twoSided(a, b), statistic: 346, p: 0.0029645602010122327, n: 51,
              method: .wilcoxonNormal)
    }

    @Test func tiesAndZerosSmallUseSignFlips() throws {
        // Decimal ties that survive rounding (0.41 − 0.38 and 0.33 − 0.30 are both 0.0300…):
        // stats.wilcoxon(small_a, small_b) → statistic=6.0 pvalue=0.1171875 (permutation)
        let smallA = [0.41, 0.52, 0.33, 0.75, 0.61, 0.48, 0.57, 0.39]
        let smallB = [0.38, 0.55, 0.30, 0.70, 0.52, 0.47, 0.49, 0.40]
        check(try WilcoxonSignedRank.twoSided(smallA, smallB), statistic: 6, p: 0.1171875, n: 8,
              method: .wilcoxonSignFlips)
        check(try WilcoxonSignedRank.twoSided(smallB, smallA), statistic: 6, p: 0.1171875, n: 8,
              method: .wilcoxonSignFlips)
        // stats.wilcoxon([1,2,3,4,5,6,7,8,9], [0,0,1,2,7,4,9,6,5]) → statistic=10.0 pvalue=0.15234375
        check(try WilcoxonSignedRank.twoSided([1, 2, 3, 4, 5, 6, 7, 8, 9], [0, 0, 1, 2, 7, 4, 9, 6, 5]),
              statistic: 10, p: 0.15234375, n: 9, method: .wilcoxonSignFlips)
        // Zeros and a half-integer statistic:
        // stats.wilcoxon([1,2,3,4,5,6,7,8], [1,0,3,1,5,9,2,8]) → statistic=2.5 pvalue=0.5
        check(try WilcoxonSignedRank.twoSided([1, 2, 3, 4, 5, 6, 7, 8], [1, 0, 3, 1, 5, 9, 2, 8]),
              statistic: 2.5, p: 0.5, n: 4, method: .wilcoxonSignFlips)
        // stats.wilcoxon(*ints(5, 13)) → statistic=25.5 pvalue=0.5283203125 (13 pairs: permutation)
        let (a, b) = PairedFixtures.integers(seed: 5, n: 13)
        check(try WilcoxonSignedRank.twoSided(a, b), statistic: 25.5, p: 0.5283203125, n: 11,
              method: .wilcoxonSignFlips)
    }

    @Test func tiesAndZerosLargerUseNormal() throws {
        // stats.wilcoxon(*ints(5, 14)) → statistic=26.5 pvalue=0.32267062005500047 (14 pairs: asymptotic)
        var (a, b) = PairedFixtures.integers(seed: 5, n: 14)
        check(try WilcoxonSignedRank.twoSided(a, b), statistic: 26.5, p: 0.32267062005500047, n: 12,
              method: .wilcoxonNormal)
        // stats.wilcoxon(*ints(11, 200)) → statistic=6539.0 pvalue=0.6116725848958686
        (a, b) = PairedFixtures.integers(seed: 11, n: 200)
        check(try WilcoxonSignedRank.twoSided(a, b), statistic: 6539, p: 0.6116725848958686, n: 165,
              method: .wilcoxonNormal)
    }

    @Test func largeContinuousSamples() throws {
        // stats.wilcoxon(*cont(7, 200, 0.9)) → statistic=9556.0 pvalue=0.546665652025255
        var (a, b) = PairedFixtures.continuous(seed: 7, n: 200, scale: 0.9)
        check(try WilcoxonSignedRank.twoSided(a, b), statistic: 9556, p: 0.546665652025255, n: 200,
              method: .wilcoxonNormal)
        check(try WilcoxonSignedRank.twoSided(b, a), statistic: 9556, p: 0.546665652025255, n: 200,
              method: .wilcoxonNormal)
        // stats.wilcoxon(*cont(9, 200, 0.7)) → statistic=5324.0 pvalue=8.092305382503666e-09
        (a, b) = PairedFixtures.continuous(seed: 9, n: 200, scale: 0.7)
        check(try WilcoxonSignedRank.twoSided(a, b), statistic: 5324, p: 8.092305382503666e-09, n: 200,
              method: .wilcoxonNormal, rel: 1e-10)
        check(try WilcoxonSignedRank.twoSided(b, a), statistic: 5324, p: 8.092305382503666e-09, n: 200,
              method: .wilcoxonNormal, rel: 1e-10)
    }

    @Test func identicalSamples() throws {
        // stats.wilcoxon([1,2,3,4,5], [1,2,3,4,5]) → statistic=0.0 pvalue=1.0
        check(try WilcoxonSignedRank.twoSided([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]),
              statistic: 0, p: 1, n: 0, method: .wilcoxonSignFlips)
        // stats.wilcoxon(range(20), range(20)) → statistic=0.0 pvalue=nan; here p = 1 (documented).
        let xs = (0..<20).map(Double.init)
        check(try WilcoxonSignedRank.twoSided(xs, xs), statistic: 0, p: 1, n: 0, method: .wilcoxonNormal)
    }

    @Test func nullDistributionCounts() {
        // Subsets of {1, 2, 3} by sum: 0:{}, 1:{1}, 2:{2}, 3:{3},{1,2}, 4:{1,3}, 5:{2,3}, 6:{1,2,3}.
        #expect(WilcoxonNullDistribution.subsetSumCounts([1, 2, 3]) == [1, 1, 1, 2, 1, 1, 1])
        // Half-integer ranks doubled: {1.5, 1.5, 3} → {3, 3, 6}.
        #expect(WilcoxonNullDistribution.subsetSumCounts([3, 3, 6]) == [1, 0, 0, 2, 0, 0, 2, 0, 0, 2, 0, 0, 1])
        let c50 = WilcoxonNullDistribution.subsetSumCounts(Array(1...50))
        #expect(c50.count == 50 * 51 / 2 + 1)
        #expect(c50.reduce(0, +) == UInt64(1) << 50)
        #expect(c50 == Array(c50.reversed()))
    }

    @Test func signedRanks() {
        // |d| = 2, 1, 2, 0 (dropped), 3 → ranks 2.5, 1, 2.5, 4 → doubled 5, 2, 5, 8.
        let r = SignedRanks(differences: [2, -1, -2, 0, 3])
        #expect(r.doubledRanks == [5, 2, 5, 8])
        #expect(r.doubledPositiveRankSum == 13)
        #expect(r.hasTies)
        #expect(r.tieCorrection == 6)
        #expect(!SignedRanks(differences: [0.5, -0.25, 1]).hasTies)
    }

    @Test func invalidInput() {
        #expect(throws: PairedTestError.lengthMismatch(1, 0)) { try WilcoxonSignedRank.twoSided([1], []) }
        #expect(throws: PairedTestError.tooFewPairs(count: 0, required: 1)) { try WilcoxonSignedRank.twoSided([], []) }
        #expect(throws: PairedTestError.nonFiniteDifference(index: 0)) {
            try WilcoxonSignedRank.twoSided([.infinity], [0])
        }
    }
}
