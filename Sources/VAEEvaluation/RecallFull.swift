extension RankingMetrics {
    /// RecallFull@K = hits / |T|, with hits = |L_K ∩ T|.
    ///
    /// The convention of Cornac (`metrics/ranking.py`, `Recall`) and LightGCN-PyTorch. Never
    /// report it next to `recallCapped` under the name "Recall". NaN when `|T| = 0`.
    public static func recallFull(_ hits: RankedHits, k: Int) -> Double {
        precondition(k >= 1, "K must be ≥ 1")
        return Double(hits.hits(atK: k)) / Double(hits.targetCount)
    }
}
