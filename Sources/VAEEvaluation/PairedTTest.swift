/// Two-sided paired (dependent-samples) t-test, as `scipy.stats.ttest_rel(a, b)`:
///
///     d_i = a_i − b_i                          (i = 1…n, n ≥ 2)
///     d̄  = Σ d_i / n
///     s² = Σ (d_i − d̄)² / (n − 1)              (ddof 1)
///     t  = d̄ / sqrt(s² / n)                    (= d̄ / (s / √n))
///     df = n − 1
///     p  = P(|T_df| ≥ |t|) = I_{df/(df+t²)}(df/2, 1/2)
///
/// Degenerate case — every difference is exactly equal (`d_i == d_1` for all `i`, checked
/// on the Doubles, so `s = 0` exactly rather than a rounding residue of the mean):
/// - common difference `≠ 0`: `t = ±∞` (sign of the difference), `p = 0` — a shift with no
///   spread at all is the limit of an arbitrarily significant effect. scipy returns the
///   same `±inf, 0.0` when its `s` is exactly 0 (it can instead return a huge finite `t`
///   when its mean does not round back to the common value, e.g. `d = [0.1, 0.1, 0.1]`).
/// - all differences `0` (identical samples): `t = NaN` (0/0 has no sign or size) but
///   `p = 1`, **unlike scipy's NaN**: identical samples carry no evidence of a difference,
///   and a p-value of 1 keeps the result usable in tables and multiple-comparison
///   corrections.
///
/// Throws for unequal lengths, fewer than 2 pairs or a non-finite difference.
public enum PairedTTest {
    public static func twoSided(_ a: [Double], _ b: [Double]) throws(PairedTestError) -> PairedTestResult {
        let d = try PairedDifferences.compute(a, b, minimumCount: 2)
        let n = d.count
        let method = PairedTestMethod.studentT(degreesOfFreedom: n - 1)
        if d.allSatisfy({ $0 == d[0] }) {
            if d[0] == 0 { return PairedTestResult(statistic: .nan, pValue: 1, n: n, method: method) }
            return PairedTestResult(statistic: d[0] > 0 ? .infinity : -.infinity, pValue: 0, n: n, method: method)
        }
        let mean = Statistics.mean(d)
        let variance = Statistics.variance(d, ddof: 1)
        let t = mean / (variance / Double(n)).squareRoot()
        let p = StudentT.twoSidedPValue(t, degreesOfFreedom: Double(n - 1))
        return PairedTestResult(statistic: t, pValue: p, n: n, method: method)
    }
}
