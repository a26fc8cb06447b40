import Foundation
import VAENumerics

/// Errors from reading `.npy` data.
public enum NumpyFileError: Error, Equatable, CustomStringConvertible {
    case notNumpy
    case unsupportedVersion(major: UInt8, minor: UInt8)
    case malformedHeader(String)
    case unsupported(String)
    case truncated(expectedBytes: Int, actualBytes: Int)

    public var description: String {
        switch self {
        case .notNumpy: "not an .npy file (bad magic string)"
        case let .unsupportedVersion(major, minor): "unsupported .npy format version \(major).\(minor)"
        case let .malformedHeader(why): "malformed .npy header: \(why)"
        case let .unsupported(what): "unsupported .npy array: \(what)"
        case let .truncated(expected, actual): ".npy data has \(actual) bytes, expected \(expected)"
        }
    }
}

/// Writes and reads NumPy `.npy` files holding a 2-D little-endian Float32 array in C
/// order, so embeddings can go to Python (`numpy.load`).
///
/// Format version 1.0 (numpy/lib/format.py): the magic `\x93NUMPY`, the version bytes 1, 0,
/// a little-endian UInt16 header length, then an ASCII Python dict literal
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (n, d), }`, padded with spaces and
/// ended by `\n` so that 6 + 2 + 2 + header length is a multiple of 64; the n·d values
/// follow, row-major, 4 bytes each, little-endian.
///
/// The reader (meant for tests and small files) accepts versions 1.0, 2.0 and 3.0 (UInt32
/// header length), descr `'<f4'` only, `fortran_order: False` and a 2-D shape, with the
/// dict keys in any order; anything else is rejected with a `NumpyFileError`.
public enum NumpyArrayFile {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY

    /// The `.npy` bytes of `m`.
    public static func encode(_ m: Matrix) -> [UInt8] {
        var dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(m.rows), \(m.cols)), }"
        let prefix = magic.count + 2 + 2
        let unpadded = prefix + dict.utf8.count + 1  // + the final newline
        let padding = (64 - unpadded % 64) % 64
        dict += String(repeating: " ", count: padding) + "\n"
        let headerLength = dict.utf8.count
        precondition(headerLength <= Int(UInt16.max), "header too long for format 1.0")
        var bytes = magic + [1, 0, UInt8(headerLength & 0xFF), UInt8(headerLength >> 8)]
        bytes += Array(dict.utf8)
        bytes.reserveCapacity(bytes.count + 4 * m.count)
        for v in m.data {
            let bits = v.bitPattern.littleEndian
            bytes += [UInt8(bits & 0xFF), UInt8((bits >> 8) & 0xFF), UInt8((bits >> 16) & 0xFF), UInt8(bits >> 24)]
        }
        return bytes
    }

    /// Writes `m` to `url` as `.npy`.
    public static func write(_ m: Matrix, to url: URL) throws {
        try Data(encode(m)).write(to: url, options: .atomic)
    }

    /// Reads a 2-D `<f4` C-order array from `url`.
    public static func read(from url: URL) throws -> Matrix {
        try decode(Array(try Data(contentsOf: url)))
    }

    /// Parses `.npy` bytes holding a 2-D `<f4` C-order array.
    public static func decode(_ bytes: [UInt8]) throws -> Matrix {
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw NumpyFileError.notNumpy }
        let major = bytes[6], minor = bytes[7]
        let headerStart: Int, headerLength: Int
        switch major {
        case 1:
            headerStart = 10
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        case 2, 3:
            guard bytes.count >= 12 else { throw NumpyFileError.notNumpy }
            headerStart = 12
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        default:
            throw NumpyFileError.unsupportedVersion(major: major, minor: minor)
        }
        guard minor == 0 else { throw NumpyFileError.unsupportedVersion(major: major, minor: minor) }
        guard bytes.count >= headerStart + headerLength else {
            throw NumpyFileError.malformedHeader("header runs past the end of the data")
        }
        guard let header = String(bytes: bytes[headerStart..<(headerStart + headerLength)], encoding: .utf8) else {
            throw NumpyFileError.malformedHeader("header is not text")
        }
        let descr = try value(of: "descr", in: header)
        guard descr == "'<f4'" else { throw NumpyFileError.unsupported("descr \(descr), only '<f4' is read") }
        let fortran = try value(of: "fortran_order", in: header)
        guard fortran == "False" else { throw NumpyFileError.unsupported("fortran_order \(fortran)") }
        let shapeText = try value(of: "shape", in: header)
        let dims = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "()"))
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let shape = dims.compactMap { Int($0) }
        guard shape.count == dims.count, shape.allSatisfy({ $0 >= 0 }) else {
            throw NumpyFileError.malformedHeader("shape \(shapeText)")
        }
        guard shape.count == 2 else { throw NumpyFileError.unsupported("\(shape.count)-D shape \(shapeText)") }
        let count = shape[0] * shape[1]
        let start = headerStart + headerLength
        guard bytes.count - start == 4 * count else {
            throw NumpyFileError.truncated(expectedBytes: 4 * count, actualBytes: bytes.count - start)
        }
        var values = [Float](repeating: 0, count: count)
        for k in 0..<count {
            let o = start + 4 * k
            let bits = UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24
            values[k] = Float(bitPattern: bits)
        }
        return Matrix(rows: shape[0], cols: shape[1], data: values)
    }

    /// The literal after `'key':` in the header dict, up to the next top-level comma or `}`.
    static func value(of key: String, in header: String) throws -> String {
        guard let keyRange = header.range(of: "'\(key)'") else {
            throw NumpyFileError.malformedHeader("no '\(key)' key")
        }
        var rest = header[keyRange.upperBound...].drop { $0 == " " }
        guard rest.first == ":" else { throw NumpyFileError.malformedHeader("no ':' after '\(key)'") }
        rest = rest.dropFirst().drop { $0 == " " }
        var depth = 0
        var out = ""
        for ch in rest {
            if ch == "(" { depth += 1 }
            if ch == ")" { depth -= 1 }
            if depth == 0 && (ch == "," || ch == "}") { break }
            out.append(ch)
        }
        return out.trimmingCharacters(in: .whitespaces)
    }
}
