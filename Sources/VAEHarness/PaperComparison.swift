import Foundation
import VAEEvaluation

/// The recorded runs set beside a spec's `paper` block (`PaperReference`):
///
/// - per paper cell and metric: the paper's value, ours as mean ± std (ddof 1) over the
///   group's completed seeds, n, and the relative difference ours / paper − 1, within the
///   tolerance or not;
/// - per gain the paper claims over the spec's baseline — a non-baseline cell whose
///   baseline counterpart (the same knobs except the baseline's keys, which take the
///   baseline's values) has a paper cell too, for each metric both give: the paper's gain
///   (cell − counterpart), ours (mean over the seeds both groups completed of the runs'
///   difference, as `significance.csv`), whether the signs agree, and the paired tests over
///   (seed, test user) pairs and over per-seed means that `SignificanceTable` computes. A
///   gain is reproduced when the signs agree and the chosen test's p-value is below alpha.
///
/// - per ordering the paper claims (`PaperOrdering`): each group's mean, and each step from
///   one group to the next tested like a gain; an ordering is reproduced when every step
///   goes up with p < alpha.
///
/// A group with fewer completed seeds than the spec has is partial; with none, its numbers
/// are missing (NaN, shown as `—`).
public struct PaperComparison {
    public struct CellRow {
        public var cell: PaperReference.Cell
        public var metric: String
        public var paper: Double
        /// Ours over the group's completed seeds (n = 0: no completed run).
        public var ours: ExperimentResults.Cell
        /// The spec's seed count.
        public var seeds: Int
        public var partial: Bool { ours.n > 0 && ours.n < seeds }
        /// ours / paper − 1 (NaN without runs).
        public var relativeDifference: Double { ours.n == 0 ? .nan : ours.mean / paper - 1 }
        /// Nil without runs.
        public var withinTolerance: Bool?
    }

    /// A gain the paper claims over the baseline; the evidence's fields (`tUsers`,
    /// `commonSeeds`, …) read through.
    @dynamicMemberLookup
    public struct GainRow {
        public var cell: PaperReference.Cell
        public var baseline: PaperReference.Cell
        public var metric: String
        /// Paper cell − paper baseline cell, and that over the baseline.
        public var paperGain: Double
        public var paperRelativeGain: Double { paperGain / (baselinePaper) }
        public var baselinePaper: Double
        /// Ours: the cell's group against the baseline's.
        public var evidence: PairedEvidence

        public subscript<T>(dynamicMember path: KeyPath<PairedEvidence, T>) -> T { evidence[keyPath: path] }
        /// Mean over common seeds of (group − baseline) run means; NaN without common seeds.
        public var ourGain: Double { evidence.delta }
        public var ourRelativeGain: Double { evidence.delta / evidence.otherMean }
        /// Nil without common seeds.
        public var sameSign: Bool? { evidence.commonSeeds == 0 || ourGain.isNaN ? nil : PaperComparison.sign(ourGain) == PaperComparison.sign(paperGain) }
        /// Same sign and p < alpha; nil without common seeds.
        public var reproduced: Bool? { evidence.confirms(sign: PaperComparison.sign(paperGain)) }
    }

    /// One step of an ordering, from `lower` to `higher` (the next group listed); the
    /// evidence's fields read through.
    @dynamicMemberLookup
    public struct OrderingStep {
        public var lower: PaperOrdering.Member
        public var higher: PaperOrdering.Member
        /// Ours: `higher`'s group against `lower`'s.
        public var evidence: PairedEvidence

        public subscript<T>(dynamicMember path: KeyPath<PairedEvidence, T>) -> T { evidence[keyPath: path] }
        /// Whether ours goes up too; nil without common seeds.
        public var up: Bool? { evidence.commonSeeds == 0 || evidence.delta.isNaN ? nil : evidence.delta > 0 }
        /// Up with p < alpha; nil without common seeds.
        public var reproduced: Bool? { evidence.confirms(sign: 1) }
    }

    public struct OrderingRow {
        public var ordering: PaperOrdering
        /// Ours per group, in the ordering's order.
        public var groups: [ExperimentResults.Cell]
        public var steps: [OrderingStep]

        public var partial: Bool { steps.contains(where: \.partial) }
        /// Every step reproduced; nil while a step has no common seeds.
        public var reproduced: Bool? {
            if steps.contains(where: { $0.reproduced == nil }) { return nil }
            return steps.allSatisfy { $0.reproduced == true }
        }
    }

    public var paper: PaperReference
    public var baseline: [String: String]
    public var cells: [CellRow]
    public var gains: [GainRow]
    public var orderings: [OrderingRow] = []

    static func sign(_ x: Double) -> Int { x > 0 ? 1 : x < 0 ? -1 : 0 }

    /// `results` of a spec with `paper`, `baseline` (the spec's `baselineText`) and `seeds`
    /// runs per group.
    public init(_ results: ExperimentResults, paper: PaperReference, baseline: [String: String], seeds: Int) {
        self.paper = paper
        self.baseline = baseline
        func group(_ knobs: [PlannedRun.Knob]) -> ExperimentResults.Group? {
            let wanted = Dictionary(uniqueKeysWithValues: knobs.map { ($0.key, $0.value) })
            return results.groups.first { g in
                Dictionary(g.knobs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a }) == wanted
            }
        }
        let empty = ExperimentResults.cell([])
        cells = paper.cells.flatMap { cell in
            cell.values.map { metric, value in
                let ours = group(cell.knobs).map { results.cell($0, metric) } ?? empty
                return CellRow(cell: cell, metric: metric, paper: value, ours: ours, seeds: seeds,
                               withinTolerance: ours.n == 0 ? nil : abs(ours.mean / value - 1) <= paper.tolerance + 1e-12)
            }
        }
        func evidence(_ g: ExperimentResults.Group?, against b: ExperimentResults.Group?, _ labels: (String, String),
                      _ metric: String) -> PairedEvidence {
            PairedEvidence.of(g, against: b, labels: labels, metric: metric, test: paper.test, seeds: seeds, alpha: paper.alpha)
        }
        orderings = paper.orderings.map { ordering in
            let members = ordering.groups.map { group($0.knobs) }
            let steps = ordering.groups.indices.dropLast().map { i -> OrderingStep in
                let (lo, hi) = (ordering.groups[i], ordering.groups[i + 1])
                return OrderingStep(lower: lo, higher: hi,
                                    evidence: evidence(members[i + 1], against: members[i], (hi.label, lo.label), ordering.metric))
            }
            return OrderingRow(ordering: ordering, groups: members.map { $0.map { results.cell($0, ordering.metric) } ?? empty }, steps: steps)
        }
        var gains: [GainRow] = []
        if !baseline.isEmpty {
            let byLabel = Dictionary(paper.cells.map { ($0.label, $0) }, uniquingKeysWith: { a, _ in a })
            for cell in paper.cells {
                guard cell.knobs.contains(where: { baseline[$0.key] != nil && baseline[$0.key] != $0.value }) else { continue }
                let target = cell.knobs.map { PlannedRun.Knob(key: $0.key, value: baseline[$0.key] ?? $0.value) }
                let label = target.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                guard let base = byLabel[label] else { continue }
                for (metric, value) in cell.values {
                    guard let baseValue = base.value(metric) else { continue }
                    gains.append(GainRow(cell: cell, baseline: base, metric: metric, paperGain: value - baseValue, baselinePaper: baseValue,
                                         evidence: evidence(group(cell.knobs), against: group(base.knobs), (cell.label, base.label), metric)))
                }
            }
        }
        self.gains = gains
    }

    // MARK: - Summary

    public var cellsWithin: Int { cells.filter { $0.withinTolerance == true }.count }
    public var cellsMissing: Int { cells.filter { $0.ours.n == 0 }.count }
    public var cellsPartial: Int { cells.filter(\.partial).count }
    public var gainsReproduced: Int { gains.filter { $0.reproduced == true }.count }
    public var gainsMissing: Int { gains.filter { $0.commonSeeds == 0 }.count }
    public var gainsPartial: Int { gains.filter(\.partial).count }
    public var orderingsReproduced: Int { orderings.filter { $0.reproduced == true }.count }
    public var orderingsMissing: Int { orderings.filter { $0.reproduced == nil }.count }
    public var orderingsPartial: Int { orderings.filter(\.partial).count }

    /// Whether every cell is within tolerance and every gain reproduced, all on complete
    /// groups.
    public var targetMet: Bool {
        cellsWithin == cells.count && gainsReproduced == gains.count && cellsPartial == 0 && gainsPartial == 0
            && orderingsReproduced == orderings.count && orderingsPartial == 0
    }

    /// One line: cells within tolerance and gains reproduced, with what is partial or
    /// missing, and whether the target is met.
    public var summaryLine: String {
        func incomplete(_ missing: Int, _ partial: Int, _ what: String) -> String {
            var parts: [String] = []
            if missing > 0 { parts.append("\(missing) without \(what)") }
            if partial > 0 { parts.append("\(partial) partial") }
            return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
        }
        let tolerance = PaperComparison.percent(paper.tolerance)
        var parts: [String] = []
        if !cells.isEmpty {
            parts.append("\(cellsWithin) of \(cells.count) cells within \(tolerance) of the paper"
                         + incomplete(cellsMissing, cellsPartial, "a completed run"))
        }
        if !orderings.isEmpty {
            parts.append("\(orderingsReproduced) of \(orderings.count) orderings reproduced (every step up with p < \(PaperComparison.plain(paper.alpha)))"
                         + incomplete(orderingsMissing, orderingsPartial, "a seed both groups of every step completed"))
        }
        var line = parts.joined(separator: "; ")
        if !baseline.isEmpty && !cells.isEmpty {
            line += "; \(gainsReproduced) of \(gains.count) gains reproduced in sign with p < \(PaperComparison.plain(paper.alpha))"
                + incomplete(gainsMissing, gainsPartial, "a seed both groups completed")
        }
        return line + "; target " + verdict + "."
    }

    /// `met`; `not met` when a complete group already misses; else `open` while runs are
    /// missing or partial.
    public var verdict: String {
        if targetMet { return "met" }
        let missed = cells.contains { $0.withinTolerance == false && !$0.partial }
            || gains.contains { $0.reproduced == false && !$0.partial }
            || orderings.contains { $0.reproduced == false && !$0.partial }
        return missed ? "not met" : "open (runs incomplete)"
    }

    /// `5%`, `2.5%`.
    static func percent(_ x: Double) -> String { plain(x * 100) + "%" }

    /// A short decimal (`0.05`, `5`, `2.5`).
    static func plain(_ x: Double) -> String {
        var s = String(format: "%.6f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
