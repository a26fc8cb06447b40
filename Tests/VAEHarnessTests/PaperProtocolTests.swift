import Foundation
import Testing
import VAEData
@testable import VAEHarness

/// Liang et al.'s protocol on small synthetic files in each raw format (ML-20M
/// `ratings.csv`, Netflix `training_set/`, MSD `train_triplets.txt`), through the loader
/// with the count assertion of `dataset.expect`; and the committed paper specs.
///
/// Each fixture has 10 users. Users 1–8 have 5 positives on items 1–5, users 1–5 one more on
/// item 6; user 9 has too few positives and user 10 too few above the threshold, so both
/// are filtered out, and item 7 (user 9's only) goes with them; item 8 has only ratings
/// below the threshold. With 2 validation and 2 test users, 4 users train; item 6 has 5
/// users, so at least one trains: 8 users, 6 items, whatever the permutation.
@Suite("Paper protocol on raw files, with published-count checks")
struct PaperProtocolTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("experiments")

    /// (user, item, high?) events; `high` above each format's threshold. Rows ordered by user, then item.
    static var events: [(user: Int, item: Int, rating: Rating)] {
        var out: [(Int, Int, Rating)] = []
        for u in 1...8 {
            for i in 1...5 { out.append((u, i, .high)) }
            if u <= 5 { out.append((u, 6, .high)) }
            out.append((u, 8, .low))
        }
        for i in [1, 2, 7] { out.append((9, i, .high)) }
        for i in 1...4 { out.append((10, i, .border)) }
        out.append((10, 5, .high))
        return out
    }

    enum Rating { case high, border, low }

    /// Writes the fixture in `format`; returns the path the configuration names.
    static func write(_ format: String, in dir: URL) throws -> String {
        switch format {
        case "ml20m":
            let value: [Rating: String] = [.high: "4.5", .border: "3.5", .low: "2.0"]
            let lines = ["userId,movieId,rating,timestamp"] + events.map { "\($0.user),\($0.item),\(value[$0.rating]!),1112486027" }
            let url = dir.appendingPathComponent("ratings.csv")
            try (lines.joined(separator: "\r\n") + "\r\n").write(to: url, atomically: true, encoding: .utf8)
            return url.path
        case "netflix":
            let value: [Rating: String] = [.high: "4", .border: "3", .low: "2"]
            let folder = dir.appendingPathComponent("training_set")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for movie in 1...8 {
                let rows = events.filter { $0.item == movie }.map { "\($0.user * 1000 + 7),\(value[$0.rating]!),2005-09-06" }
                let name = String(format: "mv_%07d.txt", movie)
                try (["\(movie):"] + rows).joined(separator: "\n").appending("\n")
                    .write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            return folder.path
        default:  // msd: every triplet a positive, so "low" rows are left out and "border" ones too.
            let lines = events.filter { $0.rating == .high }.map { String(format: "%040x\tSO%016d\t%d", $0.user, $0.item, $0.user % 3 + 1) }
            let url = dir.appendingPathComponent("train_triplets.txt")
            try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
    }

    /// Liang's preprocessing for `format`, scaled to the fixture (2 held-out users; MSD's
    /// count filters lowered to 2 listeners and 5 songs).
    static func configuration(_ format: String, path: String, expect: ExpectedCounts?) -> TrainingConfiguration {
        var c = TrainingConfiguration()
        c.dataPath = DataPaths(path)
        c.dataFormat = format
        c.heldOutUsers = 2
        c.expect = expect
        if format == "msd" {
            c.ratingThreshold = nil
            c.minItemCount = 2
            c.minUserCount = 5
        }
        return c
    }

    @Test("Each raw format through the protocol: 8 users, 6 items; the count check passes and logs", arguments: ["ml20m", "netflix", "msd"])
    func passes(format: String) throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.write(format, in: dir)
        let (dataset, log) = try DatasetLoader.load(Self.configuration(format, path: path, expect: ExpectedCounts(users: 8, items: 6)))
        let data = try dataset.foldInData(for: "multvae")
        #expect(data.train.rows == 4 && data.validation?.input.rows == 2 && data.test.input.rows == 2 && data.itemCount == 6)
        // Held-out users have 5 or 6 events: one held out each.
        #expect((0..<2).allSatisfy { data.test.targets.rowCount($0) == 1 && data.validation?.targets.rowCount($0) == 1 })
        #expect(log.last == "expect: 8 users, 6 items as expected")
    }

    @Test("A count that differs stops the load, naming expected and found", arguments: ["ml20m", "netflix", "msd"])
    func fails(format: String) throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.write(format, in: dir)
        func message(_ expect: ExpectedCounts) -> String {
            do { _ = try DatasetLoader.load(Self.configuration(format, path: path, expect: expect)); return "no error" } catch { return "\(error)" }
        }
        #expect(message(ExpectedCounts(users: 8, items: 7)) == "the prepared dataset does not have the counts of $.dataset.expect: items: expected 7, found 6 (the raw file, or the protocol settings, differ from the published preprocessing)")
        #expect(message(ExpectedCounts(users: 9)).hasPrefix("the prepared dataset does not have the counts of $.dataset.expect: users: expected 9, found 8 after the rating threshold and count filters"))
    }

    @Test("The committed paper specs state the published counts and protocol, and name their data by variable",
          arguments: [("ml20m", "VAELAB_ML20M", 136_677, 20_108, 10_000), ("netflix", "VAELAB_NETFLIX", 463_435, 17_769, 40_000),
                      ("msd", "VAELAB_MSD", 571_355, 41_140, 50_000)])
    func committed(dataset: String, variable: String, users: Int, items: Int, heldOut: Int) throws {
        for name in ["multvae-\(dataset)", "multvae-\(dataset)-anchors"] {
            let spec = try ExperimentSpec.load(Self.folder.appendingPathComponent("\(name).json").path)
            let runs = try GridExpansion.expand(spec, environment: [variable: "/nowhere"])
            let c = runs[0].configuration
            #expect(c.dataPath.single == "${\(variable)}" && runs[0].execution.dataPath.single == "/nowhere")
            #expect(c.expect == ExpectedCounts(users: users, items: items) && c.heldOutUsers == heldOut && c.splitSeed == 98765)
            #expect(c.dataFormat == dataset && c.model == .multvae && c.betaCap == 0.2 && c.annealSteps == 200_000 && c.batchSize == 500)
            if dataset == "msd" {
                #expect(c.ratingThreshold == nil && c.minItemCount == 200 && c.minUserCount == 20)
            } else {
                #expect(c.ratingThreshold == ">3.5" && c.minItemCount == 0 && c.minUserCount == 5)
            }
            // Without the variable the runs still list (for --dry-run), the variable left as written.
            let listed = try GridExpansion.expand(spec, environment: [:], keepUnsetVariables: true)
            #expect(listed.map(\.runID) == runs.map(\.runID) && GridExpansion.unsetVariables(in: listed) == [variable])
            #expect(throws: JSONValueError.self) { try GridExpansion.expand(spec, environment: [:]) }
        }
    }

    @Test("The ML-20M spec on a file that is not ML-20M fails at load with expected vs found")
    func committedSpecOnOtherData() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.write("ml20m", in: dir)
        let spec = try ExperimentSpec.load(Self.folder.appendingPathComponent("multvae-ml20m.json").path)
        let run = try GridExpansion.expand(spec, environment: ["VAELAB_ML20M": path])[0]
        do {
            _ = try DatasetLoader.load(run.execution)
            Issue.record("no error")
        } catch {
            #expect("\(error)".contains("users: expected 136677, found 8 after the rating threshold and count filters"), "\(error)")
        }
    }
}
