import Foundation
import Testing
@testable import VAELabCLI

/// Which code a run's binary holds (`status.json` `buildCommit`), on a throw-away git
/// checkout and a stand-in executable.
@Suite("Build commit: recorded only when the binary holds exactly the committed code")
struct BuildCommitTests {
    func git(_ args: [String], in dir: URL) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["git", "-C", dir.path, "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"] + args
        p.standardOutput = Pipe()
        p.standardError = Pipe()
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "git \(args)")
    }

    func touch(_ url: URL, _ date: Date) throws {
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: url.path)
    }

    @Test("Binary newer than clean committed code: that commit; code newer than the binary, or uncommitted: none, with the reason")
    func cases() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vaelab-build-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("Sources/A"), withIntermediateDirectories: true)
        let source = dir.appendingPathComponent("Sources/A/a.swift"), package = dir.appendingPathComponent("Package.swift")
        try "let a = 1\n".write(to: source, atomically: true, encoding: .utf8)
        try "// package\n".write(to: package, atomically: true, encoding: .utf8)
        let exe = dir.appendingPathComponent("vaelab")
        try "binary".write(to: exe, atomically: true, encoding: .utf8)
        try git(["init", "-q"], in: dir)
        try git(["add", "Sources", "Package.swift"], in: dir)
        try git(["commit", "-q", "-m", "code"], in: dir)
        let old = Date(timeIntervalSinceNow: -3600), now = Date()
        try touch(source, old)
        try touch(package, old)
        try touch(exe, now)
        let clean = GitInfo.buildCommit(root: dir, executable: exe)
        #expect(clean.commit?.count == 12 && clean.reason == nil)

        try touch(exe, Date(timeIntervalSinceNow: -7200))   // built before the code was written
        let stale = GitInfo.buildCommit(root: dir, executable: exe)
        #expect(stale.commit == nil && stale.reason?.contains("older than the code") == true)

        try touch(exe, now)
        try "let a = 2\n".write(to: source, atomically: true, encoding: .utf8)
        try touch(source, old)
        let dirty = GitInfo.buildCommit(root: dir, executable: exe)
        #expect(dirty.commit == nil && dirty.reason?.contains("uncommitted") == true)
    }
}
