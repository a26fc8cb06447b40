import Foundation
import VAEDiagnostics
import VAENumerics

/// Times a values-only spectrum of a `rows × cols` Float matrix (default 136,000 × 200, an
/// ML-20M-sized embedding table) by `Spectrum`'s routes: `gesddFloat` (LAPACK `sgesdd`,
/// JOBZ = 'N') and `gram` (Float64 Gram matrix, `dsyevd`).
///
/// The matrix is seeded: entry (i, j) = ξ_ij / √(1 + j), ξ ~ N(0, 1), so its singular
/// values decay across columns like a trained embedding's rather than being flat.
public struct SpectrumBenchmark {
    public var rows = 136_000
    public var cols = 200
    public var seed: UInt64 = 7

    public init() {}

    public func matrix() -> Matrix {
        var rng = RandomStream(seed: seed, purpose: "spectrum-benchmark")
        var m = Matrix(rows: rows, cols: cols, data: rng.normals(rows * cols))
        let scale = (0..<cols).map { 1 / Float(1 + $0).squareRoot() }
        m.data.withUnsafeMutableBufferPointer { d in
            for i in 0..<rows {
                for j in 0..<cols { d[i * cols + j] *= scale[j] }
            }
        }
        return m
    }

    /// Seconds of each of `repetitions` spectra of `m` by `route`, and σ₁ of the last.
    public func time(_ m: Matrix, route: SpectrumRoute, repetitions: Int) throws -> (times: [Double], largest: Double) {
        var times: [Double] = []
        var largest = 0.0
        for _ in 0..<max(1, repetitions) {
            let t0 = Date()
            let s = try Spectrum(m, route: route)
            times.append(Date().timeIntervalSince(t0))
            largest = s.largest
        }
        return (times, largest)
    }
}
