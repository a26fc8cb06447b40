/// NumPy's legacy `RandomState` (MT19937), reproduced exactly for the draws the vae_cf
/// protocol makes: `permutation(n)` and `choice(n, k, replace=False)`.
///
/// - Seeding is the classic `init_genrand` of a 32-bit seed (what `np.random.seed(98765)`
///   does), not `init_by_array`.
/// - A bounded draw in `[0, m]` masks 32-bit outputs with the smallest `2^k − 1 ≥ m` and
///   rejects values above `m`.
/// - `permutation(n)` runs Fisher–Yates from the end: for `i = n−1 … 1`, draw `j ∈ [0, i]`,
///   swap `i` and `j`.
///
/// Test vectors (seed 98765) are in `protocols.md` §1.3 and the unit tests.
public struct NumpyLegacyRandom: Sendable {
    private var mt = [UInt32](repeating: 0, count: 624)
    private var index = 624

    public init(seed: UInt32) { self.seed(seed) }

    /// Re-seeds the generator (`np.random.seed(seed)`).
    public mutating func seed(_ seed: UInt32) {
        mt[0] = seed
        for i in 1..<624 {
            mt[i] = 1_812_433_253 &* (mt[i - 1] ^ (mt[i - 1] >> 30)) &+ UInt32(i)
        }
        index = 624
    }

    /// The next 32-bit output (`rk_random`).
    public mutating func nextUInt32() -> UInt32 {
        if index >= 624 { twist() }
        var y = mt[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    private mutating func twist() {
        let upper: UInt32 = 0x8000_0000, lower: UInt32 = 0x7FFF_FFFF
        for i in 0..<624 {
            let y = (mt[i] & upper) | (mt[(i + 1) % 624] & lower)
            var v = mt[(i + 397) % 624] ^ (y >> 1)
            if y & 1 != 0 { v ^= 0x9908_B0DF }
            mt[i] = v
        }
        index = 0
    }

    /// Uniform integer in `[0, max]` by masked rejection (`rk_interval`).
    public mutating func interval(_ max: UInt32) -> UInt32 {
        if max == 0 { return 0 }
        var mask = max
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16
        while true {
            let v = nextUInt32() & mask
            if v <= max { return v }
        }
    }

    /// `np.random.permutation(n)`.
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        if n > 1 {
            for i in stride(from: n - 1, through: 1, by: -1) {
                let j = Int(interval(UInt32(i)))
                p.swapAt(i, j)
            }
        }
        return p
    }

    /// `np.random.choice(n, size=k, replace=False)`: the first `k` entries of a full
    /// permutation of `n` (it consumes the whole permutation's draws).
    public mutating func choiceWithoutReplacement(_ n: Int, _ k: Int) -> [Int] {
        precondition(k <= n, "cannot choose \(k) of \(n) without replacement")
        return Array(permutation(n).prefix(k))
    }
}
