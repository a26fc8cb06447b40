import Foundation
import Testing
import VAENumerics
@testable import VAEModels

/// DualVAE's fused decoder works in blocks of columns (and tiles of rows); blocking changes
/// only the order of the sums over N, so any block size must give the same numbers up to
/// float rounding. The finite-difference checks in `BilateralGradientTests` run with one
/// block (N = 8); these run 70 rows × 37 columns (two row tiles) in blocks of 5 and 16.
@Suite("DualVAE's aspect-mixture decoder: column blocks and row tiles")
struct AspectMixtureDecoderTests {
    func decoder(columnBlock: Int, sigmoid: Bool) -> AspectMixtureDecoder {
        let (b, n, k, d, a) = (70, 37, 3, 4, 2)
        var w = uniformMatrix(a, n, scale: 1, seed: 80)
        for i in 0..<w.count { w.data[i] = abs(w.data[i]) }
        var dec = AspectMixtureDecoder(samples: (0..<a).map { uniformMatrix(b, k, seed: 81 + UInt64($0)) },
                                       hidden: (0..<a).map { uniformMatrix(b, d, seed: 83 + UInt64($0)) },
                                       other: (0..<a).map { uniformMatrix(n, k, seed: 85 + UInt64($0)) },
                                       otherHidden: (0..<a).map { uniformMatrix(n, d, seed: 87 + UInt64($0)) },
                                       weights: w, sigmoid: sigmoid)
        dec.columnBlock = columnBlock
        return dec
    }

    /// `max |x − y| / max |x|`: sums of terms of both signs cancel, so entry-wise relative
    /// errors of a reordered sum are unbounded; against the matrix's scale they are not.
    func maxRelativeDifference(_ x: [Float], _ y: [Float]) -> Float {
        let scale = x.map(abs).max() ?? 0
        return (zip(x, y).map { abs($0 - $1) }.max() ?? 0) / max(scale, .leastNormalMagnitude)
    }

    @Test("Blocks of 5 and of 16 columns give the single-block forward and backward",
          arguments: [Likelihood.poisson, .multinomial], [5, 16])
    func blocking(likelihood: Likelihood, block: Int) {
        let y = randomBinary(70, 37, density: 0.2, seed: 89)
        let sigmoid = likelihood != .multinomial
        let contrastive = (0..<2).map { uniformMatrix(70, 3, scale: 0.1, seed: 90 + UInt64($0)) }
        func run(_ columnBlock: Int) -> (AspectMixtureDecoder.Forward, AspectMixtureDecoder.Backward) {
            let dec = decoder(columnBlock: columnBlock, sigmoid: sigmoid)
            let f = dec.forward(targets: y, likelihood: likelihood, smoothing: 0.01, scale: 1 / 70, measure: true)
            let g = dec.backward(gradient: f.gradient, contrastive: contrastive, targets: y, measure: true, prototypeGradient: true)
            return (f, g)
        }
        let (f1, b1) = run(1000), (fb, bb) = run(block)
        #expect(f1.gradient == fb.gradient, "x̂ and its gradient are sums over aspects only")
        #expect(f1.terms.map(\.loss) == fb.terms.map(\.loss))
        for asp in 0..<2 {
            #expect(maxRelativeDifference(f1.neighbours[asp].data, fb.neighbours[asp].data) < 1e-5)
            #expect(maxRelativeDifference(b1.samples[asp].data, bb.samples[asp].data) < 1e-5)
            #expect(maxRelativeDifference(b1.hidden[asp].data, bb.hidden[asp].data) < 1e-5)
        }
        #expect(b1.weights == bb.weights, "∂/∂w is per column: blocking does not touch it")
        #expect(abs(b1.negativeGradient - bb.negativeGradient) <= 1e-5 * b1.negativeGradient)
        #expect(b1.negativeGradient > 0)
    }

    @Test("Neighbourhood vectors by hand: n_a = (w_a ⊙ s_a) · O_a on a 70 × 37 batch in blocks of 16")
    func neighboursByHand() {
        let dec = decoder(columnBlock: 16, sigmoid: true)
        let y = randomBinary(70, 37, density: 0.2, seed: 89)
        let f = dec.forward(targets: y, likelihood: .poisson, smoothing: 0, scale: 1, measure: false)
        var worst: Double = 0
        for asp in 0..<2 {
            let z = dec.samples[asp], h = dec.hidden[asp], o = dec.other[asp], g = dec.otherHidden[asp]
            for r in [0, 33, 64, 69] {
                for c in 0..<3 {
                    var expected: Double = 0
                    for j in 0..<37 {
                        var dotZ: Double = 0, dotH: Double = 0
                        for q in 0..<3 { dotZ += Double(z[r, q]) * Double(o[j, q]) }
                        for q in 0..<4 { dotH += Double(h[r, q]) * Double(g[j, q]) }
                        let s = 1 / (1 + Foundation.exp(-(dotZ + Foundation.tanh(dotH))))
                        expected += Double(dec.weights[asp, j]) * s * Double(o[j, c])
                    }
                    worst = max(worst, abs(Double(f.neighbours[asp][r, c]) - expected))
                }
            }
        }
        #expect(worst < 1e-5, "\(worst)")   // entries are O(1)
    }
}
