/// A tiny SplitMix64 used only to make test data, independent of the generators and code
/// under test.
public struct TestRNG {
    public var state: UInt64
    public init(_ seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [-1, 1).
    public mutating func symmetric() -> Double { Double(next() >> 11) / 9_007_199_254_740_992.0 * 2 - 1 }

    public mutating func int(below n: Int) -> Int { Int(next() % UInt64(n)) }

    /// Approximately N(0, 1) (sum of 12 uniforms − 6), enough for well-conditioned test data.
    public mutating func gaussian() -> Double {
        var s = 0.0
        for _ in 0..<12 { s += Double(next() >> 11) / 9_007_199_254_740_992.0 }
        return s - 6
    }
}
