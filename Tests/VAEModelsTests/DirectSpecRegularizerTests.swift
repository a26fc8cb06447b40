import Foundation
import Testing
import VAENumerics
@testable import VAEModels
import VAETestSupport

/// DirectSpec's differentiable pieces (techniques.md §5): the official code's softmax filter,
/// the row normalisation before it, and the two regularisers, each against a Double
/// reference and central finite differences. (The cubic filter, a spectral operator, is
/// tested in VAEDiagnosticsTests.)
@Suite struct DirectSpecRegularizerTests {
    // MARK: Softmax filter (official code)

    /// Double reference of Y = rescale(Ū − α·softmax_row(τ·ŪŪᵀ)·Ū).
    static func referenceSoftmaxFilter(_ u: Matrix, alpha: Double, tau: Double, s: Double) -> [Double] {
        let b = u.rows, d = u.cols
        let x = u.data.map(Double.init)
        let sim = product(x, b, d, transpose(x, b, d), b)
        var w = [Double](repeating: 0, count: b * b)
        for i in 0..<b {
            let row = (0..<b).map { tau * sim[i * b + $0] }
            let mx = row.max()!
            let ex = row.map { exp($0 - mx) }
            let z = ex.reduce(0, +)
            for l in 0..<b { w[i * b + l] = ex[l] / z }
        }
        let wu = product(w, b, b, x, d)
        var y = zip(x, wu).map { $0 - alpha * $1 }
        if s != 0 {
            for i in 0..<b {
                let norm = (0..<d).reduce(0.0) { $0 + y[i * d + $1] * y[i * d + $1] }.squareRoot()
                for j in 0..<d { y[i * d + j] *= s * norm }
            }
        }
        return y
    }

    static let settings: [(Float, Float, Float)] = [(0.8, 3.0, 0), (1.0, 3.0, 0.03), (0.7, 4.0, 2.5)]

    @Test(arguments: settings)
    func softmaxFilterForwardMatchesReference(alpha: Float, tau: Float, s: Float) {
        let u = RowNormalization(uniformMatrix(9, 5, seed: 61)).output
        let filter = DirectSpecSoftmaxFilter(alpha: alpha, tau: tau, rescale: s)
        let y = filter.forward(u).output
        let expected = Self.referenceSoftmaxFilter(u, alpha: Double(alpha), tau: Double(tau), s: Double(s))
        let scale = expected.map(abs).max()!
        #expect(maxAbsDiff(y.data, expected) < 1e-6 * max(scale, 1))
    }

    /// ∂L/∂Ū against central differences, for L = Σ G ⊙ Y with a fixed random G.
    @Test(arguments: settings)
    func softmaxFilterGradient(alpha: Float, tau: Float, s: Float) {
        let u = RowNormalization(uniformMatrix(6, 4, seed: 62)).output
        let g = uniformMatrix(6, 4, seed: 63)
        let filter = DirectSpecSoftmaxFilter(alpha: alpha, tau: tau, rescale: s)
        let analytic = filter.backward(filter.forward(u), outputGradient: g)
        let numeric = numericalGradient(u, h: 2e-3) { readout(filter.forward($0).output, g) }
        let scale = max(numeric.data.map { abs(Double($0)) }.max()!, 1e-3)
        #expect(maxAbsDiff(analytic.data, numeric.data) < 2e-3 * scale,
                "analytic \(analytic.data)\nnumeric \(numeric.data)")
    }

    /// Through the row normalisation, as in training: raw rows → Ū → Y.
    @Test func softmaxFilterGradientThroughNormalisation() {
        let x = uniformMatrix(7, 5, scale: 2, seed: 64)
        let g = uniformMatrix(7, 5, seed: 65)
        let filter = DirectSpecSoftmaxFilter(alpha: 0.8, tau: 3)
        let norm = RowNormalization(x)
        let analytic = norm.backward(filter.backward(filter.forward(norm.output), outputGradient: g))
        let numeric = numericalGradient(x, h: 2e-3) { readout(filter.forward(RowNormalization($0).output).output, g) }
        let scale = numeric.data.map { abs(Double($0)) }.max()!
        #expect(maxAbsDiff(analytic.data, numeric.data) < 2e-3 * scale)
    }

    @Test func rowNormalizationForwardAndGradient() {
        var x = uniformMatrix(4, 3, seed: 66)
        x[3, 0] = 0; x[3, 1] = 0; x[3, 2] = 0  // a zero row stays zero, no NaN
        let n = RowNormalization(x)
        for i in 0..<3 {
            let len = (0..<3).reduce(0.0) { $0 + Double(n.output[i, $1]) * Double(n.output[i, $1]) }
            #expect(abs(len - 1) < 1e-6)
        }
        #expect(n.output.row(3) == [0, 0, 0])
        let g = uniformMatrix(3, 3, seed: 67)
        let x3 = Matrix(rows: 3, cols: 3, data: Array(x.data[0..<9]))
        let analytic = RowNormalization(x3).backward(g)
        let numeric = numericalGradient(x3, h: 1e-3) { readout(RowNormalization($0).output, g) }
        #expect(maxAbsDiff(analytic.data, numeric.data) < 2e-3 * numeric.data.map { abs(Double($0)) }.max()!)
    }

    // MARK: Regularisers

    static func normalisedBatch(_ b: Int, _ d: Int, seed: UInt64) -> Matrix {
        RowNormalization(uniformMatrix(b, d, seed: seed)).output
    }

    @Test func cubicRegularizerValueAndGradient() {
        let e = Self.normalisedBatch(8, 4, seed: 71)
        let r = DirectSpecRegularizer.cubic(e)
        let x = e.data.map(Double.init)
        let sim = product(x, 8, 4, transpose(x, 8, 4), 8)
        let expected = 0.25 * sim.reduce(0) { $0 + $1 * $1 } / 64  // ‖ĒĒᵀ‖² = ‖ĒᵀĒ‖²
        #expect(abs(r.value - expected) < 1e-6 * expected)
        let numeric = numericalGradient(e, h: 2e-3) { DirectSpecRegularizer.cubic($0).value }
        let scale = numeric.data.map { abs(Double($0)) }.max()!
        #expect(maxAbsDiff(r.gradient.data, numeric.data) < 2e-3 * scale)
    }

    @Test(arguments: [Float(1), 3, 4])
    func softmaxRegularizerValueAndGradient(tau: Float) {
        let e = Self.normalisedBatch(8, 4, seed: 72)
        let r = DirectSpecRegularizer.softmax(e, tau: tau)
        let x = e.data.map(Double.init)
        let sim = product(x, 8, 4, transpose(x, 8, 4), 8)
        var expected = 0.0
        for j in 0..<8 { expected += log((0..<8).reduce(0.0) { $0 + exp(Double(tau) * sim[j * 8 + $1]) }) }
        expected /= Double(tau) * 8
        #expect(abs(r.value - expected) < 1e-6 * abs(expected))
        let numeric = numericalGradient(e, h: 2e-3) { DirectSpecRegularizer.softmax($0, tau: tau).value }
        let scale = numeric.data.map { abs(Double($0)) }.max()!
        #expect(maxAbsDiff(r.gradient.data, numeric.data) < 2e-3 * scale,
                "analytic \(r.gradient.data)\nnumeric \(numeric.data)")
    }

    /// Regulariser gradients chained through the normalisation of raw rows.
    @Test func regularizerGradientsThroughNormalisation() {
        let x = uniformMatrix(6, 4, scale: 3, seed: 73)
        let norm = RowNormalization(x)
        let cubic = norm.backward(DirectSpecRegularizer.cubic(norm.output).gradient)
        let cubicNumeric = numericalGradient(x, h: 2e-3) { DirectSpecRegularizer.cubic(RowNormalization($0).output).value }
        #expect(maxAbsDiff(cubic.data, cubicNumeric.data) < 2e-3 * cubicNumeric.data.map { abs(Double($0)) }.max()!)
        let soft = norm.backward(DirectSpecRegularizer.softmax(norm.output, tau: 3).gradient)
        let softNumeric = numericalGradient(x, h: 2e-3) { DirectSpecRegularizer.softmax(RowNormalization($0).output, tau: 3).value }
        #expect(maxAbsDiff(soft.data, softNumeric.data) < 2e-3 * softNumeric.data.map { abs(Double($0)) }.max()!)
    }
}

// MARK: Helpers (Double references)

/// Σ_ij G_ij·Y_ij in Double: a fixed linear read-out for gradient checks.
private func readout(_ y: Matrix, _ g: Matrix) -> Double { probe(y, g) }

/// Central finite differences of a scalar function of a matrix, one element at a time.
private func numericalGradient(_ x: Matrix, h: Float, _ f: (Matrix) -> Double) -> Matrix {
    var grad = Matrix(rows: x.rows, cols: x.cols)
    for k in 0..<x.count {
        var xp = x, xm = x
        xp.data[k] += h
        xm.data[k] -= h
        let step = Double(xp.data[k]) - Double(xm.data[k])  // the representable step
        grad.data[k] = Float((f(xp) - f(xm)) / step)
    }
    return grad
}

// MARK: DirectSpec as a training option

@Suite("DirectSpec penalty on batch means: gradients, filter equivalence, models")
struct DirectSpecPenaltyTests {
    /// A B × d matrix U·diag(σ)·Vᵀ with U, V Householder reflections' leading columns.
    static func withSingularValues(_ b: Int, _ d: Int, _ sigma: [Double], seed: UInt64) -> Matrix {
        func reflection(_ n: Int, _ seed: UInt64) -> [[Double]] {
            var rng = RandomStream(seed: seed)
            let v = (0..<n).map { _ in Double(rng.uniform(-1, 1)) }
            let vv = v.reduce(0) { $0 + $1 * $1 }
            return (0..<n).map { i in (0..<n).map { j in (i == j ? 1 : 0) - 2 * v[i] * v[j] / vv } }
        }
        let u = reflection(b, seed), v = reflection(d, seed &+ 1)
        var m = Matrix(rows: b, cols: d)
        for i in 0..<b {
            for j in 0..<d {
                var x = 0.0
                for (k, s) in sigma.enumerated() { x += u[i][k] * s * v[j][k] }
                m[i, j] = Float(x)
            }
        }
        return m
    }

    @Test("The cubic term's gradient step is the cubic filter: E − α·B²·∂R_cubic/∂E maps each σ to σ(1 − ασ²)")
    func cubicStepIsTheFilter() throws {
        let sigma = [1.6, 1.1, 0.7, 0.3, 0.05]
        let e = Self.withSingularValues(12, 5, sigma, seed: 81)
        let before = try LAPACK.singularValues(e).map(Double.init)
        #expect(maxAbsDiff(before, sigma) < 1e-5)
        let alpha = 0.1   // 3ασ₁² < 1: the order is kept
        let g = DirectSpecRegularizer.cubic(e).gradient
        var stepped = e
        for i in 0..<e.count { stepped.data[i] -= Float(alpha * 144) * g.data[i] }
        let after = try LAPACK.singularValues(stepped).map(Double.init)
        let expected = sigma.map { $0 * (1 - alpha * $0 * $0) }
        #expect(maxAbsDiff(after, expected) < 1e-5, "\(after) vs \(expected)")
        // Flatter: the largest value loses the largest share.
        #expect(after[0] / sigma[0] < after[4] / sigma[4])
    }

    @Test("addGradient adds λ_S·∂R(normalise(μ))/∂μ and returns R", arguments: DirectSpecPenalty.Form.allCases)
    func penaltyGradient(form: DirectSpecPenalty.Form) {
        let means = uniformMatrix(7, 4, scale: 2, seed: 82)
        let ds = DirectSpecPenalty(weight: 1.5, form: form, tau: 4)
        var base = uniformMatrix(7, 4, seed: 83)
        let before = base
        let r = ds.addGradient(means: means, into: &base)
        #expect(abs(r - ds.value(means: means)) < 1e-12 && r > 0)
        var added = base
        for i in 0..<added.count { added.data[i] -= before.data[i] }
        var m = means
        let err = worstGradientError(&m, analytic: added, step: 1e-3) { Double(ds.weight) * ds.value(means: $0) }
        #expect(err < 1e-2, "\(form): \(err)")
    }

    @Test("Settings: sides, epochs due, off at weight 0")
    func settings() {
        let ds = DirectSpecPenalty(weight: 0.5, everyEpochs: 3)
        #expect(ds.form == .softmax && ds.tau == 3 && ds.sides == .both)
        #expect((1...7).filter { ds.isActive(epoch: $0) } == [3, 6])
        #expect(!DirectSpecPenalty(weight: 0).isActive(epoch: 1))
        #expect(DirectSpecPenalty.Sides.users.includes(.user) && !DirectSpecPenalty.Sides.users.includes(.item))
        #expect(DirectSpecPenalty.Sides.items.includes(.item) && DirectSpecPenalty.Sides.both.includes(.user))
    }

    static func multVAE() -> MultVAE {
        var c = MultVAE.Configuration(itemCount: 11)
        c.hiddenDims = [6]
        c.latentDim = 3
        var rng = RandomStream(seed: 84)
        var model = MultVAE(c, rng: &rng)
        model.encoder.visitParameters { p, _ in for i in 0..<p.count { p.data[i] += 0.05 * Float(i % 5) } }
        return model
    }

    @Test("Mult-VAE with DirectSpec on its latent means: every parameter", arguments: DirectSpecPenalty.Form.allCases)
    func multVAEGradients(form: DirectSpecPenalty.Form) {
        let batch = randomBinary(6, 11, density: 0.3, seed: 85)
        let ds = DirectSpecPenalty(weight: 5, form: form, tau: 3, sides: .users)
        #expect(worstModelGradientError(Self.multVAE(), batch: batch, beta: 0.4, coordinatesPerTensor: 10, directSpec: ds) < 3e-2)
    }

    @Test("Mult-VAE: the term adds λ_S·R to the loss and reaches the encoder only; nil leaves the loss bit-identical")
    func multVAETerm() {
        let batch = randomBinary(6, 11, density: 0.3, seed: 86)
        let ds = DirectSpecPenalty(weight: 2, form: .cubic)
        var a = Self.multVAE(), b = Self.multVAE(), c = Self.multVAE()
        var r1 = RunRandomness(seed: 9), r2 = RunRandomness(seed: 9), r3 = RunRandomness(seed: 9)
        let la = a.computeGradients(batch: batch, beta: 0.3, updatesDone: 0, directSpec: ds, randomness: &r1)
        let lb = b.computeGradients(batch: batch, beta: 0.3, updatesDone: 0, directSpec: nil, randomness: &r2)
        let lc = c.computeGradients(batch: batch, beta: 0.3, randomness: &r3)
        #expect(lb == lc && b == c)
        #expect(la.nll == lb.nll && la.kl == lb.kl && la.directSpec > 0 && la.directSpecWeight == 2)
        #expect(abs(la.total - lb.total - 2 * la.directSpec) < 1e-9)
        #expect(a.encoder != b.encoder && a.decoder == b.decoder)
    }
}
