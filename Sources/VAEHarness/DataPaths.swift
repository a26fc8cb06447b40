import Foundation

/// The `dataPath` of a strong-generalisation run: one dataset file (or folder), or several
/// files of the same format that are read and pooled in order, as their concatenation
/// (`InteractionTable.pooled`; e.g. a dataset distributed as train / valid / test files,
/// resplit by users over all of its ratings).
///
/// JSON: a string for one path, a non-empty array of strings for several. One path is
/// written as a string, so a run's identity is the same as before arrays were allowed;
/// the order of the files is part of it (it sets the ids' order of first appearance).
public struct DataPaths: Sendable, Equatable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The files, in pooling order; empty = none given.
    public var files: [String]

    public init(_ files: [String]) { self.files = files }
    public init(_ file: String) { self.files = file.isEmpty ? [] : [file] }
    public init(stringLiteral value: String) { self.init(value) }

    /// No path given.
    public var isEmpty: Bool { files.isEmpty }
    /// The files as URLs, in order.
    public var urls: [URL] { files.map { URL(fileURLWithPath: $0) } }
    /// The only file, or nil when there are none or several.
    public var single: String? { files.count == 1 ? files[0] : nil }

    /// The paths joined by ", " (messages).
    public var description: String { files.joined(separator: ", ") }

    /// What a JSON value for `dataPath` may be.
    public static let expected = "a path, or a non-empty array of paths to files of one format (pooled in order)"

    /// Reads a JSON value: a string or a non-empty array of non-empty strings; otherwise
    /// the JSON path (`path`, or `path[i]` for an element) and what was wrong.
    public static func read(_ value: Any, path: String, file: String?) throws -> DataPaths {
        if let s = value as? String { return DataPaths(s) }
        guard let a = value as? [Any], !a.isEmpty else {
            throw JSONValueError(file: file, path: path, found: JSONObject.describe(value), expected: expected)
        }
        return DataPaths(try a.enumerated().map { i, x in
            guard let s = x as? String, !s.isEmpty else {
                throw JSONValueError(file: file, path: "\(path)[\(i)]", found: JSONObject.describe(x), expected: "a non-empty path string")
            }
            return s
        })
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let s = try? container.decode(String.self) { self.init(s) } else { self.init(try container.decode([String].self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if files.count > 1 { try container.encode(files) } else { try container.encode(files.first ?? "") }
    }
}
