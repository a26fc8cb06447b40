import Foundation
import Testing
@testable import VAEData

@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func chunkedUpdatesEqualOneShot() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var hasher = SHA256()
        var offset = 0
        for size in [1, 63, 64, 65, 3, 200, 7] where offset < message.count {
            let end = min(offset + size, message.count)
            hasher.update(message[offset..<end])
            offset = end
        }
        hasher.update(message[offset...])
        #expect(SHA256.hexString(hasher.finalize()) == SHA256.hex(message))
    }

    @Test func fileHashEqualsContentHash() throws {
        let f = try Fixtures()
        defer { f.remove() }
        let url = try f.write("x.txt", String(repeating: "line\n", count: 2_000_000))  // 10 MB: several chunks
        #expect(try SHA256.hex(fileAt: url) == SHA256.hex(Array(String(repeating: "line\n", count: 2_000_000).utf8)))
    }
}
