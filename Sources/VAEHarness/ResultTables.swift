import Foundation

/// The CSV and text tables of an experiment, with a fixed row order and fixed numeric
/// precision so they diff cleanly:
///
/// - `runs.csv`: one row per run — identity, status, every knob, every metric, epochs,
///   selected epoch, train and evaluation seconds (and `searched_beta` when a run searched β);
/// - `summary.csv`: one row per group — varied knobs, completed seeds n, and per metric the
///   mean, the standard deviation over seeds (ddof = 1) and its standard error (std/√n);
///   when the runs recorded validation metrics, also the validation selection metric's mean
///   and std and which group the search selects (`ValidationSelection`);
/// - `summary_by_activity.csv`: one row per group and activity group of the test users
///   (history length bins) — users in the bin, seeds n, and per metric the mean over seeds
///   of the per-seed mean within the bin, its std (ddof 1) and se;
/// - `summary.md` (with the groups ranked by validation, a by-activity section per metric, the
///   latent geometry and the final embedding spectra (`SpectrumTables`), each when the runs
///   recorded them) and the aligned text `vaelab report` prints.
public enum ResultTables {
    static func number(_ x: Double, _ digits: Int = 6) -> String {
        x.isNaN ? "" : String(format: "%.\(digits)f", x)
    }

    static func csvField(_ s: String) -> String {
        s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    public static func runsCSV(_ results: ExperimentResults) throws -> String {
        let objects = try results.runs.map {
            try JSONSerialization.jsonObject(with: try JSONEncoder().encode($0.configuration)) as! [String: Any]
        }
        let knobKeys = Set(objects.flatMap(\.keys)).subtracting(["seed"]).sorted()
        let searched = results.runs.contains { $0.searchedBeta != nil }
        var lines = [(["run_id", "group_id", "group", "seed", "status"] + knobKeys + results.metricNames
                      + ["epochs", "selected_epoch", "train_seconds", "eval_seconds"] + (searched ? ["searched_beta"] : [])).joined(separator: ",")]
        let groupOf = Dictionary(uniqueKeysWithValues: results.groups.flatMap { g in g.runs.map { ($0.runID, g) } })
        for (run, object) in zip(results.runs, objects) {
            let group = groupOf[run.runID]!
            var fields = [run.runID, group.groupID, group.label, String(run.configuration.seed), run.status?.state.rawValue ?? "unknown"]
            fields += knobKeys.map { object[$0].map(JSONValue.text) ?? "" }
            fields += results.metricNames.map { run.completed ? number(run.means[$0] ?? .nan) : "" }
            fields += run.completed ? [String(run.epochs), String(run.selectedEpoch), number(run.trainSeconds, 3), number(run.evalSeconds, 3)]
                                    : ["", "", "", ""]
            if searched { fields.append(run.completed ? run.searchedBeta.map { String(format9: $0) } ?? "" : "") }
            lines.append(fields.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func summaryCSV(_ results: ExperimentResults) -> String {
        var header = ["group_id", "group"] + results.variedKeys + ["n"]
        for m in results.metricNames { header += ["\(m)_mean", "\(m)_std", "\(m)_se"] }
        let selection = ValidationSelection(results)
        if let selection { header += ["validation_\(selection.metric)_mean", "validation_\(selection.metric)_std", "selected"] }
        var lines = [header.joined(separator: ",")]
        for g in results.groups {
            var fields = [g.groupID, g.label] + g.knobs.map(\.value) + [String(g.completed.count)]
            for m in results.metricNames {
                let c = results.cell(g, m)
                fields += [number(c.mean), number(c.std), number(c.standardError)]
            }
            if let selection {
                let v = selection.ranked.first { $0.group.groupID == g.groupID }?.validation
                fields += [v.map { number($0.mean) } ?? "", v.map { number($0.std) } ?? "",
                           selection.selected.group.groupID == g.groupID ? "yes" : ""]
            }
            lines.append(fields.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func summaryByActivityCSV(_ results: ExperimentResults) -> String {
        var header = ["group_id", "group"] + results.variedKeys + ["activity", "users", "n"]
        for m in results.metricNames { header += ["\(m)_mean", "\(m)_std", "\(m)_se"] }
        var lines = [header.joined(separator: ",")]
        let labels = results.activityBins.labels
        for g in results.groups {
            for a in results.activityGroups {
                let cells = results.metricNames.map { results.activityCell(g, $0, activity: a) }
                var fields = [g.groupID, g.label] + g.knobs.map(\.value)
                fields += [labels[a], String(cells.first?.users ?? 0), String(cells.first?.cell.n ?? 0)]
                for c in cells { fields += [number(c.cell.mean), number(c.cell.std), number(c.cell.standardError)] }
                lines.append(fields.map(csvField).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `mean ± std` (4 decimals), the mean alone for one seed, `—` for none.
    static func meanStd(_ c: ExperimentResults.Cell) -> String {
        c.n == 0 ? "—" : c.n == 1 ? String(format: "%.4f", c.mean) : String(format: "%.4f ± %.4f", c.mean, c.std)
    }

    /// Per metric, a table with a row per group and a column per activity group; the
    /// header names each bin's users (`5-10 (312 users)`) when every group has as many.
    static func activityTables(_ results: ExperimentResults) -> [(metric: String, header: [String], rows: [[String]])] {
        let activity = results.activityGroups
        guard !activity.isEmpty else { return [] }
        let labels = results.activityBins.labels
        let headers = activity.map { a -> String in
            let counts = Set(results.groups.compactMap { g -> Int? in
                let u = results.metricNames.first.map { results.activityCell(g, $0, activity: a).users } ?? 0
                return u > 0 ? u : nil
            })
            guard counts.count == 1, let n = counts.first else { return labels[a] }
            return "\(labels[a]) (\(n) user\(n == 1 ? "" : "s"))"
        }
        let keys = results.variedKeys.isEmpty ? ["group"] : results.variedKeys
        return results.metricNames.map { m in
            let rows = results.groups.map { g in
                (g.knobs.isEmpty ? ["all"] : g.knobs.map(\.value)) + activity.map { meanStd(results.activityCell(g, m, activity: $0).cell) }
            }
            return (m, keys + headers, rows)
        }
    }

    /// Rows of `group | n | metric…` with `mean ± std` cells (4 decimals).
    static func summaryRows(_ results: ExperimentResults) -> (header: [String], rows: [[String]]) {
        let header = results.variedKeys + ["n"] + results.metricNames
        let rows = results.groups.map { g -> [String] in
            g.knobs.map(\.value) + [String(g.completed.count)] + results.metricNames.map { meanStd(results.cell(g, $0)) }
        }
        return (header, rows)
    }

    public static func summaryMarkdown(_ results: ExperimentResults, title: String) -> String {
        let (header, rows) = summaryRows(results)
        var lines = ["# \(title)", "", "Test metrics, mean ± standard deviation over seeds (ddof = 1); n = completed seeds.", ""]
        lines.append("| " + header.joined(separator: " | ") + " |")
        lines.append("|" + header.map { _ in "---" }.joined(separator: "|") + "|")
        for r in rows { lines.append("| " + r.joined(separator: " | ") + " |") }
        if let selection = ValidationSelection(results) {
            let (sh, sr) = selection.rows(results, limit: selectionRows)
            lines += ["", "## Selected by validation", "",
                      "The grid as a hyperparameter search: groups ranked by validation \(selection.metric) at each run's "
                      + "selected epoch, mean ± std over seeds; the first is the configuration the search selects. Test "
                      + "metrics play no part in the choice.", ""]
            lines.append("| " + sh.joined(separator: " | ") + " |")
            lines.append("|" + sh.map { _ in "---" }.joined(separator: "|") + "|")
            for r in sr { lines.append("| " + r.joined(separator: " | ") + " |") }
            if selection.ranked.count > selectionRows {
                lines += ["", "(\(selection.ranked.count - selectionRows) more groups: `validation_\(selection.metric)_mean` in summary.csv.)"]
            }
        }
        let activity = activityTables(results)
        if !activity.isEmpty {
            lines += ["", "## By user activity", "",
                      "Test users grouped by history length = \(results.historyLength.phrase); each cell is the mean ± std "
                      + "over seeds of the per-seed mean within the group (summary_by_activity.csv).", ""]
            for (i, t) in activity.enumerated() {
                lines += (i == 0 ? [] : [""]) + ["### \(t.metric)", ""]
                lines.append("| " + t.header.joined(separator: " | ") + " |")
                lines.append("|" + t.header.map { _ in "---" }.joined(separator: "|") + "|")
                for r in t.rows { lines.append("| " + r.joined(separator: " | ") + " |") }
            }
        }
        if results.hasGeometry {
            let (gh, gr) = geometryRows(results)
            lines += ["", "## Latent geometry", "",
                      "Selected model on a seeded sample of test users (`geometry.csv` of each run), mean ± std over seeds: "
                      + "Spearman ρ and Pearson r of W2 between posteriors against the cosine distance of the fold-in rows, "
                      + "mean posterior variance, active units, overlap of latent k-nearest neighbours clean vs masked, "
                      + "mean ‖μ_masked − μ_clean‖.", ""]
            lines.append("| " + gh.joined(separator: " | ") + " |")
            lines.append("|" + gh.map { _ in "---" }.joined(separator: "|") + "|")
            for r in gr { lines.append("| " + r.joined(separator: " | ") + " |") }
        }
        lines += spectrumMarkdown(results)
        return lines.joined(separator: "\n") + "\n"
    }

    public static func summaryText(_ results: ExperimentResults) -> String {
        aligned(summaryRows(results), leading: results.variedKeys.count)
    }

    /// How many ranked groups `summary.md` lists under "Selected by validation".
    static let selectionRows = 10

    /// The search's choice as one line (nil when the runs recorded no validation metric).
    public static func selectionText(_ results: ExperimentResults) -> String? {
        ValidationSelection(results)?.summaryLine(results)
    }

    /// The latent-geometry columns shown in `summary.md` and by `vaelab report`, with their
    /// headings.
    static let geometryDisplay: [(column: String, heading: String)] = [
        ("spearman_w2_cosine", "ρ(W2, cos)"), ("pearson_w2_cosine", "r(W2, cos)"), ("mean_posterior_variance", "mean σ²"),
        ("active_units", "active units"), ("knn_overlap", "kNN overlap"), ("mean_mu_drift", "μ drift"),
    ]

    /// `geometry_summary.csv`: one row per group — varied knobs, n (runs with geometry) and,
    /// per measured column of `geometry.csv`, the mean and std (ddof 1) over seeds.
    public static func geometrySummaryCSV(_ results: ExperimentResults) -> String {
        var header = ["group_id", "group"] + results.variedKeys + ["n"]
        for c in LatentGeometryFiles.measuredColumns { header += ["\(c)_mean", "\(c)_std"] }
        var lines = [header.joined(separator: ",")]
        for g in results.groups {
            var fields = [g.groupID, g.label] + g.knobs.map(\.value) + [String(g.completed.filter { $0.geometry != nil }.count)]
            for c in LatentGeometryFiles.measuredColumns {
                let cell = results.geometryCell(g, c)
                fields += [number(cell.mean), number(cell.std)]
            }
            lines.append(fields.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Rows of `group | n | geometry…` with `mean ± std` cells.
    static func geometryRows(_ results: ExperimentResults) -> (header: [String], rows: [[String]]) {
        let header = results.variedKeys + ["n"] + geometryDisplay.map(\.heading)
        let rows = results.groups.map { g -> [String] in
            g.knobs.map(\.value) + [String(g.completed.filter { $0.geometry != nil }.count)] + geometryDisplay.map { d in
                let c = results.geometryCell(g, d.column)
                let digits = d.column == "active_units" ? 1 : 4
                return c.n == 0 ? "—" : c.n == 1 ? String(format: "%.\(digits)f", c.mean)
                    : String(format: "%.\(digits)f ± %.\(digits)f", c.mean, c.std)
            }
        }
        return (header, rows)
    }

    /// The latent-geometry table as aligned text (nil when no run measured it).
    public static func geometryText(_ results: ExperimentResults) -> String? {
        results.hasGeometry ? aligned(geometryRows(results), leading: results.variedKeys.count) : nil
    }

    static func aligned(_ table: (header: [String], rows: [[String]]), leading: Int) -> String {
        let (header, rows) = table
        let widths = header.indices.map { i in ([header] + rows).map { $0[i].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                i < leading ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[i] - c.count) + c
            }.joined(separator: "  ")
        }
        return ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line))
            .joined(separator: "\n")
    }

    /// The by-activity tables as aligned text (one block per metric); empty when no run
    /// recorded its users' counts.
    public static func activityText(_ results: ExperimentResults) -> String {
        activityTables(results).map { t in
            let (header, rows) = (t.header, t.rows)
            let keys = max(results.variedKeys.count, 1)
            let widths = header.indices.map { i in ([header] + rows).map { $0[i].count }.max() ?? 0 }
            func line(_ cells: [String]) -> String {
                cells.enumerated().map { i, c in
                    i < keys ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0) : String(repeating: " ", count: widths[i] - c.count) + c
                }.joined(separator: "  ")
            }
            return (["\(t.metric) by user activity (history length = \(results.historyLength.phrase))", line(header),
                     widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")] + rows.map(line)).joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    /// Writes `runs.csv`, `summary.csv`, `summary.md`, `summary_by_activity.csv` (when runs
    /// recorded their users' counts), with a baseline `significance.csv`, with latent
    /// geometry `geometry_summary.csv` and with spectra `spectra_summary.csv` into `folder`.
    public static func write(_ results: ExperimentResults, title: String, baseline: [String: String] = [:], to folder: URL) throws {
        try AtomicFile.write(try runsCSV(results), to: folder.appendingPathComponent("runs.csv"))
        try AtomicFile.write(summaryCSV(results), to: folder.appendingPathComponent("summary.csv"))
        if !results.activityGroups.isEmpty {
            try AtomicFile.write(summaryByActivityCSV(results), to: folder.appendingPathComponent("summary_by_activity.csv"))
        }
        try AtomicFile.write(summaryMarkdown(results, title: title), to: folder.appendingPathComponent("summary.md"))
        if results.hasGeometry {
            try AtomicFile.write(geometrySummaryCSV(results), to: folder.appendingPathComponent("geometry_summary.csv"))
        }
        if results.hasSpectra {
            try AtomicFile.write(spectraSummaryCSV(results), to: folder.appendingPathComponent("spectra_summary.csv"))
        }
        if !baseline.isEmpty {
            try AtomicFile.write(SignificanceTable.csv(SignificanceTable.rows(results, baseline: baseline)),
                                 to: folder.appendingPathComponent("significance.csv"))
        }
    }
}
