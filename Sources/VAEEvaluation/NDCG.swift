extension RankingMetrics {
    /// NDCG@K with binary gains (protocols.md §4):
    ///
    ///     DCG  = Σ_{r=1..K} [L_r ∈ T] / log2(r + 1)
    ///     IDCG = Σ_{r=1..min(K, |T|)} 1 / log2(r + 1)
    ///     NDCG = DCG / IDCG
    ///
    /// Cornac's gain `2^rel − 1` equals `rel` for 0/1 relevance, so all references agree.
    /// NaN when `|T| = 0`.
    public static func ndcg(_ hits: RankedHits, k: Int) -> Double {
        precondition(k >= 1, "K must be ≥ 1")
        guard hits.targetCount > 0 else { return .nan }
        var dcg = 0.0
        for (i, flag) in hits.flags.prefix(k).enumerated() where flag {
            dcg += discount(rank: i + 1)
        }
        var idcg = 0.0
        for r in 1...min(k, hits.targetCount) { idcg += discount(rank: r) }
        return dcg / idcg
    }
}
