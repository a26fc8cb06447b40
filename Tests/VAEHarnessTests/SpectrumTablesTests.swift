import Foundation
import Testing
@testable import VAEHarness

/// The final embedding spectra as the experiment's tables show them: read from hand-written
/// run files, averaged over seeds by hand.
@Suite("Spectrum tables")
struct SpectrumTablesTests {
    static let summaryHeader = "stage,epoch,matrix,centred,rows,cols,erank_l1,erank_l2,information_abundance,stable_rank,participation_ratio,top10_share,resolved"

    @Test("A run's final rows: the summary's measures, and the directions above 5 % of σ₁ counted from spectra.csv")
    func readsFinalRows() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        \(Self.summaryHeader)
        training,25,users,0,10,5,9,9,9,9,9,0.9,5
        final,50,users,0,10,5,4.5,3.25,2.5,1.75,2.5,0.95,5
        final,50,users,1,10,5,4.75,4.25,3.5,2.25,3.5,0.96,5
        final,50,items,0,8,5,3,2,1.5,1.25,1.5,0.99,4

        """.write(to: dir.appendingPathComponent("spectrum_summary.csv"), atomically: true, encoding: .utf8)
        // Raw users: 1, 0.3, 0.2 lie above 0.05; 0.05 itself and 0.049 do not. The training
        // record's values (all 1) are not counted.
        let users = [1, 0.3, 0.05, 0.2, 0.049].enumerated().map { "final,50,users,0,\($0 + 1),1,\($1)" }
        let training = (1...5).map { "training,25,users,0,\($0),1,1" }
        try (["stage,epoch,matrix,centred,k,sigma,sigma_normalised"] + training + users + ["final,50,users,1,1,1,1"])
            .joined(separator: "\n").write(to: dir.appendingPathComponent("spectra.csv"), atomically: true, encoding: .utf8)

        let s = try #require(FinalSpectrum.read(dir))
        #expect(s.matrices == ["users", "items"])
        #expect(s[matrix: "users", centred: false, measure: "erank_l1"] == 4.5)
        #expect(s[matrix: "users", centred: false, measure: "erank_l2"] == 3.25)
        #expect(s[matrix: "users", centred: true, measure: "stable_rank"] == 2.25)
        #expect(s[matrix: "users", centred: false, measure: "information_abundance"] == 2.5)
        #expect(s[matrix: "users", centred: false, measure: "top10_share"] == 0.95)
        #expect(s[matrix: "users", centred: false, measure: "above5pct"] == 3)
        #expect(s[matrix: "users", centred: true, measure: "above5pct"] == 1)
        #expect(s[matrix: "items", centred: false, measure: "erank_l1"] == 3)
        // No spectra.csv rows for items: no count, rather than a count of 0.
        #expect(s[matrix: "items", centred: false, measure: "above5pct"] == nil)
        #expect(FinalSpectrum.Key("users", centred: true, "erank_l2").name == "users_centred_erank_l2")

        // A run without spectra, or with training records only, has none.
        let empty = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(FinalSpectrum.read(empty) == nil)
        try "\(Self.summaryHeader)\ntraining,25,users,0,10,5,9,9,9,9,9,0.9,5\n"
            .write(to: empty.appendingPathComponent("spectrum_summary.csv"), atomically: true, encoding: .utf8)
        #expect(FinalSpectrum.read(empty) == nil)
    }

    static func run(alpha: Double, seed: Int, users: (l1: Double, above: Double)?) -> RecordedRun {
        var c = TrainingConfiguration()
        c.labelSmoothing = alpha
        c.seed = seed
        var r = RecordedRun(runID: "\(alpha)-\(seed)", configuration: c, status: RunStatus(state: .completed, runID: "x", version: "t"))
        r.metricNames = ["NDCG@20"]
        r.means = ["NDCG@20": 0.1]
        if let users {
            r.spectrum = FinalSpectrum(values: [
                .init("users", centred: false, "erank_l1"): users.l1,
                .init("users", centred: false, "above5pct"): users.above,
                .init("items", centred: true, "erank_l2"): 2 * users.l1,
            ])
        }
        return r
    }

    @Test("Per group, mean ± std over the seeds with spectra; a group without any shows a dash")
    func tables() throws {
        // α 0: L1 12 and 13 (mean 12.5, std √0.5 = 0.7071), 12 and 14 directions (13 ± 1.4142).
        // α 0.001: one seed, L1 10.25, 11 directions. α 0.01: no spectra.
        let results = try ExperimentResults(runs: [
            Self.run(alpha: 0, seed: 1, users: (12, 12)), Self.run(alpha: 0, seed: 2, users: (13, 14)),
            Self.run(alpha: 0.001, seed: 1, users: (10.25, 11)), Self.run(alpha: 0.01, seed: 1, users: nil),
        ], labelKeys: ["labelSmoothing"])
        #expect(results.hasSpectra && results.spectrumMatrices == ["users", "items"])

        let csv = ResultTables.spectraSummaryCSV(results).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = csv[0].map(String.init)
        #expect(header.count == 4 + 2 * 2 * FinalSpectrum.measures.count * 2)
        func value(_ row: Int, _ column: String) -> String { String(csv[row][header.firstIndex(of: column)!]) }
        #expect(value(1, "n") == "2" && value(2, "n") == "1" && value(3, "n") == "0")
        #expect(value(1, "users_raw_erank_l1_mean") == "12.500000" && value(1, "users_raw_erank_l1_std") == "0.707107")
        #expect(value(1, "items_centred_erank_l2_mean") == "25.000000")
        #expect(value(2, "users_raw_above5pct_mean") == "11.000000" && value(2, "users_raw_above5pct_std") == "")
        #expect(value(3, "users_raw_erank_l1_mean") == "")

        let markdown = ResultTables.summaryMarkdown(results, title: "t")
        #expect(markdown.contains("## Embedding spectra of the final model"))
        #expect(markdown.contains("### users") && markdown.contains("### items"))
        #expect(markdown.contains("| 0 | 2 | 12.50 ± 0.71 | — | — | — | — | — | 13.0 ± 1.4 |"))
        #expect(markdown.contains("| 0.001 | 1 | 10.25 | — | — | — | — | — | 11 |"))
        #expect(markdown.contains("| 0.01 | 0 | — | — | — | — | — | — | — |"))
        let text = try #require(ResultTables.spectrumText(results))
        #expect(text.contains("raw σ > 5 % σ₁") && text.contains("12.50 ± 0.71"))

        // Without spectra: no section, no file, no text.
        let plain = try ExperimentResults(runs: [Self.run(alpha: 0, seed: 1, users: nil)], labelKeys: ["labelSmoothing"])
        #expect(!plain.hasSpectra && ResultTables.spectrumText(plain) == nil)
        #expect(!ResultTables.summaryMarkdown(plain, title: "t").contains("Embedding spectra"))
    }
}

/// The spectra plots from hand-written run folders: the overlay of every group, and per model
/// when the grid varies it (the label-smoothing paper's figure is BiVAE's users ± smoothing).
@Suite("Spectrum plots")
struct SpectrumPlotsTests {
    func run(_ model: TrainingConfiguration.ModelKind, alpha: Double, store: RunStore, sigma: [Double]) throws -> RecordedRun {
        var c = TrainingConfiguration()
        c.model = model
        c.labelSmoothing = alpha
        let id = "\(model.rawValue)-\(alpha)"
        let folder = store.folder(id)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let rows = sigma.enumerated().map { "final,10,users,0,\($0 + 1),\($1),\($1 / sigma[0])" }
        try (["stage,epoch,matrix,centred,k,sigma,sigma_normalised"] + rows).joined(separator: "\n")
            .write(to: folder.appendingPathComponent("spectra.csv"), atomically: true, encoding: .utf8)
        try "\(SpectrumTablesTests.summaryHeader)\ntraining,5,users,0,10,3,2.5,2,2,1.5,2,1,3\n"
            .write(to: folder.appendingPathComponent("spectrum_summary.csv"), atomically: true, encoding: .utf8)
        return RecordedRun(runID: id, configuration: c, status: RunStatus(state: .completed, runID: id, version: "t"))
    }

    @Test("Every group overlaid, then one plot per model with the other knobs as legend; no per-model plots for one model")
    func perModel() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = RunStore(root: dir)
        let runs = try [(TrainingConfiguration.ModelKind.bivae, 0.0), (.bivae, 0.001), (.dualvae, 0), (.dualvae, 0.001)].map {
            try run($0.0, alpha: $0.1, store: store, sigma: [4, 2, 1])
        }
        let results = try ExperimentResults(runs: runs, labelKeys: ["model", "labelSmoothing"])
        let plots = dir.appendingPathComponent("plots")
        try FileManager.default.createDirectory(at: plots, withIntermediateDirectories: true)
        let written = try ExperimentPlots.write(results, store: store, title: "t", to: plots)
        let names = Set(written.map(\.lastPathComponent))
        #expect(names.isSuperset(of: ["spectrum_users.svg", "spectrum_users_bivae.svg", "spectrum_users_dualvae.svg", "erank_users.svg"]),
                "\(names)")
        let all = try String(contentsOf: plots.appendingPathComponent("spectrum_users.svg"), encoding: .utf8)
        #expect(all.contains("model=bivae labelSmoothing=0.001") && all.contains("model=dualvae labelSmoothing=0"))
        let bivae = try String(contentsOf: plots.appendingPathComponent("spectrum_users_bivae.svg"), encoding: .utf8)
        #expect(bivae.contains("final bivae user embeddings"))
        #expect(bivae.contains(">labelSmoothing=0<") && bivae.contains(">labelSmoothing=0.001<") && !bivae.contains("model="))

        let one = try ExperimentResults(runs: Array(runs.prefix(2)), labelKeys: ["model", "labelSmoothing"])
        let alone = dir.appendingPathComponent("alone")
        try FileManager.default.createDirectory(at: alone, withIntermediateDirectories: true)
        let onlyBiVAE = Set(try ExperimentPlots.write(one, store: store, title: "t", to: alone).map(\.lastPathComponent))
        #expect(onlyBiVAE.contains("spectrum_users.svg") && !onlyBiVAE.contains("spectrum_users_bivae.svg"))
    }
}
