import Foundation
import VAENumerics

/// A seeded random binary users × items matrix shaped like a preprocessed implicit-feedback
/// dataset (the recipe of `../shared/peers/make_data.py`, generated in Swift):
///
/// - user activity lognormal, `a_u = exp(σ·ξ_u)`, ξ_u ~ N(0, 1), σ = 1 (a heavy tail);
///   `k_u = clamp(round(s·a_u), minPerUser, maxPerUser)` with the scale s chosen so that
///   `Σ k_u` is exactly `nonzeros` (the last few units are added or removed one user at a
///   time, in user order);
/// - item popularity Zipf-like, `p_r ∝ 1 / (r + 30)` over popularity ranks r, the ranks
///   scattered over item ids by a seeded permutation;
/// - each user's `k_u` distinct items drawn from p by rejection of repeats.
///
/// Rows are sorted, every stored value is 1, indices are Int32. The same seed gives the same
/// matrix on every machine (one `RandomStream`, no Dispatch).
public struct SyntheticInteractions: Sendable {
    public var users: Int
    public var items: Int
    public var nonzeros: Int
    public var minPerUser = 5
    public var maxPerUser = 4000
    public var seed: UInt64

    public init(users: Int, items: Int, nonzeros: Int, seed: UInt64) {
        self.users = users
        self.items = items
        self.nonzeros = nonzeros
        self.seed = seed
    }

    /// The Million Song Dataset after vae_cf's preprocessing: 571,355 users × 41,140 songs,
    /// 33,633,450 positives (Liang et al. 2018, Table 1).
    public static func msdShaped(seed: UInt64 = 20180401) -> SyntheticInteractions {
        SyntheticInteractions(users: 571_355, items: 41_140, nonzeros: 33_633_450, seed: seed)
    }

    /// What makes a shape impossible, or nil.
    public var problem: String? {
        if users < 1 || items < 1 { return "users and items must be at least 1, got \(users) × \(items)" }
        if minPerUser < 1 || minPerUser > maxPerUser { return "need 1 ≤ minPerUser ≤ maxPerUser, got \(minPerUser), \(maxPerUser)" }
        if maxPerUser > items { return "maxPerUser \(maxPerUser) exceeds the \(items) items" }
        if nonzeros < users * minPerUser || nonzeros > users * maxPerUser {
            return "nonzeros \(nonzeros) outside users × [minPerUser, maxPerUser] = [\(users * minPerUser), \(users * maxPerUser)]"
        }
        return nil
    }

    /// Items per user, summing to `nonzeros`.
    public func rowCounts() -> [Int] {
        precondition(problem == nil, problem ?? "")
        var rng = RandomStream(seed: seed, purpose: "synthetic-activity")
        let activity = rng.normals(users).map { exp(Double($0)) }
        func counts(_ scale: Double) -> [Int] {
            activity.map { Swift.min(maxPerUser, Swift.max(minPerUser, Int(($0 * scale).rounded()))) }
        }
        var scale = Double(nonzeros) / activity.reduce(0, +)
        var k = counts(scale)
        for _ in 0..<30 {
            let total = k.reduce(0, +)
            if total == nonzeros { break }
            scale *= Double(nonzeros) / Double(total)
            k = counts(scale)
        }
        var excess = k.reduce(0, +) - nonzeros
        while excess != 0 {
            for u in 0..<users where excess != 0 {
                if excess > 0, k[u] > minPerUser { k[u] -= 1; excess -= 1 }
                else if excess < 0, k[u] < maxPerUser { k[u] += 1; excess += 1 }
            }
        }
        return k
    }

    /// The matrix.
    public func generate() -> SparseMatrix {
        let counts = rowCounts()
        var rng = RandomStream(seed: seed, purpose: "synthetic-items")
        // Popularity by rank, cumulative; ranks scattered over ids.
        var cdf = [Double](repeating: 0, count: items)
        var acc = 0.0
        for r in 0..<items { acc += 1 / Double(r + 30); cdf[r] = acc }
        for r in 0..<items { cdf[r] /= acc }
        cdf[items - 1] = 1
        var permutation = Array(0..<items)
        rng.shuffle(&permutation)

        var indptr = [Int](repeating: 0, count: users + 1)
        var indices = [Int32]()
        indices.reserveCapacity(nonzeros)
        var stamp = [Int32](repeating: -1, count: items)
        var row: [Int32] = []
        row.reserveCapacity(maxPerUser)
        cdf.withUnsafeBufferPointer { cdf in
            for u in 0..<users {
                row.removeAll(keepingCapacity: true)
                while row.count < counts[u] {
                    let x = rng.nextDouble()
                    var lo = 0, hi = items - 1
                    while lo < hi {
                        let mid = (lo + hi) >> 1
                        if cdf[mid] <= x { lo = mid + 1 } else { hi = mid }
                    }
                    let item = permutation[lo]
                    if stamp[item] != Int32(truncatingIfNeeded: u) {
                        stamp[item] = Int32(truncatingIfNeeded: u)
                        row.append(Int32(item))
                    }
                }
                row.sort()
                indices.append(contentsOf: row)
                indptr[u + 1] = indices.count
            }
        }
        return SparseMatrix(rows: users, cols: items, indptr: indptr, indices: indices,
                            values: [Float](repeating: 1, count: indices.count))
    }
}
