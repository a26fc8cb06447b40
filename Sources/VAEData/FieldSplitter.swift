/// Splits one line's bytes into fields without allocating per line.
///
/// The splitter keeps its field boundaries in reusable arrays; `field(i)` returns a view
/// into the line. Three separators are supported: one byte (tab, comma; empty fields are
/// kept), a two-byte string (`::` of ML-1M) and runs of spaces/tabs (leading and trailing
/// whitespace ignored).
struct FieldSplitter {
    private(set) var starts: [Int] = []
    private(set) var ends: [Int] = []
    private var line = UnsafeBufferPointer<UInt8>(start: nil, count: 0)

    var count: Int { starts.count }

    /// The bytes of field `i` of the last split line.
    func field(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: line[starts[i]..<ends[i]])
    }

    /// Field `i` as a `String` (headers and error messages only).
    func text(_ i: Int) -> String { String(decoding: field(i), as: UTF8.self) }

    /// Splits at every `separator` byte; `a,,b` has three fields.
    mutating func split(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8) {
        line = bytes
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        var s = 0
        for i in 0..<bytes.count where bytes[i] == separator {
            starts.append(s); ends.append(i); s = i + 1
        }
        starts.append(s); ends.append(bytes.count)
    }

    /// Splits at every occurrence of the two-byte separator `first second` (e.g. `::`).
    mutating func split(_ bytes: UnsafeBufferPointer<UInt8>, separator first: UInt8, _ second: UInt8) {
        line = bytes
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        var s = 0
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == first && bytes[i + 1] == second {
                starts.append(s); ends.append(i); i += 2; s = i
            } else {
                i += 1
            }
        }
        starts.append(s); ends.append(bytes.count)
    }

    /// Splits at runs of spaces and tabs; a blank line has no fields.
    mutating func splitWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) {
        line = bytes
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        var i = 0
        let n = bytes.count
        while i < n {
            while i < n, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
            if i == n { break }
            let s = i
            while i < n, bytes[i] != 0x20 && bytes[i] != 0x09 { i += 1 }
            starts.append(s); ends.append(i)
        }
    }
}

/// Number parsing straight from bytes.
enum ByteNumber {
    /// A non-negative decimal integer made only of digits (no sign, no spaces), or nil.
    /// Values above `Int32.max` are returned as they are; callers check ranges.
    static func nonNegativeInt(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !b.isEmpty, b.count <= 18 else { return nil }
        var v = 0
        for c in b {
            guard c >= 0x30 && c <= 0x39 else { return nil }
            v = v * 10 + Int(c - 0x30)
        }
        return v
    }

    /// A decimal number such as `4`, `4.00`, `3.5`, `-1`, `1e3`, or nil.
    ///
    /// Plain decimals with at most 15 significant digits are converted exactly
    /// (mantissa / 10^k, both exact doubles, one correctly rounded division); anything
    /// else goes through `Double(String)`.
    static func decimal(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !b.isEmpty else { return nil }
        var i = 0
        var negative = false
        if b[0] == 0x2D || b[0] == 0x2B { negative = b[0] == 0x2D; i = 1 }
        var mantissa: Int64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        var simple = true
        while i < b.count {
            let c = b[i]
            if c >= 0x30 && c <= 0x39 {
                mantissa = mantissa &* 10 &+ Int64(c - 0x30)
                digits += 1
                if seenPoint { fractionDigits += 1 }
            } else if c == 0x2E && !seenPoint {
                seenPoint = true
            } else {
                simple = false
                break
            }
            i += 1
        }
        if simple {
            guard digits > 0 else { return nil }
            if digits <= 15 {
                var value = Double(mantissa)
                if fractionDigits > 0 { value /= powersOfTen[fractionDigits] }
                return negative ? -value : value
            }
        }
        return Double(String(decoding: b, as: UTF8.self))
    }

    private static let powersOfTen: [Double] = (0...22).map { (k: Int) -> Double in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }
}
