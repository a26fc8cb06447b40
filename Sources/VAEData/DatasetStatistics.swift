import Foundation

/// Summary statistics of an interaction table, for `vaelab data stats PATH --format F`.
public struct DatasetStatistics: Sendable, Equatable, CustomStringConvertible {
    /// min / median / mean / max of a count distribution (median as numpy: mean of the two
    /// middle values for an even count).
    public struct Summary: Sendable, Equatable {
        public var min: Int
        public var median: Double
        public var mean: Double
        public var max: Int

        init(_ values: [Int]) {
            let s = values.sorted()
            min = s.first ?? 0
            max = s.last ?? 0
            mean = s.isEmpty ? 0 : Double(s.reduce(0, +)) / Double(s.count)
            if s.isEmpty { median = 0 } else if s.count % 2 == 1 { median = Double(s[s.count / 2]) } else {
                median = Double(s[s.count / 2 - 1] + s[s.count / 2]) / 2
            }
        }
    }

    public var rows: Int
    public var users: Int
    public var items: Int
    /// Distinct (user, item) pairs (rows minus repeats).
    public var distinctPairs: Int
    /// distinctPairs / (users · items).
    public var density: Double
    public var perUser: Summary
    public var perItem: Summary
    /// (rating, rows) in ascending rating order; nil if the data has no ratings.
    public var ratingHistogram: [RatingCount]?
    /// The reader's log.
    public var log: [String]

    public struct RatingCount: Sendable, Equatable {
        public var rating: Float
        public var count: Int
    }

    /// Statistics of `table` (rows counted as events, repeats included; density over
    /// distinct pairs).
    public init(_ table: InteractionTable) {
        rows = table.count
        users = table.userCount
        items = table.itemCount
        var perUserCounts = [Int](repeating: 0, count: users), perItemCounts = [Int](repeating: 0, count: items)
        for u in table.users { perUserCounts[Int(u)] += 1 }
        for i in table.items { perItemCounts[Int(i)] += 1 }
        perUser = Summary(perUserCounts)
        perItem = Summary(perItemCounts)
        let (offsets, byUser) = table.rowsByUser()
        var last = [Int32](repeating: -1, count: items)
        var distinct = 0
        for u in 0..<users {
            for k in offsets[u]..<offsets[u + 1] {
                let i = Int(table.items[Int(byUser[k])])
                if last[i] != Int32(u) { last[i] = Int32(u); distinct += 1 }
            }
        }
        distinctPairs = distinct
        density = users * items == 0 ? 0 : Double(distinct) / (Double(users) * Double(items))
        if let ratings = table.ratings {
            var counts: [Float: Int] = [:]
            for r in ratings { counts[r, default: 0] += 1 }
            ratingHistogram = counts.keys.sorted().map { RatingCount(rating: $0, count: counts[$0]!) }
        } else {
            ratingHistogram = nil
        }
        log = table.log
    }

    /// Reads `path` as `format` and computes its statistics.
    public static func compute(path: URL, format: DataFormat) throws -> DatasetStatistics {
        DatasetStatistics(try InteractionReader.read(path, format: format))
    }

    public var description: String {
        func f(_ x: Double) -> String { String(format: "%.2f", x) }
        var lines = [
            "rows:            \(rows)",
            "users:           \(users)",
            "items:           \(items)",
            "distinct pairs:  \(distinctPairs)" + (distinctPairs < rows ? " (\(rows - distinctPairs) repeated rows)" : ""),
            "density:         \(String(format: "%.6f", density)) (\(String(format: "%.4f", density * 100)) %)",
            "per user:        min \(perUser.min), median \(f(perUser.median)), mean \(f(perUser.mean)), max \(perUser.max)",
            "per item:        min \(perItem.min), median \(f(perItem.median)), mean \(f(perItem.mean)), max \(perItem.max)",
        ]
        if let histogram = ratingHistogram {
            if histogram.count <= 20 {
                lines.append("ratings:")
                for entry in histogram { lines.append("  \(entry.rating): \(entry.count)") }
            } else {
                lines.append("ratings:         \(histogram.count) distinct values from \(histogram.first!.rating) to \(histogram.last!.rating)")
            }
        } else {
            lines.append("ratings:         none (every row is a positive)")
        }
        if !log.isEmpty {
            lines.append("log:")
            lines += log.map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }
}
