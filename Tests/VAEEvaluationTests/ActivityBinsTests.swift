import Testing
import VAENumerics
@testable import VAEEvaluation

@Suite("Activity groups by history length")
struct ActivityBinsTests {
    @Test("The paper's bins: labels and the groups of lengths at every boundary")
    func paperBins() {
        let bins = ActivityBins.paper
        #expect(bins.labels == ["<5", "5-10", "11-50", "51-100", ">100"])
        let cases: [(Int, String)] = [(1, "<5"), (4, "<5"), (5, "5-10"), (10, "5-10"), (11, "11-50"), (50, "11-50"),
                                      (51, "51-100"), (100, "51-100"), (101, ">100"), (4000, ">100")]
        for (length, label) in cases { #expect(bins.label(of: length) == label, "length \(length)") }
        #expect(bins.group(of: 10) == 1 && bins.group(of: 101) == 4)
    }

    @Test("Custom bins: a one-value bin is labelled by its value; invalid bounds say where and why")
    func customBins() {
        let bins = ActivityBins(lowerBounds: [2, 3, 20])
        #expect(bins.labels == ["<2", "2", "3-19", ">19"])
        #expect([1, 2, 3, 19, 20].map(bins.label(of:)) == ["<2", "2", "3-19", "3-19", ">19"])
        #expect(ActivityBins.problem(in: [5, 11, 51, 101]) == nil)
        #expect(ActivityBins.problem(in: [])?.index == nil)
        #expect(ActivityBins.problem(in: [0, 5])?.index == 0)
        #expect(ActivityBins.problem(in: [5, 11, 11])?.index == 2)
        #expect(ActivityBins.problem(in: [5, 11, 11])?.expected == "a lower bound above 11 (bounds ascend; each group runs to the next bound − 1)")
    }

    @Test("History length: fold-in + held-out by default, fold-in only as an option")
    func historyLength() {
        #expect(HistoryLength.all.length(input: 8, targets: 2) == 10)
        #expect(HistoryLength.input.length(input: 8, targets: 2) == 8)
    }

    @Test("The evaluator records each evaluated user's input and target counts (skipped users left out)")
    func evaluatorCounts() throws {
        let task = RankingTask(input: SparseMatrix(cols: 6, rowColumns: [[0, 1, 2], [3], [0, 4]]),
                               targets: SparseMatrix(cols: 6, rowColumns: [[3, 4], [], [5]]),
                               excluded: SparseMatrix(cols: 6, rowColumns: [[0, 1, 2], [3], [0, 4]]), scoredItemCount: 6)
        let result = try RankingEvaluator(metrics: [.ndcg(2)], batchSize: 2).evaluate(task) { _, _, scores in
            for i in 0..<scores.rows { for j in 0..<scores.cols { scores[i, j] = Float(j) } }
        }
        #expect(result.evaluatedRows == [0, 2])
        #expect(result.inputCounts == [3, 2] && result.targetCounts == [2, 1])
        #expect(result.historyLengths(.all) == [5, 3] && result.historyLengths(.input) == [3, 2])
    }
}
