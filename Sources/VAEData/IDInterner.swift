/// Maps raw id tokens (byte strings) to dense indices `0, 1, 2, …` in order of first
/// appearance, keeping each raw id as a `String`.
///
/// Lookup works on the raw bytes (FNV-1a hash, open addressing), so a `String` is built
/// only once per distinct id, not once per line.
struct IDInterner {
    /// Raw ids in index order.
    private(set) var ids: [String] = []
    private var keyBytes: [UInt8] = []
    private var keyOffsets: [Int] = [0]
    private var hashes: [UInt64] = []
    private var slots: [Int32] = [Int32](repeating: -1, count: 1 << 10)

    var count: Int { ids.count }

    init() {}

    /// Starts from existing raw ids (indices keep their positions).
    init(ids existing: [String]) {
        for id in existing {
            var copy = id
            copy.withUTF8 { _ = intern($0) }
        }
    }

    /// The index of `key`, adding it at the end if it is new.
    mutating func intern(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = IDInterner.hash(key)
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = slots[s]
            if entry < 0 { break }
            if hashes[Int(entry)] == h && equals(Int(entry), key) { return entry }
            s = (s + 1) & mask
        }
        let index = Int32(ids.count)
        slots[s] = index
        hashes.append(h)
        keyBytes.append(contentsOf: key)
        keyOffsets.append(keyBytes.count)
        ids.append(String(decoding: key, as: UTF8.self))
        if ids.count * 2 > slots.count { grow() }
        return index
    }

    /// The index of `key` if it was interned, without adding it.
    func lookup(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        let h = IDInterner.hash(key)
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = slots[s]
            if entry < 0 { return nil }
            if hashes[Int(entry)] == h && equals(Int(entry), key) { return entry }
            s = (s + 1) & mask
        }
    }

    /// `intern` for a `String` key.
    mutating func intern(_ key: String) -> Int32 {
        var copy = key
        return copy.withUTF8 { intern($0) }
    }

    /// `lookup` for a `String` key.
    func lookup(_ key: String) -> Int32? {
        var copy = key
        return copy.withUTF8 { lookup($0) }
    }

    private func equals(_ index: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = keyOffsets[index], end = keyOffsets[index + 1]
        guard end - start == key.count else { return false }
        var i = 0
        while i < key.count {
            if keyBytes[start + i] != key[i] { return false }
            i += 1
        }
        return true
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (index, h) in hashes.enumerated() {
            var s = Int(truncatingIfNeeded: h) & mask
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(index)
        }
    }

    /// 64-bit FNV-1a followed by a final avalanche, so low bits are well mixed.
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }
}
