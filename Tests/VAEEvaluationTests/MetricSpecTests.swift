import Testing
@testable import VAEEvaluation

@Suite struct MetricSpecTests {
    @Test(arguments: ["NDCG@100", "RecallCapped@20", "RecallFull@20", "Precision@10", "HitRate@10"])
    func roundTrip(_ name: String) throws {
        let spec = try MetricSpec(parsing: name)
        #expect(spec.description == name)
        #expect(MetricSpec(name) == spec)
    }

    @Test func parsesKindAndCutoff() throws {
        #expect(try MetricSpec(parsing: "NDCG@100") == .ndcg(100))
        #expect(try MetricSpec(parsing: "RecallCapped@20") == MetricSpec(.recallCapped, k: 20))
        #expect(try MetricSpec(parsing: "RecallFull@20") == .recallFull(20))
        #expect(try MetricSpec(parsing: "ndcg@5") == .ndcg(5))  // kind is case-insensitive
        #expect(MetricSpec.recallCapped(20) != MetricSpec.recallFull(20))
    }

    @Test(arguments: ["Recall@20", "NDCG", "NDCG@0", "NDCG@-1", "NDCG@x", "MAP@10", "NDCG@10@2", ""])
    func rejects(_ name: String) {
        #expect(MetricSpec(name) == nil)
        #expect(throws: MetricSpec.ParseError.self) { try MetricSpec(parsing: name) }
    }

    @Test func errorListsAllowedNames() {
        do {
            _ = try MetricSpec(parsing: "Recall@20")
            Issue.record("Recall@20 must not parse")
        } catch {
            let text = error.description
            #expect(text.contains("RecallCapped"))
            #expect(text.contains("RecallFull"))
            for kind in MetricKind.allCases { #expect(text.contains("\(kind.name)@K")) }
        }
    }
}
