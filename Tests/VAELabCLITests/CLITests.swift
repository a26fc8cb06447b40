import Foundation
import Testing
import VAELabCLI

@Suite("vaelab command line (golden outputs)")
struct CLITests {
    @Test("vaelab --help")
    func rootHelp() throws {
        let r = runCLI(["--help"])
        #expect(r.status == 0)
        try expectGolden(r.out, "root-help")
    }

    @Test("--help of every command", arguments: [["train"], ["data", "stats"], ["data", "split"]])
    func commandHelp(words: [String]) throws {
        let r = runCLI(words + ["--help"])
        #expect(r.status == 0)
        try expectGolden(r.out, words.joined(separator: "-") + "-help")
    }

    @Test("Usage errors: one line naming the argument, exit status 64")
    func usageErrors() throws {
        let cases: [([String], String)] = [
            ([], ""),
            (["fit"], "error: unknown command 'fit'. Commands: run, status, report, check, collect, bench, train, data stats, data split"),
            (["data"], "error: 'data' needs a subcommand: data stats, data split"),
            (["train", "--epoch", "3"], "error: unknown option '--epoch' for 'train'; see 'vaelab train --help'"),
            (["train", "--epochs", "ten"], "error: option '--epochs' expects an integer, got 'ten'"),
            (["train", "--epochs"], "error: option '--epochs' expects a value (n)"),
            (["train", "--data", "/no/such/file"], "error: no such dataset file or folder: /no/such/file"),
            (["train", "--epochs", "3"], "error: no dataset: give --data <path> (or dataPath in --config)"),
            (["train", "--model", "recvae", "--data", "/"], "error: option '--model' expects one of multvae, multdae, poisvae, bivae, dualvae, got 'recvae'"),
            (["train", "--directspec-form", "quartic", "--data", "/"], "error: option '--directspec-form' expects one of softmax, cubic, got 'quartic'"),
            (["train", "--model", "multdae", "--directspec-weight", "0.1", "--data", "/"],
             "error: DirectSpec: found 0.1 with model multdae, expected 0: DirectSpec applies to multvae, bivae, dualvae"),
            (["train", "--directspec-weight", "0.1", "--directspec-side", "items", "--data", "/"],
             "error: DirectSpec: found \"items\" with model multvae, expected users or both: Mult-VAE's DirectSpec acts on its latent means (it has no item posterior)"),
            (["data", "stats", "/", "--format", "csv"], "error: invalid option: unknown format \"csv\", expected one of ml100k, ml1m, ml20m, recbole, netflix, msd, uidiid-csv, lightgcn, citeulike, triples (or ml25m)"),
            (["data", "stats", "a", "b", "--format", "ml100k"], "error: 'data stats' takes exactly one path, got 2; see 'vaelab data stats --help'"),
        ]
        for (args, expected) in cases {
            let r = runCLI(args)
            #expect(r.status == 64, "\(args)")
            #expect(r.err == expected, "\(args)")
        }
    }

    @Test("A malformed data line is reported with file:line, and the command fails")
    func malformedData() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("u.data")
        try "1\t2\t5\t881250949\n1\tx\t4\n".write(to: file, atomically: true, encoding: .utf8)
        let r = runCLI(["data", "stats", file.path, "--format", "ml100k"])
        #expect(r.status == 1)
        #expect(r.err.hasPrefix("error: \(file.path):2:"), "\(r.err)")
    }

    @Test("data stats on a MovieLens-style file")
    func dataStats() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("u.data")
        try writeFixtureRatings(to: file)
        let r = runCLI(["data", "stats", file.path, "--format", "ml100k"])
        #expect(r.status == 0)
        try expectGolden(r.out.replacingOccurrences(of: dir.path, with: "<tmp>"), "data-stats")
    }

    @Test("train: two seeds of Mult-VAE, per-seed lines and the summary table")
    func train() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("u.data")
        try writeFixtureRatings(to: file)
        let args = ["train", "--data", file.path, "--format", "ml100k", "--held-out-users", "10",
                    "--hidden", "20", "--latent", "5", "--epochs", "15", "--batch-size", "16", "--lr", "0.01",
                    "--anneal-steps", "100", "--metrics", "NDCG@10,RecallCapped@5,RecallFull@5",
                    "--selection-metric", "NDCG@10", "--seeds", "1,2", "--quiet", "--output", dir.appendingPathComponent("out").path]
        let r = runCLI(args)
        #expect(r.status == 0, "\(r.err)")
        try expectGolden(maskTimings(r.out), "train-two-seeds", numericTolerance: 0.02)
        for f in ["summary.csv", "summary.txt", "seed-1/metrics.json", "seed-2/per_user.csv", "seed-2/train_log.csv"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/\(f)").path), "\(f)")
        }
    }

    @Test("data split writes the vae_cf layout, and training on it equals training on the raw file")
    func splitRoundTrip() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("u.data")
        try writeFixtureRatings(to: file)
        let split = dir.appendingPathComponent("split")
        let s = runCLI(["data", "split", "--data", file.path, "--format", "ml100k", "--held-out-users", "10", "--output", split.path])
        #expect(s.status == 0, "\(s.err)")
        #expect(s.out.hasSuffix("69 training, 10 validation, 10 test users, 30 items"))
        let common = ["--hidden", "8", "--latent", "3", "--epochs", "3", "--batch-size", "16", "--seed", "4", "--metrics", "NDCG@10"]
        let raw = runCLI(["train", "--data", file.path, "--format", "ml100k", "--held-out-users", "10", "--quiet"] + common)
        let fromSplit = runCLI(["train", "--data", split.path, "--format", "vaecf", "--quiet"] + common)
        #expect(raw.status == 0 && fromSplit.status == 0)
        #expect(maskTimings(raw.out) == maskTimings(fromSplit.out))
    }

    @Test("--data a,b,c pools the files in order: the split and the training of the concatenated file; bad lists are usage errors")
    func pooledData() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("u.data")
        try writeFixtureRatings(to: file)
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        let parts = (0..<3).map { dir.appendingPathComponent("part\($0).data") }
        for (i, part) in parts.enumerated() {
            let slice = lines[(i * lines.count / 3)..<((i + 1) * lines.count / 3)]
            try (slice.joined(separator: "\n") + "\n").write(to: part, atomically: true, encoding: .utf8)
        }
        let list = parts.map(\.path).joined(separator: ",")
        let pooled = runCLI(["data", "split", "--data", list, "--format", "ml100k", "--held-out-users", "10", "--output", dir.appendingPathComponent("p").path])
        let whole = runCLI(["data", "split", "--data", file.path, "--format", "ml100k", "--held-out-users", "10", "--output", dir.appendingPathComponent("w").path])
        #expect(pooled.status == 0 && whole.status == 0, "\(pooled.err)")
        #expect(pooled.err.contains("data: pooled 3 files in order: \(lines.count) rows"))
        for name in ["train.csv", "validation_tr.csv", "validation_te.csv", "test_tr.csv", "test_te.csv", "unique_sid.txt", "unique_uid.txt"] {
            #expect(try Data(contentsOf: dir.appendingPathComponent("p/\(name)")) == Data(contentsOf: dir.appendingPathComponent("w/\(name)")), "\(name)")
        }
        let common = ["--format", "ml100k", "--held-out-users", "10", "--hidden", "8", "--latent", "3", "--epochs", "2", "--batch-size", "16", "--metrics", "NDCG@10", "--quiet"]
        let a = runCLI(["train", "--data", list] + common), b = runCLI(["train", "--data", file.path] + common)
        #expect(a.status == 0 && maskTimings(a.out) == maskTimings(b.out))
        #expect(runCLI(["train", "--data", "\(parts[0].path),,\(parts[1].path)"] + common).err
                == "error: option '--data' has an empty path in '\(parts[0].path),,\(parts[1].path)'")
        #expect(runCLI(["train", "--data", "\(parts[0].path),\(dir.path)/nope"] + common).err == "error: no such dataset file or folder: \(dir.path)/nope")
        #expect(runCLI(["train", "--data", "\(dir.path),\(dir.path)", "--format", "vaecf", "--quiet"]).err
                == "error: --data: found 2 paths with dataFormat vaecf, expected one folder (a vae_cf split folder is read as it is; only files in a raw format are pooled)")
    }

    @Test("train: Mult-VAE on a given split (no rating threshold, last epoch); bestValidation without --validation is a usage error")
    func trainGivenMultVAE() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let train = dir.appendingPathComponent("train.csv"), test = dir.appendingPathComponent("test.csv")
        // Users 10, 11, 12 (13 has no test items: skipped); item 109 only in test.
        try "uid,iid\n10,100\n10,101\n11,101\n11,102\n12,102\n12,103\n13,100\n".write(to: train, atomically: true, encoding: .utf8)
        try "uid,iid\n10,102\n10,109\n11,103\n12,100\n".write(to: test, atomically: true, encoding: .utf8)
        let common = ["train", "--model", "multvae", "--protocol", "given", "--train", train.path, "--test", test.path,
                      "--format", "uidiid-csv", "--hidden", "8", "--latent", "3", "--epochs", "2", "--batch-size", "2",
                      "--metrics", "RecallFull@2,RecallFull@3", "--quiet"]
        let r = runCLI(common + ["--selection", "lastEpoch"])
        #expect(r.status == 0, "\(r.err)")
        // User 10: candidates 102, 103, then 109; T = {102, 109}. User 11: T = {103} among
        // 100, 103. User 12: T = {100} among 100, 101. Every value is fixed by the exclusions.
        #expect(maskTimings(r.out) == "seed 98765: test (3 users, epoch 2) RecallFull@2 0.83333 ± 0.13608  RecallFull@3 1.00000 ± 0.00000  [<masked> s/epoch]")
        let rejected = runCLI(common)
        #expect(rejected.status == 64)
        #expect(rejected.err == "error: model multvae on a given split without --validation has no validation data to select an epoch on: use '--selection lastEpoch' (or give --validation <path>)")
    }

    @Test("The vaelab executable exits non-zero with the error on standard error")
    func executable() throws {
        let binary = try vaelabExecutable()
        let p = Process()
        p.executableURL = binary
        p.arguments = ["train", "--epochs", "zero"]
        let err = Pipe()
        p.standardError = err
        p.standardOutput = Pipe()
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 64)
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text == "error: option '--epochs' expects an integer, got 'zero'\n")
    }
}
