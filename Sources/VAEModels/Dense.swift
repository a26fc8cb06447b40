import VAENumerics

/// A fully connected layer `y = x·W + b`, with `W` stored `fanIn × fanOut` and `b` as
/// `1 × fanOut`. Gradients live beside the parameters (`weightGradient`, `biasGradient`)
/// and are overwritten, not accumulated, by `backward`.
///
/// The input may be dense or sparse (CSR); a sparse input costs O(nnz · fanOut) in both
/// the forward product and the weight gradient.
public struct Dense: Sendable, Equatable, Codable {
    public var weight: Matrix
    public var bias: Matrix
    public var weightGradient: Matrix
    public var biasGradient: Matrix

    // Checkpoints keep parameters only; gradients are recomputed by the next step.
    enum CodingKeys: String, CodingKey { case weight, bias }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(weight: try c.decode(Matrix.self, forKey: .weight), bias: try c.decode(Matrix.self, forKey: .bias))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(weight, forKey: .weight)
        try c.encode(bias, forKey: .bias)
    }

    public var fanIn: Int { weight.rows }
    public var fanOut: Int { weight.cols }

    public init(weight: Matrix, bias: Matrix) {
        precondition(bias.rows == 1 && bias.cols == weight.cols, "bias must be 1 × fanOut")
        self.weight = weight
        self.bias = bias
        weightGradient = Matrix(rows: weight.rows, cols: weight.cols)
        biasGradient = Matrix(rows: 1, cols: weight.cols)
    }

    public init(fanIn: Int, fanOut: Int, weightInit: Initializer, biasInit: Initializer, rng: inout RandomStream) {
        let w = weightInit.make(rows: fanIn, cols: fanOut, fanIn: fanIn, fanOut: fanOut, rng: &rng)
        let b = biasInit.make(rows: 1, cols: fanOut, fanIn: fanIn, fanOut: fanOut, rng: &rng)
        self.init(weight: w, bias: b)
    }

    /// `y ← x·W + b` for a dense batch `x` (`B × fanIn`); `y` must be `B × fanOut`.
    public func forward(_ x: Matrix, into y: inout Matrix) {
        BLAS.gemm(x, weight, into: &y)
        addBias(&y)
    }

    /// `y ← x·W + b` for a sparse batch.
    public func forward(_ x: SparseMatrix, into y: inout Matrix) {
        SparseProducts.multiply(x, weight, into: &y)
        addBias(&y)
    }

    /// `∂L/∂W = xᵀ·g`, `∂L/∂b = Σ_rows g` for a dense input.
    public mutating func backward(input x: Matrix, gradOutput g: Matrix) {
        BLAS.gemm(x, transposeA: true, g, into: &weightGradient)
        sumBiasGradient(g)
    }

    /// `∂L/∂W = xᵀ·g`, `∂L/∂b = Σ_rows g` for a sparse input.
    public mutating func backward(input x: SparseMatrix, gradOutput g: Matrix) {
        SparseProducts.transposeMultiply(x, g, into: &weightGradient)
        sumBiasGradient(g)
    }

    /// `∂L/∂x = g·Wᵀ`; `gx` must be `B × fanIn`.
    public func inputGradient(_ g: Matrix, into gx: inout Matrix) {
        BLAS.gemm(g, weight, transposeB: true, into: &gx)
    }

    private func addBias(_ y: inout Matrix) {
        precondition(y.cols == fanOut)
        y.data.withUnsafeMutableBufferPointer { py in
            bias.data.withUnsafeBufferPointer { RowKernels.addRowVector(py, $0) }
        }
    }

    private mutating func sumBiasGradient(_ g: Matrix) {
        g.data.withUnsafeBufferPointer { pg in
            biasGradient.data.withUnsafeMutableBufferPointer { RowKernels.columnSums(pg, into: $0) }
        }
    }
}
