/// Selects a row's top-K items without sorting the row: a bounded heap of the K best
/// candidates seen so far (O(n log K) worst case, O(n) typical), then a sort of those K.
///
/// **Order.** Higher score first; equal scores by lower item index (our documented default,
/// protocols.md §4; the references leave ties to argpartition/argsort). NaN scores rank as
/// −∞ (so they sort after every finite score and tie with −∞ by index) and are counted,
/// never trapped on.
///
/// **Candidates.** Items `0 ..< scores.count` are scored candidates. Items
/// `scores.count ..< itemCount` are *unknown* candidates (seen only in test; Cornac's
/// `exclude_unknowns=False`): they rank after every scored candidate, among themselves by
/// ascending index, as Cornac's `rank()` places them at the minimum known score. Items in
/// `excluded` are removed from the candidate list altogether (they are not merely scored
/// −∞, so they never fill a short list).
///
/// The heap storage is reused across calls; keep one selector per evaluation loop.
public struct TopKSelector: Sendable {
    public let k: Int
    private var heapScores: [Float]
    private var heapItems: [Int32]

    public init(k: Int) {
        precondition(k >= 1, "K must be ≥ 1")
        self.k = k
        heapScores = []
        heapItems = []
        heapScores.reserveCapacity(k)
        heapItems.reserveCapacity(k)
    }

    /// Writes the top `min(k, candidates)` items of one row into `ranked`, best first.
    ///
    /// - Parameters:
    ///   - scores: the row's scores for the scored items `0 ..< scores.count`.
    ///   - itemCount: the total number of candidate items (≥ `scores.count`).
    ///   - excluded: sorted, unique item indices to remove (a CSR row slice).
    ///   - ranked: replaced by the selected item indices.
    /// - Returns: the number of NaN scores seen among non-excluded scored items.
    @discardableResult
    public mutating func select(
        scores: UnsafeBufferPointer<Float>,
        itemCount: Int,
        excluded: ArraySlice<Int32>,
        into ranked: inout [Int]
    ) -> Int {
        precondition(itemCount >= scores.count, "itemCount \(itemCount) < scored items \(scores.count)")
        heapScores.removeAll(keepingCapacity: true)
        heapItems.removeAll(keepingCapacity: true)
        var nanCount = 0
        var ex = excluded.startIndex
        let exEnd = excluded.endIndex
        let k = self.k

        for j in 0..<scores.count {
            let item = Int32(truncatingIfNeeded: j)
            while ex < exEnd && excluded[ex] < item { ex += 1 }
            if ex < exEnd && excluded[ex] == item { continue }
            var s = scores[j]
            if s.isNaN { s = -.infinity; nanCount += 1 }
            if heapScores.count < k {
                push(s, item)
            } else if Self.isBetter(s, item, than: heapScores[0], heapItems[0]) {
                replaceRoot(s, item)
            }
        }

        // Sort the kept candidates best first.
        let keptScores = heapScores, keptItems = heapItems
        let order = keptScores.indices.sorted {
            Self.isBetter(keptScores[$0], keptItems[$0], than: keptScores[$1], keptItems[$1])
        }
        ranked.removeAll(keepingCapacity: true)
        for i in order { ranked.append(Int(keptItems[i])) }

        // Unknown items fill what is left, by ascending index.
        var j = scores.count
        while ranked.count < k && j < itemCount {
            let item = Int32(truncatingIfNeeded: j)
            while ex < exEnd && excluded[ex] < item { ex += 1 }
            if !(ex < exEnd && excluded[ex] == item) { ranked.append(j) }
            j += 1
        }
        return nanCount
    }

    /// Convenience for tests and small rows: the top-K item indices of `scores` (all
    /// scored), followed by unknown items `scores.count ..< itemCount`, skipping `excluded`.
    public static func topK(_ scores: [Float], k: Int, itemCount: Int? = nil, excluded: [Int] = []) -> [Int] {
        var selector = TopKSelector(k: k)
        var ranked: [Int] = []
        let ex = Set(excluded).sorted().map { Int32($0) }
        scores.withUnsafeBufferPointer { buf in
            _ = selector.select(scores: buf, itemCount: itemCount ?? scores.count, excluded: ex[...], into: &ranked)
        }
        return ranked
    }

    /// The ranking order: `(a, i)` before `(b, j)` when `a > b`, or `a == b` and `i < j`.
    /// Scores here are never NaN.
    @inline(__always)
    static func isBetter(_ a: Float, _ i: Int32, than b: Float, _ j: Int32) -> Bool {
        a > b || (a == b && i < j)
    }

    // MARK: - Min-heap by ranking order: the root is the worst kept candidate.

    private mutating func push(_ s: Float, _ item: Int32) {
        heapScores.append(s)
        heapItems.append(item)
        var c = heapScores.count - 1
        while c > 0 {
            let p = (c - 1) / 2
            // Move up while the child is worse than its parent.
            guard Self.isBetter(heapScores[p], heapItems[p], than: heapScores[c], heapItems[c]) else { break }
            heapScores.swapAt(p, c)
            heapItems.swapAt(p, c)
            c = p
        }
    }

    private mutating func replaceRoot(_ s: Float, _ item: Int32) {
        let n = heapScores.count
        var p = 0
        while true {
            let l = 2 * p + 1
            if l >= n { break }
            var worst = l
            let r = l + 1
            if r < n && Self.isBetter(heapScores[l], heapItems[l], than: heapScores[r], heapItems[r]) { worst = r }
            // Stop when the new element is at least as bad as the worse child.
            guard Self.isBetter(s, item, than: heapScores[worst], heapItems[worst]) else { break }
            heapScores[p] = heapScores[worst]
            heapItems[p] = heapItems[worst]
            p = worst
        }
        heapScores[p] = s
        heapItems[p] = item
    }
}
