#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VAENumerics

/// Scalar summaries of a singular-value spectrum σ₁ ≥ … ≥ σ_r ≥ 0 (techniques.md §6).
///
/// Each measure is named for its definition so the variants are never confused; the
/// worked example σ = [4, 2, 1, 1] gives the values in brackets.
///
/// | name | definition | [4,2,1,1] |
/// |---|---|---|
/// | `effectiveRankL1` | `exp(−Σ p_k ln p_k)`, `p = σ/Σσ` (Roy & Vetterli 2007) | 3.3635857 |
/// | `effectiveRankL2` | same with `p = σ²/Σσ²` | 2.2763215 |
/// | `informationAbundance` | `Σσ/σ₁` (Guo et al. 2024) | 2.0 |
/// | `stableRank` | `Σσ²/σ₁²` | 1.375 |
/// | `participationRatio` | `(Σσ²)²/Σσ⁴` | 1.7664234 |
/// | `topVarianceShare(k)` | `Σ_{i≤k} σ_i²/Σσ²` | k = 1: 0.72727 |
///
/// Conventions: `0·ln 0 = 0`; σ₁ is the largest value (the input need not be sorted, and
/// its order does not change a single bit of the result);
/// every measure of an empty or all-zero spectrum is 0 (rank 0), never NaN. All values
/// are scaled by σ₁ before powers are taken, so nothing overflows or underflows.
/// The input must be non-negative and finite.
public struct SpectralSummaries: Sendable, Equatable {
    public let effectiveRankL1: Double
    public let effectiveRankL2: Double
    public let informationAbundance: Double
    public let stableRank: Double
    public let participationRatio: Double

    public init(_ sigma: [Double]) {
        effectiveRankL1 = SpectralSummaries.effectiveRankL1(sigma)
        effectiveRankL2 = SpectralSummaries.effectiveRankL2(sigma)
        informationAbundance = SpectralSummaries.informationAbundance(sigma)
        stableRank = SpectralSummaries.stableRank(sigma)
        participationRatio = SpectralSummaries.participationRatio(sigma)
    }

    /// Effective rank, L1 variant: `exp(H(p))` with `p_k = σ_k/Σσ` — the variant DirectSpec
    /// prints.
    public static func effectiveRankL1(_ sigma: [Double]) -> Double {
        exponentialEntropy(scaled(sigma))
    }

    /// Effective rank, L2 variant: `exp(H(p))` with `p_k = σ_k²/Σσ²` (entropy of the variance
    /// shares).
    public static func effectiveRankL2(_ sigma: [Double]) -> Double {
        exponentialEntropy(scaled(sigma).map { $0 * $0 })
    }

    /// Information abundance `Σσ/σ₁` (the nuclear norm over the spectral norm).
    public static func informationAbundance(_ sigma: [Double]) -> Double {
        scaled(sigma).reduce(0, +)
    }

    /// Stable rank `Σσ²/σ₁² = ‖M‖_F²/‖M‖₂²`.
    public static func stableRank(_ sigma: [Double]) -> Double {
        scaled(sigma).reduce(0) { $0 + $1 * $1 }
    }

    /// Participation ratio `(Σσ²)²/Σσ⁴` of the eigenvalues λ = σ², i.e. `(Σλ)²/Σλ²`.
    public static func participationRatio(_ sigma: [Double]) -> Double {
        let s = scaled(sigma)
        let s2 = s.reduce(0) { $0 + $1 * $1 }
        let s4 = s.reduce(0) { $0 + ($1 * $1) * ($1 * $1) }
        return s4 > 0 ? s2 * s2 / s4 : 0
    }

    /// Share of the total variance `Σσ²` carried by the k largest values,
    /// `Σ_{i≤k} σ_(i)²/Σσ²` ∈ [0, 1]; k is clamped to [0, r]. 0 for a zero spectrum.
    public static func topVarianceShare(_ sigma: [Double], k: Int) -> Double {
        let s = scaled(sigma)
        let total = s.reduce(0) { $0 + $1 * $1 }
        guard total > 0 else { return 0 }
        let top = s.prefix(Swift.max(0, k)).reduce(0) { $0 + $1 * $1 }
        return top / total
    }

    /// σ/σ₁ sorted descending (so every sum runs in one order whatever the input order);
    /// empty when every value is 0.
    static func scaled(_ sigma: [Double]) -> [Double] {
        precondition(sigma.allSatisfy { $0 >= 0 && $0.isFinite }, "singular values must be finite and ≥ 0")
        let sorted = sigma.sorted(by: >)
        guard let s1 = sorted.first, s1 > 0 else { return [] }
        return sorted.map { $0 / s1 }
    }

    /// `exp(−Σ p ln p)` of weights normalised to sum 1; 0 when there is no mass.
    static func exponentialEntropy(_ w: [Double]) -> Double {
        let total = w.reduce(0, +)
        guard total > 0 else { return 0 }
        var h = 0.0
        for x in w where x > 0 {
            let p = x / total
            h -= p * log(p)
        }
        return exp(h)
    }
}
