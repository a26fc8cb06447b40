#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import VAENumerics

/// The singular values σ₁ ≥ σ₂ ≥ … ≥ σ_r ≥ 0, r = min(n, d), of an n × d embedding matrix M
/// (rows are users or items), either of M itself (uncentred) or of the column-centred
/// `M − 1·m̄ᵀ` (techniques.md §6–7).
///
/// - Uncentred: σ_k² are the eigenvalues of the second-moment matrix MᵀM; a large shared
///   mean shows up as one dominant σ₁ ≈ √n·‖m̄‖.
/// - Centred: σ_k²/n are the eigenvalues of the covariance; centring is explicit
///   (`ColumnCentring`), never `MᵀM − n·m̄·m̄ᵀ`.
///
/// `values` always has exactly min(n, d) entries, also when M is wide (d > n) or rank
/// deficient; trailing values of a rank-deficient matrix are round-off, and those at or
/// under `noiseFloor` are flagged by `isBelowNoiseFloor`. A zero matrix gives all-zero
/// values, a zero noise floor and no NaN anywhere (normalised values are 0, logs −∞).
public struct Spectrum: Sendable, Equatable {
    /// σ₁ ≥ … ≥ σ_r, r = min(rows, cols), as Double.
    public let values: [Double]
    /// n, the number of embeddings (rows of M).
    public let rows: Int
    /// d, the embedding width (columns of M).
    public let cols: Int
    /// Whether the spectrum is of the column-centred `M − 1·m̄ᵀ`.
    public let centred: Bool
    /// How the values were computed.
    public let route: SpectrumRoute
    /// Absolute threshold `τ·σ₁`: values at or below it are not resolved by `route`.
    public let noiseFloor: Double

    /// Singular values of a Float matrix.
    ///
    /// - Parameters:
    ///   - centred: analyse `M − 1·m̄ᵀ` instead of M.
    ///   - route: route A (`gesddFloat`, the default; `gesddDouble`) or route B (`gram`).
    ///   - relativeNoiseFloor: τ in `noiseFloor = τ·σ₁`; `route.defaultRelativeNoiseFloor`
    ///     when nil.
    public init(_ m: Matrix, centred: Bool = false, route: SpectrumRoute = .gesddFloat,
                relativeNoiseFloor: Double? = nil) throws {
        let sigma: [Double]
        switch route {
        case .gesddFloat:
            let input = centred ? ColumnCentring.centred(m) : m
            sigma = try LAPACK.singularValues(input).map(Double.init)
        case .gesddDouble:
            let input = centred ? ColumnCentring.centredDouble(m) : m.data.map(Double.init)
            sigma = try LAPACK.singularValues(rows: m.rows, cols: m.cols, data: input)
        case .gram:
            let g = GramMatrix.of(m, centred: centred)
            sigma = try Spectrum.fromGram(size: g.size, data: g.data)
        }
        self.init(values: sigma, rows: m.rows, cols: m.cols, centred: centred, route: route,
                  relativeNoiseFloor: relativeNoiseFloor)
    }

    /// Singular values of a row-major `rows × cols` Double array (default route
    /// `gesddDouble`; `gesddFloat` rounds the input to Float first).
    public init(rows: Int, cols: Int, data: [Double], centred: Bool = false,
                route: SpectrumRoute = .gesddDouble, relativeNoiseFloor: Double? = nil) throws {
        precondition(data.count == rows * cols, "data has \(data.count) values, expected \(rows * cols)")
        let sigma: [Double]
        switch route {
        case .gesddFloat:
            let input = centred ? ColumnCentring.centred(rows: rows, cols: cols, data: data) : data
            sigma = try LAPACK.singularValues(Matrix(rows: rows, cols: cols, data: input.map { Float($0) })).map(Double.init)
        case .gesddDouble:
            let input = centred ? ColumnCentring.centred(rows: rows, cols: cols, data: data) : data
            sigma = try LAPACK.singularValues(rows: rows, cols: cols, data: input)
        case .gram:
            let g = GramMatrix.of(rows: rows, cols: cols, data: data, centred: centred)
            sigma = try Spectrum.fromGram(size: g.size, data: g.data)
        }
        self.init(values: sigma, rows: rows, cols: cols, centred: centred, route: route,
                  relativeNoiseFloor: relativeNoiseFloor)
    }

    init(values: [Double], rows: Int, cols: Int, centred: Bool, route: SpectrumRoute,
         relativeNoiseFloor: Double?) {
        // LAPACK returns descending values; sort anyway so the invariant never depends on it.
        self.values = values.sorted(by: >)
        self.rows = rows
        self.cols = cols
        self.centred = centred
        self.route = route
        self.noiseFloor = (relativeNoiseFloor ?? route.defaultRelativeNoiseFloor) * (self.values.first ?? 0)
    }

    /// σ = √max(λ, 0) of a symmetric positive semi-definite Gram matrix, descending.
    /// Negative eigenvalues are round-off and become 0.
    static func fromGram(size: Int, data: [Double]) throws -> [Double] {
        let lambda = try LAPACK.symmetricEigenvalues(n: size, data: data)
        return lambda.reversed().map { Swift.max($0, 0).squareRoot() }
    }

    /// σ₁, or 0 for an empty or zero matrix.
    public var largest: Double { values.first ?? 0 }

    /// `values[k] ≤ noiseFloor`: not resolved by the route (always true for a zero matrix).
    public var isBelowNoiseFloor: [Bool] { values.map { $0 <= noiseFloor } }

    /// The number of values above the noise floor (a numerical rank).
    public var resolvedCount: Int { values.count { $0 > noiseFloor } }

    /// σ_k/σ₁ ∈ [0, 1]; all zeros when σ₁ = 0.
    public var normalised: [Double] {
        let s1 = largest
        return s1 > 0 ? values.map { $0 / s1 } : values.map { _ in 0 }
    }

    /// ln σ_k (natural log); −∞ for σ_k = 0.
    public var logValues: [Double] { values.map(Spectrum.safeLog) }

    /// ln(σ_k/σ₁) ≤ 0; −∞ where σ_k = 0 (every entry when σ₁ = 0).
    public var logNormalised: [Double] { normalised.map(Spectrum.safeLog) }

    /// log₁₀ σ_k, the usual y axis of spectrum plots; −∞ for σ_k = 0.
    public var log10Values: [Double] { logValues.map { $0 / Spectrum.ln10 } }

    /// log₁₀(σ_k/σ₁); −∞ where σ_k = 0.
    public var log10Normalised: [Double] { logNormalised.map { $0 / Spectrum.ln10 } }

    /// The scalar summaries of `values` (all of them, noise included).
    public var summaries: SpectralSummaries { SpectralSummaries(values) }

    static let ln10: Double = log(10.0)

    static func safeLog(_ x: Double) -> Double { x > 0 ? log(x) : -.infinity }
}
