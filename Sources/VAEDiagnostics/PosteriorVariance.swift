import VAENumerics

/// The mean posterior variance of diagonal-Gaussian posteriors N(μ_u, diag s_u²) over n
/// users and d dimensions:
///
///     mean σ² = (1/(n·d))·Σ_u Σ_k s_uk²
///
/// (accumulated in Double). Near the prior it is ≈ 1; a posterior that has shrunk to a
/// point (the PIA variance term pulls s toward 0) gives ≈ 0. Example: s = [[1, 0.5], [0, 2]]
/// gives (1 + 0.25 + 0 + 4)/4 = 1.3125. NaN for an empty matrix.
public enum PosteriorVariance {
    public static func mean(standardDeviations s: Matrix) -> Double {
        guard s.count > 0 else { return .nan }
        return s.data.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(s.count)
    }
}
