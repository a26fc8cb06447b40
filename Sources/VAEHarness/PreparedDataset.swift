import VAEData
import VAENumerics

/// A dataset ready for training, in the shape its protocol gives it.
public enum PreparedDataset: Sendable {
    /// Strong generalisation (vae_cf): training users, and held-out users' fold-in and
    /// held-out parts.
    case foldIn(FoldInData)
    /// Papers' given split files, Cornac-indexed; optional side features (BiVAE's CAP) with
    /// one row per user (item) index.
    case given(GivenSplit, userFeatures: Matrix? = nil, itemFeatures: Matrix? = nil)

    /// The strong-generalisation data, or an error naming what the model needs.
    public func foldInData(for model: String) throws -> FoldInData {
        switch self {
        case let .foldIn(d): return d
        case .given:
            throw DatasetKindError(model: model, found: "a given split (protocol given)", expected: "a strong-generalisation split (protocol strongGeneralization)")
        }
    }

    /// What a fold-in model (Mult-VAE, Mult-DAE) trains on under either protocol: the
    /// strong-generalisation data as they are, or a given split as its known users' training
    /// rows, ranked like the Cornac family (`FoldInData(given:)`; side features unused).
    public func foldInModelData() -> FoldInData {
        switch self {
        case let .foldIn(d): return d
        case let .given(s, _, _): return FoldInData(given: s)
        }
    }

    /// The given split, or an error naming what the model needs.
    public func givenSplit(for model: String) throws -> (split: GivenSplit, userFeatures: Matrix?, itemFeatures: Matrix?) {
        switch self {
        case let .given(s, u, i): return (s, u, i)
        case .foldIn:
            throw DatasetKindError(model: model, found: "a strong-generalisation split", expected: "a given split (protocol given)")
        }
    }
}

/// A model was handed data prepared by the wrong protocol.
public struct DatasetKindError: Error, CustomStringConvertible {
    public var model: String
    public var found: String
    public var expected: String
    public var description: String { "model \(model): the dataset is \(found), expected \(expected)" }
}
