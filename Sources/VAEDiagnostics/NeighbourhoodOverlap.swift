/// Overlap of two neighbour sets of the same user, e.g. its latent k nearest neighbours
/// from the clean input (A) and from a masked input (B):
///
///     overlap(A, B) = |A ∩ B| / k,   k = |A|
///
/// 1 when masking leaves the neighbourhood intact, 0 when it replaces every neighbour.
/// `mean` averages over users (and, called on concatenated lists, over mask draws).
/// Example: A = {1, 2, 3}, B = {3, 4, 1} give 2/3; with A' = {0, 5}, B' = {6, 7} the mean
/// of the two users is (2/3 + 0)/2 = 1/3.
public enum NeighbourhoodOverlap {
    /// `|A ∩ B| / |A|` (B may hold other indices in any order); NaN when A is empty.
    public static func overlap(_ a: [Int], _ b: [Int]) -> Double {
        guard !a.isEmpty else { return .nan }
        let other = Set(b)
        return Double(Set(a).filter(other.contains).count) / Double(a.count)
    }

    /// Mean of `overlap(a[u], b[u])` over users u (NaN for no users).
    public static func mean(_ a: [[Int]], _ b: [[Int]]) -> Double {
        precondition(a.count == b.count, "both neighbour lists need one set per user (\(a.count) vs \(b.count))")
        guard !a.isEmpty else { return .nan }
        return zip(a, b).map { overlap($0, $1) }.reduce(0, +) / Double(a.count)
    }
}
