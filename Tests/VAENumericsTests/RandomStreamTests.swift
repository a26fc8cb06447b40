import Foundation
import Testing
@testable import VAENumerics

@Suite struct RandomStreamTests {
    /// Reference xoshiro256** outputs for the state {1, 2, 3, 4} (Vigna's C code).
    @Test func xoshiroReferenceVector() {
        var r = RandomStream(state: [1, 2, 3, 4])
        #expect(r.next() == 11520)
        #expect(r.next() == 0)
        #expect(r.next() == 1_509_978_240)
        #expect(r.next() == 1_215_971_899_390_074_240)
    }

    /// Seeding expands through SplitMix64, whose first output from 0 is 0xE220A8397B1DCDAF.
    @Test func splitMixSeeding() {
        let r = RandomStream(seed: 0)
        #expect(r.state == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F, 0xF88B_B8A8_724C_81EC])
        var s = r
        #expect(s.next() == 11_091_344_671_253_066_420)
        #expect(s.next() == 13_793_997_310_169_335_082)
        #expect(s.next() == 1_900_383_378_846_508_768)
    }

    @Test func sameSeedSameSequence() {
        var a = RandomStream(seed: 42), b = RandomStream(seed: 42)
        for _ in 0..<1000 { #expect(a.next() == b.next()) }
        var c = RandomStream(seed: 42, purpose: "init"), d = RandomStream(seed: 42, purpose: "init")
        #expect((0..<100).map { _ in c.next() } == (0..<100).map { _ in d.next() })
    }

    @Test func nearbySeedsDiffer() {
        var a = RandomStream(seed: 1), b = RandomStream(seed: 2)
        let xs = (0..<16).map { _ in a.next() }, ys = (0..<16).map { _ in b.next() }
        #expect(Set(xs).isDisjoint(with: ys))
    }

    @Test func differentPurposesGiveDifferentStreams() {
        let purposes = ["init", "batch-order", "dropout", "sampling", "", "Init"]
        var firsts: [[UInt64]] = []
        for p in purposes {
            var r = RandomStream(seed: 7, purpose: p)
            firsts.append((0..<8).map { _ in r.next() })
        }
        for i in firsts.indices { for j in firsts.indices where i < j { #expect(firsts[i] != firsts[j], "\(purposes[i]) vs \(purposes[j])") } }
        // The purpose stream also differs from the plain seed and from another seed.
        var plain = RandomStream(seed: 7), other = RandomStream(seed: 8, purpose: "init")
        #expect((0..<8).map { _ in plain.next() } != firsts[0])
        #expect((0..<8).map { _ in other.next() } != firsts[0])
    }

    /// FNV-1a-64 reference values, so purpose streams are stable across processes.
    @Test func fnv1aIsStable() {
        #expect(RandomStream.fnv1a("") == 0xCBF2_9CE4_8422_2325)
        #expect(RandomStream.fnv1a("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(RandomStream.fnv1a("foobar") == 0x8594_4171_F739_67E8)
    }

    @Test func stateSaveRestoreContinuesIdentically() throws {
        var r = RandomStream(seed: 2024, purpose: "dropout")
        for _ in 0..<37 { _ = r.next() }
        let saved = r.state
        #expect(saved.count == 4)
        let ahead = (0..<50).map { _ in r.next() }
        var restored = RandomStream(state: saved)
        #expect((0..<50).map { _ in restored.next() } == ahead)
        #expect(restored == r)

        // Codable round trip keeps the position too.
        var s = RandomStream(seed: 5)
        _ = s.next()
        let json = try JSONEncoder().encode(s)
        var decoded = try JSONDecoder().decode(RandomStream.self, from: json)
        #expect(decoded == s)
        #expect(decoded.next() == s.next())
    }

    @Test func nextFloatAndDoubleInUnitInterval() {
        var r = RandomStream(seed: 11)
        var minF: Float = 1, maxF: Float = 0, sum = 0.0
        for _ in 0..<100_000 {
            let f = r.nextFloat()
            #expect(f >= 0 && f < 1)
            minF = min(minF, f); maxF = max(maxF, f); sum += Double(f)
            let d = r.nextDouble()
            #expect(d >= 0 && d < 1)
        }
        #expect(minF < 0.001 && maxF > 0.999)
        #expect(abs(sum / 100_000 - 0.5) < 0.01)
    }

    @Test func uniformRange() {
        var r = RandomStream(seed: 12)
        for _ in 0..<10_000 {
            let u = r.uniform(-0.25, 0.75)
            #expect(u >= -0.25 && u < 0.75)
        }
    }

    @Test(arguments: [1, 2, 3, 7, 10, 1000])
    func nextIntInRange(n: Int) {
        var r = RandomStream(seed: UInt64(n))
        for _ in 0..<5000 {
            let v = r.nextInt(below: n)
            #expect(v >= 0 && v < n)
        }
    }

    @Test func nextIntLargeBound() {
        var r = RandomStream(seed: 13)
        let n = Int.max
        var sawHigh = false
        for _ in 0..<1000 {
            let v = r.nextInt(below: n)
            #expect(v >= 0 && v < n)
            if v > n / 2 { sawHigh = true }
        }
        #expect(sawHigh)
    }

    /// Chi-square goodness of fit for 10 buckets (9 dof): the 99.999th percentile is ≈ 37.
    @Test(arguments: [10, 7])
    func nextIntRoughlyUniform(n: Int) {
        var r = RandomStream(seed: 314_159)
        let draws = 100_000
        var counts = [Int](repeating: 0, count: n)
        for _ in 0..<draws { counts[r.nextInt(below: n)] += 1 }
        let expected = Double(draws) / Double(n)
        let chi2 = counts.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        #expect(chi2 < 40, "χ² = \(chi2), counts \(counts)")
    }

    @Test func fillNormalMoments() {
        var r = RandomStream(seed: 271_828)
        let n = 100_000
        let x = r.normals(n)
        #expect(x.count == n)
        #expect(x.allSatisfy { $0.isFinite })
        let mean = x.reduce(0.0) { $0 + Double($1) } / Double(n)
        let variance = x.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(n - 1)
        #expect(abs(mean) < 0.015, "mean \(mean)")       // se ≈ 0.0032
        #expect(abs(variance - 1) < 0.03, "var \(variance)")  // se ≈ 0.0045
        // Tails: about 4.55 % beyond two standard deviations.
        let tail = Double(x.filter { abs($0) > 2 }.count) / Double(n)
        #expect(abs(tail - 0.0455) < 0.005, "tail \(tail)")
    }

    @Test func fillNormalConsumesWholePairs() {
        var a = RandomStream(seed: 9), b = RandomStream(seed: 9)
        _ = a.normals(5)
        for _ in 0..<6 { _ = b.next() }
        #expect(a == b)
        var c = RandomStream(seed: 9), d = RandomStream(seed: 9)
        _ = c.normals(4)
        for _ in 0..<4 { _ = d.next() }
        #expect(c == d)
        // An odd count gives the same values as the even count's prefix.
        var e = RandomStream(seed: 9), f = RandomStream(seed: 9)
        #expect(e.normals(5) == Array(f.normals(6).prefix(5)))
        var g = RandomStream(seed: 9)
        #expect(g.normals(0).isEmpty && g == RandomStream(seed: 9))
    }

    @Test func shuffleIsAPermutation() {
        var r = RandomStream(seed: 17)
        var a = Array(0..<500)
        r.shuffle(&a)
        #expect(a.sorted() == Array(0..<500))
        #expect(a != Array(0..<500))
        var one = [42]; r.shuffle(&one); #expect(one == [42])
        var none: [Int] = []; r.shuffle(&none); #expect(none.isEmpty)
        // Deterministic for a given seed.
        var r1 = RandomStream(seed: 18), r2 = RandomStream(seed: 18)
        var b1 = Array(0..<50), b2 = Array(0..<50)
        r1.shuffle(&b1); r2.shuffle(&b2)
        #expect(b1 == b2)
    }

    /// Each of the 6 orders of 3 elements is about equally likely (χ², 5 dof).
    @Test func shuffleRoughlyUniform() {
        var r = RandomStream(seed: 19)
        var counts: [[Int]: Int] = [:]
        let trials = 60_000
        for _ in 0..<trials {
            var a = [0, 1, 2]
            r.shuffle(&a)
            counts[a, default: 0] += 1
        }
        #expect(counts.count == 6)
        let expected = Double(trials) / 6
        let chi2 = counts.values.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        #expect(chi2 < 30, "χ² = \(chi2)")
    }

    @Test func splitGivesIndependentDeterministicChildren() {
        var p1 = RandomStream(seed: 3), p2 = RandomStream(seed: 3)
        var c1 = p1.split(0), c2 = p2.split(0)
        #expect(c1 == c2)
        var p3 = RandomStream(seed: 3)
        var c3 = p3.split(1)
        let x1 = (0..<8).map { _ in c1.next() }, x3 = (0..<8).map { _ in c3.next() }
        #expect(x1 != x3)
        // Splitting advances the parent by one output.
        var q = RandomStream(seed: 3)
        _ = q.next()
        #expect(p1 == q)
        _ = c2
    }

    @Test func runRandomnessStreamsDiffer() {
        var run = RunRandomness(seed: 1234)
        let streams = [
            (0..<8).map { _ in run.initialisation.next() },
            (0..<8).map { _ in run.batchOrder.next() },
            (0..<8).map { _ in run.dropout.next() },
            (0..<8).map { _ in run.sampling.next() },
        ]
        for i in 0..<4 { for j in (i + 1)..<4 { #expect(streams[i] != streams[j]) } }
        #expect(RunRandomness(seed: 1234) == RunRandomness(seed: 1234))
        #expect(RunRandomness(seed: 1234) != RunRandomness(seed: 1235))
        // Each purpose is the named purpose stream, so adding purposes shifts nothing.
        #expect(RunRandomness(seed: 1234).initialisation == RandomStream(seed: 1234, purpose: "init"))
        #expect(RunRandomness(seed: 1234).batchOrder == RandomStream(seed: 1234, purpose: "batch-order"))
        #expect(RunRandomness(seed: 1234).dropout == RandomStream(seed: 1234, purpose: "dropout"))
        #expect(RunRandomness(seed: 1234).sampling == RandomStream(seed: 1234, purpose: "sampling"))
        // Drawing from one stream leaves the others untouched.
        var a = RunRandomness(seed: 5)
        _ = a.dropout.next()
        #expect(a.sampling == RunRandomness(seed: 5).sampling)
        #expect(a.dropout != RunRandomness(seed: 5).dropout)
    }
}
