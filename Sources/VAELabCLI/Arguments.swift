/// A command-line option or flag a command declares.
public struct OptionSpec: Sendable {
    public var name: String           // without the leading dashes
    public var valueName: String?     // nil for a flag
    public var help: String
    public var defaultValue: String?

    public static func option(_ name: String, _ valueName: String, _ help: String, default defaultValue: String? = nil) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, help: help, defaultValue: defaultValue)
    }

    public static func flag(_ name: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help, defaultValue: nil)
    }
}

/// A usage error: names the argument, what was found and what is expected.
public struct UsageError: Error, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The parsed arguments of one command: option values, flags and positionals.
public struct ParsedArguments: Sendable {
    public private(set) var values: [String: String] = [:]
    public private(set) var flags: Set<String> = []
    public private(set) var positionals: [String] = []

    /// Parses `arguments` against `options`; `--name value`, `--name=value` and flags.
    public init(_ arguments: [String], options: [OptionSpec], command: String) throws {
        let byName = Dictionary(uniqueKeysWithValues: options.map { ($0.name, $0) })
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            if arg == "--" {
                positionals += arguments[(i + 1)...]
                break
            }
            if arg.hasPrefix("--") {
                var name = String(arg.dropFirst(2))
                var inline: String?
                if let eq = name.firstIndex(of: "=") {
                    inline = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                guard let spec = byName[name] else {
                    throw UsageError("unknown option '--\(name)' for '\(command)'; see 'vaelab \(command) --help'")
                }
                if spec.valueName == nil {
                    guard inline == nil else { throw UsageError("flag '--\(name)' takes no value") }
                    flags.insert(name)
                } else if let v = inline {
                    values[name] = v
                } else {
                    guard i + 1 < arguments.count else {
                        throw UsageError("option '--\(name)' expects a value (\(spec.valueName!))")
                    }
                    values[name] = arguments[i + 1]
                    i += 1
                }
            } else if arg.hasPrefix("-") && arg.count > 1 && Double(arg) == nil {
                throw UsageError("unknown option '\(arg)' for '\(command)'; options start with '--'")
            } else {
                positionals.append(arg)
            }
            i += 1
        }
    }

    public func has(_ flag: String) -> Bool { flags.contains(flag) }

    public func string(_ name: String) -> String? { values[name] }

    public func int(_ name: String) throws -> Int? {
        guard let v = values[name] else { return nil }
        guard let n = Int(v) else { throw UsageError("option '--\(name)' expects an integer, got '\(v)'") }
        return n
    }

    public func float(_ name: String) throws -> Float? {
        guard let v = values[name] else { return nil }
        guard let x = Float(v), x.isFinite else { throw UsageError("option '--\(name)' expects a number, got '\(v)'") }
        return x
    }

    public func double(_ name: String) throws -> Double? {
        guard let v = values[name] else { return nil }
        guard let x = Double(v), x.isFinite else { throw UsageError("option '--\(name)' expects a number, got '\(v)'") }
        return x
    }

    /// A comma-separated list, e.g. `--metrics NDCG@100,RecallCapped@20`.
    public func list(_ name: String) -> [String]? {
        values[name].map { $0.split(separator: ",").map { String($0).trimmingSpaces() } }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
