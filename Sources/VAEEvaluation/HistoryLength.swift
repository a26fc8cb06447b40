/// Which of an evaluated user's positives count as the history length that places the user
/// in an activity group (`ActivityBins`). The PIA paper does not say (techniques.md §6).
public enum HistoryLength: String, Codable, Sendable, CaseIterable {
    /// Every positive in the evaluation data: fold-in + held-out under strong
    /// generalisation, train + test on a given split (the default).
    case all
    /// Only what the model encodes: the fold-in part (the training positives on a given
    /// split).
    case input

    /// The history length of a user with `input` encoded positives and `targets` held-out
    /// (test) positives.
    public func length(input: Int, targets: Int) -> Int {
        switch self {
        case .all: return input + targets
        case .input: return input
        }
    }

    /// Words for table captions.
    public var phrase: String {
        switch self {
        case .all: return "fold-in + held-out positives (train + test on a given split)"
        case .input: return "fold-in positives only (training positives on a given split)"
        }
    }
}
