import VAENumerics

/// A training procedure that can be driven one epoch at a time, with all of its progress
/// in a `Codable` state: parameters, optimiser moments, random streams, counters, the kept
/// best model. Saving the state between epochs and continuing from it later gives exactly
/// the run that would have happened without the interruption.
public protocol EpochTraining {
    associatedtype State: Codable & Sendable

    /// Total epochs of the run.
    var epochCount: Int { get }

    /// The state before the first epoch (model initialised from the run's seed).
    func start() throws -> State

    /// Epochs completed in `state`.
    func epochsDone(_ state: State) -> Int

    /// Trains one epoch (and validates, if the run selects by validation), advancing
    /// `state`; returns the epoch's record.
    func runEpoch(_ state: inout State) throws -> EpochRecord

    /// Final evaluation of the selected parameters.
    func finish(_ state: State) throws -> TrainingOutcome

    /// The current model's embeddings by name (`users`, `items`), for spectra; empty when
    /// the model does not expose them.
    func embeddings(_ state: State) -> [String: Matrix]

    /// One line for the terminal about an epoch.
    func describe(_ record: EpochRecord, state: State) -> String
}

extension EpochTraining {
    public func embeddings(_ state: State) -> [String: Matrix] { [:] }

    /// Runs the remaining epochs of `state` (or of a fresh start), calling `afterEpoch`
    /// after each, then the final evaluation.
    public func run(from initial: State? = nil, afterEpoch: (EpochRecord, State) throws -> Void = { _, _ in }) throws -> TrainingOutcome {
        var state = try initial ?? start()
        while epochsDone(state) < epochCount {
            let record = try runEpoch(&state)
            try afterEpoch(record, state)
        }
        return try finish(state)
    }
}
