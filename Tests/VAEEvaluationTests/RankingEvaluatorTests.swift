import Testing
import VAENumerics
@testable import VAEEvaluation

@Suite struct RankingEvaluatorTests {
    /// Scorer over a fixed dense score table (`table[u]` = row of task row u).
    static func tableScorer(_ table: [[Float]]) -> RankingEvaluator.Scorer {
        { rows, _, scores in
            for (i, u) in rows.enumerated() {
                for j in 0..<scores.cols { scores[i, j] = table[u][j] }
            }
        }
    }

    static func emptyInput(_ rows: Int) -> SparseMatrix {
        SparseMatrix(cols: 1, rowColumns: [[Int]](repeating: [], count: rows))
    }

    /// protocols.md §4.1: users A, B, C through the whole evaluator.
    @Test func workedExample() throws {
        let items = 10
        // User A ranks [i3, i7, i1, i9, i4, …]; i0 is in A's fold-in with the top score.
        var a = [Float](repeating: 0, count: items)
        for (rank, item) in [0, 3, 7, 1, 9, 4].enumerated() { a[item] = Float(10 - rank) }
        // User B ranks i2 first.
        var b = [Float](repeating: 0, count: items)
        b[2] = 5
        let c = [Float](repeating: 1, count: items)
        let task = RankingTask(
            input: Self.emptyInput(3),
            targets: SparseMatrix(cols: items, rowColumns: [[7, 9, 5, 8], [2], []]),
            excluded: SparseMatrix(cols: items, rowColumns: [[0], [], []]),
            scoredItemCount: items)
        let metrics: [MetricSpec] = [.ndcg(3), .ndcg(5), .recallCapped(3), .recallFull(3),
                                     .recallCapped(5), .recallFull(5), .precision(5), .hitRate(3)]
        let evaluator = try RankingEvaluator(metrics: metrics, batchSize: 2)
        let result = try evaluator.evaluate(task, scorer: Self.tableScorer([a, b, c]))

        #expect(result.evaluatedRows == [0, 1])
        #expect(result.skippedRows == [2])
        #expect(result.evaluatedCount == 2 && result.skippedCount == 1)
        #expect(result.nanScoreCount == 0)

        let ndcg3 = result.values(of: .ndcg(3)), ndcg5 = result.values(of: .ndcg(5))
        #expect(approx(ndcg3[0], 0.2960819))
        #expect(approx(ndcg5[0], 0.4144299))
        #expect(approx(result.values(of: .recallCapped(3))[0], 0.3333333))
        #expect(approx(result.values(of: .recallFull(3))[0], 0.25))
        #expect(approx(result.values(of: .recallCapped(5))[0], 0.5))
        #expect(approx(result.values(of: .recallFull(5))[0], 0.5))
        for m in metrics where m.kind != .precision { #expect(result.values(of: m)[1] == 1, "\(m)") }

        #expect(approx(result.mean(of: .ndcg(5)), 0.7072150))
        #expect(approx(result.means[.ndcg(5)]!, 0.7072150))
        let s = result.summary(of: .ndcg(5))
        #expect(approx(s.populationStd, 0.2927850))
        #expect(approx(s.standardError, 0.2070303))
        #expect(approx(Statistics.standardDeviation(ndcg5, ddof: 1), 0.4140606))
    }

    /// protocols.md §4.1 exclusion example through the evaluator.
    @Test func exclusionExample() throws {
        var row = [Float](repeating: -1, count: 7)
        row[1] = 0.9; row[2] = 0.8; row[6] = 0.1
        let targets = SparseMatrix(cols: 7, rowColumns: [[2]])
        let evaluator = try RankingEvaluator(metrics: [.hitRate(1), .recallFull(1)], batchSize: 4)
        let withExclusion = try evaluator.evaluate(
            RankingTask(input: Self.emptyInput(1), targets: targets,
                        excluded: SparseMatrix(cols: 7, rowColumns: [[1]]), scoredItemCount: 7),
            scorer: Self.tableScorer([row]))
        #expect(withExclusion.values(of: .hitRate(1)) == [1])
        let without = try evaluator.evaluate(
            RankingTask(input: Self.emptyInput(1), targets: targets, excluded: nil, scoredItemCount: 7),
            scorer: Self.tableScorer([row]))
        #expect(without.values(of: .hitRate(1)) == [0])
    }

    /// Unknown items (index ≥ scoredItemCount) count in |T| and rank after every scored item.
    @Test func unknownItemsRankLastAndCountInTargets() throws {
        // 4 scored items, 2 unknown (4, 5). Item 0 excluded. All scores −∞ or NaN, yet the
        // scored items still rank before the unknown ones.
        let row: [Float] = [5, -.infinity, .nan, -.infinity]
        let task = RankingTask(
            input: Self.emptyInput(1),
            targets: SparseMatrix(cols: 6, rowColumns: [[4, 5, 3]]),
            excluded: SparseMatrix(cols: 6, rowColumns: [[0]]),
            scoredItemCount: 4)
        let evaluator = try RankingEvaluator(metrics: [.recallFull(3), .recallFull(4), .recallFull(5),
                                                       .recallCapped(2), .ndcg(5)], batchSize: 1)
        let r = try evaluator.evaluate(task, scorer: Self.tableScorer([row]))
        // Ranked: 1, 2 (NaN as −∞, ties by index), 3, then unknowns 4, 5.
        #expect(approx(r.values(of: .recallFull(3))[0], 1.0 / 3))
        #expect(approx(r.values(of: .recallFull(4))[0], 2.0 / 3))
        #expect(approx(r.values(of: .recallFull(5))[0], 1.0))
        #expect(r.values(of: .recallCapped(2))[0] == 0)
        let dcg = [3, 4, 5].map { RankingMetrics.discount(rank: $0) }.reduce(0, +)
        let idcg = [1, 2, 3].map { RankingMetrics.discount(rank: $0) }.reduce(0, +)
        #expect(approx(r.values(of: .ndcg(5))[0], dcg / idcg))
        #expect(r.nanScoreCount == 1)
    }

    /// A random task; the scorer depends only on (row, item), so batching must not matter.
    struct RandomCase {
        var task: RankingTask
        var table: [[Float]]

        init(seed: UInt64, users: Int = 37, items: Int = 45, scored: Int = 40) {
            var rng = RandomStream(seed: seed)
            var targets: [[Int]] = [], excluded: [[Int]] = [], input: [[Int]] = []
            for _ in 0..<users {
                let all = (0..<items).filter { _ in rng.nextInt(below: 3) == 0 }
                var t: [Int] = [], e: [Int] = []
                for i in all { if rng.nextInt(below: 2) == 0 { t.append(i) } else if i < scored { e.append(i) } }
                if rng.nextInt(below: 6) == 0 { t = [] }  // some users without targets
                targets.append(t); excluded.append(e); input.append(e)
            }
            table = (0..<users).map { _ in
                (0..<scored).map { _ in rng.nextInt(below: 30) == 0 ? .nan : Float(rng.nextInt(below: 6)) }
            }
            task = RankingTask(input: SparseMatrix(cols: scored, rowColumns: input),
                               targets: SparseMatrix(cols: items, rowColumns: targets),
                               excluded: SparseMatrix(cols: items, rowColumns: excluded),
                               scoredItemCount: scored)
        }
    }

    static let allMetrics: [MetricSpec] = [.ndcg(5), .ndcg(20), .recallCapped(5), .recallFull(5),
                                            .recallCapped(20), .recallFull(20), .precision(10), .hitRate(3)]

    @Test func batchingInvariance() throws {
        let c = RandomCase(seed: 7)
        var results: [RankingResult] = []
        for b in [1, 3, 1000] {
            var seenRows: [Range<Int>] = []
            let r = try RankingEvaluator(metrics: Self.allMetrics, batchSize: b).evaluate(c.task) { rows, input, scores in
                seenRows.append(rows)
                #expect(rows.count <= b)
                #expect(input == c.task.input.rows(rows))
                try Self.tableScorer(c.table)(rows, input, &scores)
            }
            // Contiguous batches covering every row once.
            #expect(seenRows.first?.lowerBound == 0 && seenRows.last?.upperBound == c.task.userCount)
            #expect(zip(seenRows, seenRows.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            #expect(seenRows.count == (c.task.userCount + b - 1) / b)
            results.append(r)
        }
        #expect(results[0].skippedCount > 0 && results[0].nanScoreCount > 0)  // the case exercises both
        #expect(results[0] == results[1])
        #expect(results[0] == results[2])
    }

    /// Every per-user value equals the metric of a full-sort ranking.
    @Test func agreesWithFullSortReference() throws {
        let c = RandomCase(seed: 11)
        let r = try RankingEvaluator(metrics: Self.allMetrics, batchSize: 4)
            .evaluate(c.task, scorer: Self.tableScorer(c.table))
        var expectedRows: [Int] = [], skipped: [Int] = []
        for u in 0..<c.task.userCount {
            let targets = Set(c.task.targets.columns(ofRow: u).map(Int.init))
            if targets.isEmpty { skipped.append(u); continue }
            let i = expectedRows.count
            expectedRows.append(u)
            let excluded = Set(c.task.excluded.columns(ofRow: u).map(Int.init))
            let ranked = referenceRanking(scores: c.table[u], itemCount: c.task.itemCount, excluded: excluded)
            let hits = RankedHits(ranked: ranked, targets: targets)
            for m in Self.allMetrics {
                #expect(r.values(of: m)[i] == RankingMetrics.value(m, hits), "row \(u) \(m)")
            }
        }
        #expect(r.evaluatedRows == expectedRows)
        #expect(r.skippedRows == skipped)
    }

    @Test func scorerThatChangesShapeIsReported() throws {
        let c = RandomCase(seed: 3, users: 5)
        let evaluator = try RankingEvaluator(metrics: [.ndcg(5)], batchSize: 2)
        #expect(throws: RankingEvaluationError.scoreShape(rows: 2, cols: 3, expectedRows: 2, expectedCols: 40)) {
            try evaluator.evaluate(c.task) { _, _, scores in scores.resize(rows: 2, cols: 3) }
        }
    }

    @Test func invalidConfigurationsThrow() {
        #expect(throws: RankingEvaluationError.noMetrics) { try RankingEvaluator(metrics: [], batchSize: 1) }
        #expect(throws: RankingEvaluationError.invalidBatchSize(0)) { try RankingEvaluator(metrics: [.ndcg(1)], batchSize: 0) }
        #expect(throws: RankingEvaluationError.duplicateMetric(.ndcg(5))) {
            try RankingEvaluator(metrics: [.ndcg(5), .recallFull(5), .ndcg(5)], batchSize: 1)
        }
    }

    @Test func mismatchedTaskThrows() throws {
        let evaluator = try RankingEvaluator(metrics: [.ndcg(5)], batchSize: 2)
        let task = RankingTask(input: Self.emptyInput(2),
                               targets: SparseMatrix(cols: 5, rowColumns: [[1], [2]]),
                               excluded: SparseMatrix(cols: 4, rowColumns: [[], []]),
                               scoredItemCount: 4)
        #expect(throws: RankingEvaluationError.self) { try evaluator.evaluate(task) { _, _, _ in } }
        let tooMany = RankingTask(input: Self.emptyInput(2),
                                  targets: SparseMatrix(cols: 5, rowColumns: [[1], [2]]),
                                  excluded: nil, scoredItemCount: 6)
        #expect(throws: RankingEvaluationError.self) { try evaluator.evaluate(tooMany) { _, _, _ in } }
    }

    @Test func noUsersGivesEmptyResult() throws {
        let task = RankingTask(input: Self.emptyInput(0), targets: SparseMatrix(cols: 3, rowColumns: []),
                               excluded: nil, scoredItemCount: 3)
        var calls = 0
        let r = try RankingEvaluator(metrics: [.ndcg(5)], batchSize: 2).evaluate(task) { _, _, _ in calls += 1 }
        #expect(calls == 0)
        #expect(r.evaluatedCount == 0 && r.skippedCount == 0)
        #expect(r.mean(of: .ndcg(5)).isNaN)
    }
}
