extension RankingMetrics {
    /// Precision@K = hits / K, with hits = |L_K ∩ T|.
    ///
    /// Divides by K even when fewer than K candidates exist (Cornac's `Precision` does the
    /// same). NaN when `|T| = 0`, for consistency with the other metrics.
    public static func precision(_ hits: RankedHits, k: Int) -> Double {
        precondition(k >= 1, "K must be ≥ 1")
        guard hits.targetCount > 0 else { return .nan }
        return Double(hits.hits(atK: k)) / Double(k)
    }
}
