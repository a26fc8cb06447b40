import VAENumerics

/// Little-endian binary encoding of the values a cached split holds.
public struct BinaryWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func write(_ v: Int) { write(UInt64(bitPattern: Int64(v))) }
    public mutating func write(_ v: Bool) { bytes.append(v ? 1 : 0) }
    public mutating func write(_ v: String) {
        let utf8 = Array(v.utf8)
        write(utf8.count)
        bytes.append(contentsOf: utf8)
    }
    public mutating func write(_ v: [String]) {
        write(v.count)
        for s in v { write(s) }
    }
    public mutating func write(_ v: [Int]) {
        write(v.count)
        for x in v { write(x) }
    }
    public mutating func write(_ v: [Int32]) {
        write(v.count)
        v.withUnsafeBytes { bytes.append(contentsOf: $0) }  // little-endian hosts only (x86-64, arm64)
    }
    public mutating func write(_ v: [Float]) {
        write(v.count)
        v.withUnsafeBytes { bytes.append(contentsOf: $0) }
    }
    public mutating func write(_ m: SparseMatrix) {
        write(m.rows); write(m.cols); write(m.indptr); write(m.indices); write(m.values)
    }
}

/// Reads what `BinaryWriter` wrote; any inconsistency throws `BinaryReader.Corrupt`.
public struct BinaryReader {
    public struct Corrupt: Error, CustomStringConvertible {
        public var description: String
    }

    private let bytes: [UInt8]
    private var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var isAtEnd: Bool { offset == bytes.count }

    private mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, n <= bytes.count - offset else { throw Corrupt(description: "truncated at byte \(offset) (needs \(n) more)") }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }

    public mutating func readUInt64() throws -> UInt64 {
        var v: UInt64 = 0
        for (k, b) in try take(8).enumerated() { v |= UInt64(b) << UInt64(8 * k) }
        return v
    }
    public mutating func readInt() throws -> Int { Int(Int64(bitPattern: try readUInt64())) }
    public mutating func readBool() throws -> Bool { try take(1).first! != 0 }
    private mutating func readCount(elementSize: Int) throws -> Int {
        let n = try readInt()
        guard n >= 0, n <= (bytes.count - offset) / max(elementSize, 1) else { throw Corrupt(description: "bad length \(n) at byte \(offset)") }
        return n
    }
    public mutating func readString() throws -> String {
        let n = try readCount(elementSize: 1)
        return String(decoding: try take(n), as: UTF8.self)
    }
    public mutating func readStrings() throws -> [String] {
        let n = try readCount(elementSize: 8)
        return try (0..<n).map { _ in try readString() }
    }
    public mutating func readInts() throws -> [Int] {
        let n = try readCount(elementSize: 8)
        return try (0..<n).map { _ in try readInt() }
    }
    public mutating func readInt32s() throws -> [Int32] {
        let n = try readCount(elementSize: 4)
        let slice = try take(4 * n)
        return [Int32](unsafeUninitializedCapacity: n) { buffer, count in
            slice.withUnsafeBytes { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: $0) }
            count = n
        }
    }
    public mutating func readFloats() throws -> [Float] {
        let n = try readCount(elementSize: 4)
        let slice = try take(4 * n)
        return [Float](unsafeUninitializedCapacity: n) { buffer, count in
            slice.withUnsafeBytes { UnsafeMutableRawBufferPointer(buffer).copyMemory(from: $0) }
            count = n
        }
    }
    /// A matrix, checked with `SparseMatrix.validate()` before it is trusted.
    public mutating func readSparseMatrix() throws -> SparseMatrix {
        let rows = try readInt(), cols = try readInt()
        let indptr = try readInts(), indices = try readInt32s(), values = try readFloats()
        guard rows >= 0, cols >= 0, indptr.count == rows + 1, indices.count == values.count, indptr.last == indices.count else {
            throw Corrupt(description: "inconsistent sparse matrix header")
        }
        let m = SparseMatrix(rows: rows, cols: cols, indptr: indptr, indices: indices, values: values)
        if let problem = m.validate() { throw Corrupt(description: "invalid sparse matrix: \(problem)") }
        return m
    }
}

/// A value the split cache can store.
public protocol SplitCacheable: Sendable {
    /// A short name for the kind of value (part of the cache file name and key).
    static var cacheKind: String { get }
    func encode(to writer: inout BinaryWriter)
    init(from reader: inout BinaryReader) throws
}

extension StrongGeneralizationSplit: SplitCacheable {
    public static var cacheKind: String { "strong" }

    public func encode(to w: inout BinaryWriter) {
        for m in [train, validationFoldIn, validationHeldOut, testFoldIn, testHeldOut] { w.write(m) }
        w.write(itemIDs); w.write(trainUserIDs); w.write(validationUserIDs); w.write(testUserIDs); w.write(log)
    }

    public init(from r: inout BinaryReader) throws {
        let matrices = try (0..<5).map { _ in try r.readSparseMatrix() }
        self.init(train: matrices[0], validationFoldIn: matrices[1], validationHeldOut: matrices[2],
                  testFoldIn: matrices[3], testHeldOut: matrices[4], itemIDs: try r.readStrings(),
                  trainUserIDs: try r.readStrings(), validationUserIDs: try r.readStrings(),
                  testUserIDs: try r.readStrings(), log: try r.readStrings())
        let items = itemIDs.count
        guard matrices.allSatisfy({ $0.cols == items }), train.rows == trainUserIDs.count,
              validationFoldIn.rows == validationUserIDs.count, validationHeldOut.rows == validationUserIDs.count,
              testFoldIn.rows == testUserIDs.count, testHeldOut.rows == testUserIDs.count else {
            throw BinaryReader.Corrupt(description: "split shapes disagree with its id lists")
        }
    }
}

extension GivenSplit: SplitCacheable {
    public static var cacheKind: String { "given" }

    public func encode(to w: inout BinaryWriter) {
        w.write(train); w.write(validation != nil)
        if let v = validation { w.write(v) }
        w.write(test); w.write(userIDs); w.write(itemIDs); w.write(knownItemCount); w.write(knownUserCount); w.write(log)
    }

    public init(from r: inout BinaryReader) throws {
        let train = try r.readSparseMatrix()
        let validation = try r.readBool() ? try r.readSparseMatrix() : nil
        self.init(train: train, validation: validation, test: try r.readSparseMatrix(), userIDs: try r.readStrings(),
                  itemIDs: try r.readStrings(), knownItemCount: try r.readInt(), knownUserCount: try r.readInt(),
                  log: try r.readStrings())
        guard train.cols == knownItemCount, test.cols == itemIDs.count, train.rows == userIDs.count, test.rows == userIDs.count,
              validation.map({ $0.cols == itemIDs.count && $0.rows == userIDs.count }) ?? true else {
            throw BinaryReader.Corrupt(description: "split shapes disagree with its id lists")
        }
    }
}
