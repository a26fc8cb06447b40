import Foundation
import VAEEvaluation

/// Test metrics of one configuration over several seeds: per metric the mean over seeds,
/// the sample standard deviation (ddof = 1) and the number of seeds, plus seconds per epoch.
public struct SeedSummary {
    public struct Row: Equatable {
        public var name: String
        public var mean: Double
        public var std: Double
        public var n: Int
        public var values: [Double]
    }

    public var seeds: [Int]
    public var rows: [Row]

    public init(_ runs: [(seed: Int, outcome: TrainingOutcome)]) {
        seeds = runs.map(\.seed)
        var rows: [Row] = []
        for m in runs.first?.outcome.test.metrics ?? [] {
            rows.append(SeedSummary.row(m.description, runs.map { $0.outcome.test.mean(of: m) }))
        }
        rows.append(SeedSummary.row("seconds/epoch", runs.map(\.outcome.secondsPerEpoch)))
        rows.append(SeedSummary.row("selected epoch", runs.map { Double($0.outcome.selectedEpoch) }))
        self.rows = rows
    }

    static func row(_ name: String, _ values: [Double]) -> Row {
        Row(name: name, mean: Statistics.mean(values),
            std: values.count > 1 ? Statistics.standardDeviation(values, ddof: 1) : 0, n: values.count, values: values)
    }

    /// `metric,mean,std_ddof1,n,seed_<s>…`
    public var csv: String {
        var lines = ["metric,mean,std_ddof1,n," + seeds.map { "seed_\($0)" }.joined(separator: ",")]
        for r in rows {
            lines.append("\(r.name),\(String(format9: r.mean)),\(String(format9: r.std)),\(r.n),"
                         + r.values.map { String(format9: $0) }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// An aligned text table: metric, mean ± std (ddof 1), n, and each seed's value.
    public var table: String {
        let header = ["metric", "mean ± std", "n"] + seeds.map { "seed \($0)" }
        let body = rows.map { r in
            [r.name, String(format: "%.4f ± %.4f", r.mean, r.std), String(r.n)] + r.values.map { String(format: "%.4f", $0) }
        }
        let widths = header.indices.map { i in ([header] + body).map { $0[i].count }.max()! }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == 0 ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: widths[i] - c.count) + c }.joined(separator: "  ")
        }
        return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + body.map(line))
            .joined(separator: "\n")
    }
}
