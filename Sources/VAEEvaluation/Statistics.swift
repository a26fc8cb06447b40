/// Summary statistics over per-user metric values, accumulated in Double. Every function
/// states its divisor; nothing picks a `ddof` silently.
public enum Statistics {
    /// Arithmetic mean `Σ x_i / n`; NaN for an empty sample.
    public static func mean(_ xs: [Double]) -> Double {
        guard !xs.isEmpty else { return .nan }
        var s = 0.0
        for x in xs { s += x }
        return s / Double(xs.count)
    }

    /// Variance `Σ (x_i − mean)² / (n − ddof)`. `ddof = 0` is the population variance
    /// (numpy's default), `ddof = 1` the unbiased sample variance. NaN when `n ≤ ddof`.
    public static func variance(_ xs: [Double], ddof: Int) -> Double {
        precondition(ddof >= 0, "ddof must be ≥ 0")
        guard xs.count > ddof else { return .nan }
        let m = mean(xs)
        var ss = 0.0
        for x in xs { ss += (x - m) * (x - m) }
        return ss / Double(xs.count - ddof)
    }

    /// Standard deviation `sqrt(Σ (x_i − mean)² / (n − ddof))`; see `variance`.
    public static func standardDeviation(_ xs: [Double], ddof: Int) -> Double {
        variance(xs, ddof: ddof).squareRoot()
    }

    /// Standard error of the mean as the vae_cf notebook reports it:
    /// `std(x, ddof = 0) / sqrt(n)` (population std, not the sample std). NaN when empty.
    public static func standardError(_ xs: [Double]) -> Double {
        standardDeviation(xs, ddof: 0) / Double(xs.count).squareRoot()
    }
}
