// Builders for the plots the runner makes: a metric against a knob (mean ± std over
// seeds, one line per value of a second knob), training curves, and singular-value spectra.

import Foundation

/// How the swept knob is laid out along x in `LinePlot.metricSweep`.
public enum PlotKnobAxis: String, Sendable, Equatable {
    case linear
    case log10
    /// The distinct knob values at equal spacing, labelled with `SVGText.short`
    /// (0, 1e-4, 1e-3, …: grids a log axis cannot show because they contain 0).
    case categorical
}

/// The metric values (one per seed) measured at one knob value, for one line.
public struct PlotSweepMeasurement: Sendable, Equatable {
    /// The swept knob's value (x).
    public var knob: Double
    /// The line this belongs to, e.g. "β=0.2" or "Mult-VAE".
    public var group: String
    /// One value per seed.
    public var values: [Double]

    public init(knob: Double, group: String, values: [Double]) {
        self.knob = knob
        self.group = group
        self.values = values
    }
}

/// One run's per-epoch values.
public struct PlotTrainingCurve: Sendable, Equatable {
    public var name: String
    /// Epoch numbers; nil means 1, 2, … in order.
    public var epochs: [Int]?
    public var values: [Double]

    public init(name: String, epochs: [Int]? = nil, values: [Double]) {
        self.name = name
        self.epochs = epochs
        self.values = values
    }
}

/// One set of singular values (any order; normalised by the largest).
public struct PlotSpectrum: Sendable, Equatable {
    public var name: String
    public var singularValues: [Double]

    public init(name: String, singularValues: [Double]) {
        self.name = name
        self.singularValues = singularValues
    }
}

extension LinePlot {
    /// Mean and sample standard deviation (ddof 1; nil for a single value). Any non-finite
    /// value makes the mean NaN, so a diverged seed shows as a gap instead of vanishing.
    static func meanAndStd(_ values: [Double]) -> (mean: Double, std: Double?) {
        guard !values.isEmpty else { return (.nan, nil) }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        guard values.count > 1 else { return (mean, nil) }
        let ss = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (mean, (ss / (n - 1)).squareRoot())
    }

    /// A metric against one knob, one line per group, mean ± std over seeds as error bars.
    /// Lines are in order of first appearance of their group; points are sorted by knob value;
    /// measurements with the same knob and group are pooled.
    ///
    ///     let plot = LinePlot.metricSweep(
    ///         title: "ML-20M: NDCG@100 against β", metric: "NDCG@100", knob: "β",
    ///         groupTitle: "model", knobAxis: .categorical,
    ///         measurements: [PlotSweepMeasurement(knob: 0, group: "Mult-VAE", values: [0.41, 0.42, 0.40]), …])
    public static func metricSweep(title: String, metric: String, knob: String,
                                   groupTitle: String? = nil, knobAxis: PlotKnobAxis = .linear,
                                   metricScale: PlotScale = .linear,
                                   measurements: [PlotSweepMeasurement]) -> LinePlot {
        var groups: [String] = []
        var pooled: [String: [Double: [Double]]] = [:]
        for m in measurements {
            if pooled[m.group] == nil { groups.append(m.group); pooled[m.group] = [:] }
            pooled[m.group]![m.knob, default: []] += m.values
        }
        let knobs = Array(Set(measurements.map(\.knob).filter { !$0.isNaN })).sorted()
        let categories = knobAxis == .categorical ? knobs.map(SVGText.short) : nil
        let index = Dictionary(uniqueKeysWithValues: knobs.enumerated().map { ($0.element, Double($0.offset)) })
        let series = groups.map { g -> PlotSeries in
            let byKnob = pooled[g]!
            let points = byKnob.keys.filter { !$0.isNaN }.sorted().map { k -> PlotPoint in
                let (mean, std) = meanAndStd(byKnob[k]!)
                return PlotPoint(x: knobAxis == .categorical ? index[k]! : k, y: mean, error: std)
            }
            return PlotSeries(name: g, points: points)
        }
        return LinePlot(
            title: title,
            xAxis: PlotAxis(label: knob, scale: knobAxis == .log10 ? .log10 : .linear),
            yAxis: PlotAxis(label: metric + (measurements.contains { $0.values.count > 1 } ? " (mean ± std over seeds)" : ""),
                            scale: metricScale),
            series: series, xCategories: categories, legendTitle: groupTitle)
    }

    /// Per-epoch values of several runs (loss, validation NDCG, …) against the epoch.
    public static func trainingCurves(title: String, metric: String, curves: [PlotTrainingCurve],
                                      metricScale: PlotScale = .linear) -> LinePlot {
        let series = curves.map { curve in
            let epochs = curve.epochs ?? Array(1...max(1, curve.values.count))
            return PlotSeries(name: curve.name, x: epochs.map(Double.init), y: curve.values)
        }
        return LinePlot(title: title, xAxis: PlotAxis(label: "epoch"),
                        yAxis: PlotAxis(label: metric, scale: metricScale), series: series)
    }

    /// Normalised singular values σ_k/σ₁ against k (1-based) on a log y axis. Each spectrum
    /// is sorted in decreasing order and divided by its largest finite value; zeros cannot
    /// be shown on the log axis and are skipped. `maxK` keeps the first k values.
    public static func spectrum(title: String, spectra: [PlotSpectrum], maxK: Int? = nil,
                                logK: Bool = false) -> LinePlot {
        let series = spectra.map { s -> PlotSeries in
            var sv = s.singularValues.filter(\.isFinite).sorted(by: >)
            if let maxK { sv = Array(sv.prefix(max(0, maxK))) }
            let top = sv.first ?? 0
            let points = sv.enumerated().map { k, v in
                PlotPoint(x: Double(k + 1), y: top > 0 ? v / top : .nan)
            }
            return PlotSeries(name: s.name, points: points)
        }
        return LinePlot(title: title, xAxis: PlotAxis(label: "k", scale: logK ? .log10 : .linear),
                        yAxis: PlotAxis(label: "σₖ / σ₁", scale: .log10), series: series)
    }
}

extension LinePlot {
    /// Means of `y` in `bins` equal-width bins of x over [0, 1) (input distances), plus
    /// one bin of its own at x = 1 exactly (users with no item in common, often most pairs):
    /// `(centre, mean, count)` for each non-empty bin, in order (the last bin's centre is 1).
    /// Values outside [0, 1] or non-finite are left out.
    static func binnedMeans(x: [Double], y: [Double], bins: Int = 10) -> [(centre: Double, mean: Double, count: Int)] {
        var sums = [Double](repeating: 0, count: bins + 1), counts = [Int](repeating: 0, count: bins + 1)
        for (a, b) in zip(x, y) where a.isFinite && b.isFinite && a >= 0 && a <= 1 {
            let i = a == 1 ? bins : min(Int(a * Double(bins)), bins - 1)
            sums[i] += b
            counts[i] += 1
        }
        return (0...bins).filter { counts[$0] > 0 }.map { i in
            (i == bins ? 1 : (Double(i) + 0.5) / Double(bins), sums[i] / Double(counts[i]), counts[i])
        }
    }

    /// W2 between users' posteriors against their input distance: every pair as a dot and
    /// the mean W2 per 0.1-wide distance bin (and of the disjoint pairs at 1) as a line.
    public static func w2Scatter(title: String, distances: [Double], w2: [Double]) -> LinePlot {
        let bins = binnedMeans(x: distances, y: w2)
        return LinePlot(title: title,
                        xAxis: PlotAxis(label: "input distance (1 − cosine similarity of the fold-in rows)"),
                        yAxis: PlotAxis(label: "W2 between posteriors"),
                        series: [PlotSeries(name: "pairs", x: distances, y: w2, style: .points),
                                 PlotSeries(name: "mean per 0.1 bin (disjoint pairs at 1)", x: bins.map(\.centre), y: bins.map(\.mean))],
                        legend: .below, markers: .always)
    }
}
