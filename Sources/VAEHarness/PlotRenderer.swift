// Rendering a LinePlot to SVG: layout (margins sized from estimated text widths, legend
// outside the plot area), gridlines, ticks, series with error bars and markers, legend.

import Foundation

extension LinePlot {
    /// The plot as a standalone SVG document. Deterministic: the same plot gives the same bytes.
    public func svg() -> String {
        PlotRenderer(plot: self).render()
    }

    /// Writes `svg()` to `url` atomically.
    public func write(to url: URL) throws {
        try AtomicFile.write(svg(), to: url)
    }
}

struct PlotRenderer {
    let plot: LinePlot

    // Typography and spacing (px).
    static let tickFont = 12.0
    static let labelFont = 13.0
    static let titleFont = 15.0
    static let legendFont = 12.0
    static let tickLength = 5.0
    static let legendRow = 18.0
    static let legendSample = 26.0
    static let markerRadius = 3.6
    static let dotRadius = 2.2
    static let capHalfWidth = 4.0

    /// Everything position-dependent, computed by `layout()`.
    struct Layout {
        var left = 0.0, right = 0.0, top = 0.0, bottom = 0.0   // plot area edges
        var x: PlotAxisMapping
        var y: PlotAxisMapping
        var xTicks: [PlotTick] = []
        var yTicks: [PlotTick] = []
        var rotateXLabels = false
        var legend: PlotLegendPosition = .none
        var legendRows: [[Int]] = []          // series indices per row (one per row on the right)
        var legendColumnWidth = 0.0
        var legendWidth = 0.0
    }

    var width: Double { Double(max(plot.width, 120)) }
    var height: Double { Double(max(plot.height, 100)) }
    var isCategorical: Bool { plot.xCategories != nil }
    var xScale: PlotScale { isCategorical ? .linear : plot.xAxis.scale }

    // MARK: Data ranges

    /// Whether a point can be drawn at all (both coordinates showable).
    func drawable(_ p: PlotPoint) -> Bool {
        let xOK = p.x.isFinite && (xScale == .linear || p.x > 0)
        let yOK = p.y.isFinite && (plot.yAxis.scale == .linear || p.y > 0)
        return xOK && yOK
    }

    func errorHalfWidth(_ p: PlotPoint) -> Double? {
        guard let e = p.error, e.isFinite, e > 0 else { return nil }
        return e
    }

    var xDomain: ClosedRange<Double> {
        if let cats = plot.xCategories { return -0.5...(Double(max(cats.count, 1)) - 0.5) }
        if let r = validRange(plot.xAxis) { return r }
        let xs = plot.series.flatMap { $0.points.filter(drawable).map(\.x) }
        return PlotTicks.domain(of: xs, scale: xScale)
    }

    var yDomain: ClosedRange<Double> {
        if let r = validRange(plot.yAxis) { return r }
        var ys: [Double] = []
        for s in plot.series {
            for p in s.points where drawable(p) {
                ys.append(p.y)
                if let e = errorHalfWidth(p) { ys.append(p.y + e); ys.append(p.y - e) }
            }
        }
        return PlotTicks.domain(of: ys, scale: plot.yAxis.scale)
    }

    func validRange(_ axis: PlotAxis) -> ClosedRange<Double>? {
        guard let r = axis.range, r.lowerBound.isFinite, r.upperBound.isFinite,
              r.upperBound > r.lowerBound, axis.scale == .linear || r.lowerBound > 0 else { return nil }
        return r
    }

    var showMarkers: Bool {
        switch plot.markers {
        case .always: return true
        case .never: return false
        case .automatic: return plot.series.allSatisfy { $0.style == .points || $0.points.count <= 40 }
        }
    }

    // MARK: Layout

    func textWidth(_ s: String, _ size: Double) -> Double { SVGText.estimatedWidth(s, fontSize: size) }

    func ticks(for mapping: PlotAxisMapping, length: Double, labelSpace: (PlotTick) -> Double) -> [PlotTick] {
        let lo = mapping.domain.lowerBound, hi = mapping.domain.upperBound
        var maxCount = max(4, min(10, Int(length / 45)))
        while true {
            let ticks = mapping.scale == .log10
                ? PlotTicks.logTicks(lo: lo, hi: hi, maxLabels: maxCount)
                : PlotTicks.linearTicks(lo: lo, hi: hi, maxCount: maxCount)
            // Labelled ticks must be far enough apart for their labels.
            let labelled = ticks.filter { $0.label != nil }
            var fits = true
            for (a, b) in zip(labelled, labelled.dropFirst()) {
                guard let pa = mapping.pixel(a.value), let pb = mapping.pixel(b.value) else { continue }
                if abs(pb - pa) < (labelSpace(a) + labelSpace(b)) / 2 + 8 { fits = false; break }
            }
            if fits || maxCount <= 2 { return ticks }
            maxCount -= 1
        }
    }

    func legendEntryWidth(_ i: Int) -> Double {
        Self.legendSample + 6 + textWidth(plot.series[i].name, Self.legendFont)
    }

    func layout() -> Layout {
        let n = plot.series.count
        let hasLegend = plot.legend != .none && n > 0
        let legendTitleWidth = plot.legendTitle.map { SVGText.estimatedWidth($0, fontSize: Self.legendFont, bold: true) } ?? 0
        let columnWidth = (0..<n).map(legendEntryWidth).max() ?? 0
        let rightLegendWidth = max(columnWidth, legendTitleWidth) + 12
        let legendTitleRows = plot.legendTitle == nil ? 0.0 : 1.0
        let top = plot.title.isEmpty ? 14.0 : 14 + Self.titleFont + 12

        var legend = PlotLegendPosition.none
        if hasLegend {
            switch plot.legend {
            case .right, .below: legend = plot.legend
            default:
                let fitsHeight = (Double(n) + legendTitleRows) * Self.legendRow <= height - top - 80
                legend = rightLegendWidth <= width * 0.3 && fitsHeight ? .right : .below
            }
        }

        var left = 60.0, rightMargin = 24.0, bottomMargin = 50.0
        var result = Layout(x: PlotAxisMapping(scale: xScale, domain: xDomain, pixelStart: 0, pixelEnd: 1),
                            y: PlotAxisMapping(scale: plot.yAxis.scale, domain: yDomain, pixelStart: 1, pixelEnd: 0))
        // Margins depend on tick labels and tick choice depends on the plot area: iterate
        // a few times, only ever growing the margins so it settles.
        for _ in 0..<4 {
            var l = result
            l.left = left
            l.right = width - rightMargin
            l.top = top
            l.bottom = height - bottomMargin
            l.x.pixelStart = l.left; l.x.pixelEnd = l.right
            l.y.pixelStart = l.bottom; l.y.pixelEnd = l.top
            l.legend = legend

            // y ticks
            l.yTicks = ticks(for: l.y, length: l.bottom - l.top) { _ in Self.tickFont }
            let yLabelWidth = l.yTicks.compactMap { $0.label }.map { textWidth($0, Self.tickFont) }.max() ?? 0
            let needLeft = 12 + (plot.yAxis.label.isEmpty ? 0 : Self.labelFont + 10)
                + yLabelWidth + Self.tickLength + 5

            // x ticks
            var xLabelHeight = Self.tickFont
            var lastLabelOverhang = 0.0
            if let cats = plot.xCategories {
                l.xTicks = cats.enumerated().map { PlotTick(value: Double($0.offset), label: $0.element) }
                let maxW = cats.map { textWidth($0, Self.tickFont) }.max() ?? 0
                let spacing = (l.right - l.left) / Double(max(cats.count, 1))
                l.rotateXLabels = maxW + 8 > spacing
                if l.rotateXLabels {
                    xLabelHeight = maxW * 0.7071 + Self.tickFont * 0.7071 + 2
                } else if let last = cats.last {
                    lastLabelOverhang = textWidth(last, Self.tickFont) / 2 - spacing / 2
                }
            } else {
                l.xTicks = ticks(for: l.x, length: l.right - l.left) { textWidth($0.label ?? "", Self.tickFont) }
                if let last = l.xTicks.last(where: { $0.label != nil }), let px = l.x.pixel(last.value) {
                    lastLabelOverhang = px + textWidth(last.label ?? "", Self.tickFont) / 2 - l.right
                }
            }

            // Legend below: flow entries into rows across the plot width.
            var legendHeight = 0.0
            l.legendRows = []
            l.legendColumnWidth = columnWidth
            l.legendWidth = rightLegendWidth
            if legend == .right {
                l.legendRows = (0..<n).map { [$0] }
            } else if legend == .below {
                let available = max(width - 20, columnWidth)
                let perRow = max(1, Int((available + 20) / (columnWidth + 20)))
                l.legendRows = stride(from: 0, to: n, by: perRow).map { Array($0..<min($0 + perRow, n)) }
                legendHeight = (Double(l.legendRows.count) + legendTitleRows) * Self.legendRow + 10
            }

            let needBottom = Self.tickLength + 6 + xLabelHeight
                + (plot.xAxis.label.isEmpty ? 0 : 10 + Self.labelFont) + 10 + legendHeight
            let needRight = max(legend == .right ? rightLegendWidth + 24 : 24, 10 + max(0, lastLabelOverhang))
            result = l
            if needLeft <= left && needBottom <= bottomMargin && needRight <= rightMargin { break }
            left = max(left, needLeft)
            bottomMargin = max(bottomMargin, needBottom)
            rightMargin = max(rightMargin, needRight)
        }
        return result
    }

    // MARK: Drawing

    func render() -> String {
        let l = layout()
        var out = SVGBuilder()
        let w = SVGText.coord(width), h = SVGText.coord(height)
        out.line(##"<?xml version="1.0" encoding="UTF-8"?>"##)
        out.line(##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(w)" height="\##(h)" viewBox="0 0 \##(w) \##(h)" font-family="Helvetica, Arial, sans-serif">"##)
        if !plot.title.isEmpty { out.line("<title>\(SVGText.escape(plot.title))</title>") }
        out.line(##"<rect width="\##(w)" height="\##(h)" fill="#ffffff"/>"##)
        let pw = l.right - l.left, ph = l.bottom - l.top
        out.line(##"<defs><clipPath id="plot-area"><rect x="\##(c(l.left))" y="\##(c(l.top))" width="\##(c(pw))" height="\##(c(ph))"/></clipPath></defs>"##)

        drawGrid(l, &out)
        drawAxes(l, &out)
        drawSeries(l, &out)
        drawLegend(l, &out)
        out.line("</svg>")
        return out.text
    }

    func c(_ v: Double) -> String { SVGText.coord(v) }

    func drawGrid(_ l: Layout, _ out: inout SVGBuilder) {
        var major = "", minor = ""
        for t in l.yTicks {
            guard let py = l.y.pixel(t.value) else { continue }
            let seg = "M\(c(l.left)) \(c(py))H\(c(l.right))"
            if t.label != nil { major += seg } else { minor += seg }
        }
        for t in l.xTicks {
            guard let px = l.x.pixel(t.value) else { continue }
            let seg = "M\(c(px)) \(c(l.top))V\(c(l.bottom))"
            if t.label != nil { major += seg } else { minor += seg }
        }
        if !minor.isEmpty { out.line(##"<path class="grid-minor" d="\##(minor)" stroke="#f0f0f0" stroke-width="1" fill="none"/>"##) }
        if !major.isEmpty { out.line(##"<path class="grid" d="\##(major)" stroke="#dcdcdc" stroke-width="1" fill="none"/>"##) }
    }

    func drawAxes(_ l: Layout, _ out: inout SVGBuilder) {
        let tl = Self.tickLength
        // Tick marks (labelled ticks only) and the frame.
        var marks = ""
        for t in l.yTicks where t.label != nil {
            if let py = l.y.pixel(t.value) { marks += "M\(c(l.left - tl)) \(c(py))H\(c(l.left))" }
        }
        for t in l.xTicks where t.label != nil {
            if let px = l.x.pixel(t.value) { marks += "M\(c(px)) \(c(l.bottom))V\(c(l.bottom + tl))" }
        }
        if !marks.isEmpty { out.line(##"<path class="ticks" d="\##(marks)" stroke="#444444" stroke-width="1" fill="none"/>"##) }
        out.line(##"<rect class="frame" x="\##(c(l.left))" y="\##(c(l.top))" width="\##(c(l.right - l.left))" height="\##(c(l.bottom - l.top))" fill="none" stroke="#444444" stroke-width="1"/>"##)

        // Tick labels.
        out.line(##"<g class="tick-labels" font-size="\##(c(Self.tickFont))" fill="#222222">"##)
        for t in l.yTicks {
            guard let label = t.label, let py = l.y.pixel(t.value) else { continue }
            out.line(##"<text x="\##(c(l.left - tl - 3))" y="\##(c(py + Self.tickFont * 0.35))" text-anchor="end">\##(SVGText.escape(label))</text>"##)
        }
        let xLabelY = l.bottom + tl + 3 + Self.tickFont * 0.85
        for t in l.xTicks {
            guard let label = t.label, let px = l.x.pixel(t.value) else { continue }
            if l.rotateXLabels {
                let y = l.bottom + tl + 4
                out.line(##"<text x="\##(c(px))" y="\##(c(y))" text-anchor="end" dominant-baseline="hanging" transform="rotate(-45 \##(c(px)) \##(c(y)))">\##(SVGText.escape(label))</text>"##)
            } else {
                out.line(##"<text x="\##(c(px))" y="\##(c(xLabelY))" text-anchor="middle">\##(SVGText.escape(label))</text>"##)
            }
        }
        out.line("</g>")

        // Axis labels and title.
        let xLabelHeight: Double
        if l.rotateXLabels {
            let maxW = (plot.xCategories ?? []).map { textWidth($0, Self.tickFont) }.max() ?? 0
            xLabelHeight = maxW * 0.7071 + Self.tickFont * 0.7071 + 2
        } else {
            xLabelHeight = Self.tickFont
        }
        let mid = (l.left + l.right) / 2
        if !plot.xAxis.label.isEmpty {
            let y = l.bottom + tl + 6 + xLabelHeight + 10 + Self.labelFont * 0.8
            out.line(##"<text class="x-label" x="\##(c(mid))" y="\##(c(y))" text-anchor="middle" font-size="\##(c(Self.labelFont))" fill="#000000">\##(SVGText.escape(plot.xAxis.label))</text>"##)
        }
        if !plot.yAxis.label.isEmpty {
            let x = 12 + Self.labelFont * 0.8, y = (l.top + l.bottom) / 2
            out.line(##"<text class="y-label" x="\##(c(x))" y="\##(c(y))" text-anchor="middle" font-size="\##(c(Self.labelFont))" fill="#000000" transform="rotate(-90 \##(c(x)) \##(c(y)))">\##(SVGText.escape(plot.yAxis.label))</text>"##)
        }
        if !plot.title.isEmpty {
            // Centred over the plot area, unless that would push it off the canvas; a title
            // wider than the canvas is set smaller, centred on it.
            let full = SVGText.estimatedWidth(plot.title, fontSize: Self.titleFont, bold: true)
            let size = full + 12 > width ? Self.titleFont * (width - 12) / full : Self.titleFont
            let tw = full * size / Self.titleFont
            let cx = size < Self.titleFont ? width / 2 : min(max(mid, tw / 2 + 6), width - tw / 2 - 6)
            out.line(##"<text class="title" x="\##(c(cx))" y="\##(c(14 + Self.titleFont * 0.8))" text-anchor="middle" font-size="\##(c(size))" font-weight="bold" fill="#000000">\##(SVGText.escape(plot.title))</text>"##)
        }
        let anyPoint = plot.series.contains { $0.points.contains(where: drawable) }
        if !anyPoint {
            out.line(##"<text class="no-data" x="\##(c(mid))" y="\##(c((l.top + l.bottom) / 2))" text-anchor="middle" font-size="\##(c(Self.labelFont))" fill="#888888">no data</text>"##)
        }
    }

    func color(_ i: Int) -> String { LinePlot.palette[i % LinePlot.palette.count] }

    /// Marker i mod 5: circle, square, triangle up, diamond, triangle down.
    func marker(_ shape: Int, x: Double, y: Double, color: String, cls: String = "marker") -> String {
        let r = Self.markerRadius
        let style = ##"fill="\##(color)" stroke="#ffffff" stroke-width="0.6""##
        switch shape % 5 {
        case 0:
            return ##"<circle class="\##(cls)" cx="\##(c(x))" cy="\##(c(y))" r="\##(c(r))" \##(style)/>"##
        case 1:
            let s = r * 0.9
            return ##"<path class="\##(cls)" d="M\##(c(x - s)) \##(c(y - s))H\##(c(x + s))V\##(c(y + s))H\##(c(x - s))Z" \##(style)/>"##
        case 2:
            let s = r * 1.25
            return ##"<path class="\##(cls)" d="M\##(c(x)) \##(c(y - s))L\##(c(x + s * 0.95)) \##(c(y + s * 0.7))H\##(c(x - s * 0.95))Z" \##(style)/>"##
        case 3:
            let s = r * 1.25
            return ##"<path class="\##(cls)" d="M\##(c(x)) \##(c(y - s))L\##(c(x + s)) \##(c(y))L\##(c(x)) \##(c(y + s))L\##(c(x - s)) \##(c(y))Z" \##(style)/>"##
        default:
            let s = r * 1.25
            return ##"<path class="\##(cls)" d="M\##(c(x)) \##(c(y + s))L\##(c(x + s * 0.95)) \##(c(y - s * 0.7))H\##(c(x - s * 0.95))Z" \##(style)/>"##
        }
    }

    /// A scatter point: a small translucent dot, so dense regions read darker.
    func dot(x: Double, y: Double, color: String, cls: String = "dot") -> String {
        ##"<circle class="\##(cls)" cx="\##(c(x))" cy="\##(c(y))" r="\##(c(Self.dotRadius))" fill="\##(color)" fill-opacity="0.45"/>"##
    }

    func drawSeries(_ l: Layout, _ out: inout SVGBuilder) {
        let markers = showMarkers
        for (i, s) in plot.series.enumerated() {
            let col = color(i)
            // Pixel positions; nil where the point is skipped (breaks the line).
            let pixels: [(x: Double, y: Double, p: PlotPoint)?] = s.points.map { p in
                guard drawable(p), let px = l.x.pixel(p.x), let py = l.y.pixel(p.y) else { return nil }
                return (px, py, p)
            }
            out.line(##"<g class="series" data-name="\##(SVGText.escape(s.name))" clip-path="url(#plot-area)">"##)
            if s.style == .points {
                for case let q? in pixels { out.line(dot(x: q.x, y: q.y, color: col)) }
                out.line("</g>")
                continue
            }

            // Error bars with caps; on a log axis a bar reaching <= 0 runs to the bottom edge.
            var bars = ""
            for case let q? in pixels {
                guard let e = errorHalfWidth(q.p) else { continue }
                let hiY = l.y.pixel(q.p.y + e)
                let loY = l.y.pixel(q.p.y - e)
                guard let top = hiY else { continue }
                let bottom = loY ?? (l.bottom + 2)
                let cw = Self.capHalfWidth
                bars += "M\(c(q.x)) \(c(bottom))V\(c(top))"
                bars += "M\(c(q.x - cw)) \(c(top))H\(c(q.x + cw))"
                if loY != nil { bars += "M\(c(q.x - cw)) \(c(bottom))H\(c(q.x + cw))" }
            }
            if !bars.isEmpty {
                out.line(##"<path class="errorbar" d="\##(bars)" stroke="\##(col)" stroke-width="1.2" fill="none"/>"##)
            }

            // The line, broken at skipped points.
            var d = "", penDown = false
            for q in pixels {
                guard let q else { penDown = false; continue }
                d += (penDown ? "L" : "M") + "\(c(q.x)) \(c(q.y))"
                penDown = true
            }
            if d.contains("L") {
                out.line(##"<path class="line" d="\##(d)" stroke="\##(col)" stroke-width="1.8" stroke-linejoin="round" stroke-linecap="round" fill="none"/>"##)
            }

            // Markers; without markers, isolated points still get one so they stay visible.
            for (j, q) in pixels.enumerated() {
                guard let q else { continue }
                let isolated = (j == 0 || pixels[j - 1] == nil) && (j + 1 == pixels.count || pixels[j + 1] == nil)
                if markers || isolated { out.line(marker(i, x: q.x, y: q.y, color: col)) }
            }
            out.line("</g>")
        }
    }

    /// The top-left corner of the legend box: right of the plot area, or centred below it.
    func legendOrigin(_ l: Layout) -> (x: Double, y: Double) {
        if l.legend == .right { return (l.right + 18, l.top + 4) }
        let rowWidth = l.legendRows.map { Double($0.count) * (l.legendColumnWidth + 20) - 20 }.max() ?? 0
        var x0 = max(8, (l.left + l.right) / 2 - rowWidth / 2)
        x0 = min(x0, max(8, width - rowWidth - 8))
        let y = height - (Double(l.legendRows.count) + (plot.legendTitle == nil ? 0 : 1)) * Self.legendRow - 6
        return (x0, y)
    }

    func drawLegend(_ l: Layout, _ out: inout SVGBuilder) {
        guard l.legend != .none, !l.legendRows.isEmpty else { return }
        let row = Self.legendRow
        let origin = legendOrigin(l)
        let x0 = origin.x
        var y = origin.y
        out.line(##"<g class="legend" font-size="\##(c(Self.legendFont))" fill="#222222">"##)
        if let title = plot.legendTitle {
            out.line(##"<text class="legend-title" x="\##(c(x0))" y="\##(c(y + row * 0.7))" font-weight="bold">\##(SVGText.escape(title))</text>"##)
            y += row
        }
        let markers = showMarkers
        for r in l.legendRows {
            var x = x0
            let cy = y + row / 2
            for i in r {
                let col = color(i)
                if plot.series[i].style == .points {
                    out.line(dot(x: x + Self.legendSample / 2, y: cy, color: col, cls: "legend-marker"))
                } else {
                    out.line(##"<path d="M\##(c(x)) \##(c(cy))H\##(c(x + Self.legendSample))" stroke="\##(col)" stroke-width="1.8" fill="none"/>"##)
                    if markers { out.line(marker(i, x: x + Self.legendSample / 2, y: cy, color: col, cls: "legend-marker")) }
                }
                out.line(##"<text x="\##(c(x + Self.legendSample + 6))" y="\##(c(cy + Self.legendFont * 0.35))">\##(SVGText.escape(plot.series[i].name))</text>"##)
                x += l.legendColumnWidth + 20
            }
            y += row
        }
        out.line("</g>")
    }
}

/// Accumulates SVG lines.
struct SVGBuilder {
    var text = ""
    mutating func line(_ s: String) {
        text += s
        text += "\n"
    }
}
