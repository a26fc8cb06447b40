import Foundation
import Testing
@testable import VAEData

@Suite struct DatasetStatisticsTests {
    @Test func countsSummariesAndHistogram() throws {
        let t = try readFixture("1 a 4.00\n1 b 3.00\n2 a 4.00\n3 a 5.00\n3 b 4.00\n3 c 1.00\n3 c 1.00\n", format: .triples)
        let s = DatasetStatistics(t)
        #expect(s.rows == 7 && s.users == 3 && s.items == 3 && s.distinctPairs == 6)
        #expect(abs(s.density - 6.0 / 9.0) < 1e-12)
        #expect(s.perUser.min == 1 && s.perUser.max == 4 && s.perUser.median == 2)
        #expect(abs(s.perUser.mean - 7.0 / 3.0) < 1e-12)
        #expect(s.perItem.median == 2)
        #expect(s.ratingHistogram?.map(\.count) == [2, 1, 3, 1])
        #expect(s.ratingHistogram?.map(\.rating) == [1, 3, 4, 5])
        #expect(s.description.contains("users:           3"))
        #expect(s.description.contains("1 repeated rows"))
    }

    @Test func evenMedianAndNoRatings() throws {
        let t = try readFixture("uid,iid\n0,1\n0,2\n1,1\n1,2\n1,3\n1,4\n", format: .uidIidCSV)
        let s = DatasetStatistics(t)
        #expect(s.perUser.median == 3)
        #expect(s.ratingHistogram == nil)
        #expect(s.description.contains("none"))
    }
}
