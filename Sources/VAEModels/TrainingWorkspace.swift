/// Scratch buffers a model's training step reuses across batches: activations, their
/// gradients, the logits' gradient. A trainer creates one (empty) workspace per training
/// loop and passes it to every step; the first step sizes the buffers and later steps
/// overwrite them, so the hot loop allocates nothing large. A workspace is never part of a
/// model, its equality or a checkpoint, and results do not depend on it: a step computes
/// the same values, in the same order, whether its buffers are fresh or reused.
public protocol TrainingWorkspace: Sendable {
    init()
}

/// The workspace of a model that keeps no buffers between steps.
public struct NoWorkspace: TrainingWorkspace {
    public init() {}
}
