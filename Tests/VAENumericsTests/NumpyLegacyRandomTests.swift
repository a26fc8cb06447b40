import Testing
@testable import VAENumerics

/// Test vectors from NumPy's legacy `RandomState` with `np.random.seed(98765)`.
@Suite struct NumpyLegacyRandomTests {
    @Test func firstOutput() {
        var r = NumpyLegacyRandom(seed: 98765)
        #expect(r.nextUInt32() == 381_816_597)
    }

    /// The canonical MT19937 reference: `init_genrand(5489)` gives 3499211612, 581869302, …
    @Test func mt19937Reference() {
        var r = NumpyLegacyRandom(seed: 5489)
        #expect(r.nextUInt32() == 3_499_211_612)
        #expect(r.nextUInt32() == 581_869_302)
        #expect(r.nextUInt32() == 3_890_346_734)
        // The 10000th output of the reference generator.
        var mt = NumpyLegacyRandom(seed: 5489)
        var last: UInt32 = 0
        for _ in 0..<10_000 { last = mt.nextUInt32() }
        #expect(last == 4_123_659_995)
    }

    @Test func permutationOfTen() {
        var r = NumpyLegacyRandom(seed: 98765)
        #expect(r.permutation(10) == [8, 7, 1, 2, 0, 6, 9, 4, 3, 5])
    }

    @Test func permutationOfML20MUsers() {
        var r = NumpyLegacyRandom(seed: 98765)
        let p = r.permutation(136_677)
        #expect(p.count == 136_677)
        #expect(Array(p.prefix(5)) == [104_323, 11_053, 111_295, 50_587, 126_873])
        #expect(Array(p.suffix(5)) == [2057, 37808, 126_893, 69107, 134_933])
        #expect(p.sorted() == Array(0..<136_677))
    }

    @Test func choiceWithoutReplacementAfterReseeding() {
        var r = NumpyLegacyRandom(seed: 1)
        _ = r.permutation(50)  // state is discarded by the reseed
        r.seed(98765)
        #expect(r.choiceWithoutReplacement(7, 1) == [2])
        #expect(r.choiceWithoutReplacement(12, 2) == [3, 1])
    }

    @Test func reseedRestartsTheSequence() {
        var r = NumpyLegacyRandom(seed: 98765)
        let first = (0..<700).map { _ in r.nextUInt32() }  // crosses a twist
        r.seed(98765)
        #expect((0..<700).map { _ in r.nextUInt32() } == first)
    }

    @Test func intervalStaysInRange() {
        var r = NumpyLegacyRandom(seed: 3)
        #expect(r.interval(0) == 0)
        for m: UInt32 in [1, 2, 5, 8, 1000, UInt32.max] {
            for _ in 0..<500 { #expect(r.interval(m) <= m) }
        }
    }

    @Test func smallPermutations() {
        var r = NumpyLegacyRandom(seed: 98765)
        #expect(r.permutation(0).isEmpty)
        #expect(r.permutation(1) == [0])
        #expect(r.choiceWithoutReplacement(5, 0).isEmpty)
    }
}
