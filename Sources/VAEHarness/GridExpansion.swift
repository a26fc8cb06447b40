import Foundation

/// Expands a spec into its runs, in a fixed order: the grid axes by name, then the zip
/// groups in the order written (the first axis varies slowest), then the seeds. Each run's values are checked here, where
/// base settings, per-model overrides and varied values meet; an error names the JSON path
/// in the spec where the offending value was written.
public enum GridExpansion {
    /// With `keepUnsetVariables`, a `${NAME}` whose variable is not set stays as written in
    /// what the run would execute (for `--dry-run`, which needs no data; see
    /// `unsetVariables(in:)`); otherwise it is an error.
    public static func expand(_ spec: ExperimentSpec, environment: [String: String] = ProcessInfo.processInfo.environment,
                              keepUnsetVariables: Bool = false) throws -> [PlannedRun] {
        var runs: [PlannedRun] = []
        var position = Array(repeating: 0, count: spec.axes.count)
        let combinations = spec.axes.reduce(1) { $0 * $1.values.count }
        for _ in 0..<combinations {
            var values = spec.fixed
            var origins = spec.origins
            var knobs: [PlannedRun.Knob] = []
            for (a, axis) in spec.axes.enumerated() {
                for (k, key) in axis.keys.enumerated() {
                    values[key] = axis.values[position[a]][k]
                    origins[key] = axis.paths[position[a]][k]
                    knobs.append(.init(key: key, value: JSONValue.text(axis.values[position[a]][k])))
                }
            }
            let model = (values["model"] as? String) ?? TrainingConfiguration().model.rawValue
            for (key, value) in spec.overrides[model] ?? [:] {
                values[key] = value
                origins[key] = "$.overrides.\(model).\(key)"
            }
            for seed in spec.seeds {
                var withSeed = values
                withSeed["seed"] = seed
                origins["seed"] = "$.seeds"
                let configuration = try resolve(withSeed, origins: origins, file: spec.file)
                let execution = try resolve(try expandVariables(withSeed, origins: origins, file: spec.file, environment: environment,
                                                                keepUnset: keepUnsetVariables),
                                            origins: origins, file: spec.file)
                runs.append(PlannedRun(index: runs.count + 1, configuration: configuration, execution: execution, knobs: knobs,
                                       runID: try RunIdentity.runID(configuration), groupID: try RunIdentity.groupID(configuration)))
            }
            // Advance the odometer: the last axis fastest.
            var a = spec.axes.count - 1
            while a >= 0 {
                position[a] += 1
                if position[a] < spec.axes[a].values.count { break }
                position[a] = 0
                a -= 1
            }
        }
        return runs
    }

    /// Builds a configuration from flat values, reporting errors at the spec path the
    /// value came from; settings that contradict each other (`TrainingConfiguration.conflict`)
    /// are reported where the offending key was written, or where it would be written when
    /// it was left at its default.
    static func resolve(_ values: [String: Any], origins: [String: String], file: String?) throws -> TrainingConfiguration {
        let configuration = try decode(values, origins: origins, file: file)
        if let conflict = configuration.conflict {
            if let origin = origins[conflict.key] {
                throw JSONValueError(file: file, path: origin, found: conflict.found, expected: conflict.expected)
            }
            let block = ExperimentSpec.evaluationAliases.first { $0.value == conflict.key }.map { "$.evaluation.\($0.key)" }
            throw JSONValueError(file: file, path: block ?? "$.base.\(conflict.key)",
                                 found: "nothing (\(configuration.model.rawValue)'s default \(conflict.found))", expected: conflict.expected)
        }
        return configuration
    }

    static func decode(_ values: [String: Any], origins: [String: String], file: String?) throws -> TrainingConfiguration {
        let c: TrainingConfiguration
        do {
            c = try TrainingConfiguration.decode(try JSONSerialization.data(withJSONObject: values), file: file, checkingRelevance: false)
        } catch var error as JSONValueError {
            // "$.key" or "$.key[3]" → the spec path where key was written.
            let rest = error.path.dropFirst(2)
            let key = String(rest.prefix { $0 != "[" && $0 != "." })
            if let origin = origins[key] {
                error.path = origin + rest.dropFirst(key.count)
            } else if error.found == "an unknown key" {
                error.path = "$.base.\(key)"
            }
            throw error
        }
        // A setting this cell's model (or protocol) ignores, wherever it was written.
        try KnobRelevance.check(values, c, file: file, path: { origins[$0] ?? "$.base.\($0)" }, hint: { key in
            let origin = origins[key] ?? ""
            if origin.hasPrefix("$.overrides.") { return "; remove it" }
            if origin.hasPrefix("$.grid.") || origin.hasPrefix("$.zip[") {
                return "; varying it for \(c.model.rawValue) would repeat identical runs"
            }
            return "; set it under $.overrides.<model> for the models that use it"
        })
        if let p = c.directSpecProblem {
            throw JSONValueError(file: file, path: origins[p.key] ?? "$.base.\(p.key)", found: p.found, expected: p.expected)
        }
        return c
    }

    /// Replaces `${NAME}` in every string value, and in every string of an array value (a
    /// `dataPath` of several files), with the environment's value.
    /// `VAELAB_DATA` defaults to `data` and `VAELAB_SHARED_DATA` to `../shared/data`.
    static func expandVariables(_ values: [String: Any], origins: [String: String], file: String?,
                                environment: [String: String], keepUnset: Bool = false) throws -> [String: Any] {
        var env = ["VAELAB_DATA": "data", "VAELAB_SHARED_DATA": "../shared/data"]
        env.merge(environment) { $1 }
        func expand(_ s: String, path: String) throws -> String {
            guard s.contains("${") else { return s }
            var result = ""
            var rest = Substring(s)
            while let start = rest.range(of: "${") {
                result += rest[..<start.lowerBound]
                guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                    throw JSONValueError(file: file, path: path, found: "\"\(s)\"", expected: "a closed ${NAME}")
                }
                let name = String(rest[start.upperBound..<end])
                if env[name] == nil && keepUnset {
                    result += "${\(name)}"
                    rest = rest[rest.index(after: end)...]
                    continue
                }
                guard let v = env[name] else {
                    throw JSONValueError(file: file, path: path, found: "${\(name)}",
                                         expected: "an environment variable that is set (\(name) is not)")
                }
                result += v
                rest = rest[rest.index(after: end)...]
            }
            return result + rest
        }
        var out = values
        for (key, value) in values {
            let path = origins[key] ?? "$.\(key)"
            if let s = value as? String {
                out[key] = try expand(s, path: path)
            } else if let a = value as? [Any], a.contains(where: { ($0 as? String)?.contains("${") == true }) {
                out[key] = try a.enumerated().map { i, x in try (x as? String).map { try expand($0, path: "\(path)[\(i)]") } ?? x }
            }
        }
        return out
    }

    /// The `${NAME}` variables left unexpanded in the runs' executed configurations (sorted).
    public static func unsetVariables(in runs: [PlannedRun]) -> [String] {
        var names = Set<String>()
        for run in runs {
            guard let data = try? JSONEncoder().encode(run.execution) else { continue }
            for match in String(decoding: data, as: UTF8.self).matches(of: /\$\{([A-Za-z0-9_]+)\}/) { names.insert(String(match.1)) }
        }
        return names.sorted()
    }
}
