/// The input every ranking metric reads: for each position of a user's ranked top list
/// (best first, exclusions already removed), whether that item is a target, plus `|T|`.
///
/// `|T|` counts every target, including targets that can never be ranked (excluded items,
/// items outside the candidate list); they lower recall and NDCG exactly as in Cornac,
/// where such targets stay in the ground truth.
public struct RankedHits: Equatable, Sendable {
    /// `flags[r]` is true when the item at rank `r + 1` is in `T`.
    public var flags: [Bool]
    /// `|T|`, the number of targets of the user.
    public var targetCount: Int

    public init(flags: [Bool], targetCount: Int) {
        precondition(targetCount >= 0, "target count must be non-negative")
        self.flags = flags
        self.targetCount = targetCount
    }

    /// Hit flags of `ranked` (item indices, best first) against the target set.
    public init(ranked: [Int], targets: Set<Int>) {
        self.init(flags: ranked.map { targets.contains($0) }, targetCount: targets.count)
    }

    /// `|L_K ∩ T|`: targets among the first `min(k, flags.count)` positions.
    public func hits(atK k: Int) -> Int {
        var n = 0
        for flag in flags.prefix(k) where flag { n += 1 }
        return n
    }
}
