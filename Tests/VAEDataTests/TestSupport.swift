import Foundation
import Testing
@testable import VAEData
import VAENumerics

/// A fresh temporary directory for one test's fixtures.
struct Fixtures {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vaedata-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` inside the directory and returns its URL.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// The real datasets: `../shared/data` from the package root, or `$VAELAB_SHARED_DATA`.
enum SharedData {
    static let directory: URL = {
        if let override = ProcessInfo.processInfo.environment["VAELAB_SHARED_DATA"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        // #filePath = <root>/Tests/VAEDataTests/TestSupport.swift
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared/data")
    }()

    static var available: Bool {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent("akindle/train.csv").path)
    }

    static let skipMessage = "real datasets not found at ../shared/data (set VAELAB_SHARED_DATA to their folder)"

    static func url(_ relative: String) -> URL { directory.appendingPathComponent(relative) }
}

/// Reads `text` written to a temporary file in `format`.
func readFixture(_ text: String, format: DataFormat, name: String = "data.txt") throws -> InteractionTable {
    let fixtures = try Fixtures()
    defer { fixtures.remove() }
    return try InteractionReader.read(try fixtures.write(name, text), format: format)
}

/// The `DataError` thrown by `body`, or nil if it did not throw one.
func dataError(_ body: () throws -> Void) -> DataError? {
    do { try body() } catch let error as DataError { return error } catch { return nil }
    return nil
}

/// Row `r` of `m` as Int column indices.
func columns(_ m: SparseMatrix, _ r: Int) -> [Int] { m.columns(ofRow: r).map { Int($0) } }
