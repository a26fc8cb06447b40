/// A seeded pseudo-random stream (xoshiro256**, Blackman & Vigna 2018).
///
/// Every purpose in a run (initialisation, batch order, dropout/masking, latent sampling)
/// owns its own stream, derived from the run's seed and the purpose's name by
/// `RandomStream(seed:purpose:)`. Streams never share state, so the numbers a run sees
/// do not depend on what else runs in the process, and the 32-byte state can be saved and
/// restored exactly (`state`).
public struct RandomStream: Sendable, Equatable, Codable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// The four state words, for checkpoints (`init(state:)` restores them).
    public var state: [UInt64] { [s0, s1, s2, s3] }

    /// A stream from a 64-bit seed, expanded through SplitMix64 so that nearby seeds give
    /// unrelated states.
    public init(seed: UInt64) {
        var sm = seed
        s0 = RandomStream.splitMix64(&sm)
        s1 = RandomStream.splitMix64(&sm)
        s2 = RandomStream.splitMix64(&sm)
        s3 = RandomStream.splitMix64(&sm)
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// The stream for `purpose` under `seed`: seed and a stable (FNV-1a) hash of the
    /// purpose name are mixed, so adding a purpose never shifts another purpose's numbers.
    public init(seed: UInt64, purpose: String) {
        self.init(seed: RandomStream.mix(seed, RandomStream.fnv1a(purpose)))
    }

    /// Restores a stream from a saved `state`.
    public init(state: [UInt64]) {
        precondition(state.count == 4 && state.contains { $0 != 0 }, "xoshiro256** state has four words, not all zero")
        (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3])
    }

    /// An independent child stream, e.g. one per batch or per worker: `index` is mixed
    /// with this stream's next output.
    public mutating func split(_ index: UInt64 = 0) -> RandomStream {
        RandomStream(seed: RandomStream.mix(next(), index))
    }

    /// The next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = RandomStream.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = RandomStream.rotl(s3, 45)
        return result
    }

    @inlinable
    static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform in [0, 1) with 24 random bits (every Float in the grid is exact).
    @inlinable
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// Uniform in [0, 1) with 53 random bits.
    @inlinable
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// Uniform integer in `0..<n` (Lemire's unbiased multiply-shift with rejection).
    public mutating func nextInt(below n: Int) -> Int {
        precondition(n > 0)
        let bound = UInt64(n)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return Int(m.high)
    }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Float, _ high: Float) -> Float {
        low + (high - low) * nextFloat()
    }

    /// Fills `buffer` with independent N(0, 1) draws (Box–Muller on pairs; an odd final
    /// element uses a fresh pair). Consumes exactly `2·⌈n/2⌉` 64-bit outputs.
    public mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Float>) {
        var i = 0
        let n = buffer.count
        while i < n {
            // u1 in (0, 1], so log is finite.
            let u1 = 1.0 - nextDouble()
            let u2 = nextDouble()
            let r = (-2.0 * _log(u1)).squareRoot()
            let a = 2.0 * Double.pi * u2
            buffer[i] = Float(r * _cos(a))
            if i + 1 < n { buffer[i + 1] = Float(r * _sin(a)) }
            i += 2
        }
    }

    /// `n` independent N(0, 1) draws.
    public mutating func normals(_ n: Int) -> [Float] {
        var out = [Float](repeating: 0, count: n)
        out.withUnsafeMutableBufferPointer { fillNormal($0) }
        return out
    }

    /// Shuffles `array` in place (Fisher–Yates from the end).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = nextInt(below: i + 1)
            array.swapAt(i, j)
        }
    }

    // MARK: - Seeding helpers

    static func splitMix64(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var x = a ^ (b &* 0x9E37_79B9_7F4A_7C15)
        return splitMix64(&x)
    }

    /// 64-bit FNV-1a of the UTF-8 bytes: stable across processes (Swift's `Hasher` is not).
    static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }
}

/// The streams a training run owns, one per purpose, all derived from the run's seed.
public struct RunRandomness: Sendable, Equatable, Codable {
    public var initialisation: RandomStream
    public var batchOrder: RandomStream
    public var dropout: RandomStream
    public var sampling: RandomStream

    public init(seed: UInt64) {
        initialisation = RandomStream(seed: seed, purpose: "init")
        batchOrder = RandomStream(seed: seed, purpose: "batch-order")
        dropout = RandomStream(seed: seed, purpose: "dropout")
        sampling = RandomStream(seed: seed, purpose: "sampling")
    }
}
