import Foundation
import Testing
@testable import VAEEvaluation

@Suite struct MetricSpecCodingTests {
    @Test func encodesAsItsName() throws {
        let data = try JSONEncoder().encode([MetricSpec.ndcg(100), .recallFull(20)])
        #expect(String(decoding: data, as: UTF8.self) == #"["NDCG@100","RecallFull@20"]"#)
        #expect(try JSONDecoder().decode([MetricSpec].self, from: data) == [.ndcg(100), .recallFull(20)])
    }

    @Test func decodingRejectsAmbiguousRecall() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([MetricSpec].self, from: Data(#"["Recall@20"]"#.utf8))
        }
    }
}
