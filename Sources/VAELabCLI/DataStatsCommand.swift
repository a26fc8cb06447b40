import Foundation
import VAEData

/// `vaelab data stats PATH --format F`: counts, density, per-user and per-item activity,
/// the rating histogram and the reader's log.
struct DataStatsCommand: Command {
    static let name = "data stats"
    static let abstract = "Summarise a dataset file (users, items, density, activity, ratings)."
    static let usage = "vaelab data stats <path> --format <format>"
    static var discussion: String {
        "Formats: " + DataFormat.allCases.map(\.rawValue).joined(separator: ", ") + "."
    }
    static let options: [OptionSpec] = [
        .option("format", "format", "How to read the file (see the list above)."),
    ]

    let path: String
    let format: DataFormat

    init(_ a: ParsedArguments) throws {
        guard a.positionals.count == 1 else {
            throw UsageError("'data stats' takes exactly one path, got \(a.positionals.count); see 'vaelab data stats --help'")
        }
        path = a.positionals[0]
        guard let f = a.string("format") else {
            throw UsageError("'data stats' needs --format; one of " + DataFormat.allCases.map(\.rawValue).joined(separator: ", "))
        }
        do { format = try DataFormat(name: f) } catch { throw UsageError("\(error)") }
    }

    func validate() throws {
        guard FileManager.default.fileExists(atPath: path) else { throw UsageError("no such file or folder: \(path)") }
    }

    func run(_ console: Console) throws -> Int32 {
        console.out("\(path) (\(format.rawValue))")
        console.out(try DatasetStatistics.compute(path: URL(fileURLWithPath: path), format: format).description)
        return 0
    }
}
