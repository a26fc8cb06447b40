import Foundation
import Testing
@testable import VAEData

/// Several files of one format pooled in order read as their concatenation: same ids (in
/// order of first appearance across the files), rows and ratings, so the same split; each
/// row keeps its own file and line; the split cache is keyed by every file's content.
@Suite("Pooled input files")
struct PoolingTests {
    /// 40 users over 30 items in three parts, users and items recurring across parts (the
    /// way a dataset's train / valid / test files share ids), ratings 1–5.
    static let parts: [String] = (0..<3).map { part in
        (0..<40).flatMap { u in (0..<(2 + (u + part) % 4)).map { k in "\(u * 7 % 41) \((k * 5 + u + part * 11) % 30) \(1 + (k + u + part) % 5).00" } }
            .joined(separator: "\n") + "\n"
    }

    func write(_ f: Fixtures) throws -> (parts: [URL], concatenated: URL) {
        let urls = try Self.parts.enumerated().map { try f.write("part\($0.offset).txt", $0.element) }
        return (urls, try f.write("all.txt", Self.parts.joined()))
    }

    @Test("Pooled tables equal the concatenated file's: ids, rows, ratings; lines and sources per file")
    func pooledEqualsConcatenated() throws {
        let f = try Fixtures()
        defer { f.remove() }
        let (parts, all) = try write(f)
        let pooled = try InteractionReader.read(parts, format: .triples)
        let whole = try InteractionReader.read(all, format: .triples)
        #expect(pooled.count == whole.count && pooled.count == Self.parts.map { $0.split(separator: "\n").count }.reduce(0, +))
        #expect(pooled.userIDs == whole.userIDs && pooled.itemIDs == whole.itemIDs)
        #expect(pooled.users == whole.users && pooled.items == whole.items && pooled.ratings == whole.ratings)
        // Each row still names its own file and line.
        let firstOfSecond = Self.parts[0].split(separator: "\n").count
        #expect(pooled.sources.map(\.path) == parts.map(\.path) && pooled.sources[1].firstRow == firstOfSecond)
        #expect(pooled.location(ofRow: firstOfSecond) == "\(parts[1].path):1")
        #expect(pooled.location(ofRow: firstOfSecond - 1) == "\(parts[0].path):\(firstOfSecond)")
        #expect(pooled.log.last == "pooled 3 files in order: \(whole.count) rows, \(whole.userCount) users, \(whole.itemCount) items")
        // One file is the plain reader.
        #expect(try InteractionReader.read([all], format: .triples) == whole)
    }

    @Test("A raw id names the same user and item in every file; order of first appearance across files")
    func idsInternedAcrossFiles() throws {
        let a = try readFixture("u1 i1 5\nu2 i2 4\n", format: .triples)
        let b = try readFixture("u3 i2 3\nu1 i3 5\n", format: .triples)
        let p = InteractionTable.pooled([a, b])
        #expect(p.userIDs == ["u1", "u2", "u3"] && p.itemIDs == ["i1", "i2", "i3"])
        #expect(p.users == [0, 1, 2, 0] && p.items == [0, 1, 1, 2] && p.ratings == [5, 4, 3, 5])
        #expect(p.lineNumbers == [1, 2, 1, 2])
    }

    @Test("The strong-generalisation split of the pooled files is the concatenated file's")
    func identicalSplit() throws {
        let f = try Fixtures()
        defer { f.remove() }
        let (parts, all) = try write(f)
        let p = StrongGeneralizationProtocol(preprocessing: .init(threshold: .atLeast(2), minUserCount: 3), split: .init(heldOutUsers: 5))
        let pooled = try DataPipeline.strongGeneralization(paths: parts, format: .triples, protocol: p)
        let whole = try DataPipeline.strongGeneralization(path: all, format: .triples, protocol: p)
        #expect(pooled.train == whole.train && pooled.validationFoldIn == whole.validationFoldIn && pooled.validationHeldOut == whole.validationHeldOut)
        #expect(pooled.testFoldIn == whole.testFoldIn && pooled.testHeldOut == whole.testHeldOut)
        #expect(pooled.itemIDs == whole.itemIDs && pooled.trainUserIDs == whole.trainUserIDs)
        #expect(pooled.validationUserIDs == whole.validationUserIDs && pooled.testUserIDs == whole.testUserIDs)
        #expect(pooled.trainUserCount > 0 && pooled.testUserIDs.count == 5)
        // Reordering the files changes the order of first appearance, not the user sets.
        let reordered = try DataPipeline.strongGeneralization(paths: parts.reversed(), format: .triples, protocol: p)
        #expect(Set(reordered.testUserIDs) == Set(whole.testUserIDs))
    }

    @Test("The split cache key covers every file's content and their order; one file keeps its old key")
    func cacheKeyCoversEveryFile() throws {
        let f = try Fixtures()
        defer { f.remove() }
        let (parts, all) = try write(f)
        let parameters = "format=triples;x"
        func key(_ urls: [URL]) throws -> String { try SplitCache.key(kind: StrongGeneralizationSplit.cacheKind, sources: urls, parameters: parameters) }
        let pooled = try key(parts)
        #expect(try key(parts) == pooled)
        #expect(try key(Array(parts.reversed())) != pooled)
        #expect(try key(Array(parts.dropLast())) != pooled)
        #expect(try key([all]) != pooled)
        // The key names each file's SHA-256: changing any one file (the last here) changes it.
        try f.write("part2.txt", Self.parts[2] + "99 0 5.00\n")
        #expect(try key(parts) != pooled)

        // Through the pipeline: built, then a hit, then rebuilt after the edit of one file.
        let cache = SplitCache(directory: f.directory.appendingPathComponent("cache"))
        let p = StrongGeneralizationProtocol(preprocessing: .init(threshold: .atLeast(2), minUserCount: 3), split: .init(heldOutUsers: 5))
        let first = try DataPipeline.strongGeneralization(paths: parts, format: .triples, protocol: p, cache: cache)
        #expect(first.log.last?.hasPrefix("cache miss") == true)
        let second = try DataPipeline.strongGeneralization(paths: parts, format: .triples, protocol: p, cache: cache)
        #expect(second.log.last?.hasPrefix("cache hit") == true && second.train == first.train)
        try f.write("part1.txt", Self.parts[1] + "98 1 5.00\n98 2 5.00\n98 3 5.00\n")
        let third = try DataPipeline.strongGeneralization(paths: parts, format: .triples, protocol: p, cache: cache)
        #expect(third.log.last?.hasPrefix("cache miss") == true)
        // With one file the key is the single-path pipeline's.
        let single = try DataPipeline.strongGeneralization(path: all, format: .triples, protocol: p, cache: cache)
        let again = try DataPipeline.strongGeneralization(paths: [all], format: .triples, protocol: p, cache: cache)
        #expect(single.log.last?.hasPrefix("cache miss") == true && again.log.last?.hasPrefix("cache hit") == true)
    }
}
