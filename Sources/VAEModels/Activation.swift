import VAENumerics

/// Element-wise activations. Each derivative is written in terms of the activation's
/// *output* `y`, so a layer keeps only its output for the backward pass.
public enum Activation: String, Codable, Sendable, CaseIterable {
    case identity, tanh, sigmoid, relu, elu

    /// `x ← f(x)`.
    ///
    /// - tanh: `f(x) = tanh x`
    /// - sigmoid: `f(x) = 1 / (1 + e^{−x})`
    /// - relu: `f(x) = max(x, 0)`
    /// - elu (α = 1): `f(x) = x` for `x > 0`, `e^x − 1` otherwise
    public func apply(_ x: inout Matrix) {
        x.data.withUnsafeMutableBufferPointer { p in
            switch self {
            case .identity: break
            case .tanh: RowKernels.tanh(p)
            case .sigmoid: RowKernels.sigmoid(p)
            case .relu: for i in p.indices where p[i] < 0 { p[i] = 0 }
            case .elu: for i in p.indices where p[i] <= 0 { p[i] = _expf(p[i]) - 1 }
            }
        }
    }

    /// `g ← g ⊙ f′`, with `f′` from the output `y = f(x)`:
    /// tanh `1 − y²`; sigmoid `y(1 − y)`; relu `[y > 0]`; elu `1` for `y > 0`, `y + 1` otherwise.
    public func backward(output y: Matrix, gradient g: inout Matrix) {
        precondition(y.count == g.count, "activation backward: shapes differ")
        y.data.withUnsafeBufferPointer { py in
            g.data.withUnsafeMutableBufferPointer { pg in
                switch self {
                case .identity: break
                case .tanh: for i in pg.indices { pg[i] *= 1 - py[i] * py[i] }
                case .sigmoid: for i in pg.indices { pg[i] *= py[i] * (1 - py[i]) }
                case .relu: for i in pg.indices where py[i] <= 0 { pg[i] = 0 }
                case .elu: for i in pg.indices where py[i] <= 0 { pg[i] *= py[i] + 1 }
                }
            }
        }
    }
}
