import VAEHarness

/// The `vaelab` root command: dispatches to subcommands, prints help, and turns errors
/// into one clear line and a non-zero exit status.
public enum VAELabMain {
    /// The version every run records (`VAELabVersion`), so `--version` and `status.json` agree.
    public static let version = VAELabVersion.current

    /// Every subcommand, by the words that select it.
    static var commands: [(words: [String], type: any Command.Type)] { [
        (["run"], RunCommand.self),
        (["status"], StatusCommand.self),
        (["report"], ReportCommand.self),
        (["check"], CheckCommand.self),
        (["collect"], CollectCommand.self),
        (["bench"], BenchCommand.self),
        (["train"], TrainCommand.self),
        (["data", "stats"], DataStatsCommand.self),
        (["data", "split"], DataSplitCommand.self),
    ] }

    public static var help: String {
        var lines = [
            "OVERVIEW: VAELab — reproduce, sweep and guard VAE collaborative-filtering papers.",
            "",
            "USAGE: vaelab <command> [options]",
            "",
            "COMMANDS:",
        ]
        for (words, type) in commands {
            lines.append("  " + words.joined(separator: " ").padding(14) + type.abstract)
        }
        lines += ["", "  See 'vaelab <command> --help' for a command's options.", "  --version prints \(version)."]
        return lines.joined(separator: "\n")
    }

    /// Runs `arguments` (without the program name); returns the exit status.
    public static func run(_ arguments: [String], console: Console) -> Int32 {
        guard let first = arguments.first, !["--help", "-h", "help"].contains(first) else {
            console.out(help)
            return arguments.isEmpty ? 64 : 0
        }
        if first == "--version" {
            console.out("vaelab \(version)")
            return 0
        }
        guard let (words, type) = commands.first(where: { Array(arguments.prefix($0.words.count)) == $0.words }) else {
            let group = commands.filter { $0.words.first == first }
            if !group.isEmpty {
                console.err("error: '\(first)' needs a subcommand: " + group.map { $0.words.joined(separator: " ") }.joined(separator: ", "))
            } else {
                console.err("error: unknown command '\(first)'. Commands: " + commands.map { $0.words.joined(separator: " ") }.joined(separator: ", "))
            }
            return 64
        }
        let rest = Array(arguments.dropFirst(words.count))
        if rest.contains("--help") || rest.contains("-h") {
            console.out(type.help)
            return 0
        }
        do {
            let parsed = try ParsedArguments(rest, options: type.options, command: words.joined(separator: " "))
            let command = try type.init(parsed)
            try command.validate()
            return try command.run(console)
        } catch let error as UsageError {
            console.err("error: \(error.message)")
            return 64
        } catch {
            console.err("error: \(error)")
            return 1
        }
    }
}
