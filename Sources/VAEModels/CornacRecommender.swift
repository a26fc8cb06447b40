import VAENumerics

/// A Cornac-family recommender (PoisVAE, BiVAE, DualVAE) trained on one training matrix and
/// scored for the same users (no fold-in): an epoch is a fixed sequence of contiguous
/// batches, and the final means are re-inferred after the last epoch.
public protocol CornacRecommender: Sendable, Codable {
    /// How many separate Adams the model trains with (the order of `optimizers`).
    static var optimizerCount: Int { get }

    /// One training epoch with label smoothing `smoothing` and, when given, the DirectSpec
    /// term on the sides it names (models without it require nil); `optimizers` are stepped
    /// in place.
    mutating func trainEpoch(_ data: BipartiteData, smoothing: Float, directSpec: DirectSpecPenalty?, batchSize: Int,
                             optimizers: inout [Adam], rng: inout RandomStream) -> CornacEpochLoss

    /// After the last epoch: recompute the stored means the scores use.
    mutating func inferMeans(_ data: BipartiteData, batchSize: Int, rng: inout RandomStream)

    /// Ranking scores of `users` (rows of the training matrix) over all trained items.
    func scores(_ data: BipartiteData, users: Range<Int>, into scores: inout Matrix)
}

extension CornacRecommender {
    /// One training epoch without DirectSpec.
    public mutating func trainEpoch(_ data: BipartiteData, smoothing: Float, batchSize: Int, optimizers: inout [Adam],
                                    rng: inout RandomStream) -> CornacEpochLoss {
        trainEpoch(data, smoothing: smoothing, directSpec: nil, batchSize: batchSize, optimizers: &optimizers, rng: &rng)
    }
}
