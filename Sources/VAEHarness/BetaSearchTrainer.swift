import Foundation
import VAEModels
import VAENumerics

/// How Liang et al. chose Mult-VAE's KL cap (techniques.md §2), as one run in two phases:
///
/// ```
/// 1. search: train with β_t = min(1, t / T) (cap 1; the run's T and counter), validating
///    as the run does; the validation peak is at epoch e*, after t* updates
///    β* = min(1, t* / T)               (β = 1 when T = 0)
/// 2. final: retrain from the same seed (same initialisation and streams) with cap β*;
///    its epochs, selected epoch and test metrics are the run's results
/// ```
///
/// β* is the annealed β the model had reached when it was validated at its peak: the
/// schedule's value after the peak epoch's last update (`updates` in the search log). Test
/// data play no part in it. Both phases and the hand-over are in one `Codable` state, so a
/// run interrupted in either phase resumes exactly.
public struct BetaSearchTrainer<Model: FoldInRecommender>: EpochTraining {
    /// What the search found.
    public struct Found: Codable, Sendable, Equatable {
        /// β* = the schedule's β after the peak epoch's last update.
        public var beta: Double
        /// The search epoch with the best validation metric (first of ties), and that value.
        public var epoch: Int
        public var validation: Double
        /// Updates done by the end of that epoch.
        public var updates: Int
    }

    public struct State: Codable, Sendable {
        /// Epochs done over both phases.
        public var epochsDone = 0
        /// The search phase's state (until it ends).
        public var search: FoldInTrainer<Model>.State?
        public var found: Found?
        /// The search phase's epochs (`search_log.csv`).
        public var searchRecords: [EpochRecord] = []
        /// The final phase's state (from the end of the search).
        public var final: FoldInTrainer<Model>.State?
    }

    public var configuration: TrainingConfiguration
    let searchTrainer: FoldInTrainer<Model>
    let data: FoldInData
    let makeModel: (inout RandomStream) -> Model
    /// Latent geometry of the final phase's selected model (nil: none).
    public var geometry: LatentGeometryProbe.Options? = nil

    public init(_ configuration: TrainingConfiguration, data: FoldInData, makeModel: @escaping (inout RandomStream) -> Model) throws {
        guard configuration.selection == .bestValidation else {
            throw BetaSearchError("betaSearch needs selection bestValidation (it looks for the validation peak), found \(configuration.selection.rawValue)")
        }
        guard data.validation != nil else {
            throw BetaSearchError("betaSearch needs validation data (it looks for the validation peak), and this given split has none: give validationPath")
        }
        self.configuration = configuration
        self.data = data
        self.makeModel = makeModel
        var search = configuration
        search.betaSearch = false
        search.betaCap = 1
        searchTrainer = try FoldInTrainer(search, data: data, makeModel: makeModel)
    }

    /// β* from the search's records and its best epoch: the anneal (cap 1) after the
    /// best epoch's last update.
    public static func found(records: [EpochRecord], bestEpoch: Int, bestValue: Double, configuration c: TrainingConfiguration) throws -> Found {
        guard bestEpoch >= 1, bestEpoch <= records.count else {
            throw BetaSearchError("beta search: no validation peak in \(records.count) epochs (every validation value was NaN?)")
        }
        let updates = records[bestEpoch - 1].updates
        let before = bestEpoch >= 2 ? records[bestEpoch - 2].updates : 0
        let schedule = BetaSchedule.linearAnneal(cap: 1, totalSteps: c.annealSteps, counter: c.klCounter)
        let beta = schedule.beta(updatesDone: updates, updatesThisEpoch: updates - before)
        return Found(beta: Double(beta), epoch: bestEpoch, validation: bestValue, updates: updates)
    }

    /// The final phase's trainer: the run's configuration with cap β*.
    func finalTrainer(_ found: Found) throws -> FoldInTrainer<Model> {
        var c = configuration
        c.betaSearch = false
        c.betaCap = found.beta
        var trainer = try FoldInTrainer(c, data: data, makeModel: makeModel)
        trainer.geometry = geometry
        return trainer
    }

    public var epochCount: Int { 2 * configuration.epochs }

    public func epochsDone(_ state: State) -> Int { state.epochsDone }

    public func start() throws -> State {
        State(search: try searchTrainer.start())
    }

    public func runEpoch(_ s: inout State) throws -> EpochRecord {
        let record: EpochRecord
        if var search = s.search {
            record = try searchTrainer.runEpoch(&search)
            if search.epochsDone == configuration.epochs {
                let found = try Self.found(records: search.records, bestEpoch: search.bestEpoch, bestValue: search.bestValue,
                                           configuration: configuration)
                s.found = found
                s.searchRecords = search.records
                s.search = nil
                s.final = try finalTrainer(found).start()
            } else {
                s.search = search
            }
        } else {
            guard let found = s.found, var final = s.final else { preconditionFailure("beta search state has neither phase") }
            record = try finalTrainer(found).runEpoch(&final)
            s.final = final
        }
        s.epochsDone += 1
        return record
    }

    public func finish(_ s: State) throws -> TrainingOutcome {
        guard let found = s.found, let final = s.final else {
            throw BetaSearchError("beta search: finish called before the search ended")
        }
        var outcome = try finalTrainer(found).finish(final)
        outcome.betaSearch = BetaSearchOutcome(found: found, epochs: s.searchRecords)
        return outcome
    }

    /// The final phase's embeddings; none during the search.
    public func embeddings(_ state: State) -> [String: Matrix] {
        guard let found = state.found, let final = state.final, final.epochsDone > 0, let t = try? finalTrainer(found) else { return [:] }
        return t.embeddings(final)
    }

    /// Search epochs are prefixed `search`; the last one names β*.
    public func describe(_ r: EpochRecord, state s: State) -> String {
        if let final = s.final, final.epochsDone > 0 {
            return searchTrainer.describe(r, best: final.bestEpoch == r.epoch)
        }
        var line = "search " + searchTrainer.describe(r, best: (s.search?.bestEpoch ?? s.found?.epoch) == r.epoch)
        if let f = s.found {
            line += String(format: "\nsearch: validation peak at epoch %d after %d updates → β* = %.6g; retraining with cap β*", f.epoch, f.updates, f.beta)
        }
        return line
    }
}

/// The search phase of a β-search run: what it found and its epochs.
public struct BetaSearchOutcome: Sendable {
    public var beta: Double
    public var epoch: Int
    public var validation: Double
    public var updates: Int
    public var epochs: [EpochRecord]

    init<M>(found: BetaSearchTrainer<M>.Found, epochs: [EpochRecord]) {
        beta = found.beta
        epoch = found.epoch
        validation = found.validation
        updates = found.updates
        self.epochs = epochs
    }
}

/// A β search that cannot proceed: wrong selection, no validation data, no validation peak.
public struct BetaSearchError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
