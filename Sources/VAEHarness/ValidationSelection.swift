import Foundation

/// A grid read as a hyperparameter search: which configuration a researcher would pick by
/// the validation metric, and what it then reports on the test users.
///
/// A group's score is the mean over its completed seeds of `metric` on the validation users,
/// at each run's selected epoch (`metrics.json` → `validation`):
///
///     score(g) = (1/n_g) Σ_{s ∈ seeds(g)} val_metric(g, s)
///
/// and the selected group is `argmax_g score(g)` (ties: the first in the grid's order). Test
/// metrics play no part in the choice. Groups whose runs recorded no validation value are
/// left out; with fewer than two scored groups there is nothing to choose and no selection.
public struct ValidationSelection {
    public struct Entry {
        public var group: ExperimentResults.Group
        /// The validation metric over the group's seeds.
        public var validation: ExperimentResults.Cell
    }

    /// The validation metric the groups are ranked by (higher is better, as every metric of
    /// VAELab is).
    public var metric: String
    /// Scored groups, best first.
    public var ranked: [Entry]

    public var selected: Entry { ranked[0] }

    /// Ranks `results`' groups by their validation `metric`; by default the runs' own
    /// `selectionMetric` when they agree on one, else the first metric.
    public init?(_ results: ExperimentResults, metric: String? = nil) {
        let runMetrics = Set(results.runs.map(\.configuration.selectionMetric))
        guard let name = metric ?? (runMetrics.count == 1 ? runMetrics.first : results.metricNames.first) else { return nil }
        let scored = results.groups.enumerated().compactMap { index, group -> (Int, Entry)? in
            let cell = ExperimentResults.cell(group.completed.compactMap { $0.validation[name] })
            return cell.n > 0 ? (index, Entry(group: group, validation: cell)) : nil
        }
        guard scored.count >= 2 else { return nil }
        self.metric = name
        ranked = scored.sorted { a, b in
            a.1.validation.mean != b.1.validation.mean ? a.1.validation.mean > b.1.validation.mean : a.0 < b.0
        }.map(\.1)
    }

    /// Rows of `rank | knobs… | n | validation metric | test metrics…` (4 decimals, `mean ±
    /// std` over seeds), best first, at most `limit` of them.
    func rows(_ results: ExperimentResults, limit: Int) -> (header: [String], rows: [[String]]) {
        let header = ["rank"] + results.variedKeys + ["n", "validation \(metric)"] + results.metricNames.map { "test \($0)" }
        let rows = ranked.prefix(limit).enumerated().map { rank, entry -> [String] in
            [String(rank + 1)] + entry.group.knobs.map(\.value) + [String(entry.validation.n), ResultTables.meanStd(entry.validation)]
                + results.metricNames.map { ResultTables.meanStd(results.cell(entry.group, $0)) }
        }
        return (header, rows)
    }

    /// `selected by validation NDCG@100: betaCap=0.1 … (0.5108 ± 0.0031 over 3 seeds); test NDCG@100 0.4642 ± 0.0051`.
    func summaryLine(_ results: ExperimentResults) -> String {
        let s = selected
        let test = results.metricNames.map { "\($0) \(ResultTables.meanStd(results.cell(s.group, $0)))" }.joined(separator: ", ")
        return "selected by validation \(metric): \(s.group.label) (\(ResultTables.meanStd(s.validation)) over "
            + "\(s.validation.n) seed\(s.validation.n == 1 ? "" : "s"), best of \(ranked.count) groups); test \(test)"
    }
}
