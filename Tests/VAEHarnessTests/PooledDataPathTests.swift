import Foundation
import Testing
import VAEData
@testable import VAEHarness

/// `dataPath` (`dataset.path`) as an array of files pooled in order: how configurations and
/// specs read it (errors at the JSON path), expand variables in it, identify runs by it,
/// and load it (as the concatenated file).
@Suite("Pooled dataPath")
struct PooledDataPathTests {
    func decode(_ json: String) throws -> TrainingConfiguration {
        try TrainingConfiguration.decode(Data(json.utf8), file: "c.json")
    }

    func message(_ body: () throws -> Any) -> String {
        do { _ = try body(); return "no error" } catch { return "\(error)" }
    }

    func spec(path: String, format: String = "triples", extra: String = "") -> String {
        """
        {"name": "p", "dataset": {"path": \(path), "format": "\(format)", "ratingThreshold": ">=4", "heldOutUsers": 2},
         "base": {"model": "multvae"\(extra)}, "grid": {"anchorWeight": [0, 0.01]}, "seeds": [1]}
        """
    }

    @Test("A string or a non-empty array of strings; one path is written as a string, so its run identity is unchanged")
    func decoding() throws {
        let one = try decode(#"{"dataPath": "a.txt"}"#)
        let listed = try decode(#"{"dataPath": ["a.txt"]}"#)
        let three = try decode(#"{"dataPath": ["a.txt", "b.txt", "c.txt"]}"#)
        #expect(one.dataPath == "a.txt" && one.dataPath.single == "a.txt" && listed.dataPath == one.dataPath)
        #expect(three.dataPath.files == ["a.txt", "b.txt", "c.txt"] && three.dataPath.single == nil)
        #expect(try RunIdentity.runID(one) == RunIdentity.runID(listed))
        // Identity as before arrays existed: the canonical text holds the plain string.
        #expect(try RunIdentity.canonical(one, includingSeed: true).contains(#""dataPath":"a.txt""#))
        #expect(try RunIdentity.canonical(three, includingSeed: true).contains(#""dataPath":["a.txt","b.txt","c.txt"]"#))
        // The order of the files is part of the identity.
        let reordered = try decode(#"{"dataPath": ["b.txt", "a.txt", "c.txt"]}"#)
        #expect(try RunIdentity.runID(reordered) != RunIdentity.runID(three))
        // config.json round trip (the recorded reader, and Codable).
        let recorded = try TrainingConfiguration.decodeRecorded(try three.json())
        #expect(recorded.dataPath == three.dataPath)
        #expect(try JSONDecoder().decode(TrainingConfiguration.self, from: try three.json()).dataPath == three.dataPath)
        #expect(try JSONDecoder().decode(TrainingConfiguration.self, from: try one.json()).dataPath == "a.txt")
        #expect(TrainingConfiguration().dataPath.isEmpty)
    }

    @Test("Errors name the JSON path, the value found and what is allowed")
    func errors() {
        #expect(message { try decode(#"{"dataPath": 3}"#) }
                == "c.json: $.dataPath: found 3, expected a path, or a non-empty array of paths to files of one format (pooled in order)")
        #expect(message { try decode(#"{"dataPath": []}"#) }
                == "c.json: $.dataPath: found an array, expected a path, or a non-empty array of paths to files of one format (pooled in order)")
        #expect(message { try decode(#"{"dataPath": ["a.txt", 7]}"#) } == "c.json: $.dataPath[1]: found 7, expected a non-empty path string")
        #expect(message { try decode(#"{"dataPath": ["a.txt", ""]}"#) } == #"c.json: $.dataPath[1]: found "", expected a non-empty path string"#)
        // In a spec, at the spec's own path.
        func specError(_ text: String, environment: [String: String] = [:]) -> String {
            message { try GridExpansion.expand(try ExperimentSpec.parse(Data(text.utf8), file: "s.json"), environment: environment) }
        }
        #expect(specError(spec(path: #"["a.txt", false]"#)) == "s.json: $.dataset.path[1]: found false, expected a non-empty path string")
        #expect(specError(spec(path: #"["${D}/a.txt", "${NOPE}/b.txt"]"#), environment: ["D": "/d"])
                == "s.json: $.dataset.path[1]: found ${NOPE}, expected an environment variable that is set (NOPE is not)")
        #expect(specError(spec(path: #"["a", "b"]"#, format: "vaecf"))
                == "s.json: $.dataset.path: found 2 paths with dataFormat vaecf, expected one folder (a vae_cf split folder is read as it is; only files in a raw format are pooled)")
        // Under protocol given, dataPath is ignored, array or not.
        let given = #"{"name": "g", "dataset": {"protocol": "given", "format": "triples", "trainPath": "t", "testPath": "u", "path": ["a", "b"]}, "evaluation": {"selection": "lastEpoch"}, "seeds": [1]}"#
        #expect(specError(given).hasPrefix(#"s.json: $.dataset.path: found an array, expected no dataPath for protocol given"#), "\(specError(given))")
    }

    @Test("Variables are expanded in every file of the array; --dry-run keeps unset ones as written")
    func variables() throws {
        let s = try ExperimentSpec.parse(Data(spec(path: #"["${D}/train.txt", "${D}/valid.txt", "plain.txt"]"#).utf8), file: "s.json")
        let runs = try GridExpansion.expand(s, environment: ["D": "/data/epinions"])
        #expect(runs.count == 2)
        #expect(runs[0].configuration.dataPath.files == ["${D}/train.txt", "${D}/valid.txt", "plain.txt"])
        #expect(runs[0].execution.dataPath.files == ["/data/epinions/train.txt", "/data/epinions/valid.txt", "plain.txt"])
        // The identity is taken before expansion: another machine finds the same runs.
        let elsewhere = try GridExpansion.expand(s, environment: ["D": "/mnt/other"])
        #expect(elsewhere.map(\.runID) == runs.map(\.runID))
        let listed = try GridExpansion.expand(s, environment: [:], keepUnsetVariables: true)
        #expect(listed.map(\.runID) == runs.map(\.runID) && GridExpansion.unsetVariables(in: listed) == ["D"])
    }

    @Test("The loader pools the files: the same split as the concatenated file, and the expect check sees the pooled users")
    func loads() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 12 users with 6 ratings ≥ 4 each on items 0–9 (and one low rating), spread over three files.
        var lines: [[String]] = [[], [], []]
        for u in 0..<12 {
            for k in 0..<7 { lines[(u + k) % 3].append("u\(u) i\((u + 3 * k) % 10) \(k == 6 ? "2.00" : "4.00")") }
        }
        let parts = try lines.enumerated().map { i, l -> String in
            let url = dir.appendingPathComponent("part\(i).txt")
            try (l.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let all = dir.appendingPathComponent("all.txt")
        try (lines.map { $0.joined(separator: "\n") + "\n" }.joined()).write(to: all, atomically: true, encoding: .utf8)
        var c = TrainingConfiguration()
        c.dataFormat = "triples"
        c.ratingThreshold = ">=4"
        c.heldOutUsers = 2
        c.dataPath = DataPaths(parts)
        c.expect = ExpectedCounts(users: 12)
        let pooled = try DatasetLoader.strongGeneralization(c).split
        c.dataPath = DataPaths(all.path)
        let whole = try DatasetLoader.strongGeneralization(c).split
        #expect(pooled.train == whole.train && pooled.testFoldIn == whole.testFoldIn && pooled.testHeldOut == whole.testHeldOut)
        #expect(pooled.validationFoldIn == whole.validationFoldIn && pooled.validationHeldOut == whole.validationHeldOut)
        #expect(pooled.testUserIDs == whole.testUserIDs && pooled.itemIDs == whole.itemIDs && pooled.trainUserCount == 8)
        #expect(pooled.log.contains("pooled 3 files in order: 84 rows, 12 users, 10 items"))
        c.dataPath = DataPaths(parts)
        c.expect = ExpectedCounts(users: 13)
        #expect(message { try DatasetLoader.load(c) }.contains("users: expected 13, found 12 after the rating threshold and count filters"))
        // A missing file is named.
        c.dataPath = DataPaths(parts + [dir.appendingPathComponent("missing.txt").path])
        c.expect = nil
        #expect(message { try DatasetLoader.load(c) }.contains("missing.txt"))
    }
}
