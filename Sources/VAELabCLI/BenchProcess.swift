import Foundation

/// A child process for `vaelab bench`: the peers, pip, and `vaelab` itself. Output goes to
/// a file (never a pipe that could fill up) and is read back when the child has exited.
enum BenchProcess {
    struct Outcome {
        var status: Int32
        var output: String
        var seconds: Double
    }

    /// Runs `arguments` through `/usr/bin/env` (PATH lookup) with `environment` added to
    /// ours; stdout and stderr together in `log` (a temporary file when nil).
    static func run(_ arguments: [String], environment: [String: String] = [:], log: URL? = nil,
                    directory: String? = nil) throws -> Outcome {
        let file = log ?? FileManager.default.temporaryDirectory.appendingPathComponent("vaelab-bench-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        p.environment = env
        if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
        p.standardOutput = handle
        p.standardError = handle
        p.standardInput = FileHandle.nullDevice
        let start = Date()
        try p.run()
        p.waitUntilExit()
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        if log == nil { try? FileManager.default.removeItem(at: file) }
        return Outcome(status: p.terminationStatus, output: text, seconds: Date().timeIntervalSince(start))
    }

    /// The last `n` non-empty lines of `text`, for error messages.
    static func tail(_ text: String, _ n: Int = 5) -> String {
        text.split(separator: "\n").suffix(n).joined(separator: "\n")
    }

    /// `swift --version`'s first line, or nil.
    static func swiftVersion() -> String? {
        guard let o = try? run(["swift", "--version"]), o.status == 0 else { return nil }
        return o.output.split(separator: "\n").first { $0.contains("Swift version") }.map(String.init)
    }

    /// This executable (to run `vaelab` children).
    static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
