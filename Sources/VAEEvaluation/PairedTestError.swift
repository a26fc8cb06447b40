/// Why a paired test could not run.
public enum PairedTestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The two samples have different lengths.
    case lengthMismatch(Int, Int)
    /// Fewer pairs than the test needs (2 for the t-test, 1 for Wilcoxon).
    case tooFewPairs(count: Int, required: Int)
    /// A difference `a_i − b_i` is NaN or infinite (scipy would propagate NaN instead).
    case nonFiniteDifference(index: Int)

    public var description: String {
        switch self {
        case .lengthMismatch(let a, let b): "paired samples differ in length (\(a) vs \(b))"
        case .tooFewPairs(let n, let r): "\(n) pairs, the test needs at least \(r)"
        case .nonFiniteDifference(let i): "difference at index \(i) is not finite"
        }
    }
}
