/// The ranking metrics the harness computes. Each case names one formula; the two recall
/// conventions are separate kinds so they can never be mixed in one table
/// (protocols.md §4).
public enum MetricKind: String, CaseIterable, Sendable, Hashable, Codable {
    /// `NDCG@K` with binary gains; IDCG over `min(K, |T|)` positions.
    case ndcg = "NDCG"
    /// `RecallCapped@K = hits / min(K, |T|)`: dawenl/vae_cf, RecVAE, DirectSpec.
    case recallCapped = "RecallCapped"
    /// `RecallFull@K = hits / |T|`: Cornac, LightGCN-PyTorch.
    case recallFull = "RecallFull"
    /// `Precision@K = hits / K`.
    case precision = "Precision"
    /// `HitRate@K = 1 if hits ≥ 1, else 0`.
    case hitRate = "HitRate"

    /// The canonical name used in metric names such as `NDCG@100`.
    public var name: String { rawValue }
}
