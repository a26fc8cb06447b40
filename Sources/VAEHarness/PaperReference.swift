import Foundation
import VAEEvaluation

/// A spec's `paper` block: the published numbers the experiment tries to reproduce, one cell
/// per group of the grid, and how closely they must be met. `PaperComparison` sets them
/// beside the recorded runs; `PaperReport` writes `paper.md`, `paper.csv` and
/// `paper_gains.csv`. The block never enters a run's identity.
///
/// ```json
/// "paper": {
///   "source": "Yun, Choi, Cho, RecSys 2025, Table 2, Amazon Kindle",
///   "tolerance": 0.05,
///   "alpha": 0.05,
///   "test": "t",
///   "cells": [
///     { "where": { "model": "poisvae", "labelSmoothing": 0 }, "values": { "RecallFull@20": 0.0623, "NDCG@20": 0.0392 } }
///   ]
/// }
/// ```
///
/// `where` selects exactly one group by its values of varied knobs (a cell that matches no
/// group, or several, is an error, as are two cells selecting the same group); `values` maps
/// metrics the spec evaluates to the paper's (positive) numbers, and may omit metrics.
/// `orderings` (`PaperOrdering`) lists orderings the paper claims between groups; a block
/// needs cells, orderings, or both.
public struct PaperReference: Sendable {
    /// Which paired test over users decides whether a gain is significant.
    public enum GainTest: String, Sendable, CaseIterable {
        /// The paired t-test.
        case t
        /// The Wilcoxon signed-rank test.
        case wilcoxon
        /// Both tests.
        case both

        /// How the report names the criterion.
        public var phrase: String {
            switch self {
            case .t: return "paired t-test over users"
            case .wilcoxon: return "Wilcoxon signed-rank test over users"
            case .both: return "paired t-test and Wilcoxon signed-rank test over users, both"
            }
        }
    }

    public struct Cell: Sendable {
        /// The selected group's value of every varied knob, in the spec's axis order (as
        /// group labels show them).
        public var knobs: [PlannedRun.Knob]
        /// The paper's values, in the spec's metric order (others after, by name).
        public var values: [(metric: String, value: Double)]
        /// JSON path of the cell (`$.paper.cells[2]`), for messages.
        public var path: String

        /// `labelSmoothing=0 model=bivae`, as group labels read.
        public var label: String { knobs.isEmpty ? "all" : knobs.map { "\($0.key)=\($0.value)" }.joined(separator: " ") }

        public func value(_ metric: String) -> Double? { values.first { $0.metric == metric }?.value }
    }

    /// Where the numbers come from (paper, table, dataset).
    public var source: String
    /// A cell is met when |ours / paper − 1| ≤ tolerance.
    public var tolerance: Double = 0.05
    /// A gain is significant when its p-value is below alpha.
    public var alpha: Double = 0.05
    public var test: GainTest = .t
    public var cells: [Cell]
    public var orderings: [PaperOrdering] = []

    public static let keys = ["source", "tolerance", "alpha", "test", "cells", "orderings"]

    /// Reads the block at `object` (`$.paper`) against the spec's axes; `metrics` are the
    /// metrics the spec evaluates (nil: not fixed by the spec, so any valid metric name).
    public static func parse(_ object: JSONObject, axes: [ExperimentSpec.Axis], metrics: [String]?, file: String?) throws -> PaperReference {
        let path = object.path
        func fail(_ at: String, _ found: String, _ expected: String) -> JSONValueError {
            JSONValueError(file: file, path: at, found: found, expected: expected)
        }
        guard let source = try object.string("source"), !source.isEmpty else {
            throw fail("\(path).source", object.dictionary["source"].map(JSONObject.describe) ?? "nothing",
                       "where the numbers come from (paper, table, dataset), as text")
        }
        var paper = PaperReference(source: source, cells: [])
        if let t = try object.double("tolerance", in: 0...1) { paper.tolerance = t }
        if let a = try object.double("alpha", in: 0...1) { paper.alpha = a }
        if let t = try object.string("test", allowed: GainTest.allCases.map(\.rawValue)) { paper.test = GainTest(rawValue: t)! }

        let canonicalMetrics = metrics.map { $0.map { MetricSpec($0)?.description ?? $0 } }
        let cellsPath = "\(path).cells"
        let orderingsPath = "\(path).orderings"
        if let written = object.dictionary["orderings"] {
            guard let list = written as? [Any], !list.isEmpty else {
                throw fail(orderingsPath, JSONObject.describe(written), "a non-empty array of \(PaperOrdering.example)")
            }
            for (i, value) in list.enumerated() {
                guard let dictionary = value as? [String: Any] else {
                    throw fail("\(orderingsPath)[\(i)]", JSONObject.describe(value), PaperOrdering.example)
                }
                paper.orderings.append(try PaperOrdering.parse(JSONObject(dictionary, path: "\(orderingsPath)[\(i)]", file: file),
                                                               axes: axes, metrics: metrics, file: file))
            }
            _ = object.value("orderings")
        }
        let cellValues: [Any]
        if let list = object.value("cells") as? [Any], !list.isEmpty {
            cellValues = list
        } else if object.dictionary["cells"] == nil && !paper.orderings.isEmpty {
            cellValues = []
        } else {
            throw fail(cellsPath, object.dictionary["cells"].map(JSONObject.describe) ?? "nothing",
                       "a non-empty array of {\"where\": {knob: value}, \"values\": {metric: number}} (or none, with orderings)")
        }
        var selectedBy: [String: String] = [:]
        for (i, value) in cellValues.enumerated() {
            let cellPath = "\(cellsPath)[\(i)]"
            let (cell, knobs) = try entry(value, at: cellPath, shape: "{\"where\": {knob: value}, \"values\": {metric: number}}",
                                          axes: axes, file: file)
            let label = knobs.isEmpty ? "all" : knobs.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            if let other = selectedBy[label] {
                throw fail("\(cellPath).where", label, "a group no other cell selects (\(other) selects it too)")
            }
            selectedBy[label] = cellPath
            guard let values = try cell.object("values"), !values.dictionary.isEmpty else {
                throw fail("\(cellPath).values", cell.dictionary["values"].map(JSONObject.describe) ?? "nothing",
                           "a non-empty object {metric: the paper's value}")
            }
            var parsed: [(metric: String, value: Double)] = []
            for key in values.dictionary.keys.sorted() {
                let at = "\(values.path).\(key)"
                let allowed = canonicalMetrics.map { "a metric the spec evaluates: " + $0.joined(separator: ", ") }
                guard let metric = MetricSpec(key)?.description else {
                    throw fail(at, "a key \"\(key)\"", allowed ?? "a metric name such as NDCG@20 or RecallFull@20")
                }
                if let canonicalMetrics, !canonicalMetrics.contains(metric) { throw fail(at, "a key \"\(key)\"", allowed!) }
                if parsed.contains(where: { $0.metric == metric }) { throw fail(at, "a key \"\(key)\"", "each metric once (\(metric) is given twice)") }
                let v = values.dictionary[key]!
                guard let n = v as? NSNumber, !JSONObject.isBool(n), n.doubleValue.isFinite, n.doubleValue > 0 else {
                    throw fail(at, JSONObject.describe(v), "the paper's value, a positive number")
                }
                parsed.append((metric, n.doubleValue))
            }
            values.markAllRead()
            let order = canonicalMetrics ?? []
            parsed.sort { a, b in
                let (i, j) = (order.firstIndex(of: a.metric) ?? order.count, order.firstIndex(of: b.metric) ?? order.count)
                return i != j ? i < j : a.metric < b.metric
            }
            try cell.finish(allowedKeysHint: ["where", "values"])
            paper.cells.append(Cell(knobs: knobs, values: parsed, path: cellPath))
        }
        try object.finish(allowedKeysHint: keys)
        return paper
    }

    /// An entry of a list that selects a group with its `where` (a cell, a group of an
    /// ordering): the entry as an object, and the group's knobs.
    static func entry(_ value: Any, at path: String, shape: String, axes: [ExperimentSpec.Axis],
                      file: String?) throws -> (JSONObject, [PlannedRun.Knob]) {
        guard let dictionary = value as? [String: Any] else {
            throw JSONValueError(file: file, path: path, found: JSONObject.describe(value), expected: "an object \(shape)")
        }
        let object = JSONObject(dictionary, path: path, file: file)
        guard let selection = try object.object("where") else {
            throw JSONValueError(file: file, path: "\(path).where", found: "nothing",
                                 expected: "{knob: value} of varied knobs selecting one group of the grid")
        }
        return (object, try select(selection, axes: axes, file: file))
    }

    /// The one group of the grid `selection` selects: every varied knob's value there.
    static func select(_ selection: JSONObject, axes: [ExperimentSpec.Axis], file: String?) throws -> [PlannedRun.Knob] {
        let varied = axes.flatMap(\.keys)
        for key in selection.dictionary.keys.sorted() {
            guard let axis = axes.first(where: { $0.keys.contains(key) }) else {
                throw JSONValueError(file: file, path: "\(selection.path).\(key)", found: "a key \"\(key)\"",
                                     expected: varied.isEmpty ? "no key: the spec varies no knob" : "a varied knob: " + varied.joined(separator: ", "))
            }
            let k = axis.keys.firstIndex(of: key)!
            let value = selection.dictionary[key]!
            guard axis.values.contains(where: { JSONValue.same($0[k], value) }) else {
                throw JSONValueError(file: file, path: "\(selection.path).\(key)", found: JSONObject.describe(value),
                                     expected: "one of the values varied: " + axis.values.map { JSONValue.text($0[k]) }.joined(separator: ", "))
            }
        }
        selection.markAllRead()
        // Per axis, the positions agreeing with every selected key of that axis.
        let positions = axes.map { axis in
            axis.values.indices.filter { i in
                axis.keys.enumerated().allSatisfy { k, key in selection.dictionary[key].map { JSONValue.same(axis.values[i][k], $0) } ?? true }
            }
        }
        let written = selection.dictionary.keys.sorted().map { "\($0)=\(JSONValue.text(selection.dictionary[$0]!))" }.joined(separator: " ")
        let count = positions.reduce(1) { $0 * $1.count }
        if count == 0 {
            throw JSONValueError(file: file, path: selection.path, found: written.isEmpty ? "an empty object" : written,
                                 expected: "knob values that select one group of the grid; these match none (zipped knobs move together)")
        }
        if count > 1 {
            let open = zip(axes, positions).filter { $0.1.count > 1 }.flatMap { $0.0.keys }
            throw JSONValueError(file: file, path: selection.path, found: written.isEmpty ? "an empty object" : written,
                                 expected: "knob values that select one group of the grid; these match \(count) groups (give \(open.joined(separator: ", ")) too)")
        }
        return zip(axes, positions).flatMap { axis, p in
            axis.keys.enumerated().map { k, key in PlannedRun.Knob(key: key, value: JSONValue.text(axis.values[p[0]][k])) }
        }
    }
}
