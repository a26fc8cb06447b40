import Foundation

/// A directory of prepared splits stored in binary, so a run does not re-parse and
/// re-split large files.
///
/// Key = SHA-256 over the kind of split, the SHA-256 of every source file's content (a
/// directory contributes each regular file's name and content hash, in sorted name order)
/// and the caller's parameter text (every preprocessing and split option). Changing any
/// file byte or any parameter changes the key, so the split is rebuilt.
///
/// File layout: magic `VAESPLT1`, the 64-hex-digit key, payload length (UInt64 LE), the
/// payload, then the SHA-256 of the payload. A file whose magic, key, length or checksum
/// does not match, or whose payload does not decode, is not trusted: the split is rebuilt
/// and the file rewritten. Writes go to a temporary file that is then renamed into place,
/// so a crash never leaves a half-written cache file under the final name.
public struct SplitCache: Sendable {
    public enum Outcome: String, Sendable {
        /// A valid cache file was loaded.
        case hit
        /// No cache file existed for this key; the split was built and stored.
        case built
        /// A cache file existed but was corrupt or truncated; the split was rebuilt.
        case rebuiltCorrupt = "rebuilt-corrupt"
    }

    public let directory: URL
    private static let magic = Array("VAESPLT1".utf8)

    public init(directory: URL) { self.directory = directory }

    /// The cache key for `sources` and `parameters` (hex SHA-256).
    public static func key(kind: String, sources: [URL], parameters: String) throws -> String {
        var text = "kind=\(kind)\n"
        for url in sources { text += "source=\(try fingerprint(url))\n" }
        text += "parameters=\(parameters)\n"
        return SHA256.hex(text)
    }

    /// SHA-256 of a file's content, or of a directory's sorted (name, content hash) list.
    public static func fingerprint(_ url: URL) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw DataError.unreadable(path: url.path, reason: "no such file or directory")
        }
        guard isDirectory.boolValue else { return try SHA256.hex(fileAt: url) }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        var text = ""
        for name in names.sorted() {
            let child = url.appendingPathComponent(name)
            var childIsDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: child.path, isDirectory: &childIsDirectory), !childIsDirectory.boolValue {
                text += "\(name) \(try SHA256.hex(fileAt: child))\n"
            }
        }
        return SHA256.hex(text)
    }

    /// The file a key is stored in.
    public func fileURL(kind: String, key: String) -> URL {
        directory.appendingPathComponent("\(kind)-\(key).vaesplit")
    }

    /// Loads the split for (`sources`, `parameters`) or builds it with `build` and stores
    /// it. Returns the value, what happened, and a log line saying so.
    public func value<T: SplitCacheable>(_ type: T.Type = T.self, sources: [URL], parameters: String,
                                         build: () throws -> T) throws -> (value: T, outcome: Outcome, log: String) {
        let key = try SplitCache.key(kind: T.cacheKind, sources: sources, parameters: parameters)
        let url = fileURL(kind: T.cacheKind, key: key)
        var outcome = Outcome.built
        var reason = ""
        if FileManager.default.fileExists(atPath: url.path) {
            do {
                let value: T = try load(url, key: key)
                return (value, .hit, "cache hit: \(url.path)")
            } catch {
                outcome = .rebuiltCorrupt
                reason = " (\(error))"
            }
        }
        let value = try build()
        try store(value, key: key, at: url)
        let verb = outcome == .built ? "cache miss: built and stored" : "cache file corrupt\(reason): rebuilt and stored"
        return (value, outcome, "\(verb) \(url.path)")
    }

    func load<T: SplitCacheable>(_ url: URL, key: String) throws -> T {
        let bytes = [UInt8](try Data(contentsOf: url))
        let header = SplitCache.magic.count + 64 + 8
        guard bytes.count >= header + 32, Array(bytes[0..<SplitCache.magic.count]) == SplitCache.magic else {
            throw BinaryReader.Corrupt(description: "bad magic or too short")
        }
        guard String(decoding: bytes[SplitCache.magic.count..<(SplitCache.magic.count + 64)], as: UTF8.self) == key else {
            throw BinaryReader.Corrupt(description: "stored key differs")
        }
        var lengthReader = BinaryReader(Array(bytes[(header - 8)..<header]))
        let length = try lengthReader.readUInt64()
        guard UInt64(bytes.count) == UInt64(header) + length + 32 else {
            throw BinaryReader.Corrupt(description: "length \(bytes.count) does not match the stored payload length \(length)")
        }
        let payload = Array(bytes[header..<(header + Int(length))])
        var hasher = SHA256()
        hasher.update(payload)
        guard hasher.finalize() == Array(bytes[(header + Int(length))...]) else {
            throw BinaryReader.Corrupt(description: "payload checksum mismatch")
        }
        var reader = BinaryReader(payload)
        let value = try T(from: &reader)
        guard reader.isAtEnd else { throw BinaryReader.Corrupt(description: "trailing bytes after the payload") }
        return value
    }

    func store<T: SplitCacheable>(_ value: T, key: String, at url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw DataError.unwritable(path: directory.path, reason: error.localizedDescription)
        }
        var writer = BinaryWriter()
        value.encode(to: &writer)
        var hasher = SHA256()
        hasher.update(writer.bytes)
        var lengthWriter = BinaryWriter()
        lengthWriter.write(UInt64(writer.bytes.count))
        var file = Data(SplitCache.magic)
        file.append(contentsOf: Array(key.utf8))
        file.append(contentsOf: lengthWriter.bytes)
        file.append(contentsOf: writer.bytes)
        file.append(contentsOf: hasher.finalize())
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try file.write(to: temporary)
        } catch {
            throw DataError.unwritable(path: temporary.path, reason: error.localizedDescription)
        }
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw DataError.unwritable(path: url.path, reason: "rename from \(temporary.lastPathComponent) failed (errno \(errno))")
        }
    }
}
