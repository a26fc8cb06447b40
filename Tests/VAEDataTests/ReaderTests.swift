import Foundation
import Testing
@testable import VAEData

@Suite struct ReaderTests {
    @Test func ml100kTabSeparatedWithRatingsInFileOrder() throws {
        let t = try readFixture("196\t242\t3\t881250949\n186\t302\t3\t891717742\n196\t377\t1\t878887116\n", format: .ml100k)
        #expect(t.count == 3)
        #expect(t.userIDs == ["196", "186"])
        #expect(t.itemIDs == ["242", "302", "377"])
        #expect(t.users == [0, 1, 0])
        #expect(t.items == [0, 1, 2])
        #expect(t.ratings == [3, 3, 1])
        #expect(t.lineNumbers == [1, 2, 3])
    }

    @Test func ml1mDoubleColonWithCRLFAndTrailingEmptyLine() throws {
        let t = try readFixture("1::1193::5::978300760\r\n1::661::3::978302109\r\n2::1193::4::978298413\r\n\r\n", format: .ml1m)
        #expect(t.count == 3)
        #expect(t.userIDs == ["1", "2"])
        #expect(t.itemIDs == ["1193", "661"])
        #expect(t.ratings == [5, 3, 4])
    }

    @Test func crlfByteOrderMarkAndNoFinalNewline() throws {
        let t = try readFixture("\u{FEFF}userId,movieId,rating,timestamp\r\n1,2,3.5,1\r\n3,2,4.0,1", format: .ml20m)
        #expect(t.count == 2 && t.userIDs == ["1", "3"] && t.ratings == [3.5, 4.0])
        let g = try readFixture("0 1 2\r\n1 2\r\n\r\n\r\n", format: .lightgcn)
        #expect(g.count == 3 && g.itemIDs == ["1", "2"])
    }

    @Test func ml20mHeaderColumnsFoundByName() throws {
        let t = try readFixture("userId,movieId,rating,timestamp\n1,2,3.5,1112486027\n1,29,4.0,1112484676\n", format: .ml20m)
        #expect(t.count == 2)
        #expect(t.ratings == [3.5, 4.0])
        #expect(t.lineNumbers == [2, 3])
        let e = dataError { _ = try readFixture("user,movie,rating,timestamp\n1,2,3.5,1\n", format: .ml20m) }
        guard case .badHeader = e else { Issue.record("expected badHeader, got \(String(describing: e))"); return }
    }

    @Test func recboleTypedHeaderWithAndWithoutRating() throws {
        let t = try readFixture("user_id:token\titem_id:token\trating:float\ttimestamp:float\n196\t242\t3\t881250949\n186\t302\t3\t891717742\n",
                                format: .recbole, name: "ml-100k.inter")
        #expect(t.count == 2 && t.ratings == [3, 3] && t.itemIDs == ["242", "302"])
        let u = try readFixture("item_id:token\tuser_id:token\nA\tx\nB\ty\n", format: .recbole, name: "x.inter")
        #expect(u.ratings == nil)
        #expect(u.userIDs == ["x", "y"] && u.itemIDs == ["A", "B"])
    }

    @Test func netflixDirectoryInSortedNameOrderAndSingleFile() throws {
        let f = try Fixtures()
        defer { f.remove() }
        try f.write("training_set/mv_0000002.txt", "2:\n30878,4,2005-12-26\n")
        try f.write("training_set/mv_0000001.txt", "1:\n1488844,3,2005-09-06\n822109,5,2005-05-13\n")
        try f.write("training_set/README", "not a movie file\n")
        let t = try InteractionReader.read(f.directory.appendingPathComponent("training_set"), format: .netflix)
        #expect(t.count == 3)
        #expect(t.itemIDs == ["1", "2"])
        #expect(t.userIDs == ["1488844", "822109", "30878"])
        #expect(t.ratings == [3, 5, 4])
        #expect(t.location(ofRow: 2).hasSuffix("mv_0000002.txt:2"))
        let single = try InteractionReader.read(f.directory.appendingPathComponent("training_set/mv_0000001.txt"), format: .netflix)
        #expect(single.count == 2)
        let e = dataError { _ = try readFixture("30878,4,2005-12-26\n", format: .netflix) }
        guard case .malformedLine(_, 1, _, _) = e else { Issue.record("expected malformedLine at 1, got \(String(describing: e))"); return }
    }

    @Test func msdTripletsKeepPlayCounts() throws {
        let t = try readFixture("b80344d063b5ccb3212f76538f3d9e43d87dca9e\tSOAKIMP12A8C130995\t1\nb80344d063b5ccb3212f76538f3d9e43d87dca9e\tSOAPDEY12A81C210A9\t2\n", format: .msd)
        #expect(t.count == 2 && t.userCount == 1 && t.ratings == [1, 2])
        let e = dataError { _ = try readFixture("u\ts\t0\n", format: .msd) }
        #expect(e?.description.contains(":1:") == true)
    }

    @Test func uidIidCSVRequiresHeaderAndIntegers() throws {
        let t = try readFixture("uid,iid\n0,8867\n0,8868\n1,5\n", format: .uidIidCSV, name: "train.csv")
        #expect(t.count == 3 && t.ratings == nil && t.userIDs == ["0", "1"])
        let noHeader = dataError { _ = try readFixture("0,1\n", format: .uidIidCSV) }
        guard case .badHeader = noHeader else { Issue.record("expected badHeader"); return }
        let negative = dataError { _ = try readFixture("uid,iid\n0,1\n-3,2\n", format: .uidIidCSV) }
        guard case .idOutOfRange(_, 3, "-3", _) = negative else { Issue.record("expected idOutOfRange at line 3, got \(String(describing: negative))"); return }
    }

    @Test func lightgcnAnyWhitespaceAndUserWithoutItems() throws {
        let t = try readFixture("0 1 2  3\n1\t4\n2\n3 1\n", format: .lightgcn)
        #expect(t.count == 5)
        #expect(t.userIDs == ["0", "1", "3"])
        #expect(t.items == [0, 1, 2, 3, 0])
        #expect(t.lineNumbers == [1, 1, 1, 2, 4])
        #expect(t.log.contains { $0.contains("1 lines list a user with no items") })
    }

    @Test func citeulikeCountIsCheckedAndUserIsLineNumber() throws {
        let t = try readFixture("2 10 11\n1 11\n3 5 6 7\n", format: .citeulike, name: "users.dat")
        #expect(t.userIDs == ["0", "1", "2"])
        #expect(t.count == 6)
        let e = dataError { _ = try readFixture("2 10 11\n3 5 6\n", format: .citeulike, name: "users.dat") }
        guard case let .malformedLine(file, 2, text, expected) = e else { Issue.record("expected malformedLine at 2, got \(String(describing: e))"); return }
        #expect(file.hasSuffix("users.dat") && text == "3 5 6" && expected.contains("3 items"))
    }

    @Test func triplesWithDecimalRatings() throws {
        let t = try readFixture("3794 1781 1.00\n12867 5718 4.00\n", format: .triples)
        #expect(t.ratings == [1, 4])
        let e = dataError { _ = try readFixture("1 2 4.00\n1 2 four\n", format: .triples) }
        #expect(e?.description.contains("data.txt:2: found \"1 2 four\"") == true)
    }

    @Test func malformedLinesNameFileLineTextAndExpectation() throws {
        let e = dataError { _ = try readFixture("1\t2\t3\t4\n1\t2\t3\n", format: .ml100k) }
        guard case let .malformedLine(file, line, text, expected) = e else { Issue.record("expected malformedLine"); return }
        #expect(file.hasSuffix("data.txt"))
        #expect(line == 2 && text == "1\t2\t3")
        #expect(expected.contains("4 fields"))
        let blank = dataError { _ = try readFixture("1\t2\t3\t4\n\n1\t2\t3\t4\n", format: .ml100k) }
        guard case .malformedLine(_, 2, _, _) = blank else { Issue.record("expected blank line 2 rejected"); return }
    }

    @Test func emptyFileAndMissingFileAreErrors() throws {
        let empty = dataError { _ = try readFixture("\n", format: .triples) }
        guard case .emptyDataset = empty else { Issue.record("expected emptyDataset, got \(String(describing: empty))"); return }
        let missing = dataError { _ = try InteractionReader.read("/nonexistent/vaelab/file.txt", format: .triples) }
        guard case .unreadable = missing else { Issue.record("expected unreadable"); return }
    }

    @Test func formatNamesParseForTheCLI() throws {
        #expect(try DataFormat(name: "uidiid-csv") == .uidIidCSV)
        #expect(try DataFormat(name: "ML25M") == .ml20m)
        #expect(dataError { _ = try DataFormat(name: "parquet") }?.description.contains("lightgcn") == true)
    }

    @Test func decimalParsingIsExact() {
        func parse(_ s: String) -> Double? { Array(s.utf8).withUnsafeBufferPointer { ByteNumber.decimal($0) } }
        #expect(parse("4.00") == 4)
        #expect(parse("3.5") == 3.5)
        #expect(parse("0.1") == 0.1)
        #expect(parse("-2") == -2)
        #expect(parse("1e3") == 1000)
        #expect(parse("abc") == nil)
        #expect(parse("") == nil)
    }

    @Test func internerKeepsFirstAppearanceOrderAcrossGrowth() {
        var interner = IDInterner()
        for k in 0..<5000 { _ = interner.intern("id\(k)") }
        for k in stride(from: 4999, through: 0, by: -7) { #expect(interner.intern("id\(k)") == Int32(k)) }
        #expect(interner.count == 5000)
        #expect(interner.lookup("id5000") == nil)
        #expect(interner.ids[1234] == "id1234")
    }
}
