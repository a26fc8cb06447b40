import Foundation
import VAEEvaluation

/// Each group against the spec's baseline: `significance.csv`.
///
/// A group's baseline is the group with the same varied values except the baseline keys,
/// which take the baseline's values (e.g. `model=bivae labelSmoothing=0.001` against
/// `model=bivae labelSmoothing=0`). Per metric:
/// - over users: pairs (seed, test user) present in both groups' runs of the same seed —
///   the paired t-test and the Wilcoxon signed-rank test (two-sided, scipy's defaults);
/// - over seeds: the paired t-test of the per-seed means (needs ≥ 2 common seeds).
/// `delta` is the mean over common seeds of (group − baseline).
public enum SignificanceTable {
    public struct Row {
        public var group: String
        public var baseline: String
        public var metric: String
        public var seeds: Int
        public var delta: Double
        public var users: Int
        public var tUsers: PairedTestResult?
        public var wilcoxonUsers: PairedTestResult?
        public var tSeeds: PairedTestResult?
    }

    public static func rows(_ results: ExperimentResults, baseline: [String: String]) -> [Row] {
        guard !baseline.isEmpty else { return [] }
        var rows: [Row] = []
        let byKnobs = Dictionary(results.groups.map { (knobText($0.knobs), $0) }, uniquingKeysWith: { a, _ in a })
        for g in results.groups {
            guard g.knobs.contains(where: { baseline[$0.key] != nil && baseline[$0.key] != $0.value }) else { continue }
            let target = g.knobs.map { k in PlannedRun.Knob(key: k.key, value: baseline[k.key] ?? k.value) }
            guard let b = byKnobs[knobText(target)] else { continue }
            let bySeed = Dictionary(b.completed.map { ($0.configuration.seed, $0) }, uniquingKeysWith: { a, _ in a })
            let pairs = g.completed.compactMap { r in bySeed[r.configuration.seed].map { (r, $0) } }
            guard !pairs.isEmpty else { continue }
            for metric in results.metricNames {
                var a: [Double] = [], c: [Double] = []
                for (run, base) in pairs {
                    guard let x = run.perUser[metric], let y = base.perUser[metric] else { continue }
                    let baseRow = Dictionary(zip(base.userRows, y), uniquingKeysWith: { p, _ in p })
                    for (row, v) in zip(run.userRows, x) { if let w = baseRow[row] { a.append(v); c.append(w) } }
                }
                let seedA = pairs.compactMap { $0.0.means[metric] }, seedB = pairs.compactMap { $0.1.means[metric] }
                let delta = zip(seedA, seedB).map { $0 - $1 }.reduce(0, +) / Double(max(seedA.count, 1))
                rows.append(Row(group: g.label, baseline: b.label, metric: metric, seeds: pairs.count, delta: delta,
                                users: a.count, tUsers: try? PairedTTest.twoSided(a, c),
                                wilcoxonUsers: try? WilcoxonSignedRank.twoSided(a, c),
                                tSeeds: seedA.count >= 2 ? try? PairedTTest.twoSided(seedA, seedB) : nil))
            }
        }
        return rows
    }

    static func knobText(_ knobs: [PlannedRun.Knob]) -> String {
        knobs.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    public static func csv(_ rows: [Row]) -> String {
        func n(_ x: Double?) -> String { x.map { $0.isFinite ? String(format: "%.6g", $0) : "\($0)" } ?? "" }
        var lines = ["group,baseline,metric,seeds,delta,user_pairs,t_users,p_t_users,wilcoxon_users,p_wilcoxon_users,t_seeds,p_t_seeds"]
        for r in rows {
            lines.append([ResultTables.csvField(r.group), ResultTables.csvField(r.baseline), r.metric, String(r.seeds),
                          String(format: "%.6f", r.delta), String(r.users),
                          n(r.tUsers?.statistic), n(r.tUsers?.pValue), n(r.wilcoxonUsers?.statistic), n(r.wilcoxonUsers?.pValue),
                          n(r.tSeeds?.statistic), n(r.tSeeds?.pValue)].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
