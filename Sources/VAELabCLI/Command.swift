/// Where a command writes: standard output for results, standard error for progress and
/// errors. Tests capture both.
public final class Console: @unchecked Sendable {
    public var out: (String) -> Void
    public var err: (String) -> Void

    public init(out: @escaping (String) -> Void, err: @escaping (String) -> Void) {
        self.out = out
        self.err = err
    }

    /// The process's own streams.
    public static func standard() -> Console {
        Console(out: { print($0) }, err: { line in
            var stderr = StandardError()
            print(line, to: &stderr)
        })
    }
}

/// A subcommand in the shape of swift-argument-parser: it declares its options, is built
/// from parsed arguments, validates them all before `run` does any work.
public protocol Command {
    static var name: String { get }
    static var abstract: String { get }
    static var usage: String { get }
    static var discussion: String { get }
    static var options: [OptionSpec] { get }

    init(_ arguments: ParsedArguments) throws
    func validate() throws
    /// Runs the command; the return value is the process's exit status.
    func run(_ console: Console) throws -> Int32
}

extension Command {
    public static var discussion: String { "" }

    /// The `--help` text: abstract, usage, discussion, then every option with its default.
    public static var help: String {
        var lines = ["OVERVIEW: \(abstract)", "", "USAGE: \(usage)"]
        if !discussion.isEmpty { lines += ["", discussion] }
        lines += ["", "OPTIONS:"]
        let rows = (options + [.flag("help", "Show this help.")]).map { o -> (String, String) in
            let left = "--\(o.name)" + (o.valueName.map { " <\($0)>" } ?? "")
            let right = o.help + (o.defaultValue.map { " (default: \($0))" } ?? "")
            return (left, right)
        }
        let width = min(34, rows.map(\.0.count).max() ?? 0)
        for (l, r) in rows {
            if l.count > width {
                lines.append("  \(l)")
                lines.append("  " + String(repeating: " ", count: width) + "  \(r)")
            } else {
                lines.append("  " + l.padding(width) + "  \(r)")
            }
        }
        return lines.joined(separator: "\n")
    }
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandleShim.writeStandardError(string)
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
