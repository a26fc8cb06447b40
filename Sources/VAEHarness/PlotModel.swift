// The data model of a line plot: axes, series of (x, y, ±error) points, and options.
// Rendering is in PlotRenderer.swift; builders for the runner's plots in PlotBuilders.swift.

/// How values map to positions along an axis.
public enum PlotScale: String, Sendable, Equatable, Codable {
    case linear
    /// Base-10 logarithmic; values <= 0 cannot be shown and are skipped.
    case log10
}

/// One axis: its label, scale and (optionally) a fixed range instead of one fitted to the data.
public struct PlotAxis: Sendable, Equatable {
    public var label: String
    public var scale: PlotScale
    /// A fixed visible range; nil fits the data (with a small margin).
    public var range: ClosedRange<Double>?

    public init(label: String = "", scale: PlotScale = .linear, range: ClosedRange<Double>? = nil) {
        self.label = label
        self.scale = scale
        self.range = range
    }
}

/// One point. `error` is the half-width of a vertical error bar (y ± error); nil or a
/// non-finite or non-positive value draws no bar.
public struct PlotPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var error: Double?

    public init(x: Double, y: Double, error: Double? = nil) {
        self.x = x
        self.y = y
        self.error = error
    }
}

/// How a series is drawn.
public enum PlotSeriesStyle: String, Sendable, Equatable {
    /// Points joined by a line (with markers as `LinePlot.markers` says).
    case line
    /// A scatter: small translucent dots, never joined (many points stay readable).
    case points
}

/// A named line. Points are drawn in the given order; a point with a non-finite
/// coordinate (or one <= 0 on a log axis) is skipped and breaks the line there.
public struct PlotSeries: Sendable, Equatable {
    public var name: String
    public var points: [PlotPoint]
    public var style: PlotSeriesStyle

    public init(name: String, points: [PlotPoint], style: PlotSeriesStyle = .line) {
        self.name = name
        self.points = points
        self.style = style
    }

    /// Points from parallel arrays; `errors`, when given, must have the same length as `y`
    /// (extra entries are ignored, missing ones mean no error bar).
    public init(name: String, x: [Double], y: [Double], errors: [Double]? = nil, style: PlotSeriesStyle = .line) {
        self.name = name
        self.points = zip(x, y).enumerated().map { i, p in
            PlotPoint(x: p.0, y: p.1, error: errors.flatMap { i < $0.count ? $0[i] : nil })
        }
        self.style = style
    }
}

/// Where the legend goes. It is always outside the plot area so it never covers data.
public enum PlotLegendPosition: String, Sendable, Equatable {
    /// Right of the plot area when it fits in about a third of the width, otherwise below.
    case automatic
    case right
    case below
    /// No legend (e.g. a single unnamed series).
    case none
}

/// Whether points get markers.
public enum PlotMarkers: String, Sendable, Equatable {
    /// Markers when no line series has more than 40 points (dense training curves stay clean).
    case automatic
    case always
    case never
}

/// A 2-D line plot rendered to SVG with `svg()`.
///
/// Categorical x: set `xCategories`; point x values are then indices 0, 1, … into it and the
/// labels are drawn at equal spacing (use this for parameter grids such as 0, 1e-4, 1e-3
/// that a log axis cannot show). `xAxis.scale` and `xAxis.range` are ignored then.
public struct LinePlot: Sendable, Equatable {
    public var title: String
    public var xAxis: PlotAxis
    public var yAxis: PlotAxis
    public var series: [PlotSeries]
    public var xCategories: [String]?
    /// Heading above the legend entries (e.g. the name of the knob the lines stand for).
    public var legendTitle: String?
    public var legend: PlotLegendPosition
    public var markers: PlotMarkers
    /// Size of the SVG in px.
    public var width: Int
    public var height: Int

    public init(title: String = "", xAxis: PlotAxis = PlotAxis(), yAxis: PlotAxis = PlotAxis(),
                series: [PlotSeries] = [], xCategories: [String]? = nil, legendTitle: String? = nil,
                legend: PlotLegendPosition = .automatic, markers: PlotMarkers = .automatic,
                width: Int = 720, height: Int = 450) {
        self.title = title
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.series = series
        self.xCategories = xCategories
        self.legendTitle = legendTitle
        self.legend = legend
        self.markers = markers
        self.width = width
        self.height = height
    }

    /// The Okabe–Ito colour-blind-safe palette, reordered so the first colours contrast most
    /// on white (yellow last). Series i gets colour i mod 8 and marker shape i mod 5.
    public static let palette: [String] = [
        "#0072B2", // blue
        "#D55E00", // vermillion
        "#009E73", // bluish green
        "#E69F00", // orange
        "#CC79A7", // reddish purple
        "#56B4E9", // sky blue
        "#000000", // black
        "#F0E442", // yellow
    ]
}
