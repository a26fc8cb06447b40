extension RankingMetrics {
    /// HitRate@K = 1 if |L_K ∩ T| ≥ 1, else 0. NaN when `|T| = 0`.
    public static func hitRate(_ hits: RankedHits, k: Int) -> Double {
        precondition(k >= 1, "K must be ≥ 1")
        guard hits.targetCount > 0 else { return .nan }
        return hits.hits(atK: k) > 0 ? 1 : 0
    }
}
