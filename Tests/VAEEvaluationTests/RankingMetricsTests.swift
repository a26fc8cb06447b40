import Testing
@testable import VAEEvaluation

/// protocols.md §4.1 worked examples.
@Suite struct RankingMetricsTests {
    // User A: ranked [i3, i7, i1, i9, i4, …], T_A = {i7, i9, i5, i8}.
    let userA = RankedHits(ranked: [3, 7, 1, 9, 4, 0, 2, 6], targets: [7, 9, 5, 8])
    // User B: T_B = {i2}, i2 ranked first.
    let userB = RankedHits(ranked: [2, 0, 1, 3, 4], targets: [2])

    @Test func userAAtK3() {
        #expect(userA.hits(atK: 3) == 1)
        #expect(approx(RankingMetrics.recallCapped(userA, k: 3), 0.3333333))
        #expect(approx(RankingMetrics.recallFull(userA, k: 3), 0.25))
        #expect(approx(RankingMetrics.ndcg(userA, k: 3), 0.2960819))
        #expect(approx(RankingMetrics.ndcg(userA, k: 3), 0.6309298 / 2.1309298))
        #expect(approx(RankingMetrics.precision(userA, k: 3), 1.0 / 3))
        #expect(RankingMetrics.hitRate(userA, k: 3) == 1)
    }

    @Test func userAAtK5() {
        #expect(userA.hits(atK: 5) == 2)
        #expect(approx(RankingMetrics.recallCapped(userA, k: 5), 0.5))
        #expect(approx(RankingMetrics.recallFull(userA, k: 5), 0.5))
        #expect(approx(RankingMetrics.discount(rank: 2) + RankingMetrics.discount(rank: 4), 1.0616063))
        let idcg = (1...4).map { RankingMetrics.discount(rank: $0) }.reduce(0, +)
        #expect(approx(idcg, 2.5616063))
        #expect(approx(RankingMetrics.ndcg(userA, k: 5), 0.4144299))
        #expect(approx(RankingMetrics.precision(userA, k: 5), 0.4))
    }

    @Test(arguments: [1, 3, 5, 100])
    func userBIsOneEverywhere(k: Int) {
        for kind in MetricKind.allCases where kind != .precision {
            #expect(RankingMetrics.value(MetricSpec(kind, k: k), userB) == 1, "\(kind)@\(k)")
        }
        #expect(RankingMetrics.precision(userB, k: 1) == 1)
    }

    @Test func userAHitRateIsZeroAtK1() {
        #expect(RankingMetrics.hitRate(userA, k: 1) == 0)
        #expect(RankingMetrics.ndcg(userA, k: 1) == 0)
    }

    @Test func noTargetsGivesNaN() {
        let userC = RankedHits(ranked: [0, 1, 2], targets: [])
        for kind in MetricKind.allCases {
            #expect(RankingMetrics.value(MetricSpec(kind, k: 3), userC).isNaN, "\(kind)")
        }
    }

    @Test func cappedAndFullDifferOnlyWhenTargetsExceedK() {
        // |T| = 4 > K = 3: capped divides by 3, full by 4.
        #expect(RankingMetrics.recallCapped(userA, k: 3) != RankingMetrics.recallFull(userA, k: 3))
        // |T| = 4 ≤ K = 5: identical.
        #expect(RankingMetrics.recallCapped(userA, k: 5) == RankingMetrics.recallFull(userA, k: 5))
    }

    @Test func shortListCountsMissingPositionsAsMisses() {
        // Only 2 candidates, both targets, |T| = 3, K = 5.
        let h = RankedHits(ranked: [4, 1], targets: [1, 4, 9])
        #expect(approx(RankingMetrics.recallFull(h, k: 5), 2.0 / 3))
        #expect(approx(RankingMetrics.recallCapped(h, k: 5), 2.0 / 3))
        let idcg = (1...3).map { RankingMetrics.discount(rank: $0) }.reduce(0, +)
        #expect(approx(RankingMetrics.ndcg(h, k: 5), (1 + RankingMetrics.discount(rank: 2)) / idcg))
        #expect(approx(RankingMetrics.precision(h, k: 5), 0.4))
    }
}
