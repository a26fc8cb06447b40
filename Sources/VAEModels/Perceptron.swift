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

    /// The buffers of one forward and backward pass: every layer's output and the gradients
    /// flowing between layers. `forward(_:into:)` and `backward(…, workspace:)` reshape them
    /// to the batch and overwrite them, so a workspace kept across batches is allocated once
    /// (by the first, largest batch) instead of at every step. It belongs to the caller (a
    /// model's training workspace), never to the perceptron or its checkpoints.
    public struct Workspace: Sendable {
        /// Every layer's output after the last `forward(_:into:)` (after its activation; the
        /// last one raw).
        public internal(set) var outputs: [Matrix] = []
        /// `gradients[l]` is ∂L/∂(input of layer l) after `backward(…, workspace:)`: for
        /// l ≥ 1 the gradient at layer l − 1's activation output, then (in place) at its
        /// pre-activation; for l = 0 the input gradient, when asked for and the input is dense.
        var gradients: [Matrix] = []

        public init() {}

        init(outputs: [Matrix]) { self.outputs = outputs }

        /// ∂L/∂x of the last `backward(…, inputGradient: true, workspace:)` on a dense input.
        public var inputGradient: Matrix { gradients[0] }
    }

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
        var workspace = Workspace()
        forward(x, into: &workspace)
        return workspace.outputs
    }

    /// The same, into `workspace.outputs` (reused across calls).
    public func forward(_ x: LayerInput, into workspace: inout Workspace) {
        if workspace.outputs.count != layers.count {
            workspace.outputs = Array(repeating: Matrix(rows: 0, cols: 0), count: layers.count)
        }
        for (l, layer) in layers.enumerated() {
            workspace.outputs[l].reshape(rows: x.rows, cols: layer.fanOut)
            if l == 0 {
                switch x {
                case let .dense(m): layer.forward(m, into: &workspace.outputs[0])
                case let .sparse(s): layer.forward(s, into: &workspace.outputs[0])
                }
            } else {
                layer.forward(workspace.outputs[l - 1], into: &workspace.outputs[l])
            }
            if l < layers.count - 1 { activation.apply(&workspace.outputs[l]) }
        }
    }

    /// The last layer's output only.
    public func callAsFunction(_ x: LayerInput) -> Matrix { forward(x).last! }

    /// Back-propagates `gradOutput` (∂L/∂ last output) through the stack, overwriting every
    /// layer's gradients. Returns ∂L/∂x when `inputGradient` is true and the input is dense.
    @discardableResult
    public mutating func backward(input x: LayerInput, outputs: [Matrix], gradOutput: Matrix, inputGradient: Bool = false) -> Matrix? {
        var workspace = Workspace(outputs: outputs)
        backward(input: x, gradOutput: gradOutput, inputGradient: inputGradient, workspace: &workspace)
        if inputGradient, case .dense = x { return workspace.inputGradient }
        return nil
    }

    /// The same, from the outputs of the last `forward(_:into: workspace)` and with the
    /// gradients between layers in `workspace.gradients`; ∂L/∂x, when asked for and the input
    /// is dense, is `workspace.inputGradient`. `gradOutput` is only read.
    public mutating func backward(input x: LayerInput, gradOutput: Matrix, inputGradient: Bool = false, workspace: inout Workspace) {
        precondition(workspace.outputs.count == layers.count, "backward needs the outputs of forward")
        // Moved out so each buffer is uniquely referenced and overwritten in place.
        var gradients = workspace.gradients
        workspace.gradients = []
        if gradients.count != layers.count { gradients = Array(repeating: Matrix(rows: 0, cols: 0), count: layers.count) }
        let last = layers.count - 1
        for l in stride(from: last, through: 0, by: -1) {
            if l < last { activation.backward(output: workspace.outputs[l], gradient: &gradients[l + 1]) }
            let g = l == last ? gradOutput : gradients[l + 1]
            if l == 0 {
                switch x {
                case let .dense(m): layers[0].backward(input: m, gradOutput: g)
                case let .sparse(s): layers[0].backward(input: s, gradOutput: g)
                }
            } else {
                layers[l].backward(input: workspace.outputs[l - 1], gradOutput: g)
            }
            let wanted: Bool
            if l > 0 { wanted = true } else if case .dense = x { wanted = inputGradient } else { wanted = false }
            if wanted {
                gradients[l].reshape(rows: g.rows, cols: layers[l].fanIn)
                layers[l].inputGradient(g, into: &gradients[l])
            }
        }
        workspace.gradients = gradients
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
