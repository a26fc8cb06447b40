/// How a paired test computed its p-value.
public enum PairedTestMethod: Equatable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// Student's t distribution with `n − 1` degrees of freedom (`PairedTTest`).
    case studentT(degreesOfFreedom: Int)
    /// Wilcoxon signed-rank, exact null distribution of `W+` over ranks `1…n` (no ties,
    /// no zero differences, at most 50 pairs); scipy's `method='exact'`.
    case wilcoxonExact
    /// Wilcoxon signed-rank, exact enumeration of all `2^n` sign flips of the observed
    /// (average) ranks — used when there are ties or zeros and at most 13 pairs; the
    /// deterministic case of scipy's `PermutationMethod()` that `method='auto'` picks.
    case wilcoxonSignFlips
    /// Wilcoxon signed-rank, normal approximation with tie correction and no continuity
    /// correction; scipy's `method='asymptotic'` with `correction=False`.
    case wilcoxonNormal

    public var description: String {
        switch self {
        case .studentT(let df): "Student t (df \(df))"
        case .wilcoxonExact: "Wilcoxon exact"
        case .wilcoxonSignFlips: "Wilcoxon sign-flip enumeration"
        case .wilcoxonNormal: "Wilcoxon normal approximation"
        }
    }
}
