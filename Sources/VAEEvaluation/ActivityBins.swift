/// User groups by history length, as in the PIA paper's Table 3 (5–10, 11–50, 51–100,
/// > 100 interactions; techniques.md §6).
///
/// `lowerBounds` ascend strictly: group k holds the lengths `lowerBounds[k] ..< lowerBounds[k+1]`,
/// the last group every length from its bound up. Lengths below the first bound form one
/// more group, listed first (`<5`); it has users only when the protocol lets such users be
/// evaluated (e.g. a given split with short histories).
///
/// Example, bounds `[5, 11, 51, 101]`: labels `<5, 5-10, 11-50, 51-100, >100`; a length of
/// 10 is in `5-10`, 11 in `11-50`, 101 in `>100`, 4 in `<5`.
public struct ActivityBins: Sendable, Equatable, Codable {
    public let lowerBounds: [Int]

    /// The paper's bins: 5–10, 11–50, 51–100, > 100.
    public static let paper = ActivityBins(lowerBounds: [5, 11, 51, 101])

    /// `lowerBounds` must be non-empty, positive and strictly ascending (see `problem(in:)`).
    public init(lowerBounds: [Int]) {
        precondition(ActivityBins.problem(in: lowerBounds) == nil, "invalid activity bins \(lowerBounds)")
        self.lowerBounds = lowerBounds
    }

    /// Why `bounds` are not valid bins: the offending position (nil: the whole list) and
    /// what was expected there; nil when they are valid.
    public static func problem(in bounds: [Int]) -> (index: Int?, expected: String)? {
        guard !bounds.isEmpty else { return (nil, "a non-empty array of ascending lower bounds, e.g. [5, 11, 51, 101]") }
        if bounds[0] < 1 { return (0, "a lower bound of at least 1") }
        for i in 1..<bounds.count where bounds[i] <= bounds[i - 1] {
            return (i, "a lower bound above \(bounds[i - 1]) (bounds ascend; each group runs to the next bound − 1)")
        }
        return nil
    }

    /// Every group's label, the below-range group first: `<5`, `5-10`, …, `>100`.
    public var labels: [String] {
        var out = ["<\(lowerBounds[0])"]
        for (k, low) in lowerBounds.enumerated() {
            if k + 1 < lowerBounds.count {
                let high = lowerBounds[k + 1] - 1
                out.append(high == low ? "\(low)" : "\(low)-\(high)")
            } else {
                out.append(">\(low - 1)")
            }
        }
        return out
    }

    /// The index into `labels` of the group holding `length`.
    public func group(of length: Int) -> Int {
        var g = 0
        for low in lowerBounds where length >= low { g += 1 }
        return g
    }

    /// The label of the group holding `length`.
    public func label(of length: Int) -> String { labels[group(of: length)] }
}
