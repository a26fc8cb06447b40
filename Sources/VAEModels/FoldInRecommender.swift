import VAENumerics

/// A recommender that encodes a user's item row and decodes scores over all items
/// (Mult-VAE, Mult-DAE): trained batch by batch on training users' rows, and evaluated by
/// encoding held-out users' fold-in rows.
public protocol FoldInRecommender: Trainable, Sendable, Codable {
    /// The buffers training steps reuse across batches (`TrainingWorkspace`).
    associatedtype Workspace: TrainingWorkspace = NoWorkspace

    /// Loss of one batch of training rows; stores every parameter's gradient.
    mutating func computeGradients(batch x: SparseMatrix, beta: Float, randomness: inout RunRandomness) -> LossTerms

    /// The same for the update that follows `updatesDone` earlier ones, for models with
    /// their own per-update schedules (Mult-VAE's λ_A warm-up). Defaults to the above.
    mutating func computeGradients(batch x: SparseMatrix, beta: Float, updatesDone: Int, randomness: inout RunRandomness) -> LossTerms

    /// The same with the DirectSpec term on the batch's latent means when `directSpec` is
    /// given (Mult-VAE); models without it require nil. Defaults to the above.
    mutating func computeGradients(batch x: SparseMatrix, beta: Float, updatesDone: Int, directSpec: DirectSpecPenalty?,
                                   randomness: inout RunRandomness) -> LossTerms

    /// The same, with the step's large buffers taken from `workspace` and left there for
    /// the next step (same values as without it). Defaults to the above, ignoring it.
    mutating func computeGradients(batch x: SparseMatrix, beta: Float, updatesDone: Int, directSpec: DirectSpecPenalty?,
                                   workspace: inout Workspace, randomness: inout RunRandomness) -> LossTerms

    /// Scores over all items for the rows of `x` (no corruption, no sampling).
    func scores(_ x: SparseMatrix, into scores: inout Matrix)
}

extension FoldInRecommender {
    public mutating func computeGradients(batch x: SparseMatrix, beta: Float, updatesDone: Int, randomness: inout RunRandomness) -> LossTerms {
        computeGradients(batch: x, beta: beta, randomness: &randomness)
    }

    public mutating func computeGradients(batch x: SparseMatrix, beta: Float, updatesDone: Int, directSpec: DirectSpecPenalty?,
                                          randomness: inout RunRandomness) -> LossTerms {
        precondition(directSpec == nil, "\(Self.self) has no DirectSpec option")
        return computeGradients(batch: x, beta: beta, updatesDone: updatesDone, randomness: &randomness)
    }

    public mutating func computeGradients(batch x: SparseMatrix, beta: Float, updatesDone: Int, directSpec: DirectSpecPenalty?,
                                          workspace: inout Workspace, randomness: inout RunRandomness) -> LossTerms {
        computeGradients(batch: x, beta: beta, updatesDone: updatesDone, directSpec: directSpec, randomness: &randomness)
    }
}

extension MultVAE: FoldInRecommender {}
extension MultDAE: FoldInRecommender {}
