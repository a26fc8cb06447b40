import Foundation

/// One line of a text file as raw bytes, without its `\n` and without a trailing `\r`
/// (so CRLF files read like LF files). `number` is 1-based.
struct TextLine {
    let bytes: UnsafeBufferPointer<UInt8>
    let number: Int

    /// The line as a `String` (only built for error messages and headers).
    var text: String { String(decoding: bytes, as: UTF8.self) }

    var isBlank: Bool { bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 } }
}

/// Byte-level access to text files: whole-file reads and fast line iteration.
///
/// Files are read as bytes (memory-mapped when possible) and split on `\n` without
/// building a `String` per line, which keeps 20M-line files fast.
enum TextFile {
    /// The bytes of the file at `url`, memory-mapped when the system allows it.
    static func read(_ url: URL) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw DataError.unreadable(path: url.path, reason: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw DataError.unreadable(path: url.path, reason: "is a directory, expected a file")
        }
        do {
            return try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw DataError.unreadable(path: url.path, reason: "\(error.localizedDescription)")
        }
    }

    /// Calls `body` for every line of `data` in file order.
    ///
    /// Lines end at `\n`; a `\r` just before it is dropped (CRLF). Empty lines at the very
    /// end of the file (including the empty "line" after a final `\n`) are not reported;
    /// empty lines anywhere else are, so a reader can reject them. A UTF-8 byte-order mark
    /// at the start of the file is skipped.
    static func forEachLine(in data: Data, _ body: (TextLine) throws -> Void) throws {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let all = raw.bindMemory(to: UInt8.self)
            // Find where the trailing blank lines start, so they are skipped.
            var end = all.count
            while end > 0, all[end - 1] == 0x0A || all[end - 1] == 0x0D { end -= 1 }
            guard end > 0, let base = all.baseAddress else { return }
            var start = 0
            if end >= 3, all[0] == 0xEF, all[1] == 0xBB, all[2] == 0xBF { start = 3 }
            var number = 1
            while start < end {
                var stop = start
                // memchr is much faster than a Swift byte loop on long files.
                if let hit = memchr(base + start, 0x0A, end - start) {
                    stop = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                } else {
                    stop = end
                }
                var lineEnd = stop
                if lineEnd > start, base[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                try body(TextLine(bytes: UnsafeBufferPointer(start: base + start, count: lineEnd - start), number: number))
                start = stop + 1
                number += 1
            }
        }
    }
}
