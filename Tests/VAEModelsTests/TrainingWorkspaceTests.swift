import Testing
import VAENumerics
@testable import VAEModels

/// A workspace reused across batches must give exactly the values of fresh buffers: the
/// same losses, gradients and (after Adam) parameters, bit for bit, also when a smaller
/// batch comes between larger ones (the buffers shrink and grow again in place).
@Suite("Training workspaces: reused buffers give the values of fresh ones")
struct TrainingWorkspaceTests {
    static let batchSizes = [6, 3, 6, 5]

    static func gradients<M: Trainable>(_ model: inout M) -> [Matrix] {
        var out: [Matrix] = []
        model.visitParameters { _, g in out.append(g) }
        return out
    }

    @Test("Perceptron: forward(into:) and backward(workspace:) match the allocating versions")
    func perceptron() {
        var rng = RandomStream(seed: 41)
        var fresh = Perceptron(dims: [7, 5, 4, 6], activation: .tanh, weightInit: .glorotUniform,
                               biasInit: .truncatedNormal(std: 0.1), rng: &rng)
        var reused = fresh
        var workspace = Perceptron.Workspace()
        for (step, rows) in Self.batchSizes.enumerated() {
            let x = uniformMatrix(rows, 7, seed: UInt64(50 + step))
            let g = uniformMatrix(rows, 6, seed: UInt64(60 + step))
            let outputs = fresh.forward(.dense(x))
            let gx = fresh.backward(input: .dense(x), outputs: outputs, gradOutput: g, inputGradient: true)
            reused.forward(.dense(x), into: &workspace)
            reused.backward(input: .dense(x), gradOutput: g, inputGradient: true, workspace: &workspace)
            #expect(workspace.outputs == outputs)
            #expect(workspace.inputGradient == gx)
            #expect(reused == fresh)
            #expect(reused.layers.map(\.weightGradient) == fresh.layers.map(\.weightGradient))
            #expect(reused.layers.map(\.biasGradient) == fresh.layers.map(\.biasGradient))
        }
    }

    @Test("Mult-VAE with PIA, smoothing and a penalty: steps and Adam updates are bit-identical")
    func multVAE() {
        var c = MultVAE.Configuration(itemCount: 13)
        c.hiddenDims = [7]
        c.latentDim = 3
        c.labelSmoothing = 0.1
        c.weightPenalty = 0.01
        c.anchorWeight = 0.5
        var rng = RandomStream(seed: 42)
        let model = MultVAE(c, rng: &rng)
        expectIdentical(model, itemCount: 13) { m, x, _, r in
            m.computeGradients(batch: x, beta: 0.3, anchorWeight: c.anchorWeight, randomness: &r)
        }
    }

    @Test("Mult-DAE: steps and Adam updates are bit-identical")
    func multDAE() {
        var c = MultDAE.Configuration(itemCount: 11)
        c.hiddenDims = [5]
        var rng = RandomStream(seed: 43)
        let model = MultDAE(c, rng: &rng)
        expectIdentical(model, itemCount: 11) { m, x, _, r in m.computeGradients(batch: x, beta: 0, randomness: &r) }
    }

    /// Trains two copies over `batchSizes`: one through the trainers' workspace entry with
    /// one workspace throughout, one through `freshStep` (fresh buffers every step).
    func expectIdentical<M: FoldInRecommender & Equatable>(
        _ model: M, itemCount: Int, freshStep: (inout M, SparseMatrix, Int, inout RunRandomness) -> LossTerms
    ) {
        var fresh = model, reused = model
        var freshRandomness = RunRandomness(seed: 7), reusedRandomness = RunRandomness(seed: 7)
        var freshAdam = Adam(), reusedAdam = Adam()
        var workspace = M.Workspace()
        for (step, rows) in Self.batchSizes.enumerated() {
            let x = randomBinary(rows, itemCount, density: 0.3, seed: UInt64(70 + step))
            let a = freshStep(&fresh, x, step, &freshRandomness)
            let b = reused.computeGradients(batch: x, beta: 0.3, updatesDone: step, directSpec: nil,
                                            workspace: &workspace, randomness: &reusedRandomness)
            #expect(a == b, "step \(step): losses differ")
            #expect(Self.gradients(&fresh) == Self.gradients(&reused), "step \(step): gradients differ")
            freshAdam.update(&fresh)
            reusedAdam.update(&reused)
            #expect(fresh == reused, "step \(step): parameters differ after Adam")
        }
    }
}
