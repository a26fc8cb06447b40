extension RankingMetrics {
    /// RecallCapped@K = hits / min(K, |T|), with hits = |L_K ∩ T|.
    ///
    /// The convention of dawenl/vae_cf (`Recall_at_k_batch`), RecVAE and DirectSpec. Never
    /// report it next to `recallFull` under the name "Recall". NaN when `|T| = 0`.
    public static func recallCapped(_ hits: RankedHits, k: Int) -> Double {
        precondition(k >= 1, "K must be ≥ 1")
        return Double(hits.hits(atK: k)) / Double(min(k, hits.targetCount))
    }
}
