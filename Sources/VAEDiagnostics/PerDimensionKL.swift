#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VAENumerics

/// Per-dimension KL divergence of the diagonal Gaussian posteriors from the N(0, 1) prior,
/// averaged over users:
///
///     KL_k = (1/n)·Σ_u ½·(μ_uk² + s_uk² − ln s_uk² − 1),
///
/// with `s_uk` the posterior standard deviation. Each term is ≥ 0 and is 0 exactly when
/// μ = 0 and s = 1, so KL_k ≈ 0 marks a dimension whose posterior equals the prior for
/// every user (posterior collapse). Accumulated in Double; an empty batch gives zeros.
public enum PerDimensionKL {
    /// From means and log-variances `ℓ = ln s²` (what the encoders output):
    /// `½·(μ² + e^ℓ − ℓ − 1)`.
    public static func fromLogVariance(mean: Matrix, logVariance: Matrix) -> [Double] {
        precondition(mean.rows == logVariance.rows && mean.cols == logVariance.cols,
                     "mean is \(mean.rows)×\(mean.cols), log-variance \(logVariance.rows)×\(logVariance.cols)")
        return average(mean, logVariance) { mu, lv in
            let l = Double(lv)
            return 0.5 * (mu * mu + exp(l) - l - 1)
        }
    }

    /// From means and standard deviations s > 0: `½·(μ² + s² − 2·ln s − 1)`
    /// (+∞ for s = 0).
    public static func fromStandardDeviation(mean: Matrix, standardDeviation: Matrix) -> [Double] {
        precondition(mean.rows == standardDeviation.rows && mean.cols == standardDeviation.cols,
                     "mean is \(mean.rows)×\(mean.cols), std \(standardDeviation.rows)×\(standardDeviation.cols)")
        return average(mean, standardDeviation) { mu, sd in
            let s = Double(sd)
            return 0.5 * (mu * mu + s * s - 2 * log(s) - 1)
        }
    }

    static func average(_ mean: Matrix, _ other: Matrix, _ term: (Double, Float) -> Double) -> [Double] {
        var sums = [Double](repeating: 0, count: mean.cols)
        for i in 0..<mean.rows {
            for k in 0..<mean.cols {
                sums[k] += term(Double(mean[i, k]), other[i, k])
            }
        }
        return mean.rows > 0 ? sums.map { $0 / Double(mean.rows) } : sums
    }
}
