import VAENumerics

/// How a parameter tensor is initialised. Each draws from the run's initialisation stream.
public enum Initializer: Codable, Sendable, Equatable {
    /// Glorot/Xavier uniform, `U(±√(6 / (fan_in + fan_out)))` (TF's `xavier_initializer`, vae_cf weights).
    case glorotUniform
    /// PyTorch's `Linear` default for weights: Kaiming uniform with `a = √5`, which is
    /// `U(±1/√fan_in)` (gain `√(2/(1+a²)) = √(1/3)`, bound `gain·√(3/fan_in)`).
    case kaimingUniform
    /// PyTorch's `Linear` default for biases, `U(±1/√fan_in)`.
    case fanInUniform
    /// Normal with standard deviation `std`, truncated at two standard deviations by
    /// redrawing (TF's `truncated_normal_initializer`; vae_cf biases use std 0.001).
    case truncatedNormal(std: Float)
    /// Plain normal `N(0, std²)`.
    case normal(std: Float)
    /// A constant.
    case constant(Float)

    /// A `rows × cols` tensor; `fanIn` and `fanOut` describe the layer it belongs to.
    public func make(rows: Int, cols: Int, fanIn: Int, fanOut: Int, rng: inout RandomStream) -> Matrix {
        var m = Matrix(rows: rows, cols: cols)
        switch self {
        case .glorotUniform:
            let bound = (6 / Float(fanIn + fanOut)).squareRoot()
            for i in 0..<m.count { m.data[i] = rng.uniform(-bound, bound) }
        case .kaimingUniform, .fanInUniform:
            let bound = 1 / Float(fanIn).squareRoot()
            for i in 0..<m.count { m.data[i] = rng.uniform(-bound, bound) }
        case let .truncatedNormal(std):
            var i = 0
            var pair = [Float](repeating: 0, count: 2)
            while i < m.count {
                pair.withUnsafeMutableBufferPointer { rng.fillNormal($0) }
                for v in pair where abs(v) <= 2 && i < m.count {
                    m.data[i] = v * std
                    i += 1
                }
            }
        case let .normal(std):
            m.data = rng.normals(m.count).map { $0 * std }
        case let .constant(c):
            m.fill(c)
        }
        return m
    }
}
