/// Relative closeness `|a − b| ≤ rel · max(|a|, |b|)`; exact equality for infinities.
func close(_ a: Double, _ b: Double, rel: Double = 1e-10) -> Bool {
    if a == b { return true }
    return abs(a - b) <= rel * max(abs(a), abs(b))
}

/// 64-bit LCG (Knuth's MMIX constants) written out identically in Python for the scipy
/// reference values:
///
///     M = 2**64
///     def lcg(seed):
///         s = seed
///         def nxt(k):
///             nonlocal s
///             s = (s * 6364136223846793005 + 1442695040888963407) % M
///             return (s >> 33) % k
///         return nxt
struct TestLCG {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ k: UInt64) -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return (state >> 33) % k
    }
}

/// Paired samples from `TestLCG`, mirroring the Python generators used for the scipy
/// reference values.
enum PairedFixtures {
    /// Python:
    ///     def cont(seed, n, scale):
    ///         r = lcg(seed); a = []; b = []
    ///         for _ in range(n):
    ///             a.append(r(10000) / 10000)
    ///             b.append(r(10000) / 10000 * scale)
    ///         return a, b
    static func continuous(seed: UInt64, n: Int, scale: Double) -> (a: [Double], b: [Double]) {
        var r = TestLCG(seed: seed)
        var a: [Double] = [], b: [Double] = []
        for _ in 0..<n {
            a.append(Double(r.next(10000)) / 10000)
            b.append(Double(r.next(10000)) / 10000 * scale)
        }
        return (a, b)
    }

    /// Python (heavy ties and zeros):
    ///     def ints(seed, n):
    ///         r = lcg(seed); a = []; b = []
    ///         for _ in range(n):
    ///             a.append(float(r(5))); b.append(float(r(5)))
    ///         return a, b
    static func integers(seed: UInt64, n: Int) -> (a: [Double], b: [Double]) {
        var r = TestLCG(seed: seed)
        var a: [Double] = [], b: [Double] = []
        for _ in 0..<n {
            a.append(Double(r.next(5)))
            b.append(Double(r.next(5)))
        }
        return (a, b)
    }

    /// Python (distinct |d|, no zeros; k/1024 is exact in binary):
    ///     def distinct(seed, n):
    ///         r = lcg(seed); ks = set(); a = []
    ///         while len(a) < n:
    ///             k = r(4096) + 1
    ///             if k in ks: continue
    ///             ks.add(k); sign = 1 if r(3) > 0 else -1
    ///             a.append(sign * k / 1024)
    ///         return a, [0.0] * n
    static func distinct(seed: UInt64, n: Int) -> (a: [Double], b: [Double]) {
        var r = TestLCG(seed: seed)
        var seen = Set<UInt64>()
        var a: [Double] = []
        while a.count < n {
            let k = r.next(4096) + 1
            if seen.contains(k) { continue }
            seen.insert(k)
            let sign: Double = r.next(3) > 0 ? 1 : -1
            a.append(sign * Double(k) / 1024)
        }
        return (a, [Double](repeating: 0, count: n))
    }
}
