import Foundation
import Testing
@testable import VAEHarness

/// Sample plots for looking at: written only when VAELAB_PLOT_SAMPLES names a directory
/// (e.g. `VAELAB_PLOT_SAMPLES=/tmp/plots swift test --filter PlotSamples`, then convert
/// with `rsvg-convert`). Always checks that every sample renders.
@Suite("Plot samples")
struct PlotSamplesTests {
    static func samples() -> [(String, LinePlot)] {
        // (a) NDCG@100 against β (categorical, includes 0) for three models, 3 seeds each.
        let betas = [0, 1e-4, 1e-3, 0.01, 0.1, 0.2, 0.5, 1.0]
        var ms: [PlotSweepMeasurement] = []
        let groups: [(String, Double)] = [("Mult-VAE", 0.42), ("Mult-DAE", 0.40), ("Mult-VAE (annealed)", 0.43)]
        for (g, base) in groups {
            for (i, b) in betas.enumerated() {
                let wiggle: Double = g == "Mult-DAE" ? -0.01 * Double(i % 2) : 0
                let y: Double = base - 0.02 * abs(Double(i) - 4) / 4 + wiggle
                ms.append(PlotSweepMeasurement(knob: b, group: g, values: [y - 0.004, y, y + 0.005 + 0.001 * Double(i)]))
            }
        }
        let sweep = LinePlot.metricSweep(title: "ML-20M: NDCG@100 against β", metric: "NDCG@100", knob: "β (KL weight)",
                                         groupTitle: "model", knobAxis: .categorical, measurements: ms)
        // Same with a log10 knob (no zero) and a linear one.
        let lrs = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2]
        var lr: [PlotSweepMeasurement] = []
        for d in [0.2, 0.5, 0.8] {
            for (i, v) in lrs.enumerated() {
                let y = 0.35 + 0.01 * Double(i) - 0.004 * Double(i * i) * d
                lr.append(PlotSweepMeasurement(knob: v, group: "keep=\(d)", values: [y, y + 0.003, y - 0.002]))
            }
        }
        let lrPlot = LinePlot.metricSweep(title: "Recall@20 against learning rate", metric: "Recall@20",
                                          knob: "learning rate", groupTitle: "dropout keep", knobAxis: .log10, measurements: lr)
        // (b) Training curves, 200 epochs, one with a NaN stretch.
        var curves: [PlotTrainingCurve] = []
        for (r, name) in ["seed 98765", "seed 1", "seed 2", "β=0.2, anneal 200k"].enumerated() {
            let values: [Double] = (1...200).map { (e: Int) -> Double in
                if r == 1 && (120...130).contains(e) { return .nan }
                let decay: Double = 90 * (1 - exp(-Double(e) / 30))
                return 520 - decay - Double(r) * 3 + 2 * sin(Double(e + r * 7) / 3)
            }
            curves.append(PlotTrainingCurve(name: name, values: values))
        }
        let loss = LinePlot.trainingCurves(title: "Training loss (negative ELBO)", metric: "loss", curves: curves)
        let ndcg = LinePlot.trainingCurves(title: "Validation NDCG@100", metric: "NDCG@100", curves: [
            PlotTrainingCurve(name: "Mult-VAE", epochs: Array(stride(from: 5, through: 100, by: 5)),
                              values: (1...20).map { 0.3 + 0.12 * (1 - exp(-Double($0) / 4)) }),
            PlotTrainingCurve(name: "Mult-DAE", epochs: Array(stride(from: 5, through: 100, by: 5)),
                              values: (1...20).map { 0.28 + 0.13 * (1 - exp(-Double($0) / 5)) }),
        ])
        // (c) Spectra spanning many decades, one with exact zeros at the tail.
        let spectra = [
            PlotSpectrum(name: "encoder W₁ (Mult-VAE)", singularValues: (1...600).map { 40 * pow(Double($0), -1.1) }),
            PlotSpectrum(name: "encoder W₁ (Mult-DAE)", singularValues: (1...600).map { 25 * exp(-Double($0) / 60) }),
            PlotSpectrum(name: "item embeddings", singularValues: (1...600).map { $0 > 500 ? 0 : 10 * pow(Double($0), -0.5) }),
        ]
        let spec = LinePlot.spectrum(title: "Singular value spectra", spectra: spectra)
        let specLog = LinePlot.spectrum(title: "Singular value spectra (log k)", spectra: spectra, logK: true)
        // Edge cases.
        let empty = LinePlot(title: "Empty <plot> & nothing", xAxis: PlotAxis(label: "x"), yAxis: PlotAxis(label: "y"))
        let single = LinePlot(title: "Single point", series: [PlotSeries(name: "one", points: [PlotPoint(x: 3, y: 0.5, error: 0.1)])])
        var manySeries: [PlotSeries] = []
        for i in 0..<9 {
            let ys: [Double] = (0..<5).map { (j: Int) -> Double in 0.3 + 0.01 * Double(i) + 0.02 * sin(Double(j + i)) }
            manySeries.append(PlotSeries(name: "configuration \(i) with a long descriptive name", x: [0, 0.1, 0.2, 0.3, 0.4], y: ys))
        }
        let many = LinePlot(title: "Many series, long names → legend below",
                            xAxis: PlotAxis(label: "anneal cap"), yAxis: PlotAxis(label: "Recall@50"), series: manySeries)
        let smoothing: [Double] = [1e-7, 2.5e-6, 1e-5, 3.3e-5, 1e-4, 2.5e-4, 1e-3, 0.0125, 0.1, 0.25, 0.5, 0.75, 1, 0]
        let catMs: [PlotSweepMeasurement] = smoothing.map { PlotSweepMeasurement(knob: $0, group: "Mult-VAE", values: [0.4, 0.41]) }
        let longCats = LinePlot.metricSweep(title: "Categorical labels that need rotating", metric: "NDCG@100", knob: "smoothing",
                                            knobAxis: .categorical, measurements: catMs)
        let narrowLog = LinePlot(title: "Narrow log range", yAxis: PlotAxis(label: "ratio", scale: .log10),
                                 series: [PlotSeries(name: "r", x: [1, 2, 3, 4], y: [0.31, 0.35, 0.4, 0.44])])
        return [("sweep", sweep), ("lr", lrPlot), ("loss", loss), ("ndcg", ndcg), ("spectrum", spec),
                ("spectrum-logk", specLog), ("empty", empty), ("single", single), ("many", many),
                ("rotated", longCats), ("narrowlog", narrowLog)]
    }

    @Test("Every sample renders; written out when VAELAB_PLOT_SAMPLES is set")
    func writeSamples() throws {
        let dir = ProcessInfo.processInfo.environment["VAELAB_PLOT_SAMPLES"]
        for (name, plot) in Self.samples() {
            let svg = plot.svg()
            #expect(svg.hasPrefix("<?xml") && svg.hasSuffix("</svg>\n"), "\(name)")
            if let dir {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                try plot.write(to: URL(fileURLWithPath: dir).appendingPathComponent(name + ".svg"))
            }
        }
    }
}
