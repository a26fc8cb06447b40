import VAENumerics

/// The 2-Wasserstein distance between diagonal Gaussians N(μ₁, diag s₁²) and
/// N(μ₂, diag s₂²), s the standard deviations:
///
///     W2² = ‖μ₁ − μ₂‖² + ‖s₁ − s₂‖²,
///
/// (the general Bures term `tr(Σ₁ + Σ₂ − 2(Σ₁^{½}Σ₂Σ₁^{½})^{½})` reduces to Σ(s₁ − s₂)² for
/// commuting covariances). W1 ≤ W2 always. Example: μ₁ = (0, 0), s₁ = (1, 1) and
/// μ₂ = (3, 4), s₂ = (2, 1) give W2² = 26, W2 = 5.0990195.
///
/// Against a point mass δ_e (s₂ = 0): `W2² = ‖μ − e‖² + Σ s²`.
/// Everything is accumulated in Double; the standard deviations must be ≥ 0.
public enum Wasserstein2 {
    /// W2² between two diagonal Gaussians.
    public static func squaredDistance<T: BinaryFloatingPoint>(
        mean1: [T], sd1: [T], mean2: [T], sd2: [T]
    ) -> Double {
        let d = mean1.count
        precondition(sd1.count == d && mean2.count == d && sd2.count == d, "all four vectors need length \(d)")
        precondition(sd1.allSatisfy { $0 >= 0 } && sd2.allSatisfy { $0 >= 0 }, "standard deviations must be ≥ 0")
        var total = 0.0
        for k in 0..<d {
            let dm = Double(mean1[k]) - Double(mean2[k])
            let ds = Double(sd1[k]) - Double(sd2[k])
            total += dm * dm + ds * ds
        }
        return total
    }

    /// W2 between two diagonal Gaussians.
    public static func distance<T: BinaryFloatingPoint>(
        mean1: [T], sd1: [T], mean2: [T], sd2: [T]
    ) -> Double {
        squaredDistance(mean1: mean1, sd1: sd1, mean2: mean2, sd2: sd2).squareRoot()
    }

    /// W2² between N(μ, diag s²) and the point mass at e: `‖μ − e‖² + Σ s²`.
    public static func squaredDistanceToPoint<T: BinaryFloatingPoint>(mean: [T], sd: [T], point: [T]) -> Double {
        squaredDistance(mean1: mean, sd1: sd, mean2: point, sd2: [T](repeating: 0, count: point.count))
    }

    /// W2 between N(μ, diag s²) and the point mass at e.
    public static func distanceToPoint<T: BinaryFloatingPoint>(mean: [T], sd: [T], point: [T]) -> Double {
        squaredDistanceToPoint(mean: mean, sd: sd, point: point).squareRoot()
    }

    /// W2 between the posteriors of rows i and j of one set of users: means `mean` (n × d),
    /// standard deviations `sd` (n × d), or nil for point masses (a deterministic encoder
    /// such as Mult-DAE's), when W2 is the Euclidean distance of the means.
    public static func distance(means: Matrix, sds: Matrix?, _ i: Int, _ j: Int) -> Double {
        let d = means.cols
        precondition(sds.map { $0.rows == means.rows && $0.cols == d } ?? true, "means and standard deviations need the same shape")
        var total = 0.0
        for k in 0..<d {
            let dm = Double(means.data[i * d + k]) - Double(means.data[j * d + k])
            total += dm * dm
            if let s = sds {
                let ds = Double(s.data[i * d + k]) - Double(s.data[j * d + k])
                total += ds * ds
            }
        }
        return total.squareRoot()
    }
}
