import Foundation

/// The plots of an experiment, written by `vaelab run` and `vaelab report` into
/// `<output>/plots/`:
/// - `<metric>_vs_<knob>.svg`: each test metric against the first numeric varied knob, with
///   error bars (std over seeds), one line per value of the other varied knobs;
/// - `validation_curves.svg` and `loss_curves.svg`: per epoch, the mean over seeds of each
///   group's validation metric and training loss (from the runs' `train_log.csv`);
/// - for the Cornac-family models, the label-smoothing mechanism per epoch (mean over seeds):
///   `mechanism_negative_gradient.svg`, the mean |∂L/∂x̂| on negative entries (log scale),
///   and `mechanism_small_scores.svg`, the fraction of predictions below 1e-3;
/// - with diagnostics, the spectra plots (`writeSpectra`) and `geometry_w2_vs_input.svg`
///   (`writeGeometry`).
public enum ExperimentPlots {
    @discardableResult
    public static func write(_ results: ExperimentResults, store: RunStore, title: String, to folder: URL) throws -> [URL] {
        var written: [URL] = []
        func save(_ plot: LinePlot, _ name: String) throws {
            let url = folder.appendingPathComponent(name)
            try plot.write(to: url)
            written.append(url)
        }
        let numericKnob = results.variedKeys.first { key in
            let values = Set(results.groups.compactMap { g in g.knobs.first { $0.key == key }?.value })
            return values.count > 1 && values.allSatisfy { Double($0) != nil }
        }
        if let knob = numericKnob {
            for metric in results.metricNames {
                let measurements = results.groups.compactMap { g -> PlotSweepMeasurement? in
                    guard let x = g.knobs.first(where: { $0.key == knob }).flatMap({ Double($0.value) }) else { return nil }
                    let others = g.knobs.filter { $0.key != knob }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                    return PlotSweepMeasurement(knob: x, group: others.isEmpty ? metric : others,
                                                values: g.completed.compactMap { $0.means[metric] })
                }
                try save(LinePlot.metricSweep(title: "\(title): \(metric) against \(knob)", metric: metric, knob: knob,
                                              knobAxis: .categorical, measurements: measurements.filter { !$0.values.isEmpty }),
                         "\(fileName(metric))_vs_\(fileName(knob)).svg")
            }
        }
        var validation: [PlotTrainingCurve] = [], loss: [PlotTrainingCurve] = []
        var negativeGradient: [PlotTrainingCurve] = [], smallScores: [PlotTrainingCurve] = []
        for g in results.groups {
            let logs = g.completed.compactMap { try? TrainingLog.read(store.folder($0.runID).appendingPathComponent("train_log.csv")) }
            guard let first = logs.first else { continue }
            let epochs = first.epochs
            func meanCurve(_ column: (TrainingLog) -> [Double]) -> [Double] {
                epochs.indices.map { i in
                    let v = logs.compactMap { i < column($0).count ? column($0)[i] : nil }
                    return v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count)
                }
            }
            let v = meanCurve(\.validation)
            if v.contains(where: { $0.isFinite }) { validation.append(PlotTrainingCurve(name: g.label, epochs: epochs, values: v)) }
            loss.append(PlotTrainingCurve(name: g.label, epochs: epochs, values: meanCurve(\.loss)))
            let n = meanCurve(\.negativeGradient), f = meanCurve(\.smallScores)
            if n.contains(where: { $0.isFinite }) { negativeGradient.append(PlotTrainingCurve(name: g.label, epochs: epochs, values: n)) }
            if f.contains(where: { $0.isFinite }) { smallScores.append(PlotTrainingCurve(name: g.label, epochs: epochs, values: f)) }
        }
        if !validation.isEmpty {
            let metric = results.runs.first?.configuration.selectionMetric ?? "validation"
            try save(LinePlot.trainingCurves(title: "\(title): validation \(metric) per epoch (mean over seeds)", metric: "validation \(metric)", curves: validation),
                     "validation_curves.svg")
        }
        try writeSpectra(results, store: store, title: title, save: save)
        try writeGeometry(results, store: store, title: title, save: save)
        if !loss.isEmpty {
            try save(LinePlot.trainingCurves(title: "\(title): training loss per epoch (mean over seeds)", metric: "loss", curves: loss),
                     "loss_curves.svg")
        }
        if !negativeGradient.isEmpty {
            try save(LinePlot.trainingCurves(title: "\(title): mean |gradient| on negative entries per epoch (mean over seeds)",
                                             metric: "mean |∂L/∂x̂| on negatives", curves: negativeGradient, metricScale: .log10),
                     "mechanism_negative_gradient.svg")
        }
        if !smallScores.isEmpty {
            try save(LinePlot.trainingCurves(title: "\(title): predictions below 1e-3 per epoch (mean over seeds)",
                                             metric: "fraction of x̂ < 1e-3", curves: smallScores),
                     "mechanism_small_scores.svg")
        }
        return written
    }

    /// `spectrum_users.svg` / `spectrum_items.svg`: the final model's normalised singular
    /// values (uncentred) for each group's first completed run, overlaid on a log scale; when
    /// the grid varies the model, also one such plot per model (`spectrum_users_bivae.svg`:
    /// the label-smoothing paper's figure, BiVAE's users with and without smoothing); and
    /// `erank_users.svg`: the L1 effective rank of the user embeddings over the recorded epochs.
    static func writeSpectra(_ results: ExperimentResults, store: RunStore, title: String, save: (LinePlot, String) throws -> Void) throws {
        var finals: [String: [PlotSpectrum]] = [:]
        var perModel: [String: [(model: String, spectrum: PlotSpectrum)]] = [:]
        var erank: [PlotTrainingCurve] = []
        for g in results.groups {
            guard let run = g.completed.first,
                  let text = try? String(contentsOf: store.folder(run.runID).appendingPathComponent("spectra.csv"), encoding: .utf8) else { continue }
            var values: [String: [Double]] = [:]
            for line in text.split(separator: "\n").dropFirst() {
                let f = line.split(separator: ",")
                guard f.count == 7, f[0] == "final", f[3] == "0", let v = Double(f[5]) else { continue }
                values[String(f[2]), default: []].append(v)
            }
            let model = g.knobs.first { $0.key == "model" }?.value
            let others = g.knobs.filter { $0.key != "model" }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            for (matrix, sigma) in values {
                finals[matrix, default: []].append(PlotSpectrum(name: g.label, singularValues: sigma))
                if let model { perModel[matrix, default: []].append((model, PlotSpectrum(name: others.isEmpty ? g.label : others, singularValues: sigma))) }
            }
            if let summary = try? String(contentsOf: store.folder(run.runID).appendingPathComponent("spectrum_summary.csv"), encoding: .utf8) {
                var epochs: [Int] = [], ranks: [Double] = []
                for line in summary.split(separator: "\n").dropFirst() {
                    let f = line.split(separator: ",")
                    guard f.count == 13, f[0] == "training", f[2] == "users", f[3] == "0", let e = Int(f[1]), let r = Double(f[6]) else { continue }
                    epochs.append(e)
                    ranks.append(r)
                }
                if !epochs.isEmpty { erank.append(PlotTrainingCurve(name: g.label, epochs: epochs, values: ranks)) }
            }
        }
        for matrix in finals.keys.sorted() {
            // `users` → "user embeddings", `items`, `anchors` alike.
            let noun = matrix.hasSuffix("s") ? String(matrix.dropLast()) : matrix
            try save(LinePlot.spectrum(title: "\(title): singular values of the final \(noun) embeddings (σ_k/σ₁)",
                                       spectra: finals[matrix]!),
                     "spectrum_\(matrix).svg")
            let models = Array(Set(perModel[matrix, default: []].map(\.model))).sorted()
            guard models.count > 1 else { continue }
            for model in models {
                try save(LinePlot.spectrum(title: "\(title): singular values of the final \(model) \(noun) embeddings (σ_k/σ₁)",
                                           spectra: perModel[matrix]!.filter { $0.model == model }.map(\.spectrum)),
                         "spectrum_\(matrix)_\(fileName(model)).svg")
            }
        }
        if !erank.isEmpty {
            try save(LinePlot.trainingCurves(title: "\(title): effective rank (L1) of the user embeddings", metric: "effective rank (L1)", curves: erank),
                     "erank_users.svg")
        }
    }

    /// `geometry_w2_vs_input.svg`: per group, the mean W2 between posteriors in each 0.1-wide
    /// bin of input (cosine) distance (disjoint pairs, at 1, in a bin of their own), from every completed run's `geometry_pairs.csv`; error
    /// bars are the std over seeds of the bin means.
    static func writeGeometry(_ results: ExperimentResults, store: RunStore, title: String, save: (LinePlot, String) throws -> Void) throws {
        var measurements: [PlotSweepMeasurement] = []
        for g in results.groups {
            for run in g.completed {
                guard let pairs = LatentGeometryFiles.readPairs(store.folder(run.runID)) else { continue }
                for bin in LinePlot.binnedMeans(x: pairs.distances, y: pairs.w2) {
                    measurements.append(PlotSweepMeasurement(knob: bin.centre, group: g.label, values: [bin.mean]))
                }
            }
        }
        guard !measurements.isEmpty else { return }
        try save(LinePlot.metricSweep(title: "\(title): W2 between posteriors against input distance (bin means)",
                                      metric: "mean W2 in bin", knob: "input distance (1 − cosine similarity), 0.1 bins; disjoint pairs at 1",
                                      measurements: measurements),
                 "geometry_w2_vs_input.svg")
    }

    static func fileName(_ s: String) -> String {
        String(s.replacingOccurrences(of: "@", with: "_at_").map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" })
    }
}

/// The columns of a run's `train_log.csv` that plots use.
struct TrainingLog {
    var epochs: [Int] = []
    var loss: [Double] = []
    var validation: [Double] = []
    /// The label-smoothing mechanism (`neg_grad_mean`, `small_score_fraction`; NaN where empty).
    var negativeGradient: [Double] = []
    var smallScores: [Double] = []

    static func read(_ url: URL) throws -> TrainingLog {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init),
              let e = header.firstIndex(of: "epoch"), let l = header.firstIndex(of: "loss"), let v = header.firstIndex(of: "validation")
        else { return TrainingLog() }
        let ng = header.firstIndex(of: "neg_grad_mean"), ss = header.firstIndex(of: "small_score_fraction")
        var log = TrainingLog()
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count == header.count, let epoch = Int(f[e]) else { continue }
            log.epochs.append(epoch)
            log.loss.append(Double(f[l]) ?? .nan)
            log.validation.append(Double(f[v]) ?? .nan)
            log.negativeGradient.append(ng.flatMap { Double(f[$0]) } ?? .nan)
            log.smallScores.append(ss.flatMap { Double(f[$0]) } ?? .nan)
        }
        return log
    }
}
