import Foundation
import Testing
import VAEDiagnostics

@Suite struct SpectralSummariesTests {
    static let example = [4.0, 2.0, 1.0, 1.0]

    @Test func workedExample() {
        let s = SpectralSummaries(Self.example)
        #expect(abs(s.effectiveRankL1 - 3.3635857) < 1e-7)
        #expect(abs(s.effectiveRankL2 - 2.2763215) < 1e-7)
        #expect(abs(s.informationAbundance - 2.0) < 1e-15)
        #expect(abs(s.stableRank - 1.375) < 1e-15)
        #expect(abs(s.participationRatio - 1.7664234) < 1e-7)
        // Closed forms: p = (1/2, 1/4, 1/8, 1/8) gives H = 1.75·ln 2.
        #expect(abs(s.effectiveRankL1 - pow(2.0, 1.75)) < 1e-14)
        #expect(abs(SpectralSummaries.topVarianceShare(Self.example, k: 1) - 16.0 / 22) < 1e-15)
        #expect(abs(SpectralSummaries.topVarianceShare(Self.example, k: 2) - 20.0 / 22) < 1e-15)
    }

    @Test func orderAndScaleDoNotMatter() {
        let shuffled = [1.0, 4.0, 1.0, 2.0]
        #expect(SpectralSummaries(shuffled) == SpectralSummaries(Self.example))
        let big = SpectralSummaries(Self.example.map { $0 * 1e200 })
        let small = SpectralSummaries(Self.example.map { $0 * 1e-200 })
        for s in [big, small] {
            #expect(abs(s.effectiveRankL1 - 3.3635857) < 1e-7)
            #expect(abs(s.participationRatio - 1.7664234) < 1e-7)
            #expect(abs(s.stableRank - 1.375) < 1e-12)
        }
    }

    @Test func flatSpectrumGivesFullRankEverywhere() {
        let s = SpectralSummaries([2, 2, 2, 2, 2])
        for v in [s.effectiveRankL1, s.effectiveRankL2, s.informationAbundance, s.stableRank, s.participationRatio] {
            #expect(abs(v - 5) < 1e-12)
        }
    }

    @Test func singleDirectionAndZeros() {
        let one = SpectralSummaries([3, 0, 0])
        for v in [one.effectiveRankL1, one.effectiveRankL2, one.informationAbundance, one.stableRank, one.participationRatio] {
            #expect(v == 1)
        }
        let zero = SpectralSummaries([0, 0, 0])
        let empty = SpectralSummaries([])
        for s in [zero, empty] {
            #expect([s.effectiveRankL1, s.effectiveRankL2, s.informationAbundance, s.stableRank, s.participationRatio] == [0, 0, 0, 0, 0])
        }
        #expect(SpectralSummaries.topVarianceShare([0, 0], k: 1) == 0)
    }

    @Test func topVarianceShareClampsK() {
        #expect(SpectralSummaries.topVarianceShare(Self.example, k: 0) == 0)
        #expect(abs(SpectralSummaries.topVarianceShare(Self.example, k: 4) - 1) < 1e-15)
        #expect(abs(SpectralSummaries.topVarianceShare(Self.example, k: 99) - 1) < 1e-15)
        #expect(abs(SpectralSummaries.topVarianceShare([1, 4, 2, 1], k: 1) - 16.0 / 22) < 1e-15)
    }

    /// The two effective-rank variants order a spectrum the same way but are different
    /// numbers; L2 ≤ L1 for any non-flat spectrum (squaring concentrates the weights).
    @Test func variantsDiffer() {
        let decaying = (0..<20).map { 1 / Double($0 + 1) }
        let s = SpectralSummaries(decaying)
        #expect(s.effectiveRankL2 < s.effectiveRankL1)
        #expect(s.stableRank <= s.participationRatio)
    }
}
