import Foundation
import Testing
@testable import VAELabCLI
import VAEHarness

/// `vaelab bench`'s option handling and peer-result reading (nothing timed).
@Suite("vaelab bench (options, peer results)")
struct BenchCommandTests {
    @Test("Unknown parts of --only are a usage error naming the parts")
    func unknownPart() {
        let r = runCLI(["bench", "--only", "floor,gpu"])
        #expect(r.status == 64)
        #expect(r.err == "error: option '--only' names unknown part 'gpu'; parts are floor, multvae, eval, spectrum, bivae, peers, grid, msd")
    }

    @Test("Missing data is a usage error that says how to make it")
    func missingData() {
        let r = runCLI(["bench", "--data", "/no/such/ml20m_synth", "--only", "floor"])
        #expect(r.status == 64)
        #expect(r.err.contains("no /no/such/ml20m_synth.indptr.i64: run PEER_DATA=/no/such python3 ../shared/peers/make_data.py"))
    }

    @Test("The default JSON path never replaces an earlier report of the same day")
    func unusedPath() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(BenchCommand.unusedPath(folder: folder, stem: "2026-11-24") == "\(folder)/2026-11-24.json")
        FileManager.default.createFile(atPath: "\(folder)/2026-11-24.json", contents: Data("{}".utf8))
        #expect(BenchCommand.unusedPath(folder: folder, stem: "2026-11-24") == "\(folder)/2026-11-24-2.json")
        FileManager.default.createFile(atPath: "\(folder)/2026-11-24-2.json", contents: Data("{}".utf8))
        #expect(BenchCommand.unusedPath(folder: folder, stem: "2026-11-24") == "\(folder)/2026-11-24-3.json")
    }

    @Test("Parts: the default set, --only, and the flags that add peers, grid and msd")
    func parts() throws {
        let plain = try BenchCommand(try ParsedArguments(["--data", "x"], options: BenchCommand.options, command: "bench"))
        #expect(plain.parts == BenchCommand.defaultParts && plain.needsData)
        let only = try BenchCommand(try ParsedArguments(["--only", "spectrum", "--msd-rss", "--grid"], options: BenchCommand.options, command: "bench"))
        #expect(only.parts == ["spectrum", "msd", "grid"] && !only.needsData)
        let peers = try BenchCommand(try ParsedArguments(["--only", "bivae", "--peers"], options: BenchCommand.options, command: "bench"))
        #expect(peers.parts == ["bivae", "peers"] && peers.needsData)
    }

    @Test("Peer JSON: the measured epoch for a full epoch, else the extrapolated one; versions from info")
    func peerResult() {
        let peer = PeerBenchmarks.Peer(key: "numpy", label: "NumPy", script: "s", arguments: [], modules: [], pipInstall: nil)
        let extrapolated: [String: Any] = ["full_epoch": false, "epoch_s_measured": NSNull(), "epoch_s_from_median_batch": 95.5,
                                           "batch_ms": ["median": 409.2], "threads": 2, "info": ["numpy": "2.4.6", "blas": "0.3.30"]]
        let r = PeerBenchmarks.result(peer, extrapolated, threads: 1)
        #expect(r.epochSeconds == 95.5 && r.batchMillisecondsMedian == 409.2 && r.threads == 2 && !r.fullEpoch)
        #expect(r.version == "blas 0.3.30, numpy 2.4.6" && r.skipped == nil)
        let full: [String: Any] = ["full_epoch": true, "epoch_s_measured": 97.0, "epoch_s_from_median_batch": 95.5]
        #expect(PeerBenchmarks.result(peer, full, threads: 2).epochSeconds == 97.0)
    }
}
