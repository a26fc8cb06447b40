import Testing
@testable import VAEEvaluation

@Suite struct StatisticsTests {
    // NDCG@5 of users A and B (protocols.md §4.1).
    @Test func workedExampleMeanAndSpread() {
        let a = 0.4144299
        let values = [a, 1.0]
        #expect(approx(Statistics.mean(values), 0.7072150))
        #expect(approx(Statistics.standardDeviation(values, ddof: 0), 0.2927850))
        #expect(approx(Statistics.standardError(values), 0.2070303))
        #expect(approx(Statistics.standardDeviation(values, ddof: 1), 0.4140606))
        let s = MetricSummary(values)
        #expect(s.count == 2)
        #expect(approx(s.mean, 0.7072150))
        #expect(approx(s.populationStd, 0.2927850))
        #expect(approx(s.standardError, 0.2070303))
    }

    @Test func handComputedSmallSample() {
        let xs: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]
        #expect(Statistics.mean(xs) == 5)
        #expect(Statistics.variance(xs, ddof: 0) == 4)
        #expect(Statistics.standardDeviation(xs, ddof: 0) == 2)
        #expect(approx(Statistics.variance(xs, ddof: 1), 32.0 / 7, 1e-12))
        #expect(approx(Statistics.standardError(xs), 2 / 8.0.squareRoot(), 1e-12))
    }

    @Test func degenerateSamples() {
        #expect(Statistics.mean([]).isNaN)
        #expect(Statistics.standardError([]).isNaN)
        #expect(Statistics.standardDeviation([3], ddof: 0) == 0)
        #expect(Statistics.standardDeviation([3], ddof: 1).isNaN)
    }
}
