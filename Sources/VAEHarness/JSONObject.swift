import Foundation

/// An error in a JSON document: the JSON path, the value found and what is allowed.
public struct JSONValueError: Error, CustomStringConvertible, Equatable {
    public var file: String?
    public var path: String
    public var found: String
    public var expected: String

    public var description: String {
        (file.map { "\($0): " } ?? "") + "\(path): found \(found), expected \(expected)"
    }
}

/// Typed, path-aware reading of a JSON object: every getter names the JSON path in its
/// error, and `finish()` rejects keys nobody asked for (typos never pass silently).
public final class JSONObject {
    public let path: String
    let file: String?
    public let dictionary: [String: Any]
    private var consumed: Set<String> = []

    public init(_ dictionary: [String: Any], path: String = "$", file: String? = nil) {
        self.dictionary = dictionary
        self.path = path
        self.file = file
    }

    /// Parses a whole document whose top level must be an object. Its syntax is checked
    /// strictly first (`JSONSyntax`), so errors name the line and column.
    public static func parse(_ data: Data, file: String? = nil) throws -> JSONObject {
        try JSONSyntax.check(data, file: file)
        let any: Any
        do {
            any = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw JSONValueError(file: file, path: "$", found: "invalid JSON (\(detail))", expected: "a JSON object")
        }
        guard let dict = any as? [String: Any] else {
            throw JSONValueError(file: file, path: "$", found: JSONObject.describe(any), expected: "a JSON object")
        }
        return JSONObject(dict, file: file)
    }

    func error(_ key: String, _ value: Any, _ expected: String) -> JSONValueError {
        JSONValueError(file: file, path: "\(path).\(key)", found: JSONObject.describe(value), expected: expected)
    }

    public func has(_ key: String) -> Bool { dictionary[key] != nil }

    /// Whether `key` is present with the value `null` (marks it read).
    public func isNull(_ key: String) -> Bool {
        guard dictionary[key] is NSNull else { return false }
        consumed.insert(key)
        return true
    }

    public func string(_ key: String, allowed: [String]? = nil) throws -> String? {
        guard let v = dictionary[key] else { return nil }
        consumed.insert(key)
        guard let s = v as? String else { throw error(key, v, allowed.map { "one of \($0.joined(separator: ", "))" } ?? "a string") }
        if let allowed, !allowed.contains(s) { throw error(key, v, "one of \(allowed.joined(separator: ", "))") }
        return s
    }

    public func int(_ key: String, in range: ClosedRange<Int>? = nil) throws -> Int? {
        guard let v = dictionary[key] else { return nil }
        consumed.insert(key)
        guard let n = v as? NSNumber, !JSONObject.isBool(n), let i = Int(exactly: n.doubleValue) else {
            throw error(key, v, "an integer" + (range.map { " in \($0.lowerBound)...\($0.upperBound)" } ?? ""))
        }
        if let range, !range.contains(i) { throw error(key, v, "an integer in \(range.lowerBound)...\(range.upperBound)") }
        return i
    }

    public func double(_ key: String, in range: ClosedRange<Double>? = nil) throws -> Double? {
        guard let v = dictionary[key] else { return nil }
        consumed.insert(key)
        guard let n = v as? NSNumber, !JSONObject.isBool(n), n.doubleValue.isFinite else {
            throw error(key, v, "a number" + (range.map { " in [\($0.lowerBound), \($0.upperBound)]" } ?? ""))
        }
        if let range, !range.contains(n.doubleValue) { throw error(key, v, "a number in [\(range.lowerBound), \(range.upperBound)]") }
        return n.doubleValue
    }

    public func bool(_ key: String) throws -> Bool? {
        guard let v = dictionary[key] else { return nil }
        consumed.insert(key)
        guard let n = v as? NSNumber, JSONObject.isBool(n) else { throw error(key, v, "true or false") }
        return n.boolValue
    }

    public func ints(_ key: String, in range: ClosedRange<Int>? = nil) throws -> [Int]? {
        guard let v = dictionary[key] else { return nil }
        consumed.insert(key)
        guard let a = v as? [Any] else { throw error(key, v, "an array of integers") }
        return try a.enumerated().map { i, x in
            guard let n = x as? NSNumber, !JSONObject.isBool(n), let k = Int(exactly: n.doubleValue), range?.contains(k) ?? true else {
                throw JSONValueError(file: file, path: "\(path).\(key)[\(i)]", found: JSONObject.describe(x),
                                     expected: "an integer" + (range.map { " in \($0.lowerBound)...\($0.upperBound)" } ?? ""))
            }
            return k
        }
    }

    public func strings(_ key: String) throws -> [String]? {
        guard let v = dictionary[key] else { return nil }
        consumed.insert(key)
        guard let a = v as? [Any] else { throw error(key, v, "an array of strings") }
        return try a.enumerated().map { i, x in
            guard let s = x as? String else {
                throw JSONValueError(file: file, path: "\(path).\(key)[\(i)]", found: JSONObject.describe(x), expected: "a string")
            }
            return s
        }
    }

    public func object(_ key: String) throws -> JSONObject? {
        guard let v = dictionary[key] else { return nil }
        consumed.insert(key)
        guard let d = v as? [String: Any] else { throw error(key, v, "an object") }
        return JSONObject(d, path: "\(path).\(key)", file: file)
    }

    /// The raw value of `key` (marked read), for callers that check it themselves.
    public func value(_ key: String) -> Any? {
        guard let v = dictionary[key] else { return nil }
        consumed.insert(key)
        return v
    }

    /// Marks every key as read (the caller checks them itself).
    public func markAllRead() { consumed.formUnion(dictionary.keys) }

    /// Throws for the first key (in sorted order) that no getter read.
    public func finish(allowedKeysHint: [String]? = nil) throws {
        if let extra = dictionary.keys.sorted().first(where: { !consumed.contains($0) }) {
            let allowed = (allowedKeysHint ?? consumed.sorted()).joined(separator: ", ")
            throw JSONValueError(file: file, path: "\(path).\(extra)", found: "an unknown key", expected: "one of: \(allowed)")
        }
    }

    public static func isBool(_ n: NSNumber) -> Bool {
        // JSONSerialization gives true/false as a boolean NSNumber whose type code is "c".
        String(cString: n.objCType) == "c"
    }

    public static func describe(_ v: Any) -> String {
        switch v {
        case let s as String: return "\"\(s)\""
        case let n as NSNumber: return isBool(n) ? (n.boolValue ? "true" : "false") : "\(n)"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        case is NSNull: return "null"
        default: return "\(v)"
        }
    }
}
