import VAENumerics

/// Active units (Burda et al. 2016): latent dimension k is active when the posterior mean
/// varies across users, `Var_u(μ_uk) > δ`, with δ = 0.01 by default.
///
/// `μ` is the n × K matrix of posterior means (one row per user). The variance is the
/// population variance `(1/n)·Σ_u (μ_uk − μ̄_k)²` (divisor n, numpy's `ddof = 0`),
/// accumulated in Double by two passes. A collapsed dimension has μ_uk ≈ constant, so
/// variance ≈ 0. This is a posterior-collapse measure: it says nothing about whether the
/// active dimensions span independent directions (see `Spectrum`).
public struct ActiveUnits: Sendable, Equatable {
    /// `Var_u(μ_uk)` for each dimension k (0 when n = 0).
    public let variances: [Double]
    /// δ.
    public let threshold: Double

    public init(means: Matrix, threshold: Double = 0.01) {
        self.threshold = threshold
        let column = ColumnCentring.columnMeans(means)
        var ss = [Double](repeating: 0, count: means.cols)
        for i in 0..<means.rows {
            for k in 0..<means.cols {
                let d = Double(means[i, k]) - column[k]
                ss[k] += d * d
            }
        }
        variances = means.rows > 0 ? ss.map { $0 / Double(means.rows) } : ss
    }

    /// `Var_u(μ_uk) > δ` per dimension.
    public var isActive: [Bool] { variances.map { $0 > threshold } }

    /// `#{k : Var_u(μ_uk) > δ}`.
    public var count: Int { variances.count { $0 > threshold } }
}
