import VAENumerics

/// Summing gradients over several backward passes (DualVAE runs its shared encoder once per
/// aspect, and `Perceptron.backward` overwrites).
extension Perceptron {
    /// The current weight and bias gradients, layer by layer.
    public var gradients: [Matrix] { layers.flatMap { [$0.weightGradient, $0.biasGradient] } }

    /// Replaces the gradients by `g` (the order of `gradients`).
    public mutating func setGradients(_ g: [Matrix]) {
        for l in layers.indices {
            layers[l].weightGradient = g[2 * l]
            layers[l].biasGradient = g[2 * l + 1]
        }
    }

    /// `acc += gradients` (acc empty = start from zero).
    public func accumulateGradients(into acc: inout [Matrix]) {
        let g = gradients
        if acc.isEmpty { acc = g; return }
        for t in g.indices {
            g[t].data.withUnsafeBufferPointer { src in
                acc[t].data.withUnsafeMutableBufferPointer { dst in
                    for i in 0..<src.count { dst[i] += src[i] }
                }
            }
        }
    }
}

