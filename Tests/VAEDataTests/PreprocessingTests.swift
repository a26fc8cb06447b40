import Foundation
import Testing
@testable import VAEData

@Suite struct PreprocessingTests {
    @Test func thresholdGreaterThanVersusAtLeast() throws {
        let t = try readFixture("1 a 3.5\n1 b 4.0\n2 a 5\n2 c 3\n", format: .triples)
        let gt = try Preprocessing.apply(t, .init(threshold: .greaterThan(3.5)))
        #expect(gt.count == 2 && gt.ratings == nil)
        let ge = try Preprocessing.apply(t, .init(threshold: .atLeast(3.5)))
        #expect(ge.count == 3)
        #expect(gt.log.contains { $0.contains("kept 2 of 4 rows, dropped 2") })
        #expect(try RatingThreshold(parsing: ">3.5") == .greaterThan(3.5))
        #expect(try RatingThreshold(parsing: ">=4") == .atLeast(4))
    }

    /// Items first, then users, once: user 3 loses item z (count 1 < 2) and then has 1 event;
    /// after users are removed item y has one event left, which the single pass keeps and
    /// the k-core removes.
    @Test func singlePassOrderDiffersFromKCore() throws {
        let text = """
        1 x 5
        1 y 5
        2 x 5
        2 y 5
        3 y 5
        3 z 5
        4 x 5
        4 w 5
        4 w2 5
        """
        let t = try readFixture(text, format: .triples)
        let once = try Preprocessing.apply(t, .init(minItemCount: 2, minUserCount: 2))
        // items: x3 y3 z1 w1 w2:1 -> drop z, w, w2; users: 1(2) 2(2) 3(1) 4(1) -> drop 3, 4.
        #expect(once.userIDs == ["1", "2"])
        #expect(once.itemIDs == ["x", "y"])
        #expect(once.count == 4)
        #expect(once.log.contains { $0.contains("min item count 2: dropped 3 items and 3 rows") })
        #expect(once.log.contains { $0.contains("min user count 2: dropped 2 users and 2 rows") })

        let chain = "1 a 1\n1 b 1\n2 b 1\n2 c 1\n3 c 1\n"
        let c = try readFixture(chain, format: .triples)
        let single = try Preprocessing.apply(c, .init(minItemCount: 2, minUserCount: 2))
        #expect(single.count == 2)   // only b (2 events) survives items; then user 1 and 2 have 1 each... see below
        let core = try? Preprocessing.apply(c, .init(minItemCount: 2, minUserCount: 2, filterOrder: .iterativeCore))
        #expect(core == nil)  // the 2-core of a path is empty
    }

    @Test func duplicatesAreDroppedAndCountedOrRejected() throws {
        let t = try readFixture("1 a 5\n1 b 5\n1 a 4\n", format: .triples)
        let kept = try Preprocessing.apply(t, .init())
        #expect(kept.count == 2)
        #expect(kept.log.contains { $0.contains("dropped 1 repeated") })
        let e = dataError { _ = try Preprocessing.apply(t, .init(duplicates: .fail)) }
        guard case let .duplicatePair(_, line, user, item, firstLine) = e else { Issue.record("expected duplicatePair"); return }
        #expect(line == 3 && user == "1" && item == "a" && firstLine == 1)
    }

    @Test func emptyAfterFilteringIsAnError() throws {
        let t = try readFixture("1 a 1\n2 b 2\n", format: .triples)
        let e = dataError { _ = try Preprocessing.apply(t, .init(threshold: .greaterThan(3.5))) }
        guard case .emptyDataset = e else { Issue.record("expected emptyDataset"); return }
        let noRatings = try readFixture("uid,iid\n0,1\n", format: .uidIidCSV)
        #expect(dataError { _ = try Preprocessing.apply(noRatings, .init(threshold: .atLeast(4))) } != nil)
    }
}
