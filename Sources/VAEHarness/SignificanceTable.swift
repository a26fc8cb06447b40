import Foundation
import VAEEvaluation

/// Each group against the spec's baseline: `significance.csv`.
///
/// A group's baseline is the group with the same varied values except the baseline keys,
/// which take the baseline's values (e.g. `model=bivae labelSmoothing=0.001` against
/// `model=bivae labelSmoothing=0`). Per metric, over all test users (`activity` = `all`)
/// and again within each activity group of users (history-length bins, placed by the
/// group's own runs):
/// - over users: pairs (seed, test user) present in both groups' runs of the same seed —
///   the paired t-test and the Wilcoxon signed-rank test (two-sided, scipy's defaults);
/// - over seeds: the paired t-test of the per-seed means (needs ≥ 2 common seeds).
/// `delta` is the mean over common seeds of (group − baseline).
public enum SignificanceTable {
    public struct Row {
        public var group: String
        public var baseline: String
        public var metric: String
        /// `all`, or the label of an activity group (`11-50`).
        public var activity: String = "all"
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
        let labels = results.activityBins.labels
        for g in results.groups {
            guard g.knobs.contains(where: { baseline[$0.key] != nil && baseline[$0.key] != $0.value }) else { continue }
            let target = g.knobs.map { k in PlannedRun.Knob(key: k.key, value: baseline[k.key] ?? k.value) }
            guard let b = byKnobs[knobText(target)] else { continue }
            let bySeed = Dictionary(b.completed.map { ($0.configuration.seed, $0) }, uniquingKeysWith: { a, _ in a })
            let pairs = g.completed.compactMap { r in bySeed[r.configuration.seed].map { (r, $0) } }
            guard !pairs.isEmpty else { continue }
            for metric in results.metricNames {
                rows.append(row(g.label, b.label, metric, activity: "all", pairs: pairs) { run in run.userRows.indices.map { $0 } })
                for a in results.activityGroups {
                    let r = row(g.label, b.label, metric, activity: labels[a], pairs: pairs) { results.members($0, activity: a) }
                    if r.users > 0 { rows.append(r) }
                }
            }
        }
        return rows
    }

    /// The tests of `metric` over the users `members(run)` selects in each group run (nil:
    /// the run cannot say), paired with the same users of the baseline's run of that seed.
    static func row(_ group: String, _ baseline: String, _ metric: String, activity: String,
                    pairs: [(RecordedRun, RecordedRun)], members: (RecordedRun) -> [Int]?) -> Row {
        var a: [Double] = [], c: [Double] = []
        var seedA: [Double] = [], seedB: [Double] = []
        for (run, base) in pairs {
            guard let x = run.perUser[metric], let y = base.perUser[metric], let chosen = members(run) else { continue }
            let baseRow = Dictionary(zip(base.userRows, y), uniquingKeysWith: { p, _ in p })
            var sa: [Double] = [], sb: [Double] = []
            for i in chosen { if let w = baseRow[run.userRows[i]] { sa.append(x[i]); sb.append(w) } }
            a += sa
            c += sb
            if activity == "all" {
                // The runs' recorded means (every evaluated user).
                if let ma = run.means[metric], let mb = base.means[metric] { seedA.append(ma); seedB.append(mb) }
            } else if !sa.isEmpty {
                seedA.append(Statistics.mean(sa))
                seedB.append(Statistics.mean(sb))
            }
        }
        let delta = zip(seedA, seedB).map { $0 - $1 }.reduce(0, +) / Double(max(seedA.count, 1))
        return Row(group: group, baseline: baseline, metric: metric, activity: activity, seeds: activity == "all" ? pairs.count : seedA.count,
                   delta: delta, users: a.count, tUsers: try? PairedTTest.twoSided(a, c),
                   wilcoxonUsers: try? WilcoxonSignedRank.twoSided(a, c),
                   tSeeds: seedA.count >= 2 ? try? PairedTTest.twoSided(seedA, seedB) : nil)
    }

    static func knobText(_ knobs: [PlannedRun.Knob]) -> String {
        knobs.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    public static func csv(_ rows: [Row]) -> String {
        func n(_ x: Double?) -> String { x.map { $0.isFinite ? String(format: "%.6g", $0) : "\($0)" } ?? "" }
        var lines = ["group,baseline,metric,activity,seeds,delta,user_pairs,t_users,p_t_users,wilcoxon_users,p_wilcoxon_users,t_seeds,p_t_seeds"]
        for r in rows {
            lines.append([ResultTables.csvField(r.group), ResultTables.csvField(r.baseline), r.metric, r.activity, String(r.seeds),
                          String(format: "%.6f", r.delta), String(r.users),
                          n(r.tUsers?.statistic), n(r.tUsers?.pValue), n(r.wilcoxonUsers?.statistic), n(r.wilcoxonUsers?.pValue),
                          n(r.tSeeds?.statistic), n(r.tSeeds?.pValue)].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
