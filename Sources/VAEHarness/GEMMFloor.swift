import Foundation
import VAENumerics

/// The matrix products of one Mult-VAE training step (vae_cf architecture, sparse first
/// layer), run alone on buffers of the step's exact shapes: the time no implementation of
/// the step can beat on this machine's BLAS.
///
/// Per batch of B users with I items, hidden H, latent Z and nnz input entries:
/// - encoder layer 1, forward `X·W₁` and weight gradient `Xᵀ·δ₁` — sparse, 2·nnz·H each;
/// - encoder layer 2 `h₁·W₂` (B×H·H×2Z), its weight gradient and input gradient;
/// - decoder layer 1 `z·W₃` (B×Z·Z×H), its weight gradient and input gradient;
/// - decoder layer 2 `h₃·W₄` (B×H·H×I), its weight gradient `h₃ᵀ·δ` and input gradient `δ·W₄ᵀ`.
public struct GEMMFloor {
    public var items: Int
    public var hidden = 600
    public var latent = 200
    public var batch = 500

    public init(items: Int) { self.items = items }

    /// Floating-point operations of one step for a batch with `nnz` input entries.
    public func flops(nnz: Int) -> Double {
        let (b, i, h, z) = (Double(batch), Double(items), Double(hidden), Double(latent))
        let sparse = 2 * 2 * Double(nnz) * h
        let dense = 3 * (2 * b * h * 2 * z) + 3 * (2 * b * z * h) + 3 * (2 * b * h * i)
        return sparse + dense
    }

    /// Seconds of the step's products for `input` (a batch of rows), repeated `repetitions`
    /// times after one warm-up; returns every repetition's time.
    public func time(input: SparseMatrix, repetitions: Int) -> [Double] {
        var rng = RandomStream(seed: 1)
        func random(_ r: Int, _ c: Int) -> Matrix { Matrix(rows: r, cols: c, data: (0..<(r * c)).map { _ in rng.uniform(-0.1, 0.1) }) }
        let b = input.rows, (i, h, z) = (items, hidden, latent)
        let w1 = random(i, h), w2 = random(h, 2 * z), w3 = random(z, h), w4 = random(h, i)
        var gw1 = Matrix(rows: i, cols: h), gw2 = Matrix(rows: h, cols: 2 * z), gw3 = Matrix(rows: z, cols: h), gw4 = Matrix(rows: h, cols: i)
        var h1 = Matrix(rows: b, cols: h), a2 = Matrix(rows: b, cols: 2 * z), zz = random(b, z), h3 = Matrix(rows: b, cols: h)
        var logits = Matrix(rows: b, cols: i)
        let dLogits = random(b, i), d3 = random(b, h), d2 = random(b, 2 * z)
        var dh3 = Matrix(rows: b, cols: h), dz = Matrix(rows: b, cols: z), dh1 = Matrix(rows: b, cols: h)
        var times: [Double] = []
        for rep in 0...repetitions {
            let start = Date()
            SparseProducts.multiply(input, w1, into: &h1)
            BLAS.gemm(h1, w2, into: &a2)
            BLAS.gemm(zz, w3, into: &h3)
            BLAS.gemm(h3, w4, into: &logits)
            BLAS.gemm(h3, transposeA: true, dLogits, into: &gw4)
            BLAS.gemm(dLogits, w4, transposeB: true, into: &dh3)
            BLAS.gemm(zz, transposeA: true, d3, into: &gw3)
            BLAS.gemm(d3, w3, transposeB: true, into: &dz)
            BLAS.gemm(h1, transposeA: true, d2, into: &gw2)
            BLAS.gemm(d2, w2, transposeB: true, into: &dh1)
            SparseProducts.transposeMultiply(input, dh1, into: &gw1)
            if rep > 0 { times.append(Date().timeIntervalSince(start)) }
        }
        return times
    }
}
