/// Distances between two users' binary input rows, given as their sets of item indices
/// A and B (sorted, strictly increasing, as the column indices of a CSR row):
///
///     cosine distance   1 − |A∩B| / √(|A|·|B|)      (1 − cosine similarity of the 0/1 vectors)
///     Jaccard distance  1 − |A∩B| / |A∪B|,  |A∪B| = |A| + |B| − |A∩B|
///
/// Both lie in [0, 1]: 0 for equal sets, 1 for disjoint ones. Example: A = {0, 1, 2},
/// B = {1, 2, 3, 4} share 2 items, so cosine distance = 1 − 2/√12 = 0.42264973 and
/// Jaccard distance = 1 − 2/5 = 0.6. An empty set has no direction: both distances are NaN
/// when A or B is empty (callers leave such users out).
///
/// techniques.md does not define the input distance of the latent-geometry diagnostic; the
/// harness reports the cosine distance as the primary one (Mult-VAE's encoder sees the
/// L2-normalised row, whose Euclidean distances are √(2·cosine distance)) and Jaccard beside it.
public enum BinaryInputDistance {
    /// |A∩B| by merging the two sorted index lists.
    public static func intersectionCount<A: Collection, B: Collection>(_ a: A, _ b: B) -> Int
    where A.Element: BinaryInteger, B.Element: BinaryInteger {
        var i = a.startIndex, j = b.startIndex, n = 0
        while i != a.endIndex && j != b.endIndex {
            let x = Int(a[i]), y = Int(b[j])
            if x == y {
                n += 1
                i = a.index(after: i)
                j = b.index(after: j)
            } else if x < y {
                i = a.index(after: i)
            } else {
                j = b.index(after: j)
            }
        }
        return n
    }

    /// `1 − |A∩B| / √(|A|·|B|)`; NaN when either set is empty.
    public static func cosine<A: Collection, B: Collection>(_ a: A, _ b: B) -> Double
    where A.Element: BinaryInteger, B.Element: BinaryInteger {
        guard !a.isEmpty, !b.isEmpty else { return .nan }
        let shared = Double(intersectionCount(a, b))
        return max(0, 1 - shared / (Double(a.count) * Double(b.count)).squareRoot())
    }

    /// `1 − |A∩B| / |A∪B|`; NaN when either set is empty.
    public static func jaccard<A: Collection, B: Collection>(_ a: A, _ b: B) -> Double
    where A.Element: BinaryInteger, B.Element: BinaryInteger {
        guard !a.isEmpty, !b.isEmpty else { return .nan }
        let shared = intersectionCount(a, b)
        return 1 - Double(shared) / Double(a.count + b.count - shared)
    }
}
