import VAENumerics

/// The input of a layer stack: a dense batch, or a sparse one (the users' item rows),
/// which the first layer reads through sparse products.
public enum LayerInput: Sendable {
    case dense(Matrix)
    case sparse(SparseMatrix)

    public var rows: Int {
        switch self {
        case let .dense(m): return m.rows
        case let .sparse(s): return s.rows
        }
    }
}

/// A stack of dense layers with one activation after every layer but the last
/// (vae_cf's encoder and decoder: `tanh` between layers, a raw last layer).
public struct Perceptron: Sendable, Equatable, Codable {
    public var layers: [Dense]
    public let activation: Activation

    /// Layers `dims[0] → dims[1] → … → dims.last`.
    public init(dims: [Int], activation: Activation, weightInit: Initializer, biasInit: Initializer, rng: inout RandomStream) {
        precondition(dims.count >= 2, "a perceptron needs at least one layer")
        var layers: [Dense] = []
        for (fanIn, fanOut) in zip(dims, dims.dropFirst()) {
            layers.append(Dense(fanIn: fanIn, fanOut: fanOut, weightInit: weightInit, biasInit: biasInit, rng: &rng))
        }
        self.layers = layers
        self.activation = activation
    }

    /// The output of every layer (after its activation; the last one raw).
    public func forward(_ x: LayerInput) -> [Matrix] {
        var outputs: [Matrix] = []
        for (l, layer) in layers.enumerated() {
            var y = Matrix(rows: x.rows, cols: layer.fanOut)
            if l == 0 {
                switch x {
                case let .dense(m): layer.forward(m, into: &y)
                case let .sparse(s): layer.forward(s, into: &y)
                }
            } else {
                layer.forward(outputs[l - 1], into: &y)
            }
            if l < layers.count - 1 { activation.apply(&y) }
            outputs.append(y)
        }
        return outputs
    }

    /// The last layer's output only.
    public func callAsFunction(_ x: LayerInput) -> Matrix { forward(x).last! }

    /// Back-propagates `gradOutput` (∂L/∂ last output) through the stack, overwriting every
    /// layer's gradients. Returns ∂L/∂x when `inputGradient` is true and the input is dense.
    @discardableResult
    public mutating func backward(input x: LayerInput, outputs: [Matrix], gradOutput: Matrix, inputGradient: Bool = false) -> Matrix? {
        var g = gradOutput
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            if l < layers.count - 1 { activation.backward(output: outputs[l], gradient: &g) }
            if l == 0 {
                switch x {
                case let .dense(m): layers[0].backward(input: m, gradOutput: g)
                case let .sparse(s): layers[0].backward(input: s, gradOutput: g)
                }
            } else {
                layers[l].backward(input: outputs[l - 1], gradOutput: g)
            }
            if l > 0 || inputGradient {
                if case .sparse = x, l == 0 { return nil }
                var gx = Matrix(rows: g.rows, cols: layers[l].fanIn)
                layers[l].inputGradient(g, into: &gx)
                g = gx
            }
        }
        return inputGradient ? g : nil
    }

    /// Visits weights and biases, layer by layer.
    public mutating func visitParameters(_ body: (inout Matrix, Matrix) -> Void) {
        for l in layers.indices {
            body(&layers[l].weight, layers[l].weightGradient)
            body(&layers[l].bias, layers[l].biasGradient)
        }
    }

    /// `Σ_l ‖W_l‖²_F` (weights only, not biases).
    public var weightSquaredNorm: Double { layers.reduce(0) { $0 + $1.weight.squaredNorm } }

    /// Adds `c · W_l` to each weight gradient (the gradient of `(c/2)·Σ‖W‖²`).
    public mutating func addWeightDecayGradient(_ c: Float) {
        for l in layers.indices {
            for i in 0..<layers[l].weight.count { layers[l].weightGradient.data[i] += c * layers[l].weight.data[i] }
        }
    }
}
