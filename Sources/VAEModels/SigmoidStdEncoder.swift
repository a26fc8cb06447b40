import VAENumerics

/// The encoder of BiVAE and DualVAE: `N → hidden (act) → … → [μ | σ-logit]`, with
/// `σ = sigmoid(·)` (so `0 < σ < 1`). The two heads `Linear(h→k)` are stored as one
/// `Linear(h→2k)` layer (the first k outputs are μ); with PyTorch's default init the two
/// forms are the same distribution, since both heads have fan-in h.
public struct SigmoidStdEncoder: Trainable, Sendable, Equatable, Codable {
    public var network: Perceptron
    public let latentDim: Int

    public init(inputCount: Int, hiddenDims: [Int], latentDim: Int, activation: Activation, rng: inout RandomStream) {
        network = Perceptron(dims: [inputCount] + hiddenDims + [2 * latentDim], activation: activation,
                             weightInit: .kaimingUniform, biasInit: .fanInUniform, rng: &rng)
        self.latentDim = latentDim
    }

    /// One encoding: every layer's output (for the backward pass), μ and σ.
    public struct Encoding: Sendable {
        public var outputs: [Matrix]
        public var mean: Matrix
        public var std: Matrix
    }

    public func encode(_ x: LayerInput) -> Encoding {
        let outputs = network.forward(x)
        var std = outputs.last!.columns(latentDim..<(2 * latentDim))
        Activation.sigmoid.apply(&std)
        return Encoding(outputs: outputs, mean: outputs.last!.columns(0..<latentDim), std: std)
    }

    /// Back-propagates `∂L/∂μ` and `∂L/∂σ` (σ-logit gradient `∂L/∂σ · σ(1−σ)`), overwriting
    /// the layer gradients; returns `∂L/∂x` for a dense input when asked.
    @discardableResult
    public mutating func backward(input x: LayerInput, encoding e: Encoding, gradMean: Matrix, gradStd: Matrix,
                                  inputGradient: Bool = false) -> Matrix? {
        let k = latentDim
        var g = Matrix(rows: gradMean.rows, cols: 2 * k)
        for r in 0..<g.rows {
            for j in 0..<k {
                g.data[r * 2 * k + j] = gradMean.data[r * k + j]
                let s = e.std.data[r * k + j]
                g.data[r * 2 * k + k + j] = gradStd.data[r * k + j] * s * (1 - s)
            }
        }
        return network.backward(input: x, outputs: e.outputs, gradOutput: g, inputGradient: inputGradient)
    }

    public mutating func visitParameters(_ body: (inout Matrix, Matrix) -> Void) { network.visitParameters(body) }
}

