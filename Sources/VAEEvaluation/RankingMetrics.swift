#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Namespace for the ranking metrics: small pure functions of `RankedHits` and a cutoff
/// `K ≥ 1`. One file per metric (`NDCG.swift`, `RecallCapped.swift`, …).
///
/// Conventions shared by all of them:
/// - a ranked list shorter than `K` (fewer candidates than `K`) is read as-is; missing
///   positions are misses;
/// - a user with `|T| = 0` gives NaN (0/0) from the metrics that divide by `|T|`; the
///   evaluator skips such users before calling any metric.
public enum RankingMetrics {
    /// The value of `spec` for one user.
    public static func value(_ spec: MetricSpec, _ hits: RankedHits) -> Double {
        switch spec.kind {
        case .ndcg: ndcg(hits, k: spec.k)
        case .recallCapped: recallCapped(hits, k: spec.k)
        case .recallFull: recallFull(hits, k: spec.k)
        case .precision: precision(hits, k: spec.k)
        case .hitRate: hitRate(hits, k: spec.k)
        }
    }

    /// The position discount `1 / log2(r + 1)` of 1-based rank `r`.
    public static func discount(rank r: Int) -> Double {
        1 / log2(Double(r + 1))
    }
}
