import Foundation
import Testing
import VAENumerics
import VAEDiagnostics
import VAETestSupport

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
}
