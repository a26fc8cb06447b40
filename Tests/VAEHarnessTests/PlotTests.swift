import Foundation
import Testing
@testable import VAEHarness
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Counts occurrences of `needle` in `s`.
private func count(_ needle: String, in s: String) -> Int {
    s.components(separatedBy: needle).count - 1
}

/// Whether `svg` parses as well-formed XML, and its element names in document order.
private func parseXML(_ svg: String) -> (ok: Bool, elements: [String]) {
    final class Collector: NSObject, XMLParserDelegate {
        var elements: [String] = []
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            elements.append(name)
        }
    }
    let parser = XMLParser(data: Data(svg.utf8))
    let collector = Collector()
    parser.delegate = collector
    let ok = parser.parse()
    return (ok, collector.elements)
}

@Suite("Plot ticks")
struct PlotTickTests {
    @Test("Linear ticks are the 1-2-5 multiples inside the range, at most maxCount of them")
    func linear() {
        #expect(PlotTicks.linear(lo: 0, hi: 1, maxCount: 6) == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        #expect(PlotTicks.linear(lo: 0.31, hi: 0.42, maxCount: 6) == [0.32, 0.34, 0.36, 0.38, 0.40, 0.42])
        #expect(PlotTicks.linear(lo: -3.7, hi: 12.2, maxCount: 8) == [-2, 0, 2, 4, 6, 8, 10, 12])
        #expect(PlotTicks.linear(lo: 0, hi: 3500, maxCount: 5) == [0, 1000, 2000, 3000])
        #expect(PlotTicks.linear(lo: 0.2, hi: 0.8, maxCount: 5) == [0.2, 0.4, 0.6, 0.8])
        #expect(PlotTicks.linearStep(lo: 0, hi: 1, maxCount: 6) == (2, -1))
        #expect(PlotTicks.linearStep(lo: 0, hi: 1, maxCount: 11) == (1, -1))
        #expect(PlotTicks.linearStep(lo: 0, hi: 100, maxCount: 3) == (5, 1))
    }

    @Test("Linear tick labels share the step's precision; tiny and huge values use e-notation")
    func linearLabels() {
        let labels = { (lo: Double, hi: Double, n: Int) in PlotTicks.linearTicks(lo: lo, hi: hi, maxCount: n).map { $0.label ?? "-" } }
        #expect(labels(0.31, 0.42, 6) == ["0.32", "0.34", "0.36", "0.38", "0.40", "0.42"])
        #expect(labels(0.38, 0.46, 5) == ["0.38", "0.40", "0.42", "0.44", "0.46"])
        #expect(labels(-3.7, 12.2, 8) == ["-2", "0", "2", "4", "6", "8", "10", "12"])
        #expect(labels(0, 0.00042, 5) == ["0", "1e-4", "2e-4", "3e-4", "4e-4"])
        #expect(labels(0, 3e6, 4) == ["0", "1e6", "2e6", "3e6"])
        #expect(labels(-0.05, 0.05, 3) == ["-0.05", "0", "0.05"])
    }

    @Test("Log ticks: labelled decades with 2…9 minor ticks, thinned decades, 1-2-5 within two decades")
    func log() {
        let t = PlotTicks.logTicks(lo: 1e-3, hi: 1, maxLabels: 10)
        #expect(t.compactMap(\.label) == ["0.001", "0.01", "0.1", "1"])
        #expect(t.count == 3 * 9 + 1)
        #expect(t.filter { $0.label == nil }.map(\.value).prefix(3) == [0.002, 0.003, 0.004])

        // Nine decades, at most five labels: every second decade; no minor ticks.
        let wide = PlotTicks.logTicks(lo: 1e-8, hi: 1.5, maxLabels: 5)
        #expect(wide.map(\.value) == [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1])
        #expect(wide.compactMap(\.label) == ["10⁻⁸", "10⁻⁶", "10⁻⁴", "10⁻²", "10⁰"])

        // Less than a decade: 1-2-5 labelled, the rest minor.
        let narrow = PlotTicks.logTicks(lo: 0.15, hi: 0.8, maxLabels: 5)
        #expect(narrow.compactMap(\.label) == ["0.2", "0.5"])
        #expect(narrow.map(\.value) == [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8])

        // Too narrow for two 1-2-5 values: linear ticks.
        #expect(PlotTicks.logTicks(lo: 0.3, hi: 0.45, maxLabels: 5).compactMap(\.label) == ["0.30", "0.35", "0.40", "0.45"])
        #expect(PlotTicks.logTicks(lo: 0, hi: 1, maxLabels: 5).isEmpty)
    }

    @Test("Domains: 4 % margins, single values and empty data get a usable range")
    func domains() {
        #expect(PlotTicks.domain(of: [0, 10], scale: .linear) == -0.4...10.4)
        #expect(PlotTicks.domain(of: [5, .nan, 5], scale: .linear) == 4.5...5.5)
        #expect(PlotTicks.domain(of: [], scale: .linear) == 0...1)
        #expect(PlotTicks.domain(of: [0], scale: .linear) == -1...1)
        #expect(PlotTicks.domain(of: [-1, 0], scale: .log10) == 1...10)
        let d = PlotTicks.domain(of: [0.01, 100, 0, -5], scale: .log10)
        #expect(abs(log10(d.lowerBound) + 2.16) < 1e-12 && abs(log10(d.upperBound) - 2.16) < 1e-12)
    }
}

@Suite("Plot mapping and text")
struct PlotMappingTests {
    @Test("Data values map linearly (or log-linearly) onto pixels; y runs upwards")
    func mapping() {
        let x = PlotAxisMapping(scale: .linear, domain: 0...10, pixelStart: 100, pixelEnd: 300)
        #expect(x.pixel(2.5) == 150)
        #expect(x.pixel(10) == 300)
        #expect(x.pixel(-1) == 80)
        #expect(x.pixel(.nan) == nil && x.pixel(.infinity) == nil)
        let y = PlotAxisMapping(scale: .linear, domain: 0...1, pixelStart: 400, pixelEnd: 100)
        #expect(y.pixel(0.25) == 325)
        let lg = PlotAxisMapping(scale: .log10, domain: 1...1000, pixelStart: 0, pixelEnd: 300)
        #expect(abs(lg.pixel(10)! - 100) < 1e-9 && abs(lg.pixel(100)! - 200) < 1e-9)
        #expect(lg.pixel(0) == nil && lg.pixel(-1) == nil)
    }

    @Test("XML escaping covers markup characters, quotes and forbidden control characters")
    func escaping() {
        #expect(SVGText.escape("a<b & \"c\" 'd' >\u{1}\u{8}x") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos; &gt;x")
        #expect(SVGText.escape("β=0.2, σₖ") == "β=0.2, σₖ")
        let plot = LinePlot(title: "<script>alert(1)</script> & co", xAxis: PlotAxis(label: "x \"quoted\""),
                            series: [PlotSeries(name: "A<B>&", x: [1, 2], y: [3, 4])])
        let svg = plot.svg()
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"))
        #expect(svg.contains("A&lt;B&gt;&amp;"))
        #expect(svg.contains("x &quot;quoted&quot;"))
        #expect(parseXML(svg).ok)
        #expect(!parseXML("<svg><text>a < b</text></svg>").ok)   // the checker itself can fail
        #expect(parseXML(svg).elements.prefix(3) == ["svg", "title", "rect"])
    }

    @Test("Numbers are formatted without locale or exponent surprises")
    func numbers() {
        #expect(SVGText.fixed(0.125, decimals: 2) == "0.13")
        #expect(SVGText.fixed(-0.004, decimals: 2) == "0.00")
        #expect(SVGText.fixed(-1.5, decimals: 0) == "-2")
        #expect(SVGText.fixed(12.5, decimals: 2, trim: true) == "12.5")
        #expect(SVGText.fixed(3, decimals: 2, trim: true) == "3")
        #expect(SVGText.fixed(0.001, decimals: 3) == "0.001")
        #expect(SVGText.short(0) == "0" && SVGText.short(1e-4) == "1e-4" && SVGText.short(0.001) == "0.001")
        #expect(SVGText.short(0.2) == "0.2" && SVGText.short(2.5e-5) == "2.5e-5" && SVGText.short(1000) == "1000")
        #expect(SVGText.short(3e6) == "3e6" && SVGText.short(-0.35) == "-0.35" && SVGText.short(200_000) == "200000")
        #expect(SVGText.scientific(9.9996e-5, significant: 3) == "1e-4")
        #expect(SVGText.powerOfTen(-12) == "10⁻¹²" && SVGText.powerOfTen(0) == "10⁰")
    }
}

@Suite("Plot rendering")
struct PlotRenderingTests {
    func sweep(_ ms: [PlotSweepMeasurement], axis: PlotKnobAxis = .categorical) -> LinePlot {
        LinePlot.metricSweep(title: "NDCG@100 against β", metric: "NDCG@100", knob: "β",
                             groupTitle: "model", knobAxis: axis, measurements: ms)
    }

    let measurements = [
        PlotSweepMeasurement(knob: 0.2, group: "Mult-VAE", values: [0.40, 0.42, 0.41]),
        PlotSweepMeasurement(knob: 0, group: "Mult-VAE", values: [0.38, 0.39, 0.40]),
        PlotSweepMeasurement(knob: 1e-4, group: "Mult-VAE", values: [0.39, 0.395, 0.40]),
        PlotSweepMeasurement(knob: 0, group: "Mult-DAE", values: [0.37, 0.38, 0.36]),
        PlotSweepMeasurement(knob: 0.2, group: "Mult-DAE", values: [0.35]),
    ]

    @Test("The same input gives byte-identical SVG, whatever the order of the measurements")
    func determinism() {
        let a = sweep(measurements).svg()
        #expect(a == sweep(measurements).svg())
        #expect(a == sweep([measurements[1], measurements[0], measurements[3], measurements[2], measurements[4]]).svg())
        // And a change in the data changes the output.
        var changed = measurements
        changed[0].values[0] = 0.30
        #expect(a != sweep(changed).svg())
    }

    @Test("metricSweep: mean ± sample std per knob value, categorical labels, one line per group")
    func sweepModel() {
        let plot = sweep(measurements)
        #expect(plot.xCategories == ["0", "1e-4", "0.2"])
        #expect(plot.series.map(\.name) == ["Mult-VAE", "Mult-DAE"])
        let vae = plot.series[0].points
        #expect(vae.map(\.x) == [0, 1, 2])
        #expect(abs(vae[2].y - 0.41) < 1e-12 && abs(vae[2].error! - 0.01) < 1e-12)
        #expect(plot.series[1].points.map(\.x) == [0, 2])
        #expect(plot.series[1].points[1].error == nil)       // one seed: no bar
        let logPlot = sweep(Array(measurements.filter { $0.knob > 0 }), axis: .log10)
        #expect(logPlot.xCategories == nil && logPlot.xAxis.scale == .log10 && logPlot.series[0].points.map(\.x) == [1e-4, 0.2])
        // A diverged seed makes the point NaN (drawn as a gap), not a silently smaller sample.
        #expect(LinePlot.meanAndStd([0.4, .nan]).mean.isNaN)
    }

    @Test("Error bars with caps and a legend with every name are drawn; the SVG is well-formed")
    func errorBarsAndLegend() {
        let svg = sweep(measurements).svg()
        #expect(parseXML(svg).ok)
        // Three bars for Mult-VAE, one for Mult-DAE (the single-seed point has none).
        let bars = svg.split(separator: "\n").filter { $0.contains(#"class="errorbar""#) }
        #expect(bars.count == 2)
        #expect(count("V", in: String(bars[0])) == 3 && count("H", in: String(bars[0])) == 6)
        #expect(count("V", in: String(bars[1])) == 1 && count("H", in: String(bars[1])) == 2)
        #expect(svg.contains(#"<g class="legend""#))
        #expect(svg.contains(">Mult-VAE</text>") && svg.contains(">Mult-DAE</text>") && svg.contains(">model</text>"))
        #expect(svg.contains(">1e-4</text>"))
        #expect(svg.contains(LinePlot.palette[0]) && svg.contains(LinePlot.palette[1]))
        // No error bars without errors; no legend when asked for none.
        var plain = LinePlot(series: [PlotSeries(name: "s", x: [1, 2, 3], y: [1, 2, 3])])
        #expect(!plain.svg().contains("errorbar"))
        plain.legend = .none
        #expect(!plain.svg().contains(#"class="legend""#))
    }

    @Test("The legend sits outside the plot area: right of it, or below the x-axis label")
    func legendPlacement() {
        let short = sweep(measurements)
        let r = PlotRenderer(plot: short)
        let l = r.layout()
        #expect(l.legend == .right)
        #expect(r.legendOrigin(l).x > l.right && r.legendOrigin(l).x + l.legendWidth <= r.width)

        let long = LinePlot(title: "t", xAxis: PlotAxis(label: "x"), series: (0..<6).map {
            PlotSeries(name: "a rather long series name number \($0)", x: [0, 1], y: [0, 1])
        })
        let r2 = PlotRenderer(plot: long)
        let l2 = r2.layout()
        #expect(l2.legend == .below)
        #expect(r2.legendOrigin(l2).y > l2.bottom + 40)   // below tick labels and the axis label
        #expect(l2.legendRows.flatMap { $0 } == Array(0..<6))
        // Every legend row fits in the width.
        let rowWidth = l2.legendRows.map { Double($0.count) * (l2.legendColumnWidth + 20) - 20 }.max()!
        #expect(r2.legendOrigin(l2).x + rowWidth <= r2.width)
    }

    @Test("A title wider than the canvas is set smaller and centred, so it stays on it; a short one keeps its size")
    func longTitle() throws {
        func title(_ text: String) throws -> (x: Double, size: Double) {
            let svg = LinePlot(title: text, xAxis: PlotAxis(label: "x"), series: [PlotSeries(name: "s", x: [0, 1], y: [0, 1])]).svg()
            let line = try #require(svg.split(separator: "\n").first { $0.contains(#"class="title""#) })
            func attribute(_ name: String) -> Double? {
                line.components(separatedBy: "\(name)=\"").dropFirst().first?.split(separator: "\"").first.flatMap { Double($0) }
            }
            return (try #require(attribute("x")), try #require(attribute("font-size")))
        }
        let long = String(repeating: "a long title, ", count: 8)
        let width = SVGText.estimatedWidth(long, fontSize: PlotRenderer.titleFont, bold: true)
        #expect(width > 720)
        let (x, size) = try title(long)
        #expect(x == 360 && size < PlotRenderer.titleFont)
        #expect(SVGText.estimatedWidth(long, fontSize: size, bold: true) <= 720 - 12 + 1e-6)
        #expect(try title("short").size == PlotRenderer.titleFont)
    }

    @Test("Empty plots, empty and single-point series and NaNs render without crashing")
    func degenerate() {
        let empty = LinePlot(title: "nothing").svg()
        #expect(empty.contains("no data") && parseXML(empty).ok)

        let allNaN = LinePlot(series: [PlotSeries(name: "nan", x: [.nan, 1], y: [1, .nan]), PlotSeries(name: "empty", points: [])]).svg()
        #expect(allNaN.contains("no data") && parseXML(allNaN).ok)

        // A single point still shows (as a marker) even with markers off.
        let single = LinePlot(series: [PlotSeries(name: "one", points: [PlotPoint(x: 3, y: 0.5, error: 0.1)])], markers: .never).svg()
        #expect(count(#"class="marker""#, in: single) == 1 && single.contains("errorbar") && !single.contains(#"class="line""#))

        // NaN in the middle splits the line in two; the NaN point gets no marker.
        let gap = LinePlot(series: [PlotSeries(name: "g", x: [1, 2, 3, 4, 5], y: [1, 2, .nan, 4, 5])], markers: .always).svg()
        let line = gap.split(separator: "\n").first { $0.contains(#"class="line""#) }.map(String.init) ?? ""
        #expect(count("M", in: line) == 2 && count("L", in: line) == 2)
        #expect(count(#"class="marker""#, in: gap) == 4)
        #expect(!gap.contains("NaN"))

        // Non-positive values on a log axis are skipped like NaN; an error bar reaching
        // below zero runs to the bottom edge without a lower cap.
        let logPlot = LinePlot(yAxis: PlotAxis(scale: .log10), series: [
            PlotSeries(name: "l", points: [PlotPoint(x: 1, y: 0), PlotPoint(x: 2, y: -1), PlotPoint(x: 3, y: 0.1, error: 0.5), PlotPoint(x: 4, y: 1)]),
        ], markers: .always).svg()
        #expect(count(#"class="marker""#, in: logPlot) == 2 && !logPlot.contains("NaN") && parseXML(logPlot).ok)
        let bar = logPlot.split(separator: "\n").first { $0.contains("errorbar") }.map(String.init) ?? ""
        #expect(count("H", in: bar) == 1)

        // Spectrum with zeros and NaN; training curve without values.
        let spec = LinePlot.spectrum(title: "s", spectra: [PlotSpectrum(name: "z", singularValues: [0, 0]),
                                                           PlotSpectrum(name: "x", singularValues: [2, .nan, 1, 0])]).svg()
        #expect(parseXML(spec).ok && count(#"class="line""#, in: spec) == 1)
        #expect(parseXML(LinePlot.trainingCurves(title: "c", metric: "loss", curves: [PlotTrainingCurve(name: "e", values: [])]).svg()).ok)
    }

    @Test("Builders: training curves use 1-based epochs; spectra are normalised by σ₁ and sorted")
    func builders() {
        let c = LinePlot.trainingCurves(title: "loss", metric: "loss", curves: [
            PlotTrainingCurve(name: "a", values: [3, 2, 1]),
            PlotTrainingCurve(name: "b", epochs: [5, 10], values: [0.1, 0.2]),
        ])
        #expect(c.series[0].points.map(\.x) == [1, 2, 3] && c.series[1].points.map(\.x) == [5, 10])
        #expect(c.xAxis.label == "epoch" && c.yAxis.label == "loss")
        let s = LinePlot.spectrum(title: "s", spectra: [PlotSpectrum(name: "W", singularValues: [1, 4, 2, 0.5])], maxK: 3)
        #expect(s.series[0].points.map(\.y) == [1, 0.5, 0.25] && s.series[0].points.map(\.x) == [1, 2, 3])
        #expect(s.yAxis.scale == .log10)
    }

    @Test("Categorical x: labels at equal spacing; long labels are rotated")
    func categorical() {
        let plot = LinePlot(series: [PlotSeries(name: "s", x: [0, 1, 2], y: [1, 2, 3])], xCategories: ["0", "1e-4", "1e-3"])
        let l = PlotRenderer(plot: plot).layout()
        #expect(l.xTicks.map(\.label) == ["0", "1e-4", "1e-3"])
        let px = l.xTicks.compactMap { l.x.pixel($0.value) }
        #expect(abs((px[1] - px[0]) - (px[2] - px[1])) < 1e-9)
        #expect(!l.rotateXLabels)
        let many = LinePlot(series: [], xCategories: (0..<30).map { "value number \($0)" })
        #expect(PlotRenderer(plot: many).layout().rotateXLabels)
        #expect(many.svg().contains("rotate(-45"))
    }
}
