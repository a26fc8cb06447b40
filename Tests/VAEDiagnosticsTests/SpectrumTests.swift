import Foundation
import Testing
import VAENumerics
import VAEDiagnostics
import VAETestSupport

@Suite struct SpectrumTests {
    static let shapes: [(Int, Int)] = [(60, 7), (10, 10), (5, 12), (1, 5), (5, 1), (300, 3)]

    static func knownSigma(_ r: Int) -> [Double] { (0..<r).map { 3.0 / Double($0 + 1) + 0.05 } }

    @Test(arguments: shapes)
    func recoversKnownValuesFromFloatData(m: Int, n: Int) throws {
        let sigma = Self.knownSigma(min(m, n))
        let a = floatMatrix(m, n, matrixWithSingularValues(m, n, sigma, seed: UInt64(m * 1000 + n)))
        for route in SpectrumRoute.allCases {
            let s = try Spectrum(a, route: route)
            #expect(s.values.count == min(m, n), "\(route)")
            #expect(s.rows == m && s.cols == n && !s.centred && s.route == route)
            // Float data: the entries carry ≈ 6e-8 relative rounding, so every route agrees
            // with the exact values to a few 1e-7·σ₁.
            #expect(maxAbsDiff(s.values, sigma) < 2e-6 * sigma[0], "\(route): \(s.values) vs \(sigma)")
            #expect(s.resolvedCount == min(m, n))
        }
    }

    @Test(arguments: shapes)
    func recoversKnownValuesFromDoubleData(m: Int, n: Int) throws {
        let sigma = Self.knownSigma(min(m, n))
        let a = matrixWithSingularValues(m, n, sigma, seed: UInt64(m * 1000 + n) &+ 7)
        let exact = try Spectrum(rows: m, cols: n, data: a, route: .gesddDouble)
        let gram = try Spectrum(rows: m, cols: n, data: a, route: .gram)
        #expect(maxAbsDiff(exact.values, sigma) < 1e-13)
        // κ = σ₁/σ_r ≤ 20 here, so the Gram route loses at most ≈ ε·κ² relative.
        #expect(maxAbsDiff(gram.values, sigma) < 1e-12)
    }

    /// Rank 3 in a 40 × 6 matrix: three real values, three at round-off, all flagged.
    @Test(arguments: SpectrumRoute.allCases)
    func rankDeficientTailIsFlagged(route: SpectrumRoute) throws {
        let sigma = [3.0, 2.0, 1.0]
        let data = matrixWithSingularValues(40, 6, sigma, seed: 11)
        let s = try Spectrum(rows: 40, cols: 6, data: data, route: route)
        #expect(s.values.count == 6)
        #expect(maxAbsDiff(s.values.prefix(3), sigma) < 1e-6)
        #expect(s.values.suffix(3).allSatisfy { $0 >= 0 && $0 <= s.noiseFloor })
        #expect(s.isBelowNoiseFloor == [false, false, false, true, true, true])
        #expect(s.resolvedCount == 3)
        #expect(!s.normalised.contains { $0.isNaN } && !s.logNormalised.contains { $0.isNaN })
    }

    /// The same with Float data through both Float-input routes that resolve the tail.
    @Test func rankDeficientFloatMatrix() throws {
        let sigma = [3.0, 2.0, 1.0]
        let a = floatMatrix(40, 6, matrixWithSingularValues(40, 6, sigma, seed: 12))
        for route in [SpectrumRoute.gesddFloat, .gesddDouble, .gram] {
            let s = try Spectrum(a, route: route, relativeNoiseFloor: 1e-5)
            #expect(s.resolvedCount == 3, "\(route): \(s.values)")
            #expect(s.values.suffix(3).allSatisfy { $0 < 3e-5 }, "\(route): \(s.values)")
        }
    }

    @Test(arguments: [(0, 0), (7, 4), (3, 9), (0, 5)])
    func zeroMatrixHasNoNaN(m: Int, n: Int) throws {
        let a = Matrix(rows: m, cols: n)
        for route in SpectrumRoute.allCases {
            for centred in [false, true] {
                let s = try Spectrum(a, centred: centred, route: route)
                #expect(s.values == [Double](repeating: 0, count: min(m, n)))
                #expect(s.largest == 0 && s.noiseFloor == 0 && s.resolvedCount == 0)
                #expect(s.normalised.allSatisfy { $0 == 0 })
                #expect(s.logValues.allSatisfy { $0 == -.infinity })
                #expect(s.logNormalised.allSatisfy { $0 == -.infinity })
                let sum = s.summaries
                #expect([sum.effectiveRankL1, sum.effectiveRankL2, sum.informationAbundance,
                         sum.stableRank, sum.participationRatio] == [0, 0, 0, 0, 0])
            }
        }
    }

    /// A constant matrix is rank one uncentred and exactly zero once centred.
    @Test func constantMatrixCentresToZero() throws {
        let a = Matrix(rows: 20, cols: 4, value: 2.5)
        for route in SpectrumRoute.allCases {
            let raw = try Spectrum(a, route: route)
            #expect(abs(raw.largest - 2.5 * (80.0).squareRoot()) < 1e-5, "\(route)")
            #expect(raw.resolvedCount == 1, "\(route): \(raw.values)")
            let centred = try Spectrum(a, centred: true, route: route)
            #expect(centred.values.allSatisfy { $0 == 0 }, "\(route): \(centred.values)")
        }
    }

    @Test func normalisedAndLogForms() throws {
        let sigma = [4.0, 2.0, 1.0, 0.5]
        let s = try Spectrum(rows: 30, cols: 4, data: matrixWithSingularValues(30, 4, sigma, seed: 3))
        #expect(maxAbsDiff(s.normalised, [1, 0.5, 0.25, 0.125]) < 1e-14)
        #expect(maxAbsDiff(s.logValues, sigma.map { log($0) }) < 1e-14)
        #expect(maxAbsDiff(s.logNormalised, [0, -log(2.0), -log(4.0), -log(8.0)]) < 1e-14)
        #expect(maxAbsDiff(s.log10Values, [log10(4.0), log10(2.0), 0, log10(0.5)]) < 1e-14)
        #expect(maxAbsDiff(s.log10Normalised, [0, -log10(2.0), -log10(4.0), -log10(8.0)]) < 1e-14)
        #expect(abs(s.summaries.stableRank - (16 + 4 + 1 + 0.25) / 16) < 1e-13)
    }

    /// σ = [1, 1e-3, 1e-6, 1e-9, 1e-12] in Double data: gesdd resolves every value to
    /// ≈ ε·σ₁ absolute; the Gram route's relative error grows like ε·(σ₁/σ_k)² and the
    /// values from 1e-9 down are lost (and flagged).
    @Test func nearlyCollapsedGramErrorAgainstGesdd() throws {
        let sigma = [1.0, 1e-3, 1e-6, 1e-9, 1e-12]
        let data = matrixWithSingularValues(300, 8, sigma, seed: 21)
        let exact = try Spectrum(rows: 300, cols: 8, data: data, route: .gesddDouble)
        let gram = try Spectrum(rows: 300, cols: 8, data: data, route: .gram)
        func relErr(_ s: Spectrum, _ k: Int) -> Double { abs(s.values[k] - sigma[k]) / sigma[k] }
        let gesddErrors = (0..<5).map { relErr(exact, $0) }
        let gramErrors = (0..<5).map { relErr(gram, $0) }
        print("nearly collapsed σ = \(sigma)\n  dgesdd rel. errors \(gesddErrors)\n  Gram   rel. errors \(gramErrors)")
        // gesdd: absolute error ≲ 1e-15 at every value.
        #expect(maxAbsDiff(exact.values.prefix(5), sigma) < 1e-15)
        // Gram: 1e-3 still fine, 1e-6 visibly worse than gesdd, 1e-9 and below lost.
        #expect(gramErrors[1] < 1e-8)
        #expect(gramErrors[2] < 1e-2 && gramErrors[2] > 100 * gesddErrors[2])
        #expect(gramErrors[3] > 1e-2)
        #expect(gram.isBelowNoiseFloor == [false, false, false, true, true, true, true, true])
        #expect(exact.isBelowNoiseFloor == [false, false, false, false, false, true, true, true])
    }

    /// The same shape of spectrum stored as Float: the data's own rounding (≈ 6e-8 relative
    /// per entry) limits every route; sgesdd's absolute error stays ≈ 1e-7·σ₁.
    @Test func nearlyCollapsedFloatData() throws {
        let sigma = [1.0, 1e-3, 1e-6]
        let a = floatMatrix(300, 8, matrixWithSingularValues(300, 8, sigma, seed: 22))
        let reference = try Spectrum(a, route: .gesddDouble)  // exact for the Float matrix
        let single = try Spectrum(a, route: .gesddFloat)
        let gram = try Spectrum(a, route: .gram)
        #expect(abs(reference.values[1] - 1e-3) < 1e-6)
        #expect(maxAbsDiff(single.values, reference.values) < 1e-6)
        #expect(abs(gram.values[1] - reference.values[1]) < 1e-12)
        #expect(abs(gram.values[2] - reference.values[2]) < 1e-3 * reference.values[2])
    }

    /// A matrix dominated by its mean row: uncentred, σ₁ ≈ √n·‖m̄‖ swamps everything;
    /// centred, the spectrum of the zero-mean part comes back exactly.
    @Test(arguments: SpectrumRoute.allCases)
    func centredVersusUncentredWithDominantMean(route: SpectrumRoute) throws {
        let n = 200, d = 5
        let sigma = [4.0, 2.0, 1.0, 0.5, 0.25]
        var data = matrixWithSingularValues(n, d, sigma, seed: 31, zeroMeanColumns: true)
        let mean = [30.0, -20.0, 10.0, 5.0, 40.0]
        for i in 0..<n { for j in 0..<d { data[i * d + j] += mean[j] } }
        let a = floatMatrix(n, d, data)
        let raw = try Spectrum(a, route: route)
        let centred = try Spectrum(a, centred: true, route: route)
        let meanNorm = mean.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(centred.centred && !raw.centred)
        #expect(abs(raw.largest - Double(n).squareRoot() * meanNorm) / raw.largest < 1e-3)
        #expect(raw.largest > 100 * centred.largest)
        // Float entries of size ≈ 40 carry ≈ 2e-6 rounding each: ‖perturbation‖ ≈ 1e-4.
        #expect(maxAbsDiff(centred.values, sigma) < 1e-3, "\(route): \(centred.values)")
        // The uncentred tail differs from the centred spectrum (the mean direction mixes in).
        let rawReference = try Spectrum(rows: n, cols: d, data: a.data.map(Double.init))
        #expect(maxAbsDiff(raw.values, rawReference.values) < 1e-5 * raw.largest)
    }

    /// Why centring is explicit: with a mean 1e4 times the centred scale, `G − n·m̄·m̄ᵀ`
    /// cancels 16 digits and loses the small values; centring first keeps them.
    @Test func explicitCentringBeatsTheGramShortcut() throws {
        let n = 400, d = 6
        let sigma = [1.0, 0.1, 1e-2, 1e-3, 1e-4, 1e-5]
        var data = matrixWithSingularValues(n, d, sigma, seed: 41, zeroMeanColumns: true)
        let mean = [1e4, -2e4, 1.5e4, 3e3, -7e3, 1.2e4]
        for i in 0..<n { for j in 0..<d { data[i * d + j] += mean[j] } }

        let explicitGram = try Spectrum(rows: n, cols: d, data: data, centred: true, route: .gram)
        let explicitSVD = try Spectrum(rows: n, cols: d, data: data, centred: true, route: .gesddDouble)
        #expect(maxAbsDiff(explicitSVD.values, sigma) < 1e-9)
        for k in 0..<d { #expect(abs(explicitGram.values[k] - sigma[k]) < 1e-3 * sigma[k]) }

        // The shortcut, formed here only to show it fails.
        let g = GramMatrix.of(rows: n, cols: d, data: data)
        let m = ColumnCentring.columnMeans(rows: n, cols: d, data: data)
        var shortcut = g.data
        for j in 0..<d { for l in 0..<d { shortcut[j * d + l] -= Double(n) * m[j] * m[l] } }
        let lambda = try LAPACK.symmetricEigenvalues(n: d, data: shortcut).reversed().map { max($0, 0).squareRoot() }
        let shortcutWorst = (0..<d).map { abs(lambda[$0] - sigma[$0]) / sigma[$0] }.max()!
        print("centring: shortcut G − n·m̄m̄ᵀ worst rel. error \(shortcutWorst); explicit Gram \(explicitGram.values)")
        #expect(shortcutWorst > 0.5)
    }

    /// The Gram matrix is the smaller product: MᵀM for tall, MMᵀ for wide matrices; 9,000
    /// rows span three dsyrk blocks of 4,096.
    @Test(arguments: [(9, 4), (4, 9), (300, 5), (9000, 6), (6, 300)])
    func gramMatrixMatchesNaiveProduct(m: Int, n: Int) {
        let a = randomMatrix(m, n, seed: UInt64(m + 17 * n))
        let x = a.data.map(Double.init)
        let expected = m >= n ? product(transpose(x, m, n), n, m, x, n) : product(x, m, n, transpose(x, m, n), m)
        let g = GramMatrix.of(a)
        #expect(g.size == min(m, n))
        // The documented bound: products exact, sums of max(m, n) terms in Double.
        func tolerance(_ e: [Double]) -> Double { max(1e-12, Double(max(m, n)) * 1.1e-16 * e.map(abs).max()!) }
        #expect(maxAbsDiff(g.data, expected) < tolerance(expected))
        let centredX = ColumnCentring.centredDouble(a)
        let expectedC = m >= n ? product(transpose(centredX, m, n), n, m, centredX, n)
                               : product(centredX, m, n, transpose(centredX, m, n), m)
        #expect(maxAbsDiff(GramMatrix.of(a, centred: true).data, expectedC) < tolerance(expectedC))
    }
}
