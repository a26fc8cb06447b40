import Foundation

/// Compact `Codable` form of `Float` arrays: the raw little-endian bytes in one `Data`
/// value (checkpoints hold tens of millions of floats; element-wise coding would be slow
/// and large). Values round-trip bit for bit, NaN payloads included.
public enum FloatCoding {
    public static func data(_ values: [Float]) -> Data {
        values.withUnsafeBytes { Data($0) }
    }

    public static func floats(_ data: Data, expectedCount: Int? = nil) throws -> [Float] {
        guard data.count % MemoryLayout<Float>.size == 0 else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "float data of \(data.count) bytes is not a whole number of floats"))
        }
        let n = data.count / MemoryLayout<Float>.size
        if let expectedCount, expectedCount != n {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "expected \(expectedCount) floats, found \(n)"))
        }
        var out = [Float](repeating: 0, count: n)
        _ = out.withUnsafeMutableBytes { data.copyBytes(to: $0) }
        return out
    }
}

extension Matrix: Codable {
    enum CodingKeys: String, CodingKey { case rows, cols, data }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let rows = try c.decode(Int.self, forKey: .rows)
        let cols = try c.decode(Int.self, forKey: .cols)
        guard rows >= 0, cols >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .rows, in: c, debugDescription: "negative matrix dimensions")
        }
        self.init(rows: rows, cols: cols, data: try FloatCoding.floats(c.decode(Data.self, forKey: .data), expectedCount: rows * cols))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rows, forKey: .rows)
        try c.encode(cols, forKey: .cols)
        try c.encode(FloatCoding.data(data), forKey: .data)
    }
}
