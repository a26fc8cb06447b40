import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The folder of an experiment's runs: `<output>/runs/<runID>/` with `config.json`,
/// `status.json`, `metrics.json`, `metrics.csv`, `per_user.csv`, `train_log.csv` and, while
/// a run is unfinished, `checkpoint.json`. Every file is written atomically.
///
/// Several `vaelab run` processes may share one store (on one machine or on a shared
/// filesystem): a process works on a run only after creating its `claim` file exclusively
/// (`O_CREAT | O_EXCL`). A claim whose process is gone (same host, no such pid) is stale and
/// is taken over, so a run killed with `kill -9` is redone, from its last checkpoint.
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
        return try TrainingConfiguration.decode(try Data(contentsOf: url), file: url.path)
    }

    /// Every run folder's id, sorted.
    public func runIDs() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: runsFolder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    // MARK: - Claims

    /// Tries to claim the run for this process; false when a live process holds it.
    public func claim(_ runID: String) throws -> Bool {
        let url = folder(runID).appendingPathComponent("claim")
        let me = "\(RunStore.hostName()) \(getpid())"
        for _ in 0..<2 {
            let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
            if fd >= 0 {
                _ = me.withCString { Glibc.write(fd, $0, strlen($0)) }
                close(fd)
                return true
            }
            guard errno == EEXIST else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path]) }
            guard isStale(url) else { return false }
            try? FileManager.default.removeItem(at: url)
        }
        return false
    }

    public func release(_ runID: String) {
        try? FileManager.default.removeItem(at: folder(runID).appendingPathComponent("claim"))
    }

    /// A claim is stale when it names this host and a process that no longer exists.
    func isStale(_ url: URL) -> Bool {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return false }
        let parts = text.split(separator: " ")
        guard parts.count == 2, let pid = Int32(parts[1]) else { return true }
        guard String(parts[0]) == RunStore.hostName() else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    static func hostName() -> String { ProcessInfo.processInfo.hostName }
}
