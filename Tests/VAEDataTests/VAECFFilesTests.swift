import Foundation
import Testing
@testable import VAEData

@Suite struct VAECFFilesTests {
    func split() throws -> StrongGeneralizationSplit {
        var lines: [String] = []
        for u in 0..<30 { for i in 0..<(6 + u % 9) { lines.append("u\(u) s\((i * 3 + u) % 25) 5") } }
        let t = try Preprocessing.apply(try readFixture(lines.joined(separator: "\n"), format: .triples), .init())
        return try StrongGeneralizationSplit.make(from: t, options: .init(heldOutUsers: 5))
    }

    @Test func roundTripWithUserList() throws {
        let s = try split()
        let f = try Fixtures()
        defer { f.remove() }
        try VAECFFiles.write(s, to: f.directory)
        let header = try String(contentsOf: f.directory.appendingPathComponent("validation_te.csv"), encoding: .utf8).split(separator: "\n")
        #expect(header.first == "uid,sid")
        // Validation uids start right after the training users.
        #expect(header.dropFirst().allSatisfy { Int($0.split(separator: ",")[0])! >= s.trainUserCount })
        var back = try VAECFFiles.read(from: f.directory)
        back.log = s.log
        #expect(back == s)
    }

    @Test func roundTripWithoutUserListFollowsTheNotebookLoader() throws {
        let s = try split()
        let f = try Fixtures()
        defer { f.remove() }
        try VAECFFiles.write(s, to: f.directory)
        try FileManager.default.removeItem(at: f.directory.appendingPathComponent("unique_uid.txt"))
        let back = try VAECFFiles.read(from: f.directory)
        #expect(back.train == s.train)
        #expect(back.itemIDs == s.itemIDs)
        #expect(back.trainUserIDs == (0..<s.trainUserCount).map(String.init))
        // All held-out users here have fold-in events, so the min…max ranges are the full blocks.
        #expect(back.validationFoldIn == s.validationFoldIn && back.testHeldOut == s.testHeldOut)
    }

    @Test func outOfRangeSidIsReported() throws {
        let s = try split()
        let f = try Fixtures()
        defer { f.remove() }
        try VAECFFiles.write(s, to: f.directory)
        try f.write("test_te.csv", "uid,sid\n\(s.trainUserCount + 5),\(s.itemCount)\n")
        let e = dataError { _ = try VAECFFiles.read(from: f.directory) }
        guard case let .idOutOfRange(file, 2, _, _) = e else { Issue.record("expected idOutOfRange, got \(String(describing: e))"); return }
        #expect(file.hasSuffix("test_te.csv"))
    }
}
