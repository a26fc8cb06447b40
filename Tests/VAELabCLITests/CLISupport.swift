import Foundation
import Testing
import VAELabCLI

/// Runs `vaelab` in-process and captures what it writes.
func runCLI(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
    var out: [String] = [], err: [String] = []
    let console = Console(out: { out.append($0) }, err: { err.append($0) })
    let status = VAELabMain.run(arguments, console: console)
    return (status, out.joined(separator: "\n"), err.joined(separator: "\n"))
}

/// Compares `text` with `Golden/<name>.txt`; with `VAELAB_UPDATE_GOLDEN=1` rewrites it.
///
/// With a `numericTolerance`, the texts must agree word for word except that numbers may
/// differ by that much: trained metrics move in the last digits when OpenBLAS picks another
/// kernel on another CPU, and the golden file must not fail for that.
func expectGolden(_ text: String, _ name: String, numericTolerance: Double = 0,
                  sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name).txt")
    if ProcessInfo.processInfo.environment["VAELAB_UPDATE_GOLDEN"] == "1" {
        try (text + "\n").write(to: url, atomically: true, encoding: .utf8)
        return
    }
    let golden = try String(contentsOf: url, encoding: .utf8)
    guard numericTolerance > 0 else {
        #expect(text + "\n" == golden, "output differs from Golden/\(name).txt", sourceLocation: sourceLocation)
        return
    }
    let a = (text + "\n").split(whereSeparator: \.isWhitespace), b = golden.split(whereSeparator: \.isWhitespace)
    #expect(a.count == b.count, "output differs from Golden/\(name).txt in length", sourceLocation: sourceLocation)
    for (x, y) in zip(a, b) where x != y {
        if let u = Double(x), let v = Double(y), abs(u - v) <= numericTolerance { continue }
        Issue.record("output differs from Golden/\(name).txt: '\(x)' where the golden file has '\(y)'", sourceLocation: sourceLocation)
        return
    }
}

/// The `vaelab` executable SwiftPM builds next to the test bundle, for tests that launch it
/// as a separate process (exit status, signals, two processes on one folder).
func vaelabExecutable() throws -> URL {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("vaelab")
    try #require(FileManager.default.isExecutableFile(atPath: binary.path), "vaelab not built next to the tests at \(binary.path)")
    return binary
}

/// A fresh temporary folder.
func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("vaelab-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A MovieLens-100K-style `u.data` file (tab-separated user, item, rating, timestamp):
/// 90 users in three taste groups over 30 items; ratings 4–5 inside a user's group's block,
/// 1–3 elsewhere, so the `>3.5` threshold keeps the block structure.
func writeFixtureRatings(to url: URL) throws {
    var lines: [String] = []
    var state: UInt64 = 12345
    func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state >> 33
    }
    for u in 1...90 {
        let group = u % 3
        for i in 1...30 {
            let inBlock = (i - 1) / 10 == group
            let r = next() % 100
            if inBlock && r < 70 {
                lines.append("\(u)\t\(i)\t\(4 + next() % 2)\t\(880_000_000 + u * 100 + i)")
            } else if !inBlock && r < 15 {
                lines.append("\(u)\t\(i)\t\(1 + next() % 3)\t\(880_000_000 + u * 100 + i)")
            }
        }
    }
    try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
}

/// Replaces every run of digits after "[" and before " s/epoch]" — and the seconds row of a
/// summary table — so timing does not enter golden files.
func maskTimings(_ s: String) -> String {
    s.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
        if line.hasPrefix("seconds/epoch") { return "seconds/epoch <masked>" }
        if let r = line.range(of: "  [") { return String(line[..<r.lowerBound]) + "  [<masked> s/epoch]" }
        return String(line)
    }.joined(separator: "\n")
}
