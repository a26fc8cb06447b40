import VAENumerics

/// Row-wise L2 normalisation `ū_i = x_i / max(‖x_i‖, ε)` (PyTorch's `F.normalize`, which
/// the DirectSpec code applies before its filter), with its backward pass.
///
/// Backward, for a row with ‖x‖ > ε: `∂L/∂x = (g − ū·(ūᵀg)) / ‖x‖` with g = ∂L/∂ū (the
/// component of g along ū is removed: scaling a row does not change ū). For ‖x‖ ≤ ε the
/// map is `x/ε` and the gradient is `g/ε`. Norms are accumulated in Double.
public struct RowNormalization: Sendable {
    /// Ū, the normalised rows.
    public let output: Matrix
    /// ‖x_i‖ of each input row.
    public let norms: [Float]
    /// ε.
    public let epsilon: Float

    public init(_ x: Matrix, epsilon: Float = 1e-12) {
        self.epsilon = epsilon
        var out = x
        var norms = [Float](repeating: 0, count: x.rows)
        for i in 0..<x.rows {
            var ss = 0.0
            for j in 0..<x.cols { let v = Double(x[i, j]); ss += v * v }
            let n = ss.squareRoot()
            norms[i] = Float(n)
            let inv = 1 / Swift.max(n, Double(epsilon))
            for j in 0..<x.cols { out[i, j] = Float(Double(x[i, j]) * inv) }
        }
        self.output = out
        self.norms = norms
    }

    /// ∂L/∂x from g = ∂L/∂ū.
    public func backward(_ g: Matrix) -> Matrix {
        precondition(g.rows == output.rows && g.cols == output.cols, "gradient shape differs from the output")
        var dx = g
        for i in 0..<g.rows {
            let n = norms[i]
            if n > epsilon {
                var dot = 0.0
                for j in 0..<g.cols { dot += Double(output[i, j]) * Double(g[i, j]) }
                let inv = 1 / Double(n)
                for j in 0..<g.cols {
                    dx[i, j] = Float((Double(g[i, j]) - Double(output[i, j]) * dot) * inv)
                }
            } else {
                for j in 0..<g.cols { dx[i, j] = g[i, j] / epsilon }
            }
        }
        return dx
    }
}
