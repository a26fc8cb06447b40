import VAENumerics

/// A recommender that encodes a user's item row and decodes scores over all items
/// (Mult-VAE, Mult-DAE): trained batch by batch on training users' rows, and evaluated by
/// encoding held-out users' fold-in rows.
public protocol FoldInRecommender: Trainable, Sendable, Codable {
    /// Loss of one batch of training rows; stores every parameter's gradient.
    mutating func computeGradients(batch x: SparseMatrix, beta: Float, randomness: inout RunRandomness) -> LossTerms

    /// Scores over all items for the rows of `x` (no corruption, no sampling).
    func scores(_ x: SparseMatrix, into scores: inout Matrix)
}

extension MultVAE: FoldInRecommender {}
extension MultDAE: FoldInRecommender {}
