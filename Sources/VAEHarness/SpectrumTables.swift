import Foundation

/// The experiment's tables of final embedding spectra (`FinalSpectrum` of each completed
/// run), beside the metric tables: does a knob flatten the spectrum, and by how much?
///
/// - `spectra_summary.csv`: one row per group — varied knobs, n (runs with spectra) and, per
///   matrix, centring and measure (`users_raw_erank_l1`, …), the mean and std (ddof 1) over
///   seeds;
/// - in `summary.md` and `vaelab report`, one table per matrix of the measures in `display`.
extension ResultTables {
    /// The measures shown in `summary.md` and by `vaelab report`, with their headings.
    static let spectrumDisplay: [(key: (centred: Bool, measure: String), heading: String)] = [
        ((false, "erank_l1"), "raw L1"), ((false, "erank_l2"), "raw L2"),
        ((true, "erank_l1"), "centred L1"), ((true, "erank_l2"), "centred L2"),
        ((true, "stable_rank"), "centred stable rank"), ((false, "information_abundance"), "raw Σσ/σ₁"),
        ((false, "above5pct"), "raw σ > 5 % σ₁"),
    ]

    public static func spectraSummaryCSV(_ results: ExperimentResults) -> String {
        let keys = results.spectrumMatrices.flatMap { matrix in
            [false, true].flatMap { centred in FinalSpectrum.measures.map { FinalSpectrum.Key(matrix, centred: centred, $0) } }
        }
        var header = ["group_id", "group"] + results.variedKeys + ["n"]
        for k in keys { header += ["\(k.name)_mean", "\(k.name)_std"] }
        var lines = [header.joined(separator: ",")]
        for g in results.groups {
            var fields = [g.groupID, g.label] + g.knobs.map(\.value) + [String(g.completed.filter { $0.spectrum != nil }.count)]
            for k in keys {
                let cell = results.spectrumCell(g, k)
                fields += [number(cell.mean), number(cell.std)]
            }
            lines.append(fields.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Per matrix, rows of `group | n | measure…` with `mean ± std` cells (2 decimals; the
    /// count of directions 1, or none for one seed).
    static func spectrumTables(_ results: ExperimentResults) -> [(matrix: String, header: [String], rows: [[String]])] {
        let keys = results.variedKeys.isEmpty ? ["group"] : results.variedKeys
        return results.spectrumMatrices.map { matrix in
            let rows = results.groups.map { g -> [String] in
                let n = g.completed.filter { $0.spectrum?.values.keys.contains { $0.matrix == matrix } ?? false }.count
                return (g.knobs.isEmpty ? ["all"] : g.knobs.map(\.value)) + [String(n)] + spectrumDisplay.map { d in
                    let c = results.spectrumCell(g, FinalSpectrum.Key(matrix, centred: d.key.centred, d.key.measure))
                    let digits = d.key.measure == "above5pct" ? (c.n == 1 ? 0 : 1) : 2
                    return c.n == 0 ? "—" : c.n == 1 ? String(format: "%.\(digits)f", c.mean)
                        : String(format: "%.\(digits)f ± %.\(digits)f", c.mean, c.std)
                }
            }
            return (matrix, keys + ["n"] + spectrumDisplay.map(\.heading), rows)
        }
    }

    /// The `summary.md` section (empty when no run recorded spectra).
    static func spectrumMarkdown(_ results: ExperimentResults) -> [String] {
        let tables = spectrumTables(results)
        guard !tables.isEmpty else { return [] }
        var lines = ["", "## Embedding spectra of the final model", "",
                     "Singular values of the reported model's posterior means (`spectrum_summary.csv` and `spectra.csv` of each "
                     + "run), mean ± std over seeds: effective rank L1 = exp H(σ/Σσ) and L2 = exp H(σ²/Σσ²) of the raw and the "
                     + "column-centred matrix, the centred stable rank Σσ²/σ₁², information abundance Σσ/σ₁, and how many "
                     + "directions lie above 5 % of σ₁ (spectra_summary.csv has every measure). A plateau of directions that "
                     + "training left alone (a decoder's weights keep their initial spread there) can sit near 5 % and swing "
                     + "that count: read it beside the spectrum plot."]
        for t in tables {
            lines += ["", "### \(t.matrix)", ""]
            lines.append("| " + t.header.joined(separator: " | ") + " |")
            lines.append("|" + t.header.map { _ in "---" }.joined(separator: "|") + "|")
            for r in t.rows { lines.append("| " + r.joined(separator: " | ") + " |") }
        }
        return lines
    }

    /// The users' table as aligned text (nil when no run recorded spectra of `users`).
    public static func spectrumText(_ results: ExperimentResults) -> String? {
        guard let users = spectrumTables(results).first(where: { $0.matrix == "users" }) else { return nil }
        return aligned((users.header, users.rows), leading: max(results.variedKeys.count, 1))
    }
}
