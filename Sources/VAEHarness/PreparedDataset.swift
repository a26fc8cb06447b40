import VAEData

/// A dataset ready for training, in the shape its protocol gives it.
public enum PreparedDataset: Sendable {
    /// Strong generalisation (vae_cf): training users, and held-out users' fold-in and
    /// held-out parts.
    case foldIn(FoldInData)

    /// The fold-in data, or an error naming what the model needs.
    public func foldInData(for model: String) throws -> FoldInData {
        switch self {
        case let .foldIn(d): return d
        }
    }
}
