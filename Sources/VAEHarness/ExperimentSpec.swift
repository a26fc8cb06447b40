import Foundation

/// A researcher's description of an experiment: one JSON file naming a dataset, an
/// evaluation, base settings, the knobs to vary and the seeds. `GridExpansion` turns it into
/// runs. The format is documented in `docs/spec.md`.
///
/// ```json
/// { "name": "quickstart-ml100k",
///   "dataset":    { "path": "${VAELAB_DATA}/ml-100k/ml-100k.inter", "format": "recbole", "heldOutUsers": 100 },
///   "evaluation": { "metrics": ["NDCG@100", "RecallCapped@20"], "selection": "bestValidation" },
///   "base":       { "model": "multvae", "epochs": 50 },
///   "grid":       { "labelSmoothing": [0, 0.1], "betaCap": [0.2, 1.0] },
///   "zip":        [ { "annealSteps": [1710, 3420], "epochs": [100, 200] } ],
///   "overrides":  { "multdae": { "hiddenDims": [200] } },
///   "seeds":      [1, 2],
///   "baseline":   { "labelSmoothing": 0 } }
/// ```
public struct ExperimentSpec {
    /// One varied dimension: a grid axis (one key) or a zip group (keys that move together).
    public struct Axis {
        public var keys: [String]
        /// `values[i][k]` is the value of `keys[k]` at position `i`.
        public var values: [[Any]]
        /// JSON path of `values[i][k]`, for errors.
        public var paths: [[String]]
    }

    public var name: String
    public var file: String?
    public var summary: String?
    /// Knobs common to every run (dataset, evaluation and base blocks), by configuration key.
    public var fixed: [String: Any]
    /// Where each knob of `fixed` was written.
    public var origins: [String: String]
    public var axes: [Axis]
    /// Per-model settings, by model name.
    public var overrides: [String: [String: Any]]
    public var seeds: [Int]
    /// The baseline group's values of some axes; other groups are compared with the group
    /// that differs from them only in these keys.
    public var baseline: [String: Any]?
    /// The baseline's values as displayed in group labels.
    public var baselineText: [String: String] { (baseline ?? [:]).mapValues(JSONValue.text) }

    /// Results folder (default `results/<name>`).
    public var output: String
    /// Save the whole training state every this many epochs (0: never).
    public var checkpointEvery: Int
    /// Embedding spectra (and `.npy` embeddings) per run; nil: none.
    public var spectra: SpectrumLog.Options? = nil
    /// The published numbers to compare with (`paper.md`); never part of a run's identity.
    public var paper: PaperReference? = nil
    /// Latent geometry of each fold-in run's selected model; nil: none.
    public var geometry: LatentGeometryProbe.Options? = nil

    /// Top-level keys a spec may contain.
    public static let keys = ["name", "description", "dataset", "evaluation", "base", "grid", "zip", "overrides",
                              "seeds", "baseline", "output", "checkpointEvery", "diagnostics", "paper"]

    /// Dataset-block shorthands and evaluation-block names, mapped to configuration keys.
    static let datasetAliases = ["path": "dataPath", "format": "dataFormat", "cache": "cacheDirectory"]
    static let evaluationAliases = ["metrics": "metrics", "selection": "selection", "selectionMetric": "selectionMetric",
                                    "batchSize": "evaluationBatchSize", "interval": "evaluationInterval",
                                    "activityBins": "activityBins", "activityCount": "activityCount"]

    /// Reads a spec file. Structural errors name the JSON path; the knobs themselves are
    /// checked when the spec is expanded (`GridExpansion`), where each run's values meet.
    public static func load(_ path: String) throws -> ExperimentSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JSONValueError(file: path, path: "$", found: "no readable file", expected: "a JSON experiment spec")
        }
        return try parse(data, file: path)
    }

    public static func parse(_ data: Data, file: String? = nil) throws -> ExperimentSpec {
        let root = try JSONObject.parse(data, file: file)
        func fail(_ path: String, _ found: Any, _ expected: String) -> JSONValueError {
            JSONValueError(file: file, path: path, found: JSONObject.describe(found), expected: expected)
        }
        /// `found` already in words ("an unknown key").
        func failSaying(_ path: String, _ found: String, _ expected: String) -> JSONValueError {
            JSONValueError(file: file, path: path, found: found, expected: expected)
        }

        guard let name = try root.string("name") else {
            throw JSONValueError(file: file, path: "$.name", found: "nothing", expected: "the experiment's name (letters, digits, '.', '_', '-')")
        }
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
            throw fail("$.name", name, "a name of letters, digits, '.', '_' or '-' (it names the results folder)")
        }
        var spec = ExperimentSpec(name: name, file: file, summary: try root.string("description"), fixed: [:], origins: [:],
                                  axes: [], overrides: [:], seeds: [], baseline: nil, output: "results/\(name)", checkpointEvery: 10)

        func addFixed(_ object: JSONObject?, block: String, aliases: [String: String]?) throws {
            guard let object else { return }
            for key in object.dictionary.keys.sorted() {
                let target: String
                if let aliases, block == "evaluation" {
                    guard let t = aliases[key] else {
                        throw failSaying("$.\(block).\(key)", "an unknown key", "one of: " + aliases.keys.sorted().joined(separator: ", "))
                    }
                    target = t
                } else {
                    target = aliases?[key] ?? key
                }
                if let earlier = spec.origins[target] {
                    throw fail("$.\(block).\(key)", object.dictionary[key]!, "no second value for \(target) (already set at \(earlier))")
                }
                spec.fixed[target] = object.dictionary[key]!
                spec.origins[target] = "$.\(block).\(key)"
            }
            object.markAllRead()
        }
        try addFixed(try root.object("dataset"), block: "dataset", aliases: datasetAliases)
        try addFixed(try root.object("evaluation"), block: "evaluation", aliases: evaluationAliases)
        try addFixed(try root.object("base"), block: "base", aliases: nil)
        if spec.fixed["seed"] != nil {
            throw fail(spec.origins["seed"]!, spec.fixed["seed"]!, "no seed here: list the seeds in $.seeds")
        }

        var axisKeys: [String: String] = [:]
        func claim(_ key: String, _ path: String) throws {
            if let other = axisKeys[key] { throw fail(path, key, "a knob varied once (\(key) is already varied at \(other))") }
            if let fixedAt = spec.origins[key] { throw fail(path, key, "a knob not also fixed (\(key) is set at \(fixedAt))") }
            if key == "seed" { throw fail(path, key, "a knob other than seed (list the seeds in $.seeds)") }
            axisKeys[key] = path
        }
        if let grid = try root.object("grid") {
            for key in grid.dictionary.keys.sorted() {
                let path = "$.grid.\(key)"
                guard let values = grid.dictionary[key] as? [Any], !values.isEmpty else {
                    throw fail(path, grid.dictionary[key]!, "a non-empty array of values")
                }
                try claim(key, path)
                spec.axes.append(Axis(keys: [key], values: values.map { [$0] }, paths: values.indices.map { ["\(path)[\($0)]"] }))
            }
            grid.markAllRead()
        }
        if let zipValue = root.value("zip") {
            guard let groups = zipValue as? [Any] else { throw fail("$.zip", zipValue, "an array of objects of equally long arrays") }
            for (g, groupValue) in groups.enumerated() {
                guard let group = groupValue as? [String: Any], !group.isEmpty else {
                    throw fail("$.zip[\(g)]", groupValue, "an object of equally long arrays")
                }
                let keys = group.keys.sorted()
                var columns: [[Any]] = []
                for key in keys {
                    let path = "$.zip[\(g)].\(key)"
                    guard let values = group[key] as? [Any], !values.isEmpty else { throw fail(path, group[key]!, "a non-empty array of values") }
                    guard columns.isEmpty || values.count == columns[0].count else {
                        throw fail(path, group[key]!, "\(columns[0].count) values, as many as \(keys[0]) has (zipped knobs move together)")
                    }
                    try claim(key, path)
                    columns.append(values)
                }
                let n = columns[0].count
                spec.axes.append(Axis(keys: keys, values: (0..<n).map { i in columns.map { $0[i] } },
                                      paths: (0..<n).map { i in keys.map { "$.zip[\(g)].\($0)[\(i)]" } }))
            }
        }
        if let overrides = try root.object("overrides") {
            for model in overrides.dictionary.keys.sorted() {
                guard TrainingConfiguration.ModelKind(rawValue: model) != nil else {
                    throw failSaying("$.overrides.\(model)", "a key \"\(model)\"", "a model name: " + TrainingConfiguration.ModelKind.allCases.map(\.rawValue).joined(separator: ", "))
                }
                guard let settings = overrides.dictionary[model] as? [String: Any] else {
                    throw fail("$.overrides.\(model)", overrides.dictionary[model]!, "an object of settings for \(model)")
                }
                for key in settings.keys.sorted() where axisKeys[key] != nil {
                    throw fail("$.overrides.\(model).\(key)", settings[key]!, "a knob that is not varied (\(key) is varied at \(axisKeys[key]!))")
                }
                spec.overrides[model] = settings
            }
            overrides.markAllRead()
        }
        guard let seeds = try root.ints("seeds", in: 0...Int(Int64.max)), !seeds.isEmpty else {
            throw fail("$.seeds", root.dictionary["seeds"] ?? "nothing", "a non-empty array of non-negative integer seeds")
        }
        guard Set(seeds).count == seeds.count else { throw fail("$.seeds", seeds, "distinct seeds") }
        spec.seeds = seeds
        if let baseline = try root.object("baseline") {
            for key in baseline.dictionary.keys.sorted() {
                let value = baseline.dictionary[key]!
                guard let axis = spec.axes.first(where: { $0.keys.contains(key) }) else {
                    throw failSaying("$.baseline.\(key)", "a key \"\(key)\"", "a varied knob: " + spec.axes.flatMap(\.keys).joined(separator: ", "))
                }
                let k = axis.keys.firstIndex(of: key)!
                guard axis.values.contains(where: { JSONValue.same($0[k], value) }) else {
                    throw fail("$.baseline.\(key)", value, "one of the values varied: " + axis.values.map { JSONValue.text($0[k]) }.joined(separator: ", "))
                }
            }
            spec.baseline = baseline.dictionary
            baseline.markAllRead()
        }
        if let output = try root.string("output") { spec.output = output }
        if let every = try root.int("checkpointEvery", in: 0...1_000_000) { spec.checkpointEvery = every }
        if let d = try root.object("diagnostics") {
            // Spectra when either of their keys is given (a block with only `geometry` asks for none).
            let every = try d.int("spectraEvery", in: 0...1_000_000)
            let save = try d.bool("saveEmbeddings")
            if every != nil || save != nil {
                spec.spectra = SpectrumLog.Options(everyEpochs: every ?? 0, saveEmbeddings: save ?? false)
            }
            if let g = try d.object("geometry") { spec.geometry = try LatentGeometryProbe.Options.parse(g) }
            try d.finish(allowedKeysHint: ["spectraEvery", "saveEmbeddings", "geometry"])
        }
        if let p = try root.object("paper") {
            spec.paper = try PaperReference.parse(p, axes: spec.axes, metrics: spec.fixed["metrics"] as? [String], file: file)
        }
        try root.finish(allowedKeysHint: ExperimentSpec.keys)
        return spec
    }
}

/// Helpers for values read by `JSONSerialization`.
public enum JSONValue {
    /// Whether two JSON values are equal (numbers by value, so 0 == 0.0).
    public static func same(_ a: Any, _ b: Any) -> Bool {
        switch (a, b) {
        case let (x as NSNumber, y as NSNumber):
            return JSONObject.isBool(x) == JSONObject.isBool(y) && x.doubleValue == y.doubleValue
        case let (x as String, y as String): return x == y
        case let (x as [Any], y as [Any]): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (is NSNull, is NSNull): return true
        default: return false
        }
    }

    /// Short display text: `0.001`, `multvae`, `[600,200]`, `true`.
    public static func text(_ v: Any) -> String {
        switch v {
        case let s as String: return s
        case let n as NSNumber:
            if JSONObject.isBool(n) { return n.boolValue ? "true" : "false" }
            let d = n.doubleValue
            if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
            return "\(d)"
        case let a as [Any]: return "[" + a.map(text).joined(separator: ",") + "]"
        case is NSNull: return "null"
        default: return "\(v)"
        }
    }
}
