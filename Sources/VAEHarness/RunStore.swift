import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The folder of an experiment's runs: `<output>/runs/<runID>/` with `config.json`,
/// `status.json`, `metrics.json`, `metrics.csv`, `per_user.csv`, `train_log.csv` and, while
/// a run is unfinished, `checkpoint.json`. Every file is written atomically.
///
/// Several `vaelab run` processes may share one store (on one machine, or on a shared
/// filesystem with working `flock`, e.g. NFSv4): a process works on a run only while it holds
/// the exclusive lock on the run's `claim` file. The kernel releases the lock when the process
/// dies, so a run killed with `kill -9` is simply redone, from its last checkpoint.
public struct RunStore: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    public var runsFolder: URL { root.appendingPathComponent("runs") }

    public func folder(_ runID: String) -> URL { runsFolder.appendingPathComponent(runID) }

    public func status(_ runID: String) -> RunStatus? {
        guard let data = FileManager.default.contents(atPath: folder(runID).appendingPathComponent("status.json").path) else { return nil }
        return try? JSONDecoder().decode(RunStatus.self, from: data)
    }

    public func write(_ status: RunStatus) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try enc.encode(status), to: folder(status.runID).appendingPathComponent("status.json"))
    }

    /// Creates the run's folder with `config.json` and a pending status, unless it exists.
    public func register(_ run: PlannedRun, version: String) throws {
        let dir = folder(run.runID)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let config = dir.appendingPathComponent("config.json")
        if !FileManager.default.fileExists(atPath: config.path) {
            try AtomicFile.write(try run.configuration.json(), to: config)
        }
        if status(run.runID) == nil {
            try write(RunStatus(state: .pending, runID: run.runID, version: version))
        }
    }

    /// The configuration a run folder records (for `collect`).
    public func configuration(_ runID: String) throws -> TrainingConfiguration {
        let url = folder(runID).appendingPathComponent("config.json")
        return try TrainingConfiguration.decodeRecorded(try Data(contentsOf: url), file: url.path)
    }

    /// Every run folder's id, sorted.
    public func runIDs() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: runsFolder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    // MARK: - Claims

    /// Claims the run for this process: an exclusive `flock` on `runs/<id>/claim`, held until
    /// `release()` or until the process ends — the kernel drops it even after `kill -9`, so
    /// no claim is ever stale. Returns nil when another process holds it.
    public func claim(_ runID: String) throws -> RunClaim? {
        let url = folder(runID).appendingPathComponent("claim")
        let fd = open(url.path, O_RDWR | O_CREAT, 0o644)
        guard fd >= 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path,
                                                         NSLocalizedDescriptionKey: "cannot open \(url.path): \(String(cString: strerror(errno)))"])
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        // For people looking at the folder: who holds the claim.
        let holder = "\(ProcessInfo.processInfo.hostName) \(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = holder.withCString { pwrite(fd, $0, strlen($0), 0) }
        return RunClaim(fd: fd)
    }

    /// Whether a process (this one or another) holds the run's claim, i.e. is training it.
    /// Probing takes a free claim and drops it at once.
    public func isClaimed(_ runID: String) throws -> Bool {
        guard let claim = try claim(runID) else { return true }
        claim.release()
        return false
    }
}

/// A held claim on a run (see `RunStore.claim`).
public final class RunClaim: @unchecked Sendable {
    private var fd: Int32

    init(fd: Int32) { self.fd = fd }

    /// Gives the run up; safe to call more than once.
    public func release() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }
}
