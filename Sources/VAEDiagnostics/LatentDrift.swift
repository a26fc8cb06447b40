import VAENumerics

/// How far users' latent codes move between two encodings of the same rows, e.g. the
/// posterior means from the clean input (μ) and from a masked input (μ̃):
///
///     drift = (1/n)·Σ_u ‖μ̃_u − μ_u‖₂
///
/// (accumulated in Double). Example: μ = [[0, 0], [1, 1]], μ̃ = [[3, 4], [1, 1]] give
/// (5 + 0)/2 = 2.5. NaN for no rows.
public enum LatentDrift {
    /// `‖a_u − b_u‖₂` per row.
    public static func distances(_ a: Matrix, _ b: Matrix) -> [Double] {
        precondition(a.rows == b.rows && a.cols == b.cols, "both encodings need the same shape")
        let d = a.cols
        return (0..<a.rows).map { u in
            var s = 0.0
            for j in 0..<d {
                let diff = Double(a.data[u * d + j]) - Double(b.data[u * d + j])
                s += diff * diff
            }
            return s.squareRoot()
        }
    }

    /// The mean of `distances(a, b)`.
    public static func mean(_ a: Matrix, _ b: Matrix) -> Double {
        guard a.rows > 0 else { return .nan }
        return distances(a, b).reduce(0, +) / Double(a.rows)
    }
}
