import Foundation
import VAENumerics
import _VAEKernels

/// Where Adam's ε enters the update.
public enum AdamEpsilon: String, Codable, Sendable {
    /// PyTorch: `p ← p − lr · m̂ / (√v̂ + ε)` with `m̂ = m/(1−β₁ᵗ)`, `v̂ = v/(1−β₂ᵗ)`.
    case pytorch
    /// TensorFlow (vae_cf's `tf.train.AdamOptimizer`): `p ← p − lr_t · m / (√v + ε)` with
    /// `lr_t = lr·√(1−β₂ᵗ)/(1−β₁ᵗ)` — the same bias correction, ε applied before it.
    case tensorflow
}

/// The optimiser's complete state: step count and both moment estimates per tensor, in
/// the order the model visits its parameters. Saved whole in checkpoints.
public struct AdamState: Codable, Sendable, Equatable {
    public var step: Int = 0
    public var firstMoments: [[Float]] = []
    public var secondMoments: [[Float]] = []

    public init() {}

    enum CodingKeys: String, CodingKey { case step, firstMoments, secondMoments }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        step = try c.decode(Int.self, forKey: .step)
        firstMoments = try c.decode([Data].self, forKey: .firstMoments).map { try FloatCoding.floats($0) }
        secondMoments = try c.decode([Data].self, forKey: .secondMoments).map { try FloatCoding.floats($0) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(step, forKey: .step)
        try c.encode(firstMoments.map(FloatCoding.data), forKey: .firstMoments)
        try c.encode(secondMoments.map(FloatCoding.data), forKey: .secondMoments)
    }
}

/// Adam (Kingma & Ba 2015) with bias correction:
/// `m ← β₁m + (1−β₁)g`, `v ← β₂v + (1−β₂)g²`, then the update of `epsilonConvention`.
public struct Adam: Sendable {
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var epsilonConvention: AdamEpsilon
    public var state = AdamState()

    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                epsilonConvention: AdamEpsilon = .pytorch) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.epsilonConvention = epsilonConvention
    }

    /// One update of every parameter of `model` from the gradients stored beside it.
    public mutating func update<M: Trainable>(_ model: inout M) {
        state.step += 1
        let t = Float(state.step)
        let c1 = 1 - _powf(beta1, t)
        let c2 = 1 - _powf(beta2, t)
        // Move the moments out of `state` so each array is uniquely referenced and updated in
        // place (an element of a property captured by the closure would be copied).
        var first = state.firstMoments, second = state.secondMoments
        state.firstMoments = []
        state.secondMoments = []
        var slot = 0
        let optimizer = self
        model.visitParameters { parameter, gradient in
            if slot == first.count {
                first.append([Float](repeating: 0, count: parameter.count))
                second.append([Float](repeating: 0, count: parameter.count))
            }
            precondition(first[slot].count == parameter.count, "Adam: parameter \(slot) changed size")
            optimizer.step(&parameter.data, gradient.data, &first[slot], &second[slot], c1: c1, c2: c2)
            slot += 1
        }
        state.firstMoments = first
        state.secondMoments = second
    }

    private func step(_ p: inout [Float], _ g: [Float], _ m: inout [Float], _ v: inout [Float], c1: Float, c2: Float) {
        let rule = AdamRule(beta1: beta1, beta2: beta2, learningRate: learningRate, epsilon: epsilon, c1: c1, c2: c2,
                            convention: epsilonConvention)
        p.withUnsafeMutableBufferPointer { pp in
        g.withUnsafeBufferPointer { pg in
        m.withUnsafeMutableBufferPointer { pm in
        v.withUnsafeMutableBufferPointer { pv in
            let (pp, pg, pm, pv) = (UncheckedPointers(pp), UncheckedPointers(pg), UncheckedPointers(pm), UncheckedPointers(pv))
            // Element-wise: the split over cores cannot change a result.
            Parallel.forEachChunk(pp.write.count, minimumChunk: 1 << 16) { range in
                rule.apply(p: pp.write.baseAddress!, g: pg.read.baseAddress!, m: pm.write.baseAddress!,
                           v: pv.write.baseAddress!, range: range)
            }
        }}}}
    }
}

/// One Adam update over a range of elements, through the C kernels of `_VAEKernels` (which
/// vectorise the division and square root; bit-identical to the scalar formula).
struct AdamRule {
    let beta1, beta2, learningRate, epsilon, c1, c2: Float
    let convention: AdamEpsilon

    func apply(p: UnsafeMutablePointer<Float>, g: UnsafePointer<Float>, m: UnsafeMutablePointer<Float>,
               v: UnsafeMutablePointer<Float>, range: Range<Int>) {
        let (p, g, m, v, n) = (p + range.lowerBound, g + range.lowerBound, m + range.lowerBound, v + range.lowerBound,
                               range.count)
        switch convention {
        case .pytorch:
            vaelab_adam_pytorch(p, g, m, v, n, beta1, beta2, learningRate, epsilon, c1, c2)
        case .tensorflow:
            vaelab_adam_tensorflow(p, g, m, v, n, beta1, beta2, learningRate * c2.squareRoot() / c1, epsilon)
        }
    }
}

/// A model whose parameters an optimiser can update: it visits each trainable tensor with
/// its current gradient, always in the same order.
public protocol Trainable {
    mutating func visitParameters(_ body: (_ parameter: inout Matrix, _ gradient: Matrix) -> Void)
}
