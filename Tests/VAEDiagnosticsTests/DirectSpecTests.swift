import Foundation
import Testing
import VAENumerics
import VAEDiagnostics

@Suite struct DirectSpecTests {
    // MARK: Cubic all-pass filter

    /// σ ↦ σ(1 − α·σ²) on a matrix with known singular values, α inside the
    /// order-preserving bound.
    @Test(arguments: [(50, 6), (6, 50)])
    func cubicFilterMapsEachSingularValue(m: Int, n: Int) throws {
        let sigma = [2.0, 1.5, 1.0, 0.5, 0.2, 0.05]
        let e = floatMatrix(m, n, matrixWithSingularValues(m, n, sigma, seed: 51))
        let alpha = 0.9 * DirectSpecCubicFilter.orderPreservingAlphaBound(largestSingularValue: 2)
        let filtered = DirectSpecCubicFilter.apply(e, alpha: Float(alpha))
        #expect(filtered.rows == m && filtered.cols == n)
        let got = try Spectrum(filtered, route: .gesddDouble).values
        let expected = sigma.map { DirectSpecCubicFilter.filteredSingularValue($0, alpha: alpha) }
        #expect(expected == expected.sorted(by: >))
        #expect(maxAbsDiff(got, expected) < 2e-6, "\(got) vs \(expected)")
        // The largest value shrinks most, relative to itself.
        #expect(got[0] / sigma[0] < got[5] / sigma[5])
    }

    /// Past α = 1/σ², σ − ασ³ turns negative: the singular value is its absolute value
    /// and the order changes.
    @Test func cubicFilterBeyondTheBound() throws {
        let sigma = [2.0, 1.0, 0.5]
        let e = floatMatrix(30, 3, matrixWithSingularValues(30, 3, sigma, seed: 52))
        let got = try Spectrum(DirectSpecCubicFilter.apply(e, alpha: 0.5), route: .gesddDouble).values
        // 2 → 2(1 − 2) = −2, 1 → 0.5, 0.5 → 0.4375.
        #expect(maxAbsDiff(got, [2.0, 0.5, 0.4375]) < 2e-6)
    }

    @Test func cubicFilterMatchesNaiveFormula() {
        let e = randomMatrix(7, 3, seed: 53)
        let x = e.data.map(Double.init)
        let eet = product(x, 7, 3, transpose(x, 7, 3), 7)       // 7 × 7, formed only here
        let eete = product(eet, 7, 7, x, 3)
        let expected = zip(x, eete).map { $0 - 0.3 * $1 }
        #expect(maxAbsDiff(DirectSpecCubicFilter.apply(e, alpha: 0.3).data, expected) < 1e-6)
    }

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
        let u = RowNormalization(randomMatrix(9, 5, seed: 61)).output
        let filter = DirectSpecSoftmaxFilter(alpha: alpha, tau: tau, rescale: s)
        let y = filter.forward(u).output
        let expected = Self.referenceSoftmaxFilter(u, alpha: Double(alpha), tau: Double(tau), s: Double(s))
        let scale = expected.map(abs).max()!
        #expect(maxAbsDiff(y.data, expected) < 1e-6 * max(scale, 1))
    }

    /// ∂L/∂Ū against central differences, for L = Σ G ⊙ Y with a fixed random G.
    @Test(arguments: settings)
    func softmaxFilterGradient(alpha: Float, tau: Float, s: Float) {
        let u = RowNormalization(randomMatrix(6, 4, seed: 62)).output
        let g = randomMatrix(6, 4, seed: 63)
        let filter = DirectSpecSoftmaxFilter(alpha: alpha, tau: tau, rescale: s)
        let analytic = filter.backward(filter.forward(u), outputGradient: g)
        let numeric = numericalGradient(u, h: 2e-3) { readout(filter.forward($0).output, g) }
        let scale = max(numeric.data.map { abs(Double($0)) }.max()!, 1e-3)
        #expect(maxAbsDiff(analytic.data, numeric.data) < 2e-3 * scale,
                "analytic \(analytic.data)\nnumeric \(numeric.data)")
    }

    /// Through the row normalisation, as in training: raw rows → Ū → Y.
    @Test func softmaxFilterGradientThroughNormalisation() {
        let x = randomMatrix(7, 5, seed: 64, scale: 2)
        let g = randomMatrix(7, 5, seed: 65)
        let filter = DirectSpecSoftmaxFilter(alpha: 0.8, tau: 3)
        let norm = RowNormalization(x)
        let analytic = norm.backward(filter.backward(filter.forward(norm.output), outputGradient: g))
        let numeric = numericalGradient(x, h: 2e-3) { readout(filter.forward(RowNormalization($0).output).output, g) }
        let scale = numeric.data.map { abs(Double($0)) }.max()!
        #expect(maxAbsDiff(analytic.data, numeric.data) < 2e-3 * scale)
    }

    @Test func rowNormalizationForwardAndGradient() {
        var x = randomMatrix(4, 3, seed: 66)
        x[3, 0] = 0; x[3, 1] = 0; x[3, 2] = 0  // a zero row stays zero, no NaN
        let n = RowNormalization(x)
        for i in 0..<3 {
            let len = (0..<3).reduce(0.0) { $0 + Double(n.output[i, $1]) * Double(n.output[i, $1]) }
            #expect(abs(len - 1) < 1e-6)
        }
        #expect(n.output.row(3) == [0, 0, 0])
        let g = randomMatrix(3, 3, seed: 67)
        let x3 = Matrix(rows: 3, cols: 3, data: Array(x.data[0..<9]))
        let analytic = RowNormalization(x3).backward(g)
        let numeric = numericalGradient(x3, h: 1e-3) { readout(RowNormalization($0).output, g) }
        #expect(maxAbsDiff(analytic.data, numeric.data) < 2e-3 * numeric.data.map { abs(Double($0)) }.max()!)
    }

    // MARK: Regularisers

    static func normalisedBatch(_ b: Int, _ d: Int, seed: UInt64) -> Matrix {
        RowNormalization(randomMatrix(b, d, seed: seed)).output
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
        let x = randomMatrix(6, 4, seed: 73, scale: 3)
        let norm = RowNormalization(x)
        let cubic = norm.backward(DirectSpecRegularizer.cubic(norm.output).gradient)
        let cubicNumeric = numericalGradient(x, h: 2e-3) { DirectSpecRegularizer.cubic(RowNormalization($0).output).value }
        #expect(maxAbsDiff(cubic.data, cubicNumeric.data) < 2e-3 * cubicNumeric.data.map { abs(Double($0)) }.max()!)
        let soft = norm.backward(DirectSpecRegularizer.softmax(norm.output, tau: 3).gradient)
        let softNumeric = numericalGradient(x, h: 2e-3) { DirectSpecRegularizer.softmax(RowNormalization($0).output, tau: 3).value }
        #expect(maxAbsDiff(soft.data, softNumeric.data) < 2e-3 * softNumeric.data.map { abs(Double($0)) }.max()!)
    }
}
