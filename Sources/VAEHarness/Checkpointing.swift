import Foundation

/// Where and how often a run saves its whole training state. `load` returns the last
/// saved state (nil when there is none); `save` must replace it atomically.
public struct Checkpointing {
    public var everyEpochs: Int
    public var load: () throws -> Data?
    public var save: (Data) throws -> Void

    public init(everyEpochs: Int, load: @escaping () throws -> Data?, save: @escaping (Data) throws -> Void) {
        precondition(everyEpochs >= 1)
        self.everyEpochs = everyEpochs
        self.load = load
        self.save = save
    }

    /// Checkpoints as files in `folder` (`checkpoint.json`, written atomically).
    public static func files(in folder: URL, everyEpochs: Int) -> Checkpointing {
        let url = folder.appendingPathComponent("checkpoint.json")
        return Checkpointing(everyEpochs: everyEpochs,
                             load: { FileManager.default.fileExists(atPath: url.path) ? try Data(contentsOf: url) : nil },
                             save: { try AtomicFile.write($0, to: url) })
    }
}

extension Checkpointing {
    /// The coding of saved states. Non-finite doubles (a fold-in state's best validation
    /// value is −∞ until an epoch is validated, i.e. always under `lastEpoch`) are written
    /// as the strings "inf", "-inf", "nan"; finite values are plain JSON numbers as before.
    public static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    public static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }

    /// The epoch count recorded in `folder`'s checkpoint, if there is one.
    public static func savedEpoch(in folder: URL) -> Int? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("checkpoint.json").path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object["epochsDone"] as? Int
    }
}

extension EpochTraining {
    /// Runs to the end, resuming from the checkpoint when one exists and saving one every
    /// `everyEpochs` epochs (not after the last: the outcome is written instead).
    public func run(checkpointing: Checkpointing?, observe: (EpochRecord, State) throws -> Void) throws -> TrainingOutcome {
        var initial: State? = nil
        if let checkpointing, let data = try checkpointing.load() {
            initial = try Checkpointing.decoder.decode(State.self, from: data)
        }
        return try run(from: initial) { record, state in
            try observe(record, state)
            if let checkpointing, epochsDone(state) % checkpointing.everyEpochs == 0, epochsDone(state) < epochCount {
                try checkpointing.save(try Checkpointing.encoder.encode(state))
            }
        }
    }
}
