/// Outcome of a two-sided paired significance test (`PairedTTest`, `WilcoxonSignedRank`).
public struct PairedTestResult: Equatable, Sendable, Codable {
    /// The test statistic: `t` for the t-test, `min(W+, W−)` for Wilcoxon.
    public var statistic: Double
    /// Two-sided p-value in `[0, 1]` (NaN only where documented by the test).
    public var pValue: Double
    /// Number of pairs the statistic was computed from: all pairs for the t-test, the
    /// pairs with a non-zero difference for Wilcoxon.
    public var n: Int
    /// How the p-value was obtained.
    public var method: PairedTestMethod

    public init(statistic: Double, pValue: Double, n: Int, method: PairedTestMethod) {
        self.statistic = statistic
        self.pValue = pValue
        self.n = n
        self.method = method
    }
}
