import Foundation
import VAEHarness

/// `vaelab report SPEC`: the summary of a spec's runs as an aligned table (and Markdown).
struct ReportCommand: Command {
    static let name = "report"
    static let abstract = "Print a spec's summary tables (overall and by user activity) and write them (CSV, summary.md)."
    static let usage = "vaelab report <spec.json> [--output <folder>]"
    static let options: [OptionSpec] = [
        .option("output", "folder", "Results folder (overrides the spec's output)."),
    ]

    let specPath: String
    let output: String?

    init(_ a: ParsedArguments) throws {
        guard a.positionals.count == 1 else { throw UsageError("'report' takes exactly one spec file, got \(a.positionals.count)") }
        specPath = a.positionals[0]
        output = a.string("output")
    }

    func validate() throws {
        guard FileManager.default.fileExists(atPath: specPath) else { throw UsageError("no such spec file: \(specPath)") }
    }

    func run(_ console: Console) throws -> Int32 {
        let (spec, runs) = try ExperimentPlan.load(specPath, output: output, keepUnsetVariables: true)
        let results = try ExperimentPlan.results(spec: spec, runs: runs, store: RunStore(root: URL(fileURLWithPath: spec.output)))
        try ExperimentPlan.writeTables(results, spec: spec)
        console.out("\(spec.name) — test metrics, mean ± std over seeds (ddof 1)")
        console.out(ResultTables.summaryText(results))
        if let selection = ResultTables.selectionText(results) { console.out(selection) }
        let activity = ResultTables.activityText(results)
        if !activity.isEmpty {
            console.out("")
            console.out(activity)
        }
        if let geometry = ResultTables.geometryText(results) {
            console.out("")
            console.out("latent geometry of the selected models, mean ± std over seeds")
            console.out(geometry)
        }
        if let spectra = ResultTables.spectrumText(results) {
            console.out("")
            console.out("spectra of the final user embeddings, mean ± std over seeds (summary.md also has the other matrices)")
            console.out(spectra)
        }
        console.out("(\(spec.output)/summary.md, summary.csv, runs.csv" + (activity.isEmpty ? "" : ", summary_by_activity.csv")
                    + (results.hasGeometry ? ", geometry_summary.csv" : "")
                    + (results.hasSpectra ? ", spectra_summary.csv" : "") + ")")
        if let paper = PaperReport.comparison(results, spec: spec) { console.out("paper: \(paper.summaryLine) (\(spec.output)/paper.md)") }
        return 0
    }
}

/// `vaelab collect RESULTS`: rebuilds the tables from the run folders alone (e.g. after
/// shards on several machines wrote into one folder).
struct CollectCommand: Command {
    static let name = "collect"
    static let abstract = "Rebuild runs.csv, summary.csv and summary.md from a results folder's run folders."
    static let usage = "vaelab collect <results folder>"
    static let options: [OptionSpec] = []

    let folder: String

    init(_ a: ParsedArguments) throws {
        guard a.positionals.count == 1 else { throw UsageError("'collect' takes exactly one results folder, got \(a.positionals.count)") }
        folder = a.positionals[0]
    }

    func validate() throws {
        guard FileManager.default.fileExists(atPath: folder + "/runs") else { throw UsageError("no run folders under \(folder)/runs") }
    }

    func run(_ console: Console) throws -> Int32 {
        let store = RunStore(root: URL(fileURLWithPath: folder))
        let results = try ExperimentResults.collect(store)
        try ResultTables.write(results, title: URL(fileURLWithPath: folder).lastPathComponent, to: store.root)
        console.out(ResultTables.summaryText(results))
        console.out("\(results.runs.count) runs, \(results.runs.filter(\.completed).count) completed; tables in \(folder)")
        return 0
    }
}
