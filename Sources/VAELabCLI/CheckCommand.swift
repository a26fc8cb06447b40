import Foundation
import VAEHarness

/// `vaelab check SPEC --expected FILE`: compares a spec's latest summary with expected
/// values and exits non-zero on any regression (for CI).
struct CheckCommand: Command {
    static let name = "check"
    static let abstract = "Compare a spec's results with expected values and tolerances; non-zero exit on any miss."
    static let usage = "vaelab check <spec.json> --expected <file.json> [--record --abs <a> --rel <r>]"
    static let discussion = """
        The expected file is {"<group>": {"<metric>": {"value": v, "abs": a, "rel": r}}}, groups
        named as in the summary (e.g. "labelSmoothing=0.1 model=multvae"); a value passes when
        |measured − v| ≤ a or ≤ r·|v|. --record writes the current means with the given
        tolerances instead of checking. Run the spec first ('vaelab run'); check reads the
        recorded runs only.
        """
    static let options: [OptionSpec] = [
        .option("expected", "file", "Expected values (JSON)."),
        .flag("record", "Write the current means into the expected file instead of checking."),
        .option("abs", "a", "With --record: absolute tolerance."),
        .option("rel", "r", "With --record: relative tolerance."),
        .option("output", "folder", "Results folder (overrides the spec's output)."),
    ]

    let specPath: String
    let expectedPath: String
    let record: Bool
    let abs: Double?
    let rel: Double?
    let output: String?

    init(_ a: ParsedArguments) throws {
        guard a.positionals.count == 1 else { throw UsageError("'check' takes exactly one spec file, got \(a.positionals.count)") }
        specPath = a.positionals[0]
        guard let e = a.string("expected") else { throw UsageError("'check' needs --expected <file.json>") }
        expectedPath = e
        record = a.has("record")
        abs = try a.double("abs")
        rel = try a.double("rel")
        output = a.string("output")
    }

    func validate() throws {
        guard FileManager.default.fileExists(atPath: specPath) else { throw UsageError("no such spec file: \(specPath)") }
        if record {
            guard abs != nil || rel != nil else { throw UsageError("--record needs --abs and/or --rel") }
        } else {
            guard FileManager.default.fileExists(atPath: expectedPath) else { throw UsageError("no such expected-values file: \(expectedPath)") }
        }
    }

    func run(_ console: Console) throws -> Int32 {
        let (spec, runs) = try ExperimentPlan.load(specPath, output: output, keepUnsetVariables: true)
        let results = try ExperimentPlan.results(spec: spec, runs: runs, store: RunStore(root: URL(fileURLWithPath: spec.output)))
        if record {
            try AtomicFile.write(ExpectedValues.record(results, abs: abs, rel: rel), to: URL(fileURLWithPath: expectedPath))
            console.out("wrote \(expectedPath)")
            return 0
        }
        let verdicts = try ExpectedValues.load(expectedPath).check(results)
        let header = ["group", "metric", "value", "expected", "delta", "tolerance", "verdict"]
        let rows = verdicts.map { v -> [String] in
            let tol = [v.entry.abs.map { "abs \($0)" }, v.entry.rel.map { "rel \($0)" }].compactMap { $0 }.joined(separator: " or ")
            return [v.entry.group, v.entry.metric, v.measured.map { String(format: "%.5f", $0) } ?? "—",
                    String(format: "%.5f", v.entry.value), v.delta.map { String(format: "%+.5f", $0) } ?? "—", tol,
                    v.measured == nil ? "MISSING" : v.passed ? "ok" : "FAIL"]
        }
        let widths = header.indices.map { i in ([header] + rows).map { $0[i].count }.max()! }
        for r in [header] + rows {
            console.out(r.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
        let failed = verdicts.filter { !$0.passed }.count
        console.out(failed == 0 ? "check: all \(verdicts.count) values within tolerance" : "check: \(failed) of \(verdicts.count) values out of tolerance or missing")
        return failed == 0 ? 0 : 1
    }
}
