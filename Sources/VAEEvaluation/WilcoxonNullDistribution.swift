/// Null distribution of the signed-rank sum `S = Σ_i ε_i r_i` with independent fair signs
/// `ε_i ∈ {0, 1}`: the number of sign assignments giving each sum `s`, by the recursion
///
///     c_0(0) = 1,   c_k(s) = c_{k−1}(s) + c_{k−1}(s − r_k)
///
/// (scipy's `_get_wilcoxon_distr` is the same recursion in probabilities, with
/// `r_k = k`). Counts are exact `UInt64`; `P(S = s) = c_m(s) / 2^m`.
enum WilcoxonNullDistribution {
    /// `c_m(s)` for `s = 0…Σ r_i`. The ranks must be positive integers and there must be
    /// at most 62 of them (the counts sum to `2^m`).
    static func subsetSumCounts(_ ranks: [Int]) -> [UInt64] {
        precondition(ranks.count <= 62, "at most 62 ranks fit the UInt64 counts")
        precondition(ranks.allSatisfy { $0 > 0 }, "ranks must be positive")
        let total = ranks.reduce(0, +)
        var c = [UInt64](repeating: 0, count: total + 1)
        c[0] = 1
        var reach = 0
        for r in ranks {
            reach += r
            // Descending so each rank is used at most once.
            var s = reach
            while s >= r {
                c[s] += c[s - r]
                s -= 1
            }
        }
        return c
    }
}
