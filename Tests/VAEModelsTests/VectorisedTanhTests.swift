import Foundation
import Testing
import VAENumerics
import _VAEKernels
@testable import VAEModels

/// Mult-VAE's and Mult-DAE's tanh (`Activation.tanhVectorised`, the 8-lane kernel
/// `vaelab_tanh`) against Foundation's `tanh` in Double. Its backward is checked by finite
/// differences with every activation (`LayerGradientTests`).
@Suite("Vectorised tanh against a Double reference")
struct VectorisedTanhTests {
    func kernel(_ x: [Float]) -> [Float] {
        var y = x
        y.withUnsafeMutableBufferPointer { vaelab_tanh($0.baseAddress!, $0.count) }
        return y
    }

    @Test("Within 2.5e-7 relative (and 1e-7 absolute) of tanh over [−20, 20], both branches and their border")
    func accuracy() {
        // Steps of 1e-4 over [−20, 20] (400,001 values), plus the branch point 0.625 and its
        // float neighbours.
        var x = (-200_000...200_000).map { Float($0) * 1e-4 }
        for v in [Float(0.625), Float(0.625).nextDown, Float(0.625).nextUp] { x += [v, -v] }
        let y = kernel(x)
        var worst = 0.0
        for (xi, yi) in zip(x, y) {
            let exact = tanh(Double(xi))
            let error = abs(Double(yi) - exact)
            #expect(error <= 1e-7 && error <= 2.5e-7 * abs(exact) + 1e-45, "tanh(\(xi)) = \(yi), exact \(exact)")
            worst = max(worst, exact == 0 ? 0 : error / abs(exact))
        }
        #expect(worst > 0)   // the comparison saw real rounding, not a copy of its input
    }

    @Test("Signs, zeros, tiny and huge inputs, infinities and NaN")
    func specialValues() {
        let x: [Float] = [0, -0.0, 1e-30, -1e-30, .leastNonzeroMagnitude, 9, 44, 88, 1e30, -1e30, .infinity, -.infinity, .nan]
        let y = kernel(x)
        #expect(y[0] == 0 && y[0].sign == .plus && y[1] == 0 && y[1].sign == .minus)
        #expect(y[2] == 1e-30 && y[3] == -1e-30 && y[4] == .leastNonzeroMagnitude)
        #expect(abs(Double(y[5]) - tanh(9.0)) <= 6e-8)
        #expect(y[6] == 1 && y[7] == 1 && y[8] == 1 && y[9] == -1 && y[10] == 1 && y[11] == -1)
        #expect(y[12].isNaN)
    }

    @Test("Every length and every split gives each element the same value: whole vectors, the tail, and the parallel apply",
          arguments: [1, 7, 8, 9, 23, 600, 300_007])
    func splitIndependent(count n: Int) {
        var rng = RandomStream(seed: UInt64(n))
        let x = (0..<n).map { _ in rng.uniform(-4, 4) }
        let whole = kernel(x)
        let single = x.map { kernel([$0])[0] }
        #expect(whole == single)
        var m = Matrix(rows: 1, cols: n, data: x)
        Activation.tanhVectorised.apply(&m)
        #expect(m.data == whole)
        // The same function as libm's tanh in the last bits only.
        #expect(zip(whole, x).allSatisfy { abs($0 - tanhf($1)) <= 2.5e-7 * max(abs(tanhf($1)), 1e-30) + 1e-37 })
    }
}
