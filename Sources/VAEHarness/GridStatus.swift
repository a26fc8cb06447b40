import Foundation

/// Where each run of a grid stands, read from its folder without disturbing it
/// (`vaelab status`): completed, failed, pending, running (a process holds its claim), or
/// stopped (unfinished with no process on it: `vaelab run` resumes it from its checkpoint).
/// A running run's pace is that of its last few epochs, which it writes into `status.json`
/// with its epoch count (runs started by older builds: its epochs since it (re)started over
/// the time since).
public struct GridStatus {
    public enum State: String, Sendable {
        case completed, failed, pending, running, stopped
    }

    public struct Row {
        public var run: PlannedRun
        public var state: State
        /// Recorded epochs trained, and the run's total (both phases of a β search).
        public var epochsDone: Int?
        public var epochs: Int
        /// Seconds per epoch: a running run's recent pace (its last few epochs) when recorded,
        /// else the pace since the current (or last) attempt started; nil when unknown.
        public var secondsPerEpoch: Double?
        public var status: RunStatus?

        /// Seconds left at `secondsPerEpoch`, for a running run.
        public var secondsLeft: Double? {
            guard state == .running, let s = secondsPerEpoch, let done = epochsDone else { return nil }
            return s * Double(max(0, epochs - done))
        }
    }

    public var rows: [Row]

    /// The status of `runs` in `store`; a run whose claim is held reads as running.
    public init(runs: [PlannedRun], store: RunStore) throws {
        rows = try runs.map { run in
            let status = store.status(run.runID)
            let epochs = (run.execution.betaSearch ? 2 : 1) * run.execution.epochs
            var row = Row(run: run, state: .pending, epochsDone: status?.epochsDone, epochs: epochs, status: status)
            switch status?.state {
            case .completed?:
                row.state = .completed
                row.epochsDone = epochs
            case .failed?: row.state = .failed
            case .running?:
                row.state = try store.isClaimed(run.runID) ? .running : .stopped
            case .pending?, nil:
                row.state = .pending
            }
            if row.epochsDone == nil, row.state == .running || row.state == .stopped {
                // Started by a build that did not record epochs: the last checkpoint says.
                row.epochsDone = Checkpointing.savedEpoch(in: store.folder(run.runID))
            }
            row.secondsPerEpoch = (row.state == .running ? status?.recentSecondsPerEpoch : nil)
                ?? GridStatus.pace(status, epochsDone: row.epochsDone)
            return row
        }
    }

    /// Seconds per epoch of the current (or last) attempt: (updated − started) over the epochs
    /// trained since it started. Runs completed by builds that recorded neither epochs nor
    /// updates are timed from `started` to `finished` over their epochs (`epochsDone`).
    static func pace(_ s: RunStatus?, epochsDone: Int? = nil) -> Double? {
        guard let s, let done = s.epochsDone ?? epochsDone, let started = s.started.flatMap(GridStatus.date),
              let updated = (s.updated ?? s.finished).flatMap(GridStatus.date) else { return nil }
        let epochs = done - (s.resumedFromEpoch ?? 0)
        guard epochs > 0 else { return nil }
        return updated.timeIntervalSince(started) / Double(epochs)
    }

    static func date(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: text)
    }

    public func count(_ state: State) -> Int { rows.filter { $0.state == state }.count }

    /// Run time the unfinished runs still need, at the paces recorded here: a running or
    /// stopped run's remaining epochs at its own pace, a pending run's epochs at the median
    /// pace of this grid's runs of the same model. Runs of a model with no recorded pace are
    /// counted in `unestimated`; failed runs (redone only with `--retry-failed`) are left out.
    /// The paces are those the runs had, so the total is run time one core at a time when
    /// the runs shared the machine as they did.
    public var workLeft: (seconds: Double, unestimated: Int) {
        var paces: [TrainingConfiguration.ModelKind: [Double]] = [:]
        for r in rows { if let p = r.secondsPerEpoch { paces[r.run.execution.model, default: []].append(p) } }
        var seconds = 0.0, unestimated = 0
        for r in rows where [.running, .stopped, .pending].contains(r.state) {
            let left = Double(max(0, r.epochs - (r.epochsDone ?? 0)))
            if let pace = r.secondsPerEpoch ?? paces[r.run.execution.model].map(median) {
                seconds += pace * left
            } else {
                unestimated += 1
            }
        }
        return (seconds, unestimated)
    }

    /// `12 runs: 5 completed, 1 running, 1 stopped, 5 pending; ≈ 3.2 h of run time left`,
    /// states that occur only (`workLeft`; `+ 2 runs not estimated` when a model has no pace).
    public var summaryLine: String {
        let parts = [State.completed, .running, .stopped, .failed, .pending].compactMap { s in
            count(s) > 0 ? "\(count(s)) \(s.rawValue)" : nil
        }
        var line = "\(rows.count) runs: " + parts.joined(separator: ", ")
        let (seconds, unestimated) = workLeft
        if seconds > 0 { line += "; ≈ \(GridStatus.duration(seconds)) of run time left" }
        if unestimated > 0 { line += (seconds > 0 ? " + " : "; ") + "\(unestimated) run\(unestimated == 1 ? "" : "s") not estimated" }
        return line
    }

    /// One line per run: `#3 knob=value … seed=s [id]  state  epochs  pace  left  note`.
    public var text: String {
        let table = rows.map { r -> [String] in
            let epochs = r.epochsDone.map { "\($0)/\(r.epochs)" } ?? (r.state == .pending ? "" : "?/\(r.epochs)")
            let pace = r.secondsPerEpoch.map { GridStatus.duration($0) + "/epoch" } ?? ""
            let left = r.secondsLeft.map { "≈ " + GridStatus.duration($0) + " left" } ?? ""
            var note = ""
            switch r.state {
            case .stopped:
                let saved = r.status?.numericsRevision ?? NumericsRevision.initial, now = NumericsRevision.current(r.run.execution)
                note = saved == now ? "resumes from its last checkpoint"
                    : "restarts: its checkpoint is of numerics revision \(saved), this build's is \(now)"
            case .failed: note = (r.status?.error).map { String($0.prefix(80)) } ?? ""
            case .completed: note = (r.status?.copiedFrom).map { "copied from \($0)" } ?? ""
            default: break
            }
            return [r.run.line, r.state.rawValue, epochs, pace, left, note]
        }
        let widths = (0..<6).map { c in table.map { $0[c].count }.max() ?? 0 }
        let lines = table.map { row in
            zip(row, widths).map { $0.0.padding(toLength: $0.1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        return ([summaryLine] + lines).joined(separator: "\n")
    }

    /// `0.8 s`, `42 s`, `7.5 min`, `3.2 h`.
    static func duration(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.1f s", seconds) }
        if seconds < 120 { return String(format: "%.0f s", seconds) }
        if seconds < 7200 { return String(format: "%.1f min", seconds / 60) }
        return String(format: "%.1f h", seconds / 3600)
    }
}
