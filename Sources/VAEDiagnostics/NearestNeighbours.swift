import VAENumerics

/// The k nearest neighbours of every row of an n × d matrix among the other rows, by
/// Euclidean distance `‖p_u − p_v‖₂` (accumulated in Double):
///
///     N_k(u) = the k rows v ≠ u with the smallest ‖p_u − p_v‖, ties broken by the lower index.
///
/// The latent-geometry diagnostic takes the rows to be users' posterior means μ. Example: the
/// points 0, 1, 3, 7 on a line give N_1 = {1}, {0}, {1}, {2} and N_2 = {1, 2}, {0, 2},
/// {1, 0}, {2, 1} (row 2 is 2 from row 1 and 3 from row 0). Each set is listed nearest
/// first; k is clamped to n − 1. O(n²·d) time, O(n) extra memory per row.
public enum NearestNeighbours {
    /// `N_k(u)` for every row u of `points`.
    public static func sets(_ points: Matrix, k: Int) -> [[Int]] {
        precondition(k >= 0, "k must be ≥ 0")
        let n = points.rows, d = points.cols
        let kk = min(k, max(n - 1, 0))
        var result: [[Int]] = []
        result.reserveCapacity(n)
        var distances = [Double](repeating: 0, count: n)
        for u in 0..<n {
            for v in 0..<n {
                var s = 0.0
                for j in 0..<d {
                    let diff = Double(points.data[u * d + j]) - Double(points.data[v * d + j])
                    s += diff * diff
                }
                distances[v] = s
            }
            let candidates = (0..<n).filter { $0 != u }
            let nearest = candidates.sorted { distances[$0] < distances[$1] || (distances[$0] == distances[$1] && $0 < $1) }
            result.append(Array(nearest.prefix(kk)))
        }
        return result
    }

    /// The Euclidean distance from each row to its k-th nearest other row (the radius of
    /// `N_k(u)`); NaN for a row with fewer than k others.
    public static func kthDistances(_ points: Matrix, neighbours: [[Int]], k: Int) -> [Double] {
        let d = points.cols
        return neighbours.enumerated().map { u, set in
            guard k >= 1, set.count >= k else { return .nan }
            let v = set[k - 1]
            var s = 0.0
            for j in 0..<d {
                let diff = Double(points.data[u * d + j]) - Double(points.data[v * d + j])
                s += diff * diff
            }
            return s.squareRoot()
        }
    }
}
