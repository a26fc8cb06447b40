import Foundation
import Testing
@testable import VAEData

@Suite struct SplitCacheTests {
    let text = (0..<40).flatMap { u in (0..<(6 + u % 5)).map { "\(u) \(($0 * 5 + u) % 30) \(1 + ($0 + u) % 5)" } }.joined(separator: "\n")
    let protocolA = StrongGeneralizationProtocol(preprocessing: .init(threshold: .atLeast(2)), split: .init(heldOutUsers: 5))

    func run(_ cache: SplitCache, _ url: URL, _ p: StrongGeneralizationProtocol, builds: inout Int) throws -> (StrongGeneralizationSplit, SplitCache.Outcome) {
        let r = try cache.value(StrongGeneralizationSplit.self, sources: [url], parameters: p.cacheKey) {
            builds += 1
            return try StrongGeneralizationSplit.make(from: try Preprocessing.apply(try InteractionReader.read(url, format: .triples), p.preprocessing), options: p.split)
        }
        return (r.value, r.outcome)
    }

    @Test func hitAfterBuildAndRebuildOnFileOrParameterChange() throws {
        let f = try Fixtures()
        defer { f.remove() }
        let url = try f.write("data.txt", text)
        let cache = SplitCache(directory: f.directory.appendingPathComponent("cache"))
        var builds = 0
        let (first, o1) = try run(cache, url, protocolA, builds: &builds)
        #expect(o1 == .built && builds == 1)
        let (second, o2) = try run(cache, url, protocolA, builds: &builds)
        #expect(o2 == .hit && builds == 1)
        #expect(second == first)
        var protocolB = protocolA
        protocolB.split.seed = 1
        let (_, o3) = try run(cache, url, protocolB, builds: &builds)
        #expect(o3 == .built && builds == 2)
        var protocolC = protocolA
        protocolC.preprocessing.threshold = .greaterThan(2)
        #expect(try run(cache, url, protocolC, builds: &builds).1 == .built)
        try f.write("data.txt", text + "\n99 0 5")
        let (changed, o4) = try run(cache, url, protocolA, builds: &builds)
        #expect(o4 == .built && builds == 4)
        #expect(changed != first)
        // No temporary files are left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: cache.directory.path)
        #expect(names.allSatisfy { $0.hasSuffix(".vaesplit") })
    }

    @Test func corruptOrTruncatedFilesAreRebuilt() throws {
        let f = try Fixtures()
        defer { f.remove() }
        let url = try f.write("data.txt", text)
        let cache = SplitCache(directory: f.directory.appendingPathComponent("cache"))
        var builds = 0
        let (original, _) = try run(cache, url, protocolA, builds: &builds)
        let key = try SplitCache.key(kind: StrongGeneralizationSplit.cacheKind, sources: [url], parameters: protocolA.cacheKey)
        let file = cache.fileURL(kind: StrongGeneralizationSplit.cacheKind, key: key)
        var bytes = try Data(contentsOf: file)
        // Flip one payload byte.
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: file)
        let (a, o1) = try run(cache, url, protocolA, builds: &builds)
        #expect(o1 == .rebuiltCorrupt && a == original)
        // Truncate.
        let whole = try Data(contentsOf: file)
        try whole.prefix(whole.count - 40).write(to: file)
        let (b, o2) = try run(cache, url, protocolA, builds: &builds)
        #expect(o2 == .rebuiltCorrupt && b == original)
        #expect(try run(cache, url, protocolA, builds: &builds).1 == .hit)
        #expect(builds == 3)
    }

    @Test func givenSplitRoundTripsThroughThePipelineCache() throws {
        let f = try Fixtures()
        defer { f.remove() }
        let train = try f.write("train.csv", "uid,iid\n0,5\n1,6\n0,6\n")
        let test = try f.write("test.csv", "uid,iid\n1,7\n0,9\n")
        let cache = SplitCache(directory: f.directory.appendingPathComponent("cache"))
        let a = try DataPipeline.givenSplit(train: train, test: test, format: .uidIidCSV, cache: cache)
        let b = try DataPipeline.givenSplit(train: train, test: test, format: .uidIidCSV, cache: cache)
        #expect(a.log.last?.hasPrefix("cache miss") == true)
        #expect(b.log.last?.hasPrefix("cache hit") == true)
        #expect(a.train == b.train && a.test == b.test && a.itemIDs == b.itemIDs && a.knownItemCount == b.knownItemCount)
    }
}
