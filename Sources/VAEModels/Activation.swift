import VAENumerics
import _VAEKernels

/// Element-wise activations. Each derivative is written in terms of the activation's
/// *output* `y`, so a layer keeps only its output for the backward pass.
///
/// `tanh` and `tanhVectorised` are the same function computed two ways: libm's scalar
/// `tanhf` (the Cornac family: PoisVAE, BiVAE, DualVAE), and 8-lane vectors with Cephes'
/// tanhf (`vaelab_tanh`, about 2 ulp; Mult-VAE and Mult-DAE, whose reference, vae_cf on
/// TensorFlow, also evaluates tanh by a vectorised approximation on the CPU). They differ in
/// the last bits only; each model keeps one, so its runs stay comparable bit for bit.
public enum Activation: String, Codable, Sendable, CaseIterable {
    case identity, tanh, tanhVectorised, sigmoid, relu, elu

    /// `x ← f(x)`.
    ///
    /// - tanh, tanhVectorised: `f(x) = tanh x`
    /// - sigmoid: `f(x) = 1 / (1 + e^{−x})`
    /// - relu: `f(x) = max(x, 0)`
    /// - elu (α = 1): `f(x) = x` for `x > 0`, `e^x − 1` otherwise
    public func apply(_ x: inout Matrix) {
        x.data.withUnsafeMutableBufferPointer { p in
            switch self {
            case .identity: break
            case .tanh: RowKernels.tanh(p)
            case .tanhVectorised: Self.vectorisedTanh(p)
            case .sigmoid: RowKernels.sigmoid(p)
            case .relu: for i in p.indices where p[i] < 0 { p[i] = 0 }
            case .elu: for i in p.indices where p[i] <= 0 { p[i] = _expf(p[i]) - 1 }
            }
        }
    }

    /// `vaelab_tanh` over the buffer, split over the cores in chunks of at least 32,768
    /// elements (as `RowKernels`), of whole 8-value groups; each element is computed alike
    /// whatever the split.
    static func vectorisedTanh(_ x: UnsafeMutableBufferPointer<Float>) {
        let p = UncheckedPointers(x)
        let groups = (x.count + 7) / 8
        Parallel.forEachChunk(groups, minimumChunk: 4_096) { chunk in
            let start = chunk.lowerBound * 8, end = min(x.count, chunk.upperBound * 8)
            vaelab_tanh(p.write.baseAddress! + start, end - start)
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
                case .tanh, .tanhVectorised: for i in pg.indices { pg[i] *= 1 - py[i] * py[i] }
                case .sigmoid: for i in pg.indices { pg[i] *= py[i] * (1 - py[i]) }
                case .relu: for i in pg.indices where py[i] <= 0 { pg[i] = 0 }
                case .elu: for i in pg.indices where py[i] <= 0 { pg[i] *= py[i] + 1 }
                }
            }
        }
    }
}
