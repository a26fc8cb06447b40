/// Correlation coefficients of paired samples x, y (n ≥ 2), accumulated in Double.
///
/// - Pearson: `r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)²·Σ(y − ȳ)²)` (two-pass).
/// - Spearman: Pearson's r of the ranks, tied values sharing their average rank (1-based),
///   so `ρ = 1 − 6Σd²/(n(n² − 1))` when there are no ties.
///
/// Example: x = (1, 2, 3, 4), y = (1, 3, 2, 4) gives Pearson r = Spearman ρ = 0.8 (ranks
/// equal values; Σd² = 2, 1 − 12/60); y = (1, 4, 9, 16) gives ρ = 1 and r = 25/√645 = 0.98437404.
/// NaN when n < 2, when either sample is constant, or when any value is not finite.
public enum Correlation {
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "paired samples need equal lengths (\(x.count) vs \(y.count))")
        let n = x.count
        guard n >= 2, x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else { return .nan }
        let mx = x.reduce(0, +) / Double(n), my = y.reduce(0, +) / Double(n)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<n {
            let dx = x[i] - mx, dy = y[i] - my
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return .nan }
        return min(1, max(-1, sxy / (sxx * syy).squareRoot()))
    }

    public static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "paired samples need equal lengths (\(x.count) vs \(y.count))")
        guard x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else { return .nan }
        return pearson(averageRanks(x), averageRanks(y))
    }

    /// 1-based ranks, ties getting the mean of the ranks they span: (10, 20, 20, 5) → (2, 3.5, 3.5, 1).
    public static func averageRanks(_ v: [Double]) -> [Double] {
        let order = v.indices.sorted { v[$0] < v[$1] || (v[$0] == v[$1] && $0 < $1) }
        var ranks = [Double](repeating: 0, count: v.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && v[order[end]] == v[order[start]] { end += 1 }
            let rank = Double(start + end + 1) / 2   // mean of start+1 … end
            for k in start..<end { ranks[order[k]] = rank }
            start = end
        }
        return ranks
    }
}
