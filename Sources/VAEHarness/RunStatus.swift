import Foundation

/// `status.json` of a run: where it stands and what ran it.
public struct RunStatus: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        case pending, running, completed, failed
    }

    public var state: State
    public var runID: String
    public var created: String
    public var started: String?
    public var finished: String?
    public var error: String?
    public var host: String?
    public var pid: Int32?
    /// The commit of the latest attempt.
    public var gitCommit: String?
    /// The commits of the attempts that trained this run, oldest first, each listed once per
    /// change (a run resumed by a newer build lists both).
    public var gitCommits: [String]?
    /// The last commit that changed the code (`Sources/`, `Package.swift`), recorded only when
    /// the latest attempt's executable is known to hold exactly that code (no code file newer
    /// than it, none uncommitted); `gitCommit` is HEAD whatever the binary.
    public var buildCommit: String?
    public var blasThreads: Int?
    /// The OpenBLAS kernel of the latest attempt (`BLAS.coreName`, e.g. Cooperlake, Zen):
    /// each kernel sums its products in its own order, so the same code and settings give
    /// other bits on another CPU (and, on some kernels, with another thread count).
    public var openBLASCore: String?
    public var version: String
    public var attempts: Int
    /// Epochs restored from a checkpoint when the last attempt started.
    public var resumedFromEpoch: Int?
    /// The numerics revision of the latest attempt (`NumericsRevision`); absent before
    /// revisions were recorded (revision 1).
    public var numericsRevision: Int?
    /// The results folder this completed run was copied from (`vaelab run --reuse-from`).
    public var copiedFrom: String?
    /// Epochs trained so far (both phases of a β search), and when that was last recorded:
    /// written while the run trains (at most every few seconds), for `vaelab status`.
    public var epochsDone: Int?
    public var updated: String?
    /// Seconds per epoch over the last few epochs (up to `ExperimentRunner.paceWindow`),
    /// written with `epochsDone`: the pace now, which a pause or a busier machine earlier in
    /// the attempt does not skew.
    public var recentSecondsPerEpoch: Double?

    public init(state: State, runID: String, version: String) {
        self.state = state
        self.runID = runID
        self.created = RunStatus.now()
        self.version = version
        self.attempts = 0
    }

    /// ISO 8601 UTC time, to the second.
    public static func now() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date())
    }
}
