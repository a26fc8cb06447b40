import Foundation
import Testing
@testable import VAEData
import VAENumerics

@Suite struct NumpyLegacyRandomVectorTests {
    @Test func firstOutputAndPermutationOfTen() {
        var rng = NumpyLegacyRandom(seed: 98765)
        #expect(rng.nextUInt32() == 381_816_597)
        rng.seed(98765)
        #expect(rng.permutation(10) == [8, 7, 1, 2, 0, 6, 9, 4, 3, 5])
    }

    @Test func choiceSequenceAfterReseeding() {
        var rng = NumpyLegacyRandom(seed: 98765)
        _ = rng.permutation(10)
        rng.seed(98765)
        #expect(rng.choiceWithoutReplacement(7, 1) == [2])
        #expect(rng.choiceWithoutReplacement(12, 2) == [3, 1])
    }

    @Test func ml20mSizedPermutationEnds() {
        var rng = NumpyLegacyRandom(seed: 98765)
        let p = rng.permutation(136_677)
        #expect(Array(p.prefix(5)) == [104_323, 11053, 111_295, 50587, 126_873])
        #expect(Array(p.suffix(5)) == [2057, 37808, 126_893, 69107, 134_933])
    }
}

@Suite struct StrongGeneralizationTests {
    /// Training users `t0…t9` (ids 100000…100009) each see items 0…19; held-out users have
    /// ids `n*1000 + k` and `n` events on items 0..<n (file order = ascending item).
    func table(heldOutCounts: [Int]) throws -> InteractionTable {
        var lines: [String] = []
        for t in 0..<10 { for i in 0..<20 { lines.append("\(100_000 + t) \((i + t) % 20) 5") } }
        for (k, n) in heldOutCounts.enumerated() { for i in 0..<n { lines.append("\(n * 1000 + k) \(i) 5") } }
        return try Preprocessing.apply(try readFixture(lines.joined(separator: "\n"), format: .triples), .init())
    }

    @Test func foldInSizesMatchTheProtocolTable() throws {
        let options = StrongGeneralizationOptions(heldOutUsers: 3)
        let expected = [4: (4, 0), 5: (4, 1), 9: (8, 1), 10: (8, 2), 14: (12, 2), 15: (12, 3)]
        for (n, sizes) in expected {
            let s = StrongGeneralizationSplit.foldInSizes(n: n, options: options)
            #expect(s.foldIn == sizes.0 && s.heldOut == sizes.1, "n=\(n)")
        }
        // The same sizes through a real split: 3 users of each size plus 10 training-like
        // users; 2 × 9 users are held out, so most sized users land in validation or test.
        let counts = [4, 5, 9, 10, 14, 15].flatMap { [$0, $0, $0] }
        let split = try StrongGeneralizationSplit.make(from: try table(heldOutCounts: counts), options: .init(heldOutUsers: 9))
        #expect(split.itemCount == 20)  // no restriction, so n is the user's full count
        var observed = Set<Int>()
        for (ids, fi, ho) in [(split.validationUserIDs, split.validationFoldIn, split.validationHeldOut),
                              (split.testUserIDs, split.testFoldIn, split.testHeldOut)] {
            for (r, id) in ids.enumerated() {
                let raw = Int(id)!
                let n = raw >= 100_000 ? 20 : raw / 1000
                let want = n == 20 ? (16, 4) : expected[n]!
                #expect(fi.rowCount(r) == want.0 && ho.rowCount(r) == want.1, "user \(id)")
                #expect(Set(columns(fi, r)).isDisjoint(with: columns(ho, r)))
                observed.insert(n)
            }
        }
        #expect(observed.isSuperset(of: [4, 5, 9, 10, 14, 15]))
    }

    /// A single held-out user with n = 10 draws `permutation(10)` right after reseeding, so
    /// positions 8 and 7 (the spec's first two entries) are held out.
    @Test func heldOutPositionsComeFromAFreshPermutation() throws {
        var lines10: [String] = []
        for u in 1...4 { for i in 0..<10 { lines10.append("\(u) \(u == 1 ? 9 - i : i) 5") } }
        let t10 = try Preprocessing.apply(try readFixture(lines10.joined(separator: "\n"), format: .triples), .init())
        let s10 = try StrongGeneralizationSplit.make(from: t10, options: .init(heldOutUsers: 1))
        for (ids, ho) in [(s10.validationUserIDs, s10.validationHeldOut), (s10.testUserIDs, s10.testHeldOut)] {
            let user = ids[0]
            // The user's items in file order; positions 8 and 7 are held out.
            let order = user == "1" ? (0..<10).map { 9 - $0 } : Array(0..<10)
            let expectedItems = Set([order[8], order[7]].map(String.init))
            #expect(Set(columns(ho, 0).map { s10.itemIDs[$0] }) == expectedItems, "user \(user)")
        }
    }

    @Test func usersAreOrderedNumericallyBeforePermuting() throws {
        // Numeric order 2,7,9,10,33,100 differs from the lexicographic 10,100,2,33,7,9.
        let ids = ["10", "9", "100", "2", "33", "7"]
        let text = ids.flatMap { u in (0..<6).map { "\(u) \($0) 5" } }.joined(separator: "\n")
        let t = try Preprocessing.apply(try readFixture(text, format: .triples), .init())
        let split = try StrongGeneralizationSplit.make(from: t, options: .init(heldOutUsers: 1))
        var rng = NumpyLegacyRandom(seed: 98765)
        let numeric = ["2", "7", "9", "10", "33", "100"]
        let permuted = rng.permutation(6).map { numeric[$0] }
        #expect(split.trainUserIDs + split.validationUserIDs + split.testUserIDs == permuted)
        #expect(RawIDOrder.ascending(["b", "a10", "a9"]) == [1, 2, 0])
        #expect(RawIDOrder.ascending(["10", "9", "-1"]) == [2, 1, 0])
        #expect(RawIDOrder.ascending(["7", "007", "6"]) == [2, 1, 0])
    }

    @Test func itemSetIsTrainingFirstAppearanceAndHeldOutEventsAreRestricted() throws {
        // Users 1..4, h = 1. Every user rates a, b, c; each user also rates a private item.
        let text = (1...4).flatMap { u in ["\(u) c 5", "\(u) private\(u) 5", "\(u) a 5", "\(u) b 5", "\(u) d 5"] }.joined(separator: "\n")
        let t = try Preprocessing.apply(try readFixture(text, format: .triples), .init())
        let split = try StrongGeneralizationSplit.make(from: t, options: .init(heldOutUsers: 1))
        let firstTrain = split.trainUserIDs[0]
        #expect(Array(split.itemIDs.prefix(2)) == ["c", "private\(firstTrain)"])
        #expect(split.itemCount == 4 + 2)  // c a b d + the two training users' private items
        for ids in [split.validationUserIDs, split.testUserIDs] {
            #expect(!split.itemIDs.contains("private\(ids[0])"))
        }
        // 4 events remain for each held-out user (< 5): all fold-in, no targets.
        #expect(split.validationFoldIn.rowCount(0) == 4 && split.validationHeldOut.rowCount(0) == 0)
        #expect(split.log.contains { $0.contains("validation: dropped 1 events on items outside the item set") })
        #expect(split.train.cols == split.itemCount && split.testHeldOut.cols == split.itemCount)
    }

    @Test func deterministicAndSeedDependent() throws {
        let t = try table(heldOutCounts: Array(repeating: 12, count: 20))
        let a = try StrongGeneralizationSplit.make(from: t, options: .init(heldOutUsers: 5))
        let b = try StrongGeneralizationSplit.make(from: t, options: .init(heldOutUsers: 5))
        #expect(a == b)
        let c = try StrongGeneralizationSplit.make(from: t, options: .init(heldOutUsers: 5, seed: 1))
        #expect(a.testUserIDs != c.testUserIDs || a.testHeldOut != c.testHeldOut)
        #expect(a.train.rows + a.validationFoldIn.rows + a.testFoldIn.rows == t.userCount)
    }

    @Test func tooFewUsersIsAnError() throws {
        let t = try table(heldOutCounts: [])
        let e = dataError { _ = try StrongGeneralizationSplit.make(from: t, options: .init(heldOutUsers: 5)) }
        guard case .notEnoughUsers(10, 11, _) = e else { Issue.record("expected notEnoughUsers, got \(String(describing: e))"); return }
    }
}
