import Foundation
import Testing
import VAENumerics
@testable import VAEModels

/// The multinomial row kernel (8-lane Cephes exponentials, the sum in Double) against a
/// softmax computed in Double with Foundation's `exp`: widths around the vector length and
/// ML-20M's, logits spread over 60 nats, and a few far below the maximum (clamped).
@Suite("Multinomial row kernel against a Double softmax")
struct MultinomialRowTests {
    @Test("Loss, softmax and gradient match the Double reference", arguments: [1, 7, 8, 9, 33, 20_108])
    func matchesDoubleSoftmax(width n: Int) {
        var rng = RandomStream(seed: UInt64(n))
        var h = (0..<n).map { _ in rng.uniform(-50, 10) }
        if n > 9 { h[3] = -400; h[n - 2] = -1e30 }
        let positives = Array(Set((0..<max(1, n / 7)).map { ($0 * 7919) % n })).sorted()
        let y = SparseMatrix(cols: n, rowColumns: [positives])
        for alpha: Float in [0, 0.1] {
            var g = [Float](repeating: .nan, count: n)
            let loss = h.withUnsafeBufferPointer { ph in
                g.withUnsafeMutableBufferPointer { pg in
                    Likelihood.multinomialRow(ph, y, 0..<positives.count, alpha, 1, pg)
                }
            }
            // Reference: π = softmax(h) in Double; ỹ = (1 − α)y + α/2; −Σ ỹ log π; ∂ = N·π − ỹ.
            let hd = h.map(Double.init)
            let m = hd.max()!
            let sum = hd.reduce(0) { $0 + exp($1 - m) }
            let lse = m + log(sum)
            var target = [Double](repeating: Double(alpha) / 2, count: n)
            for j in positives { target[j] += 1 - Double(alpha) }
            let mass = target.reduce(0, +)
            let expected = -zip(target, hd).reduce(0) { $0 + $1.0 * ($1.1 - lse) }
            #expect(abs(loss - expected) <= 1e-6 * max(1, abs(expected)), "n \(n) α \(alpha): loss \(loss) vs \(expected)")
            for j in 0..<n {
                let pi = exp(hd[j] - lse)
                let reference = mass * pi - target[j]
                // A few ulp of each π (Cephes exp ≈ 1 ulp, Float products), plus the
                // rounding of h_j − m in Float (half an ulp of |h_j − m| moves e^x by that
                // much relatively, as it did with libm's expf); absolutely where π is below
                // the clamp of exp (e^−87.3 of the maximum).
                let relative = 3e-7 + 6e-8 * abs(hd[j] - m)
                let tolerance = relative * mass * max(pi, 1e-30) + 2e-7 * target[j] + 1e-37
                #expect(abs(Double(g[j]) - reference) <= tolerance, "n \(n) α \(alpha) j \(j): \(g[j]) vs \(reference)")
            }
        }
    }
}
