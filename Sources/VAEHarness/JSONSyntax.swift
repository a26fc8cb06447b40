import Foundation

/// A strict syntax check of a JSON document (RFC 8259) that says where it breaks: the line
/// and column (1-based, columns in characters) and what was expected there.
///
/// Foundation's parser, which reads the values afterwards, accepts some documents that are not
/// JSON (a trailing comma before `}` or `]`) and reports errors as a character offset; specs,
/// configuration and expected-value files are checked here first, so a spec VAELab accepts
/// is one every other JSON tool reads too, and a broken one is reported as
/// `spec.json: line 3, column 18: found ']', expected a value (a trailing comma is not JSON)`.
public enum JSONSyntax {
    /// Nesting deeper than this is rejected (the check recurses once per level).
    public static let maximumDepth = 256

    /// Throws a `JSONValueError` whose path is `line L, column C` at the first violation.
    public static func check(_ data: Data, file: String? = nil) throws {
        var scanner = Scanner(bytes: [UInt8](data), file: file)
        try scanner.document()
    }

    struct Scanner {
        let bytes: [UInt8]
        let file: String?
        var at = 0

        init(bytes: [UInt8], file: String?) {
            self.bytes = bytes
            self.file = file
            // A UTF-8 byte-order mark is tolerated, as Foundation does.
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { at = 3 }
        }

        var current: UInt8? { at < bytes.count ? bytes[at] : nil }

        mutating func document() throws {
            skipWhitespace()
            try value(depth: 0, after: nil)
            skipWhitespace()
            if current != nil { throw problem("the end of the document after the top-level value") }
        }

        mutating func skipWhitespace() {
            while let b = current, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { at += 1 }
        }

        /// One value at `at` (whitespace already skipped). `after` names what precedes it,
        /// for the message when it is missing.
        mutating func value(depth: Int, after: String?) throws {
            guard depth < JSONSyntax.maximumDepth else { throw problem("at most \(JSONSyntax.maximumDepth) levels of nesting") }
            switch current {
            case UInt8(ascii: "{")?: try object(depth: depth)
            case UInt8(ascii: "[")?: try array(depth: depth)
            case UInt8(ascii: "\"")?: try string()
            case UInt8(ascii: "-")?, (UInt8(ascii: "0")...UInt8(ascii: "9"))?: try number()
            case UInt8(ascii: "t")?: try literal("true")
            case UInt8(ascii: "f")?: try literal("false")
            case UInt8(ascii: "n")?: try literal("null")
            default: throw problem("a value (object, array, string, number, true, false or null)" + (after.map { " \($0)" } ?? ""))
            }
        }

        mutating func object(depth: Int) throws {
            at += 1  // {
            skipWhitespace()
            if current == UInt8(ascii: "}") { at += 1; return }
            while true {
                guard current == UInt8(ascii: "\"") else { throw problem("a key in double quotes") }
                let keyStart = at
                try string()
                let key = String(decoding: bytes[(keyStart + 1)..<(at - 1)], as: UTF8.self)
                skipWhitespace()
                guard current == UInt8(ascii: ":") else { throw problem("':' after the key \"\(key)\"") }
                at += 1
                skipWhitespace()
                try value(depth: depth + 1, after: "for the key \"\(key)\"")
                skipWhitespace()
                switch current {
                case UInt8(ascii: ",")?:
                    at += 1
                    skipWhitespace()
                    if current == UInt8(ascii: "}") { throw problem("another key after ',' (a trailing comma is not JSON)") }
                case UInt8(ascii: "}")?:
                    at += 1
                    return
                default:
                    throw problem("',' or '}' after the value of \"\(key)\"")
                }
            }
        }

        mutating func array(depth: Int) throws {
            at += 1  // [
            skipWhitespace()
            if current == UInt8(ascii: "]") { at += 1; return }
            while true {
                try value(depth: depth + 1, after: nil)
                skipWhitespace()
                switch current {
                case UInt8(ascii: ",")?:
                    at += 1
                    skipWhitespace()
                    if current == UInt8(ascii: "]") { throw problem("another value after ',' (a trailing comma is not JSON)") }
                case UInt8(ascii: "]")?:
                    at += 1
                    return
                default:
                    throw problem("',' or ']' in an array")
                }
            }
        }

        mutating func string() throws {
            let start = at
            at += 1  // opening quote
            while let b = current {
                switch b {
                case UInt8(ascii: "\""):
                    at += 1
                    return
                case UInt8(ascii: "\\"):
                    at += 1
                    guard let e = current else { break }
                    if e == UInt8(ascii: "u") {
                        for _ in 0..<4 {
                            at += 1
                            guard let h = current, isHexDigit(h) else { throw problem("four hexadecimal digits after \\u") }
                        }
                    } else if !"\"\\/bfnrt".utf8.contains(e) {
                        throw problem("an escape (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX)")
                    }
                    at += 1
                case 0x00..<0x20:
                    throw problem("the closing '\"' of the string that starts at \(position(start)) (a line break or control character inside a string must be escaped)")
                default:
                    at += 1
                }
            }
            at = bytes.count
            throw problem("the closing '\"' of the string that starts at \(position(start))")
        }

        /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
        mutating func number() throws {
            if current == UInt8(ascii: "-") { at += 1 }
            if current == UInt8(ascii: "0") {
                at += 1
                if let b = current, isDigit(b) { throw problem("no leading zero in a number") }
            } else {
                try digits("a digit")
            }
            if current == UInt8(ascii: ".") {
                at += 1
                try digits("a digit after the decimal point")
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                at += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { at += 1 }
                try digits("a digit in the exponent")
            }
        }

        mutating func digits(_ expected: String) throws {
            guard let b = current, isDigit(b) else { throw problem(expected) }
            while let b = current, isDigit(b) { at += 1 }
        }

        mutating func literal(_ word: String) throws {
            for expected in word.utf8 {
                guard current == expected else { throw problem("a value (object, array, string, number, true, false or null)") }
                at += 1
            }
        }

        func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        func isHexDigit(_ b: UInt8) -> Bool {
            isDigit(b) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "f")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "F"))
        }

        /// `line 3, column 18` of byte offset `offset`.
        func position(_ offset: Int) -> String {
            let end = min(offset, bytes.count)
            var line = 1, lineStart = 0
            for i in 0..<end where bytes[i] == 0x0A {
                line += 1
                lineStart = i + 1
            }
            let column = String(decoding: bytes[lineStart..<end], as: UTF8.self).count + 1
            return "line \(line), column \(column)"
        }

        /// What stands at the current position, as the message shows it.
        var found: String {
            guard let b = current else { return "the end of the file" }
            switch b {
            case 0x0A, 0x0D: return "a line break"
            case 0x09: return "a tab"
            case 0x00..<0x20: return "a control character"
            case 0x80...:
                // The whole character (UTF-8 sequence) at this position.
                var end = at + 1
                while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
                return "'\(String(decoding: bytes[at..<end], as: UTF8.self))'"
            default: return "'\(String(UnicodeScalar(b)))'"
            }
        }

        func problem(_ expected: String) -> JSONValueError {
            JSONValueError(file: file, path: position(at), found: found, expected: expected)
        }
    }
}
