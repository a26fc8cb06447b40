/// Two-sided Wilcoxon signed-rank test, as `scipy.stats.wilcoxon(a, b)` with its defaults
/// in scipy 1.17 (`zero_method='wilcox'`, `correction=False`, `method='auto'`).
///
/// Statistic:
///
///     d_i = a_i − b_i; pairs with d_i = 0 are dropped ("wilcox"), m = number left
///     r_i = rank of |d_i| among the m non-zero |d|, ties get the average rank
///     W+ = Σ_{d_i > 0} r_i,   W− = Σ_{d_i < 0} r_i = m(m+1)/2 − W+
///     statistic = min(W+, W−)
///
/// p-value, chosen like scipy's `method='auto'` (N = all pairs, zeros included):
/// 1. N ≤ 50, no ties among the non-zero |d| and no zeros → **exact**: under H0 each rank
///    is positive with probability ½ independently; with `c_m(s)` the number of subsets of
///    `{1…m}` summing to `s` (dynamic programming over rank sums),
///        p = min(1, 2 · min(P(W+ ≥ ⌊W+⌋), P(W+ ≤ ⌈W+⌉))),   P(W+ = s) = c_m(s) / 2^m
/// 2. ties or zeros and N ≤ 13 → **sign-flip enumeration**: the same formula over the
///    `2^m` sign assignments of the observed average ranks (counted exactly on doubled,
///    integer ranks). scipy enumerates all `2^N` flips of `d` including the zeros, which
///    only multiplies every count by `2^(N−m)`, so the proportions are identical.
/// 3. otherwise **normal approximation** with tie correction, no continuity correction:
///        μ = m(m+1)/4,   σ² = (m(m+1)(2m+1) − Σ_g (t_g³ − t_g)/2) / 24
///        z = (W+ − μ)/σ,  p = 2 Φ(−|z|)
///    (`t_g` = size of tie group g among the non-zero |d|; zeros are not in any group).
///
/// Differences from scipy:
/// - all differences zero with N > 13 (normal branch, σ = 0): scipy returns p = NaN; this
///   returns p = 1 (identical samples are no evidence of a difference, as in
///   `PairedTTest`). Statistic 0 and `n = 0` as in scipy. For N ≤ 13 scipy gives 1 too.
/// - non-finite differences throw instead of propagating NaN; an empty sample throws
///   instead of returning NaN.
///
/// Ties are exact Double equality of `|a_i − b_i|`, as in scipy: values that are equal
/// in decimal but differ after rounding (0.3 − 0.2 vs 0.2 − 0.1) are not tied.
public enum WilcoxonSignedRank {
    /// Largest total number of pairs for the exact null distribution (scipy's rule).
    public static let exactLimit = 50
    /// Largest total number of pairs for sign-flip enumeration when there are ties or
    /// zeros (scipy: `2^13 ≤ 9999` resamples, so its permutation test is exhaustive).
    public static let signFlipLimit = 13

    public static func twoSided(_ a: [Double], _ b: [Double]) throws(PairedTestError) -> PairedTestResult {
        let d = try PairedDifferences.compute(a, b, minimumCount: 1)
        let ranked = SignedRanks(differences: d)
        let m = ranked.count
        let wPlus = Double(ranked.doubledPositiveRankSum) / 2
        let wMinus = Double(m * (m + 1)) / 2 - wPlus
        let statistic = min(wPlus, wMinus)
        let hasZeros = m < d.count

        if d.count <= exactLimit && !ranked.hasTies && !hasZeros {
            let p = exactPValue(doubledRanks: ranked.doubledRanks, doubledObserved: ranked.doubledPositiveRankSum)
            return PairedTestResult(statistic: statistic, pValue: p, n: m, method: .wilcoxonExact)
        }
        if d.count <= signFlipLimit {
            let p = exactPValue(doubledRanks: ranked.doubledRanks, doubledObserved: ranked.doubledPositiveRankSum)
            return PairedTestResult(statistic: statistic, pValue: p, n: m, method: .wilcoxonSignFlips)
        }
        guard m > 0 else {
            return PairedTestResult(statistic: statistic, pValue: 1, n: 0, method: .wilcoxonNormal)
        }
        // Same order of operations as scipy's `_wilcoxon_statistic`.
        let count = Double(m)
        let mean = count * (count + 1) * 0.25
        let sd = ((count * (count + 1) * (2 * count + 1) - ranked.tieCorrection / 2) / 24).squareRoot()
        let z = (wPlus - mean) / sd
        return PairedTestResult(statistic: statistic, pValue: StandardNormal.twoSidedPValue(z), n: m,
                                method: .wilcoxonNormal)
    }

    /// `min(1, 2 · min(P(S ≤ obs), P(S ≥ obs)))` for `S = Σ ε_i r_i`, `ε_i` independent
    /// fair 0/1 signs, on doubled ranks so that average ranks stay integers. For integer
    /// ranks this is scipy's exact formula (`⌊W+⌋ = ⌈W+⌉ = W+`); with half-integer ranks it is
    /// the exhaustive permutation p-value.
    static func exactPValue(doubledRanks: [Int], doubledObserved: Int) -> Double {
        let counts = WilcoxonNullDistribution.subsetSumCounts(doubledRanks)
        let total = Double(1 << UInt64(doubledRanks.count))
        var atMost: UInt64 = 0, atLeast: UInt64 = 0
        for (s, c) in counts.enumerated() {
            if s <= doubledObserved { atMost += c }
            if s >= doubledObserved { atLeast += c }
        }
        let p = 2 * min(Double(atMost), Double(atLeast)) / total
        return min(p, 1)
    }
}
