import Foundation
import Testing
@testable import VAEData

/// Checks against the real datasets in `../shared/data` (disabled when they are absent).
@Suite(.enabled(if: SharedData.available, Comment(rawValue: SharedData.skipMessage)))
struct RealDataTests {
    @Test func checksumsMatchTheREADME() throws {
        #expect(try SHA256.hex(fileAt: SharedData.url("akindle/train.csv")) == "8bc92e79d148aeecb06ebeae13cae92ef9d6066edd7aa974647dbdeb9db559fb")
        #expect(try SHA256.hex(fileAt: SharedData.url("akindle/test.csv")) == "9636a0d69d59ffb6a2999ab5f1e610c60786c6d952e75d4d22d1a6825980968b")
        #expect(try SHA256.hex(fileAt: SharedData.url("epinions/valid.txt")) == "5fa19141b894221eadefd5fbdb6c0e020dd68317c49f39db8c8c0bba07018f03")
    }

    @Test func akindleCornacSplit() throws {
        let s = try GivenSplit.read(train: SharedData.url("akindle/train.csv"), test: SharedData.url("akindle/test.csv"), format: .uidIidCSV)
        #expect(s.userCount == 14_356 && s.knownUserCount == 14_356)
        #expect(s.knownItemCount == 15_740)
        #expect(s.itemCount == 15_885)
        #expect(s.train.nonzeroCount == 294_933)
        #expect(s.test.nonzeroCount == 72_544)
        var unknownRows = 0, onlyUnknown = 0
        for r in 0..<s.test.rows {
            let cols = s.test.columns(ofRow: r)
            let unknown = cols.filter { Int($0) >= s.knownItemCount }.count
            unknownRows += unknown
            if !cols.isEmpty && unknown == cols.count { onlyUnknown += 1 }
        }
        #expect(s.itemCount - s.knownItemCount == 145)
        #expect(unknownRows == 2_411)
        #expect(onlyUnknown == 14)
        #expect(s.unknownTestRows == 2_411 && s.usersWithOnlyUnknownTestItems == 14)
        #expect(s.log.contains { $0.contains("145 items not in train (2411 rows)") && $0.contains("14 users have only such items") })
        let dropped = try GivenSplit.read(train: SharedData.url("akindle/train.csv"), test: SharedData.url("akindle/test.csv"),
                                          format: .uidIidCSV, options: .init(dropUnknownItems: true))
        #expect(dropped.itemCount == 15_740 && dropped.test.nonzeroCount == 72_544 - 2_411)
    }

    @Test func gowallaLightGCNSplit() throws {
        let train = try InteractionReader.read(SharedData.url("gowalla/train.txt"), format: .lightgcn)
        let test = try InteractionReader.read(SharedData.url("gowalla/test.txt"), format: .lightgcn)
        #expect(train.count == 810_128 && test.count == 217_242)
        let s = try GivenSplit.make(train: train, validation: nil, test: test)
        #expect(s.userCount == 29_858 && s.itemCount == 40_981)
        #expect(s.knownItemCount == 40_981)  // every test item also occurs in train
    }

    @Test func epinionsTriplesWithThreshold() throws {
        let train = try InteractionReader.read(SharedData.url("epinions/train.txt"), format: .triples)
        #expect(train.count == 289_645)
        #expect(train.ratings!.filter { $0 >= 4 }.count == 210_967)
        let positives = try Preprocessing.apply(train, .init(threshold: .atLeast(4)))
        #expect(positives.count == 210_967)
        let s = try GivenSplit.read(train: SharedData.url("epinions/train.txt"), validation: SharedData.url("epinions/valid.txt"),
                                    test: SharedData.url("epinions/test.txt"), format: .triples, options: .init(threshold: .atLeast(4)))
        #expect(s.train.nonzeroCount == 210_967)
        #expect(s.validation != nil)
    }

    @Test func citeulikeUsersAndRatioSplit() throws {
        let t = try InteractionReader.read(SharedData.url("citeulike-a/users.dat"), format: .citeulike)
        #expect(t.userCount == 5_551 && t.count == 204_986)
        #expect(t.itemCount == 16_980)
        let stats = DatasetStatistics(t)
        #expect(stats.distinctPairs == 204_986)
        let s = try RatioSplit.make(from: try Preprocessing.apply(t, .init()), options: .init(testShare: 0.2, seed: 1))
        #expect(s.train.nonzeroCount + s.test.nonzeroCount == 204_986)
    }

    @Test func strongGeneralizationOnCiteULike() throws {
        let p = StrongGeneralizationProtocol(preprocessing: .init(minUserCount: 5), split: .init(heldOutUsers: 500))
        let s = try DataPipeline.strongGeneralization(path: SharedData.url("citeulike-a/users.dat"), format: .citeulike, protocol: p)
        #expect(s.trainUserCount + 1_000 == 5_551)
        #expect(s.validationFoldIn.rows == 500 && s.testHeldOut.rows == 500)
        #expect(s.counts.trainUsers == 4_551 && s.counts.testUsers == 500)
        #expect(s.train.cols == s.itemCount && s.validationHeldOut.cols == s.itemCount)
        // Every held-out user with ≥ 5 restricted events has floor(0.2 n) targets.
        for r in 0..<500 {
            let n = s.testFoldIn.rowCount(r) + s.testHeldOut.rowCount(r)
            #expect(s.testHeldOut.rowCount(r) == (n >= 5 ? Int(0.2 * Double(n)) : 0))
        }
    }
}
