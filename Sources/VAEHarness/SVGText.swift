// Text and number formatting for the SVG plots: XML escaping, locale-free fixed-point
// numbers and a rough text-width estimate for layout. Everything here is deterministic:
// the same input gives the same characters on every platform (no printf, no locale).

import Foundation

/// XML escaping and number formatting used when writing SVG.
public enum SVGText {
    /// Escapes `&`, `<`, `>`, `"` and `'` and drops the control characters XML 1.0 forbids,
    /// so any string is safe as element content or inside a double-quoted attribute.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `v` rounded half away from zero to `decimals` places, written with a `.` and no
    /// exponent ("-0" never appears). With `trim`, trailing zeros (and a bare `.`) go.
    /// Non-finite values give "NaN", "inf" or "-inf"; magnitudes beyond 1e15 fall back to
    /// `scientific`.
    public static func fixed(_ v: Double, decimals: Int, trim: Bool = false) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        let d = max(0, min(decimals, 12))
        var scale = 1.0
        for _ in 0..<d { scale *= 10 }
        let scaled = (abs(v) * scale).rounded(.toNearestOrAwayFromZero)
        if scaled >= 9e15 { return scientific(v, significant: 6) }
        let n = UInt64(scaled)
        var digits = String(n)
        if d > 0 {
            if digits.count <= d { digits = String(repeating: "0", count: d - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -d))
            if trim {
                while digits.hasSuffix("0") { digits.removeLast() }
                if digits.hasSuffix(".") { digits.removeLast() }
            }
        }
        return (v < 0 && n != 0 ? "-" : "") + digits
    }

    /// `v` as mantissa and power of ten, e.g. "2.5e-5", "1e6", with at most `significant`
    /// significant digits and trailing zeros trimmed.
    public static func scientific(_ v: Double, significant: Int = 3) -> String {
        if !v.isFinite { return fixed(v, decimals: 0) }
        if v == 0 { return "0" }
        var e = Int((log10(abs(v))).rounded(.down))
        var m = shift(v, by: e)
        // Rounding the mantissa may carry it to 10 (9.9996 → "10"): move to the next power.
        let places = max(0, significant - 1)
        if abs(Double(fixed(m, decimals: places)) ?? m) >= 10 { e += 1; m = shift(v, by: e) }
        return fixed(m, decimals: places, trim: true) + "e" + String(e)
    }

    /// A short, exact-looking label for a parameter value: 0 → "0", 0.2 → "0.2",
    /// 1e-4 → "1e-4", 2.5e-5 → "2.5e-5", 1000 → "1000", 3e6 → "3e6".
    public static func short(_ v: Double) -> String {
        if !v.isFinite { return fixed(v, decimals: 0) }
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 1e-3 && a < 1e6 {
            // Up to 10 significant digits, decimals chosen from the magnitude.
            let mag = Int((log10(a)).rounded(.down))
            return fixed(v, decimals: max(0, 9 - mag), trim: true)
        }
        return scientific(v, significant: 10)
    }

    /// 10 to the power `e` with a Unicode superscript exponent: "10⁻³", "10⁰", "10¹²".
    public static func powerOfTen(_ e: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return "10" + (e < 0 ? "⁻" : "") + String(String(abs(e)).map { digits[Int(String($0))!] })
    }

    /// Coordinates in the SVG: two decimals, trailing zeros trimmed.
    static func coord(_ v: Double) -> String { fixed(v, decimals: 2, trim: true) }

    /// Approximate rendered width of `s` at `fontSize` px, from DejaVu Sans advance widths
    /// (the usual fallback sans-serif on Linux; Helvetica and Arial are narrower, so the
    /// estimate errs towards more room). Bold adds 20 % (DejaVu Sans Bold, as rsvg draws a title). Used only for layout.
    static func estimatedWidth(_ s: String, fontSize: Double, bold: Bool = false) -> Double {
        var em = 0.0
        for c in s.unicodeScalars {
            let v = c.value
            if v >= 0x61 && v <= 0x7A {          // a…z
                em += lowercase[Int(v - 0x61)]
            } else if v >= 0x30 && v <= 0x39 {   // 0…9
                em += 0.636
            } else if v >= 0x41 && v <= 0x5A {   // A…Z
                em += c == "M" ? 0.863 : c == "W" ? 0.989 : c == "I" ? 0.295 : c == "J" ? 0.295 : 0.72
            } else {
                switch c {
                case " ", ".", ",", ":", ";", "!", "'", "|": em += 0.318
                case "-", "(", ")", "[", "]", "/", "\\": em += 0.39
                case "+", "=", "<", ">", "~", "±", "×", "→", "←", "^": em += 0.838
                case "@", "%": em += 0.95
                case "_", "\"", "*", "?", "#", "$": em += 0.6
                case "&": em += 0.78
                case "⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹", "⁻": em += 0.4
                default: em += v < 0x2000 ? 0.65 : 0.8
                }
            }
        }
        return em * fontSize * (bold ? 1.2 : 1)
    }

    private static let lowercase: [Double] = [
        0.613, 0.635, 0.550, 0.635, 0.615, 0.352, 0.635, 0.634, 0.278, 0.278, 0.579, 0.278, 0.974,
        0.634, 0.612, 0.635, 0.635, 0.411, 0.521, 0.392, 0.634, 0.592, 0.818, 0.592, 0.592, 0.525,
    ]

    /// 10^e, exact for |e| <= 22 (and the nearest double to 10^e below that).
    static func pow10(_ e: Int) -> Double {
        var r = 1.0
        for _ in 0..<abs(e) { r *= 10 }
        return e >= 0 ? r : 1 / r
    }

    /// v · 10^(-e) with a single rounding when |e| <= 22.
    static func shift(_ v: Double, by e: Int) -> Double {
        e >= 0 ? v / pow10(e) : v * pow10(-e)
    }
}
