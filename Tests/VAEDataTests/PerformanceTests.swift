import Foundation
import Testing
@testable import VAEData

/// An opt-in timing check: set `VAELAB_PERF_ROWS` (e.g. 20000000) to write an ML-20M-shaped
/// `ratings.csv` of that many rows to a temporary directory and time reading, preprocessing
/// and the strong-generalisation split. Prints the timings; fails only on wrong counts.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["VAELAB_PERF_ROWS"] != nil, "set VAELAB_PERF_ROWS to run"))
struct PerformanceTests {
    @Test func ml20mShapedFile() throws {
        let rows = Int(ProcessInfo.processInfo.environment["VAELAB_PERF_ROWS"] ?? "") ?? 1_000_000
        let f = try Fixtures()
        defer { f.remove() }
        let url = f.directory.appendingPathComponent("ratings.csv")
        var text = "userId,movieId,rating,timestamp\n"
        text.reserveCapacity(rows * 28)
        var state: UInt64 = 42
        var user = 1
        for k in 0..<rows {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            if k % 144 == 0 { user += 1 }
            let movie = Int((state >> 33) % 27_000) + 1
            let rating = Double(Int((state >> 20) % 10) + 1) / 2
            text += "\(user),\(movie),\(rating),1112486027\n"
        }
        try Data(text.utf8).write(to: url)
        text = ""
        let clock = ContinuousClock()
        var table: InteractionTable!
        let read = clock.measure { table = try? InteractionReader.read(url, format: .ml20m) }
        #expect(table.count == rows)
        var filtered: InteractionTable!
        let pre = clock.measure { filtered = try? Preprocessing.apply(table, StrongGeneralizationProtocol.ml20m.preprocessing) }
        var split: StrongGeneralizationSplit!
        let h = min(10_000, filtered.userCount / 4)
        let sg = clock.measure { split = try? StrongGeneralizationSplit.make(from: filtered, options: .init(heldOutUsers: h)) }
        #expect(split != nil)
        print("perf: \(rows) rows: read \(read), preprocess \(pre), split \(sg)")
    }
}
