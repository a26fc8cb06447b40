import Foundation
import VAEHarness

/// `vaelab status SPEC`: where each run of a spec's grid stands, without running anything.
struct StatusCommand: Command {
    static let name = "status"
    static let abstract = "Show where each run of a spec stands: completed, running (time left), stopped, failed, pending."
    static let usage = "vaelab status <spec.json> [--output <folder>] [--only <key=v1,v2>]"
    static let discussion = """
        Reads the run folders only. A run is running while a vaelab process holds its claim;
        an unfinished run without one is stopped, and 'vaelab run' resumes it from its last
        checkpoint. Epoch counts and pace come from what a training run writes into its
        status.json every few seconds; a run started by an older build shows the epoch of
        its last checkpoint and no pace.
        """
    static let options: [OptionSpec] = [
        .option("output", "folder", "Results folder (overrides the spec's output)."),
        .option("only", "key=v1,v2", "Only the runs whose knob key (or seed) has one of these values, as for 'run'."),
    ]

    let specPath: String
    let output: String?
    let only: [String: Set<String>]

    init(_ a: ParsedArguments) throws {
        guard a.positionals.count == 1 else { throw UsageError("'status' takes exactly one spec file, got \(a.positionals.count)") }
        specPath = a.positionals[0]
        output = a.string("output")
        only = try a.string("only").map(RunCommand.parseOnly) ?? [:]
    }

    func validate() throws {
        guard FileManager.default.fileExists(atPath: specPath) else { throw UsageError("no such spec file: \(specPath)") }
    }

    func run(_ console: Console) throws -> Int32 {
        let (spec, runs) = try ExperimentPlan.load(specPath, output: output, keepUnsetVariables: true)
        let selected = runs.filter { RunCommand.passes($0, only) }
        let status = try GridStatus(runs: selected, store: RunStore(root: URL(fileURLWithPath: spec.output)))
        console.out("\(spec.name) (\(spec.output)): " + status.text)
        return 0
    }
}
