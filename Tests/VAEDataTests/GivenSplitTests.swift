import Foundation
import Testing
@testable import VAEData

@Suite struct GivenSplitTests {
    func files(_ f: Fixtures) throws -> (URL, URL, URL) {
        let train = try f.write("train.csv", "uid,iid\n0,5\n1,6\n0,5\n0,6\n")
        let validation = try f.write("valid.csv", "uid,iid\n1,5\n1,8\n")
        let test = try f.write("test.csv", "uid,iid\n1,7\n0,9\n0,5\n2,5\n")
        return (train, validation, test)
    }

    @Test func cornacIndexingKeepsUnknownItemsAfterKnownOnes() throws {
        let f = try Fixtures()
        defer { f.remove() }
        let (train, _, test) = try files(f)
        let s = try GivenSplit.read(train: train, test: test, format: .uidIidCSV)
        #expect(s.userIDs == ["0", "1", "2"])
        #expect(s.itemIDs == ["5", "6", "7", "9"])
        #expect(s.knownItemCount == 2 && s.itemCount == 4 && s.knownUserCount == 2)
        #expect(s.train.rows == 3 && s.train.cols == 2 && s.train.nonzeroCount == 3)
        #expect(s.test.cols == 4)
        #expect(columns(s.test, 0) == [0, 3])   // items 5 and 9
        #expect(columns(s.test, 1) == [2])      // item 7, unknown
        #expect(s.log.contains { $0.contains("train: 3 pairs over 2 users; dropped 1 duplicate pairs") })
        #expect(s.log.contains { $0.contains("2 items not in train (2 rows)") && $0.contains("1 users have only such items") })
        #expect(s.log.contains { $0.contains("1 users not in train") })
        #expect(s.log.contains { $0.contains("1 pairs also in train") })
    }

    /// Cornac builds train, then test, then validation on the shared id maps.
    @Test func validationIsIndexedAfterTestLikeCornacOrBeforeOnRequest() throws {
        let f = try Fixtures()
        defer { f.remove() }
        let (train, validation, test) = try files(f)
        let s = try GivenSplit.read(train: train, validation: validation, test: test, format: .uidIidCSV)
        #expect(s.itemIDs == ["5", "6", "7", "9", "8"])
        #expect(s.validation?.cols == 5 && s.validation.map { columns($0, 1) } == [0, 4])
        let v = try GivenSplit.read(train: train, validation: validation, test: test, format: .uidIidCSV,
                                    options: .init(indexingOrder: .trainValidationTest))
        #expect(v.itemIDs == ["5", "6", "8", "7", "9"])
        #expect(v.validation.map { columns($0, 1) } == [0, 2])
        #expect(v.test.cols == 5 && columns(v.test, 1) == [3])
    }

    @Test func dropUnknownItemsOption() throws {
        let f = try Fixtures()
        defer { f.remove() }
        let (train, _, test) = try files(f)
        let s = try GivenSplit.read(train: train, test: test, format: .uidIidCSV, options: .init(dropUnknownItems: true))
        #expect(s.itemCount == 2 && s.knownItemCount == 2)
        #expect(s.test.nonzeroCount == 2)
        #expect(s.log.contains { $0.contains("dropped 2 rows on 2 items not in train") })
    }

    @Test func thresholdAppliesToEveryFile() throws {
        let f = try Fixtures()
        defer { f.remove() }
        let train = try f.write("train.txt", "1 a 5.00\n1 b 2.00\n2 a 4.00\n")
        let test = try f.write("test.txt", "1 c 4.00\n2 b 3.00\n")
        let s = try GivenSplit.read(train: train, test: test, format: .triples, options: .init(threshold: .atLeast(4)))
        #expect(s.itemIDs == ["a", "c"] && s.knownItemCount == 1)
        #expect(s.test.nonzeroCount == 1)
    }

    @Test func ratioSplitIsPerUserSeededAndDeterministic() throws {
        let text = (0..<30).map { u in "\(10 + u % 8) " + (0..<(10 + u % 7)).map { String(($0 * 7 + u) % 40) }.joined(separator: " ") }
        let lines = text.enumerated().map { "\($0.offset) " + $0.element.split(separator: " ").dropFirst().joined(separator: " ") }
        let f = try Fixtures()
        defer { f.remove() }
        let url = try f.write("lines.txt", lines.joined(separator: "\n"))
        let table = try Preprocessing.apply(try InteractionReader.read(url, format: .lightgcn), .init())
        let a = try RatioSplit.make(from: table, options: .init(testShare: 0.2, seed: 7))
        let b = try RatioSplit.make(from: table, options: .init(testShare: 0.2, seed: 7))
        let c = try RatioSplit.make(from: table, options: .init(testShare: 0.2, seed: 8))
        #expect(a == b)
        #expect(a.test != c.test)
        let (offsets, _) = table.rowsByUser()
        for u in 0..<table.userCount {
            let n = offsets[u + 1] - offsets[u]
            let r = a.userIDs.firstIndex(of: table.userIDs[u])!
            #expect(a.test.rowCount(r) == Int(0.2 * Double(n)))
            #expect(a.train.rowCount(r) + a.test.rowCount(r) == n)
        }
        let v = try RatioSplit.make(from: table, options: .init(testShare: 0.2, validationShare: 0.1, seed: 7))
        #expect(v.validation != nil)
        #expect(v.train.nonzeroCount + v.validation!.nonzeroCount + v.test.nonzeroCount == table.count)
    }
}
