import Foundation

/// Taking over a run already completed in another results folder (`vaelab run --reuse-from`).
///
/// Run ids hash the resolved training configuration only, not a spec's diagnostics, so two
/// specs that share a cell (the Table 2 spec and the smoothing sweep at α = 0.001, say) give
/// it the same id. Instead of training it twice, the run's files are copied: every file but
/// the claim and any checkpoint, `status.json` last, so an interrupted copy leaves the run
/// pending here and it is simply trained (or copied) again. The copied status keeps the
/// source's commits and times and adds `copiedFrom`. A copied run carries the diagnostics it
/// was made with (its spectra cadence, saved embeddings or latent geometry), which may differ
/// from what this spec asks for. A run that a process is training in the other folder is
/// left to it rather than trained a second time here. A run made under another numerics
/// revision (`NumericsRevision`) is not copied: its numbers are not what this build makes.
extension RunStore {
    /// What `adopt` found in the other folder.
    public enum Adoption: Equatable, Sendable {
        /// Copied: the run is complete here now.
        case copied
        /// A process is training the same run there: leave it to that process.
        case trainingThere
        /// Completed there under another numerics revision (the one given): not copied.
        case otherRevision(Int)
        /// Nothing to copy (absent, unfinished and idle, failed, or another configuration).
        case unavailable
    }

    /// Copies `runID` from `source` when it is completed there and records the same
    /// configuration (compared through `RunIdentity.canonical`, seed included) under numerics
    /// revision `revision`. The caller holds this store's claim on the run.
    public func adopt(_ runID: String, from source: RunStore, revision: Int) throws -> Adoption {
        guard source.root.standardizedFileURL != root.standardizedFileURL,
              var status = source.status(runID), let theirs = try? source.configuration(runID) else { return .unavailable }
        let ours = try configuration(runID)
        guard try RunIdentity.canonical(theirs, includingSeed: true) == RunIdentity.canonical(ours, includingSeed: true) else {
            return .unavailable
        }
        guard status.state == .completed else {
            return try status.state == .running && source.isClaimed(runID) ? .trainingThere : .unavailable
        }
        let theirRevision = status.numericsRevision ?? NumericsRevision.initial
        guard theirRevision == revision else { return .otherRevision(theirRevision) }
        let from = source.folder(runID), to = folder(runID)
        let skipped: Set<String> = ["claim", "checkpoint.json", "status.json", "config.json"]
        for name in try FileManager.default.contentsOfDirectory(atPath: from.path).sorted() where !skipped.contains(name) && !name.hasPrefix(".") {
            try AtomicFile.write(try Data(contentsOf: from.appendingPathComponent(name)), to: to.appendingPathComponent(name))
        }
        try? FileManager.default.removeItem(at: to.appendingPathComponent("checkpoint.json"))
        // As the user would name it: relative to the working directory when inside it.
        let path = source.root.standardizedFileURL.path, cwd = FileManager.default.currentDirectoryPath + "/"
        status.copiedFrom = path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
        try write(status)
        return .copied
    }
}
