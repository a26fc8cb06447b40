/// Ranks of the non-zero `|d_i|` for the Wilcoxon signed-rank test, with average ranks
/// for ties, kept **doubled** (`2 r_i`, an integer even for average ranks).
///
/// For a tie group occupying sorted positions `i…j` (0-based) the average rank is
/// `(i + 1 + j + 1)/2`, so the doubled rank is `i + j + 2`. Zero differences are dropped.
struct SignedRanks {
    /// Doubled ranks of the non-zero differences, in input order of those differences.
    var doubledRanks: [Int]
    /// `2 W+`: sum of the doubled ranks of the positive differences.
    var doubledPositiveRankSum: Int
    /// Whether two non-zero `|d|` are equal.
    var hasTies: Bool
    /// `Σ_g (t_g³ − t_g)` over tie groups of sizes `t_g`.
    var tieCorrection: Double

    /// Number of non-zero differences `m`.
    var count: Int { doubledRanks.count }

    init(differences d: [Double]) {
        let nonZero = d.filter { $0 != 0 }
        let order = nonZero.indices.sorted { abs(nonZero[$0]) < abs(nonZero[$1]) }
        var ranks = [Int](repeating: 0, count: nonZero.count)
        var hasTies = false
        var tieCorrection = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && abs(nonZero[order[j + 1]]) == abs(nonZero[order[i]]) { j += 1 }
            for k in i...j { ranks[order[k]] = i + j + 2 }
            let t = Double(j - i + 1)
            if j > i { hasTies = true }
            tieCorrection += t * t * t - t
            i = j + 1
        }
        var plus = 0
        for (k, x) in nonZero.enumerated() where x > 0 { plus += ranks[k] }
        self.doubledRanks = ranks
        self.doubledPositiveRankSum = plus
        self.hasTies = hasTies
        self.tieCorrection = tieCorrection
    }
}
