import Foundation
import Testing
import VAENumerics
import VAEDiagnostics

@Suite("Latent-geometry measures, by hand")
struct GeometryTests {
    @Test("Binary input distances: cosine 1 − |A∩B|/√(|A||B|) and Jaccard 1 − |A∩B|/|A∪B|")
    func inputDistances() {
        let a: [Int32] = [0, 1, 2], b: [Int32] = [1, 2, 3, 4]
        #expect(BinaryInputDistance.intersectionCount(a, b) == 2)
        #expect(abs(BinaryInputDistance.cosine(a, b) - (1 - 2 / 12.0.squareRoot())) < 1e-15)
        #expect(abs(BinaryInputDistance.cosine(a, b) - 0.42264973081037416) < 1e-12)
        #expect(abs(BinaryInputDistance.jaccard(a, b) - 0.6) < 1e-15)
        // Symmetric; equal sets at 0, disjoint sets at 1; empty sets undefined.
        #expect(BinaryInputDistance.cosine(b, a) == BinaryInputDistance.cosine(a, b))
        #expect(BinaryInputDistance.cosine(a, a) == 0 && BinaryInputDistance.jaccard(a, a) == 0)
        #expect(BinaryInputDistance.cosine([0, 1], [2, 3] as [Int32]) == 1 && BinaryInputDistance.jaccard([0, 1], [2, 3] as [Int32]) == 1)
        #expect(BinaryInputDistance.cosine([] as [Int32], a).isNaN && BinaryInputDistance.jaccard(a, [] as [Int32]).isNaN)
        // A subset: {1} ⊂ {0, 1, 2, 3}: cosine 1 − 1/2, Jaccard 1 − 1/4.
        #expect(BinaryInputDistance.cosine([1], [0, 1, 2, 3] as [Int32]) == 0.5)
        #expect(BinaryInputDistance.jaccard([1], [0, 1, 2, 3] as [Int32]) == 0.75)
    }

    @Test("Pearson and Spearman: the worked examples, ties as average ranks, degenerate samples NaN")
    func correlations() {
        #expect(abs(Correlation.pearson([1, 2, 3, 4], [1, 3, 2, 4]) - 0.8) < 1e-15)
        #expect(abs(Correlation.spearman([1, 2, 3, 4], [1, 3, 2, 4]) - 0.8) < 1e-15)
        #expect(abs(Correlation.pearson([1, 2, 3, 4], [1, 4, 9, 16]) - 25 / 645.0.squareRoot()) < 1e-15)
        #expect(Correlation.spearman([1, 2, 3, 4], [1, 4, 9, 16]) == 1)
        #expect(Correlation.spearman([1, 2, 3, 4], [8, 4, 2, 1]) == -1)
        #expect(Correlation.averageRanks([10, 20, 20, 5]) == [2, 3.5, 3.5, 1])
        #expect(Correlation.averageRanks([7, 7, 7]) == [2, 2, 2])
        // With ties: ranks x = (1, 2.5, 2.5, 4), y = (1, 2, 3, 4): r = 4.5/√(4.5·5) = 0.9486833.
        #expect(abs(Correlation.spearman([1, 2, 2, 3], [1, 2, 3, 4]) - 4.5 / (4.5 * 5).squareRoot()) < 1e-15)
        #expect(Correlation.pearson([1, 1, 1], [1, 2, 3]).isNaN)
        #expect(Correlation.pearson([1], [2]).isNaN)
        #expect(Correlation.spearman([1, .nan, 3], [1, 2, 3]).isNaN)
    }

    @Test("k nearest neighbours by Euclidean distance: points 0, 1, 3, 7 on a line; ties by index; k clamped")
    func nearestNeighbours() {
        let line = Matrix(rows: 4, cols: 1, data: [0, 1, 3, 7])
        #expect(NearestNeighbours.sets(line, k: 1) == [[1], [0], [1], [2]])
        #expect(NearestNeighbours.sets(line, k: 2) == [[1, 2], [0, 2], [1, 0], [2, 1]])
        #expect(NearestNeighbours.sets(line, k: 10) == [[1, 2, 3], [0, 2, 3], [1, 0, 3], [2, 1, 0]])
        #expect(NearestNeighbours.kthDistances(line, neighbours: NearestNeighbours.sets(line, k: 2), k: 2) == [3, 2, 3, 6])
        // Row 0 at the origin is equally far from rows 1 (3, 4) and 2 (−4, 3): the lower index wins.
        let tie = Matrix([[0, 0], [3, 4], [-4, 3], [0, 10]])
        #expect(NearestNeighbours.sets(tie, k: 1)[0] == [1])
        #expect(NearestNeighbours.sets(tie, k: 2)[0] == [1, 2])
        #expect(NearestNeighbours.sets(tie, k: 1)[3] == [1])  // (0,10)→(3,4): √45 < (−4,3): √65
    }

    @Test("Neighbourhood overlap |A∩B|/k, averaged over users")
    func overlap() {
        #expect(abs(NeighbourhoodOverlap.overlap([1, 2, 3], [3, 4, 1]) - 2.0 / 3) < 1e-15)
        #expect(NeighbourhoodOverlap.overlap([0, 5], [6, 7]) == 0)
        #expect(NeighbourhoodOverlap.overlap([4, 2], [2, 4]) == 1)
        #expect(abs(NeighbourhoodOverlap.mean([[1, 2, 3], [0, 5]], [[3, 4, 1], [6, 7]]) - 1.0 / 3) < 1e-15)
        #expect(NeighbourhoodOverlap.overlap([], [1]).isNaN)
        #expect(NeighbourhoodOverlap.mean([], []).isNaN)
    }

    @Test("Mean posterior variance and latent drift, worked examples")
    func varianceAndDrift() {
        #expect(PosteriorVariance.mean(standardDeviations: Matrix([[1, 0.5], [0, 2]])) == 1.3125)
        #expect(PosteriorVariance.mean(standardDeviations: Matrix(rows: 0, cols: 2)).isNaN)
        #expect(LatentDrift.distances(Matrix([[0, 0], [1, 1]]), Matrix([[3, 4], [1, 1]])) == [5, 0])
        #expect(LatentDrift.mean(Matrix([[0, 0], [1, 1]]), Matrix([[3, 4], [1, 1]])) == 2.5)
    }

    @Test("W2 between rows of one set of posteriors: the worked example; point masses give ‖μ_i − μ_j‖")
    func w2Rows() {
        let means = Matrix([[0, 0], [3, 4]]), sds = Matrix([[1, 1], [2, 1]])
        #expect(abs(Wasserstein2.distance(means: means, sds: sds, 0, 1) - 26.0.squareRoot()) < 1e-12)
        #expect(abs(Wasserstein2.distance(means: means, sds: sds, 0, 1) - 5.0990195) < 1e-7)
        #expect(Wasserstein2.distance(means: means, sds: nil, 0, 1) == 5)
        #expect(Wasserstein2.distance(means: means, sds: sds, 1, 1) == 0)
        // Same means, different spreads: W2 = ‖s_i − s_j‖.
        #expect(Wasserstein2.distance(means: Matrix([[1, 1], [1, 1]]), sds: Matrix([[0.5, 2], [1.5, 2]]), 0, 1) == 1)
    }
}
