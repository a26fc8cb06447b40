import Testing
import VAENumerics
@testable import VAEEvaluation

@Suite struct TopKSelectorTests {
    @Test func ordersByScoreDescending() {
        let scores: [Float] = [0.1, 0.9, 0.3, 0.7, 0.5]
        #expect(TopKSelector.topK(scores, k: 3) == [1, 3, 4])
        #expect(TopKSelector.topK(scores, k: 5) == [1, 3, 4, 2, 0])
        #expect(TopKSelector.topK(scores, k: 10) == [1, 3, 4, 2, 0])  // short list
    }

    @Test func tiesBreakByLowerIndex() {
        let scores: [Float] = [0.5, 0.8, 0.5, 0.8, 0.5, 0.2]
        #expect(TopKSelector.topK(scores, k: 4) == [1, 3, 0, 2])
        // The tie at the cut is resolved by index too: item 4 loses to 0 and 2.
        #expect(TopKSelector.topK(scores, k: 3) == [1, 3, 0])
        // All equal: plain index order, whatever order the heap saw them in.
        #expect(TopKSelector.topK([Float](repeating: 1, count: 9), k: 4) == [0, 1, 2, 3])
    }

    /// protocols.md §4.1 exclusion example: {i1: 0.9, i2: 0.8, i6: 0.1}, i1 in the fold-in.
    @Test func exclusionExample() {
        var scores = [Float](repeating: -1, count: 7)
        scores[1] = 0.9; scores[2] = 0.8; scores[6] = 0.1
        #expect(TopKSelector.topK(scores, k: 1) == [1])
        #expect(TopKSelector.topK(scores, k: 1, excluded: [1]) == [2])
        let hits = RankedHits(ranked: TopKSelector.topK(scores, k: 1, excluded: [1]), targets: [2])
        #expect(hits.hits(atK: 1) == 1)
    }

    @Test func excludedItemsNeverFillAShortList() {
        #expect(TopKSelector.topK([0.3, 0.2, 0.1], k: 3, excluded: [0, 2]) == [1])
    }

    @Test func nanRanksAsMinusInfinityAndIsCounted() {
        let scores: [Float] = [.nan, 0.2, -.infinity, .nan, -1]
        #expect(TopKSelector.topK(scores, k: 5) == [1, 4, 0, 2, 3])
        var selector = TopKSelector(k: 2)
        var ranked: [Int] = []
        let nan = scores.withUnsafeBufferPointer {
            selector.select(scores: $0, itemCount: 5, excluded: [3][...], into: &ranked)
        }
        #expect(nan == 1)  // item 3 is excluded, so only item 0 counts
        #expect(ranked == [1, 4])
    }

    @Test func unknownItemsRankAfterEveryScoredItem() {
        // Items 0..<3 scored, 3..<6 unknown; item 4 excluded.
        let scores: [Float] = [-.infinity, -1e30, .nan]
        #expect(TopKSelector.topK(scores, k: 6, itemCount: 6, excluded: [4]) == [1, 0, 2, 3, 5])
        #expect(TopKSelector.topK(scores, k: 2, itemCount: 6) == [1, 0])
        #expect(TopKSelector.topK([], k: 2, itemCount: 3) == [0, 1])
    }

    @Test func selectorIsReusableAcrossRows() {
        var selector = TopKSelector(k: 2)
        var ranked: [Int] = []
        let rows: [[Float]] = [[0.1, 0.9, 0.5], [0.7, 0.2, 0.8], [0.3]]
        var out: [[Int]] = []
        for row in rows {
            row.withUnsafeBufferPointer { _ = selector.select(scores: $0, itemCount: row.count, excluded: [], into: &ranked) }
            out.append(ranked)
        }
        #expect(out == [[1, 2], [2, 0], [0]])
    }

    /// Top-K against a full sort on random rows with heavy ties, NaNs, exclusions and
    /// unknown items.
    @Test func randomizedAgainstFullSort() {
        var rng = RandomStream(seed: 20240607)
        for trial in 0..<300 {
            let scoredCount = rng.nextInt(below: 60)
            let itemCount = scoredCount + rng.nextInt(below: 5)
            let k = 1 + rng.nextInt(below: 70)
            let levels = 1 + rng.nextInt(below: 8)  // few levels → many ties
            let scores: [Float] = (0..<scoredCount).map { _ in
                let r = rng.nextInt(below: 20)
                if r == 0 { return .nan }
                if r == 1 { return -.infinity }
                return Float(rng.nextInt(below: levels)) * 0.25 - 0.5
            }
            let excluded = Set((0..<itemCount).filter { _ in rng.nextInt(below: 4) == 0 })
            let expected = Array(referenceRanking(scores: scores, itemCount: itemCount, excluded: excluded).prefix(k))
            let got = TopKSelector.topK(scores, k: k, itemCount: itemCount, excluded: Array(excluded))
            #expect(got == expected, "trial \(trial): n=\(scoredCount) items=\(itemCount) k=\(k)")
        }
    }
}
