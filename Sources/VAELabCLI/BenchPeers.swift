import Foundation
import VAEHarness

/// Runs the peer implementations of `../shared/peers` (NumPy dense and with a sparse first
/// layer, TensorFlow) and VAELab's own PyTorch eager port (`scripts/peers/vae_torch.py`) on
/// the same matrix with the same threads and batches (`--batches N --warmup W --threads T`,
/// or `--batches 0` for a full epoch), each in its own `$PEER_RESULTS` folder, and reads
/// their JSON results. Missing Python packages are installed on demand with pip; a failed
/// install or run is reported as a skipped peer and the others go on.
struct PeerBenchmarks {
    var peerDirectory: String
    var torchScript: String
    /// The folder holding `ml20m_synth.npz` (`$PEER_DATA`).
    var dataDirectory: String
    var threads: Int
    var batches: Int
    var warmup: Int
    var fullEpoch: Bool
    var python = "python3"

    struct Peer {
        var key: String
        var label: String
        var script: String
        var arguments: [String]
        /// Modules the script imports (checked with `python3 -c 'import …'`).
        var modules: [String]
        /// The `pip install` arguments that provide them, or nil to look for a local wheel.
        var pipInstall: [String]?
    }

    var peers: [Peer] {
        [
            Peer(key: "numpy", label: "NumPy, dense", script: peerDirectory + "/vae_numpy.py", arguments: [],
                 modules: ["numpy", "scipy"], pipInstall: ["numpy", "scipy"]),
            Peer(key: "numpy-sparse", label: "NumPy, sparse first layer", script: peerDirectory + "/vae_numpy.py", arguments: ["--sparse-input"],
                 modules: ["numpy", "scipy"], pipInstall: ["numpy", "scipy"]),
            Peer(key: "tensorflow", label: "TensorFlow 2 CPU, dense", script: peerDirectory + "/vae_tf.py", arguments: [],
                 modules: ["numpy", "scipy", "tensorflow"], pipInstall: ["tensorflow-cpu"]),
            Peer(key: "pytorch", label: "PyTorch eager, dense", script: torchScript, arguments: [],
                 modules: ["numpy", "scipy", "torch"], pipInstall: nil),
        ]
    }

    func run(log: (String) -> Void) -> [PeerResult] {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vaelab-bench-peers-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        var installFailed: [String: String] = [:]
        return peers.map { peer in
            func skipped(_ why: String) -> PeerResult {
                log("peer \(peer.key): skipped — \(why)")
                return PeerResult(key: peer.key, label: peer.label, epochSeconds: nil, batchMillisecondsMedian: nil, threads: threads,
                                  fullEpoch: fullEpoch, version: nil, skipped: why)
            }
            guard FileManager.default.fileExists(atPath: peer.script) else { return skipped("no \(peer.script)") }
            if let why = ensure(peer, log: log, failed: &installFailed) { return skipped(why) }
            let results = root.appendingPathComponent(peer.key)
            try? FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)
            let args = [python, peer.script] + peer.arguments
                + ["--batches", String(fullEpoch ? 0 : batches), "--warmup", String(warmup), "--threads", String(threads)]
            log("peer \(peer.key): " + args.joined(separator: " "))
            let environment = ["PEER_DATA": dataDirectory, "PEER_RESULTS": results.path,
                               "PYTHONPATH": peerDirectory, "OPENBLAS_NUM_THREADS": String(threads),
                               "OMP_NUM_THREADS": String(threads), "MKL_NUM_THREADS": String(threads)]
            guard let outcome = try? BenchProcess.run(args, environment: environment) else { return skipped("could not start \(python)") }
            guard outcome.status == 0 else { return skipped("exit \(outcome.status): " + BenchProcess.tail(outcome.output, 3)) }
            guard let file = (try? FileManager.default.contentsOfDirectory(at: results, includingPropertiesForKeys: nil))?
                    .first(where: { $0.pathExtension == "json" }),
                  let data = try? Data(contentsOf: file),
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                return skipped("no JSON result in \(results.path)")
            }
            let r = PeerBenchmarks.result(peer, object, threads: threads)
            log(String(format: "peer %@: %.2f s/epoch", peer.key, r.epochSeconds ?? .nan))
            return r
        }
    }

    /// A peer's result from its `common.py` JSON: the measured epoch when it ran one, else
    /// the median batch extrapolated (`epoch_s_from_median_batch`).
    static func result(_ peer: Peer, _ o: [String: Any], threads: Int) -> PeerResult {
        let full = o["full_epoch"] as? Bool ?? false
        let epoch = (full ? o["epoch_s_measured"] as? Double : nil) ?? o["epoch_s_from_median_batch"] as? Double
        let batch = (o["batch_ms"] as? [String: Any])?["median"] as? Double
        let info = o["info"] as? [String: Any] ?? [:]
        let version = info.keys.sorted().compactMap { k in (info[k] as? String).map { "\(k) \($0)" } }.joined(separator: ", ")
        return PeerResult(key: peer.key, label: peer.label, epochSeconds: epoch, batchMillisecondsMedian: batch,
                          threads: o["threads"] as? Int ?? threads, fullEpoch: full, version: version.isEmpty ? nil : version, skipped: nil)
    }

    /// Makes `peer`'s modules importable; returns why not, or nil.
    func ensure(_ peer: Peer, log: (String) -> Void, failed: inout [String: String]) -> String? {
        if imports(peer.modules) { return nil }
        let key = (peer.pipInstall ?? ["<wheel>"]).joined(separator: " ")
        if let why = failed[key] { return why }
        var install: [String]
        if let packages = peer.pipInstall {
            install = packages
        } else if let wheel = localTorchWheel() {
            install = [wheel]
        } else {
            let why = "torch is not installed and no CPU-only wheel was found (set VAELAB_TORCH_WHEEL, or a pip find-links folder with a torch-*+cpu wheel); PyPI's Linux torch pulls the CUDA packages (several GB)"
            failed[key] = why
            return why
        }
        log("peer \(peer.key): installing " + install.joined(separator: " ") + " with pip")
        let outcome = try? BenchProcess.run([python, "-m", "pip", "install", "--quiet"] + install)
        guard let outcome, outcome.status == 0, imports(peer.modules) else {
            let why = "pip install \(install.joined(separator: " ")) failed" + (outcome.map { ": " + BenchProcess.tail($0.output, 2) } ?? "")
            failed[key] = why
            return why
        }
        return nil
    }

    func imports(_ modules: [String]) -> Bool {
        (try? BenchProcess.run([python, "-c", "import " + modules.joined(separator: ", ")]))?.status == 0
    }

    /// A CPU-only torch wheel for this Python: `$VAELAB_TORCH_WHEEL`, or one in a folder
    /// pip is configured to find links in.
    func localTorchWheel() -> String? {
        if let w = ProcessInfo.processInfo.environment["VAELAB_TORCH_WHEEL"], FileManager.default.fileExists(atPath: w) { return w }
        guard let config = try? BenchProcess.run([python, "-m", "pip", "config", "list"]), config.status == 0,
              let tag = try? BenchProcess.run([python, "-c", "import sys; print(f'cp{sys.version_info[0]}{sys.version_info[1]}')"]) else { return nil }
        let pythonTag = tag.output.trimmingCharacters(in: .whitespacesAndNewlines)
        for line in config.output.split(separator: "\n") where line.contains("find-links") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            let value = line[line.index(after: eq)...].trimmingCharacters(in: CharacterSet(charactersIn: "'\" "))
            for folder in value.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init) {
                let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
                if let w = files.sorted().last(where: { $0.hasPrefix("torch-") && $0.contains("+cpu") && $0.contains(pythonTag) && $0.hasSuffix(".whl") }) {
                    return folder + "/" + w
                }
            }
        }
        return nil
    }
}
