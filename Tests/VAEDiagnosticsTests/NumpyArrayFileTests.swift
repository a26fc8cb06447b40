import Foundation
import Testing
import VAENumerics
import VAEDiagnostics
import VAETestSupport

/// Whether `python3 -c "import numpy"` succeeds on this machine.
let numpyAvailable: Bool = {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", "import numpy"]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    do { try p.run() } catch { return false }
    p.waitUntilExit()
    return p.terminationStatus == 0
}()

func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vaediag-npy-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

@Suite struct NumpyArrayFileTests {
    @Test func headerLayout() {
        let m = Matrix([[1, -2], [0.5, 0], [3, 4]])
        let bytes = NumpyArrayFile.encode(m)
        #expect(Array(bytes[0..<8]) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        #expect(bytes.count == 10 + headerLength + 4 * 6)
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        let dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }"
        #expect(header.hasPrefix(dict))
        #expect(header.hasSuffix("\n"))
        #expect(header.dropFirst(dict.count).dropLast().allSatisfy { $0 == " " })
        // 1.0f is 0x3F800000, little-endian; −2.0f is 0xC0000000.
        #expect(Array(bytes[(10 + headerLength)..<(10 + headerLength + 8)]) == [0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0])
    }

    @Test(arguments: [(3, 2), (0, 4), (1, 1), (200, 64), (12345678, 0)])
    func roundTripKeepsBits(rows: Int, cols: Int) throws {
        var m = randomMatrix(rows, cols, seed: UInt64(rows + cols))
        if m.count >= 5 {
            m.data[0] = .nan; m.data[1] = -0.0; m.data[2] = .infinity
            m.data[3] = .leastNonzeroMagnitude; m.data[4] = -.greatestFiniteMagnitude
        }
        let bytes = NumpyArrayFile.encode(m)
        #expect((bytes.count - 4 * m.count) % 64 == 0)
        let back = try NumpyArrayFile.decode(bytes)
        #expect(back.rows == rows && back.cols == cols)
        #expect(back.data.map(\.bitPattern) == m.data.map(\.bitPattern))
    }

    @Test func fileRoundTrip() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let m = randomMatrix(17, 5, seed: 3)
        let url = dir.appendingPathComponent("e.npy")
        try NumpyArrayFile.write(m, to: url)
        #expect(try NumpyArrayFile.read(from: url) == m)
    }

    @Test func rejectsWhatItCannotRead() {
        func bytes(_ dict: String, payload: Int) -> [UInt8] {
            var h = dict
            while (10 + h.utf8.count + 1) % 64 != 0 { h += " " }
            h += "\n"
            let n = h.utf8.count
            return [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(n & 0xFF), UInt8(n >> 8)] + Array(h.utf8)
                + [UInt8](repeating: 0, count: payload)
        }
        #expect(throws: NumpyFileError.notNumpy) { try NumpyArrayFile.decode([1, 2, 3]) }
        #expect(throws: NumpyFileError.self) {
            try NumpyArrayFile.decode(bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", payload: 32))
        }
        #expect(throws: NumpyFileError.self) {
            try NumpyArrayFile.decode(bytes("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", payload: 16))
        }
        #expect(throws: NumpyFileError.self) {
            try NumpyArrayFile.decode(bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", payload: 16))
        }
        #expect(throws: NumpyFileError.truncated(expectedBytes: 16, actualBytes: 12)) {
            try NumpyArrayFile.decode(bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }", payload: 12))
        }
        // Key order in the dict does not matter.
        #expect((try? NumpyArrayFile.decode(bytes("{'shape': (1, 2), 'fortran_order': False, 'descr': '<f4'}", payload: 8)))
            == Matrix(rows: 1, cols: 2))
    }

    /// Swift → numpy → Swift, when python3 with numpy is installed.
    @Test(.enabled(if: numpyAvailable, "python3 with numpy is not installed"))
    func roundTripThroughNumpy() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var m = Matrix(rows: 70, cols: 3)
        for i in 0..<70 { for j in 0..<3 { m[i, j] = Float(i) * 0.25 - Float(j) * 1.5 } }
        let swiftFile = dir.appendingPathComponent("from_swift.npy")
        let numpyFile = dir.appendingPathComponent("from_numpy.npy")
        try NumpyArrayFile.write(m, to: swiftFile)
        let script = """
        import sys, numpy as np
        a = np.load(sys.argv[1])
        assert a.dtype == np.dtype('<f4'), a.dtype
        assert a.shape == (70, 3), a.shape
        assert a.flags['C_CONTIGUOUS']
        i, j = np.meshgrid(np.arange(70), np.arange(3), indexing='ij')
        assert np.array_equal(a, (i * 0.25 - j * 1.5).astype(np.float32))
        b = (np.arange(4 * 6, dtype=np.float32).reshape(4, 6) / 3 - 2)
        np.save(sys.argv[2], b)
        """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, swiftFile.path, numpyFile.path]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let back = try NumpyArrayFile.read(from: numpyFile)
        #expect(back.rows == 4 && back.cols == 6)
        #expect(back.data == (0..<24).map { Float($0) / 3 - 2 })
    }
}
