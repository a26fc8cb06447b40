import Foundation

/// Progress of a grid for the person watching: on a terminal, one live line (runs done /
/// total, each busy run's epoch, an ETA) redrawn in place; otherwise plain lines when a run
/// starts and ends, so logs stay readable.
public final class ProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private let write: (String) -> Void
    private let live: Bool
    private let total: Int
    private var done = 0
    private var busy: [Int: (epoch: Int, epochs: Int)] = [:]
    private var finishedSeconds: [Double] = []
    private let workers: Int
    private var lastDraw = Date.distantPast

    /// `write` receives text without a trailing newline when `live`, whole lines otherwise.
    public init(total: Int, alreadyDone: Int, workers: Int, live: Bool, write: @escaping (String) -> Void) {
        self.total = total
        self.done = alreadyDone
        self.workers = max(1, workers)
        self.live = live
        self.write = write
    }

    /// A run starts (or resumes after `resumedAt` epochs); `note` is said even on a terminal.
    public func started(_ run: PlannedRun, epochs: Int, resumedAt: Int?, note: String? = nil) {
        lock.withLock {
            busy[run.index] = (resumedAt ?? 0, epochs)
            if live {
                if let note { write("\r\u{1B}[2K\(run.line): \(note)\n") }
                draw(force: true)
            } else {
                write("start \(run.line)" + (resumedAt.map { " (resuming after epoch \($0))" } ?? "")
                      + (note.map { " (\($0))" } ?? ""))
            }
        }
    }

    public func epoch(_ run: PlannedRun, _ epoch: Int) {
        lock.withLock {
            busy[run.index]?.epoch = epoch
            if live { draw(force: false) }
        }
    }

    public func finished(_ run: PlannedRun, seconds: Double, summary: String) {
        lock.withLock {
            busy[run.index] = nil
            done += 1
            finishedSeconds.append(seconds)
            if live { write("\r\u{1B}[2K") }
            write("[\(done)/\(total)] \(run.line) \(summary)" + (live ? "\n" : ""))
            if live { draw(force: true) }
        }
    }

    /// Clears the live line before the final report.
    public func close() {
        lock.withLock { if live { write("\r\u{1B}[2K") } }
    }

    private func draw(force: Bool) {
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) > 0.2 else { return }
        lastDraw = now
        var parts = ["\(done)/\(total) runs"]
        for (index, p) in busy.sorted(by: { $0.key < $1.key }) { parts.append("#\(index) epoch \(p.epoch)/\(p.epochs)") }
        if !finishedSeconds.isEmpty {
            let mean = finishedSeconds.reduce(0, +) / Double(finishedSeconds.count)
            let eta = mean * Double(total - done) / Double(workers)
            parts.append("ETA \(ProgressReporter.duration(eta))")
        }
        write("\r\u{1B}[2K" + parts.joined(separator: " · "))
    }

    static func duration(_ s: Double) -> String {
        let t = Int(s.rounded())
        return t >= 3600 ? "\(t / 3600)h\(t % 3600 / 60)m" : t >= 60 ? "\(t / 60)m\(t % 60)s" : "\(t)s"
    }
}
