import Foundation

/// A ratio or quantity checked against one of issue 7's targets (or reported without one):
/// `value = numerator / denominator` for ratios; `met` is nil when there is no limit or
/// nothing to compare.
public struct BenchmarkTarget: Codable, Sendable, Equatable {
    public enum Bound: String, Codable, Sendable {
        case atMost, atLeast

        public var symbol: String { self == .atMost ? "≤" : "≥" }
    }

    public var key: String
    public var label: String
    public var value: Double?
    /// `×` for ratios, `GB` for memory.
    public var unit: String
    public var bound: Bound?
    public var limit: Double?
    public var met: Bool?
    /// How `value` is formed, e.g. `tensorflow epoch / Mult-VAE epoch`.
    public var formula: String

    public init(key: String, label: String, value: Double?, unit: String, bound: Bound?, limit: Double?, formula: String) {
        self.key = key
        self.label = label
        self.value = value
        self.unit = unit
        self.bound = bound
        self.limit = limit
        self.formula = formula
        if let value, let bound, let limit {
            met = bound == .atMost ? value <= limit : value >= limit
        } else {
            met = nil
        }
    }

    /// `numerator / denominator` when both exist and the denominator is positive.
    public static func ratio(key: String, label: String, _ numerator: Double?, _ denominator: Double?, bound: Bound? = nil,
                             limit: Double? = nil, formula: String) -> BenchmarkTarget {
        var value: Double?
        if let n = numerator, let d = denominator, d > 0, n.isFinite, d.isFinite { value = n / d }
        return BenchmarkTarget(key: key, label: label, value: value, unit: "×", bound: bound, limit: limit, formula: formula)
    }

    /// Issue 7's targets and the informative ratios, from what a report holds.
    public static func all(for r: BenchmarkReport) -> [BenchmarkTarget] {
        let ours = r.measurement("multvaeEpoch")?.seconds
        let floor = r.measurement("gemmFloor")?.seconds
        var out: [BenchmarkTarget] = [
            ratio(key: "multvaeOverFloor", label: "Mult-VAE epoch / GEMM floor", ours, floor, bound: .atMost, limit: 1.15,
                  formula: "Mult-VAE epoch / GEMM floor epoch"),
            ratio(key: "tensorflowOverOurs", label: "TensorFlow / VAELab (Mult-VAE epoch)", r.peer("tensorflow")?.epochSeconds, ours,
                  bound: .atLeast, limit: 1.85, formula: "TensorFlow epoch / VAELab epoch"),
            ratio(key: "numpySparseOverOurs", label: "NumPy sparse input / VAELab", r.peer("numpy-sparse")?.epochSeconds, ours,
                  bound: .atLeast, limit: 1.85, formula: "NumPy (sparse first layer) epoch / VAELab epoch"),
            ratio(key: "numpyDenseOverOurs", label: "NumPy dense / VAELab", r.peer("numpy")?.epochSeconds, ours,
                  formula: "NumPy (dense) epoch / VAELab epoch"),
            ratio(key: "pytorchOverOurs", label: "PyTorch eager / VAELab", r.peer("pytorch")?.epochSeconds, ours,
                  bound: .atLeast, limit: 3.5, formula: "PyTorch eager epoch / VAELab epoch"),
        ]
        for p in r.peers where p.epochSeconds != nil {
            out.append(ratio(key: "\(p.key)OverFloor", label: "\(p.label) / GEMM floor", p.epochSeconds, floor,
                             formula: "\(p.label) epoch / GEMM floor epoch"))
        }
        let cornac = r.reference("cornacBiVAE")
        out.append(ratio(key: "cornacOverBiVAE", label: "Cornac BiVAE (quoted) / VAELab BiVAE", cornac?.seconds,
                         r.measurement("bivaeEpoch")?.seconds, bound: .atLeast, limit: 8,
                         formula: "\(cornac.map { String(format: "%.1f", $0.seconds) } ?? "Cornac") s (issue 7, not measured here) / VAELab BiVAE epoch"))
        out.append(BenchmarkTarget(key: "msdPeakRSS", label: "MSD-shaped Mult-VAE peak RSS",
                                   value: r.msd?.peakAfterEvaluation.map { Double($0) / 1e9 }, unit: "GB", bound: .atMost, limit: 2,
                                   formula: "VmHWM after generating, training and evaluating (GB = 10⁹ bytes)"))
        out.append(BenchmarkTarget(key: "gridThroughput", label: "Grid throughput, 2 workers × 1 thread / 1 × 2",
                                   value: r.grid?.ratio, unit: "×", bound: .atLeast, limit: 1.7,
                                   formula: "training time of 1 worker × 2 threads / of 2 workers × 1 thread"))
        return out
    }
}

extension BenchmarkReport {
    /// The readable table `vaelab bench` prints.
    public var table: [String] {
        var lines: [String] = []
        let s = settings
        lines.append("VAELab bench — \(s.threads) thread(s), \(machine.cpuModel ?? "unknown CPU"), \(machine.logicalCores) cores"
                     + (machine.loadAverage.map { ", load " + $0.map { String(format: "%.2f", $0) }.joined(separator: " ") } ?? ""))
        if s.users > 0 { lines.append("data: \(s.users) × \(s.items), \(s.nonzeros) positives (\(s.data))") }
        lines.append("")
        func row(_ a: String, _ b: String, _ c: String) -> String { a.padding(46) + b.leftPadded(16) + "  " + c }
        lines.append(row("measurement", "time", "how"))
        for m in measurements {
            lines.append(row(m.label, String(format: "%.2f %@", m.seconds, m.unit), m.detail))
        }
        for p in peers {
            if let e = p.epochSeconds {
                let how = (p.fullEpoch ? "full epoch" : String(format: "median batch %.1f ms × users/500", p.batchMillisecondsMedian ?? .nan))
                    + (p.version.map { "; \($0)" } ?? "")
                lines.append(row("peer: " + p.label, String(format: "%.2f s/epoch", e), how))
            } else {
                lines.append(row("peer: " + p.label, "—", "skipped: \(p.skipped ?? "no result")"))
            }
        }
        for ref in references {
            lines.append(row("reference: " + ref.label, String(format: "%.2f s/epoch", ref.seconds), "quoted, not measured here"))
        }
        if let m = msd {
            lines.append(row("MSD-shaped Mult-VAE, peak RSS", m.peakAfterEvaluation.map { String(format: "%.2f GB", Double($0) / 1e9) } ?? "—",
                             String(format: "%d × %d, %d positives; %d batches (median %.0f ms), %d users evaluated in %.1f s",
                                    m.users, m.items, m.nonzeros, m.trainBatches, m.batchSecondsMedian * 1e3, m.evaluatedUsers, m.evaluationSeconds)))
        }
        if let g = grid {
            lines.append(row("grid \(g.spec), 2 workers × 1 thread", String(format: "%.2f s", g.parallel.trainingSeconds),
                             String(format: "%d runs × %d epochs; + %.2f s data", g.runs, g.epochs, g.parallel.dataSeconds)))
            lines.append(row("grid \(g.spec), 1 worker × 2 threads", String(format: "%.2f s", g.serial.trainingSeconds),
                             String(format: "+ %.2f s data", g.serial.dataSeconds)))
        }
        lines.append("")
        lines.append(row("ratio / target", "value", "target"))
        for t in targets {
            let v = t.value.map { String(format: t.unit == "×" ? "%.2f×" : "%.2f \(t.unit)", $0) } ?? "—"
            let target = t.bound.flatMap { b in t.limit.map { "\(b.symbol) \(String(format: "%g", $0))\(t.unit == "×" ? "×" : " " + t.unit)" } }
            let verdict = t.met.map { $0 ? "met" : "NOT met" } ?? (t.value == nil && target != nil ? "not measured" : "")
            lines.append(row(t.label, v, [target, verdict.isEmpty ? nil : verdict].compactMap { $0 }.joined(separator: "  ")))
        }
        if !notes.isEmpty {
            lines.append("")
            lines += notes.map { "note: " + $0 }
        }
        return lines
    }
}

fileprivate extension String {
    func padding(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
