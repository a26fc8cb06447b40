import Foundation
import Testing
import VAENumerics
@testable import VAEModels

/// The Cornac family's multinomial row, `−Σ_j ỹ_j·log(softmax(h)_j + EPS)`
/// (`MultinomialForm.softmaxPlusEps`), against the formula in Double, a finite-difference
/// check of that formula, and the saturation that sets it apart from log-softmax.
@Suite("Multinomial row, Cornac form (log of softmax + EPS)")
struct CornacMultinomialRowTests {
    /// `(−ll, ∂(−ll)/∂h)` in Double: π = softmax(h), ỹ = (1 − α)y + α/2, −ll = −Σ ỹ log(π + EPS),
    /// ∂/∂h_j = π_j·W − w_j with w = ỹ·π/(π + EPS), W = Σ w.
    static func reference(_ h: [Double], positives: [Int], alpha: Double) -> (loss: Double, gradient: [Double]) {
        let eps = 1e-10, m = h.max()!
        let e = h.map { exp($0 - m) }
        let s = e.reduce(0, +)
        let pi = e.map { $0 / s }
        var target = [Double](repeating: alpha / 2, count: h.count)
        for j in positives { target[j] += 1 - alpha }
        let loss = -zip(target, pi).reduce(0) { $0 + $1.0 * log($1.1 + eps) }
        let w = zip(target, pi).map { $0 * $1 / ($1 + eps) }
        let total = w.reduce(0, +)
        return (loss, zip(pi, w).map { $0 * total - $1 })
    }

    static func kernel(_ h: [Float], positives: [Int], alpha: Float, scale: Float = 1) -> (LikelihoodRowTerms, [Float]) {
        let n = h.count
        let y = SparseMatrix(cols: n, rowColumns: [positives])
        var g = [Float](repeating: .nan, count: n), scratch = [Float](repeating: .nan, count: 2 * n)
        let terms = h.withUnsafeBufferPointer { ph in
            g.withUnsafeMutableBufferPointer { pg in
                scratch.withUnsafeMutableBufferPointer { ps in
                    Likelihood.cornacMultinomialRow(ph.baseAddress!, n: n, y, 0..<positives.count, alpha: alpha, scale: scale,
                                                    gradient: pg.baseAddress!, scratch: ps.baseAddress!)
                }
            }
        }
        return (terms, g)
    }

    @Test("The Double formula's gradient is the derivative of its loss (central differences)", arguments: [0.0, 0.001, 0.2])
    func formulaGradient(alpha: Double) {
        var rng = RandomStream(seed: 7)
        let h = (0..<40).map { _ in Double(rng.uniform(-6, 3)) }
        let positives = [2, 9, 17, 31]
        let (_, g) = Self.reference(h, positives: positives, alpha: alpha)
        var worst = 0.0
        for j in 0..<h.count {
            var up = h, down = h
            up[j] += 1e-5
            down[j] -= 1e-5
            let numeric = (Self.reference(up, positives: positives, alpha: alpha).loss
                           - Self.reference(down, positives: positives, alpha: alpha).loss) / 2e-5
            worst = max(worst, abs(numeric - g[j]))
        }
        #expect(worst < 1e-7, "α \(alpha): worst |numeric − analytic| \(worst)")
    }

    @Test("Loss, gradient and mechanism terms match the Double formula", arguments: [1, 8, 33, 15_740])
    func matchesReference(width n: Int) {
        var rng = RandomStream(seed: UInt64(n) + 11)
        var h = (0..<n).map { _ in rng.uniform(-40, 8) }
        if n > 8 { h[3] = -400 }
        let positives = Array(Set((0..<max(1, n / 9)).map { ($0 * 7919) % n })).sorted()
        for alpha: Float in [0, 0.001, 0.1] {
            let (terms, g) = Self.kernel(h, positives: positives, alpha: alpha, scale: 0.5)
            let (loss, reference) = Self.reference(h.map(Double.init), positives: positives, alpha: Double(alpha))
            #expect(abs(terms.loss - loss) <= 1e-5 * max(1, abs(loss)), "n \(n) α \(alpha): loss \(terms.loss) vs \(loss)")
            let scale = reference.map(abs).max()!
            let worst = zip(g, reference).map { abs(Double($0) - 0.5 * $1) }.max()!
            #expect(worst <= 1e-5 * scale, "n \(n) α \(alpha): worst gradient error \(worst) (scale \(scale))")
            let negatives = Set(0..<n).subtracting(positives)
            let expectedNegative = negatives.reduce(0) { $0 + abs(reference[$1]) }
            #expect(abs(terms.negativeGradient - expectedNegative) <= 1e-4 * max(expectedNegative, 1e-12) + 1e-9)
            let pi = h.map { exp(Double($0) - Double(h.max()!)) }
            let s = pi.reduce(0, +)
            #expect(terms.smallScores == pi.filter { $0 / s < 1e-3 }.count)
        }
    }

    @Test("An item far below EPS is saturated: no gradient from its smoothed target, unlike log-softmax")
    func saturation() {
        // Item 2 sits 40 nats below the rest: π₂ ≈ e⁻⁴⁰/3 ≈ 1.4e-18 ≪ EPS.
        let h: [Float] = [0, 0, -40, 0]
        let alpha: Float = 0.1
        let (_, cornac) = Self.kernel(h, positives: [0], alpha: alpha)
        #expect(abs(cornac[2]) < 1e-7, "\(cornac[2])")
        var logSoftmax = Matrix(rows: 1, cols: 4)
        _ = Likelihood.multinomial.negativeLogLikelihood(preActivation: Matrix(rows: 1, cols: 4, data: h),
                                                         targets: SparseMatrix(cols: 4, rowColumns: [[0]]), smoothing: alpha,
                                                         gradientScale: 1, gradient: &logSoftmax)
        // log-softmax: N·π₂ − α/2 ≈ −0.05 — it keeps pulling the item up.
        #expect(abs(logSoftmax[0, 2] + alpha / 2) < 1e-6, "\(logSoftmax[0, 2])")
        // Where every π ≫ EPS the two forms agree.
        let (_, near) = Self.kernel([0.3, -1, 0.5, 0.2], positives: [1], alpha: alpha)
        var ls = Matrix(rows: 1, cols: 4)
        _ = Likelihood.multinomial.negativeLogLikelihood(preActivation: Matrix(rows: 1, cols: 4, data: [0.3, -1, 0.5, 0.2]),
                                                         targets: SparseMatrix(cols: 4, rowColumns: [[1]]), smoothing: alpha,
                                                         gradientScale: 1, gradient: &ls)
        #expect(zip(near, ls.data).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test("The Cornac-family models use this form; Mult-VAE keeps log-softmax")
    func whoUsesWhich() {
        let h = Matrix(rows: 1, cols: 4, data: [0, 0, -40, 0])
        let y = SparseMatrix(cols: 4, rowColumns: [[0]])
        var g = Matrix(rows: 1, cols: 4)
        // DualVAE's likelihood-of-mean entry (its unfused path) reads the mixture as logits.
        _ = Likelihood.multinomial.negativeLogLikelihood(mean: h, targets: y, smoothing: 0.1, gradientScale: 1, gradient: &g)
        #expect(abs(g[0, 2]) < 1e-7)
        let (_, cornac) = Self.kernel(h.data, positives: [0], alpha: 0.1)
        #expect(g.data == cornac)
    }
}
