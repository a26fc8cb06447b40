import VAENumerics

/// How the PIA anchor table starts.
public enum AnchorInit: String, Codable, Sendable, CaseIterable {
    /// `N(0, 0.01²)` per entry (our default; the paper does not say).
    case normal
    /// All zeros.
    case zeros
    /// Glorot uniform `U(±√(6/(I + d)))` of the `I × d` table.
    case glorot
}

/// The PIA anchor regulariser (arXiv 2511.06781 §3; techniques.md §4): one anchor
/// `e_i ∈ R^d` per item, a training-only parameter (inference never reads it).
///
/// For a user u with positives `S = S_u` of the **full** x (the encoder sees the masked
/// input and emits `μ`, `ℓ = log s²`), with `ē = (1/|S|)Σ_{i∈S} e_i`:
///
/// ```
/// L_A(u) = (1/|S|)·Σ_{i∈S} E_{z~N(μ, diag s²)} ‖z − e_i‖²
///        = ‖μ − ē‖² + Σ_k s_k² + (1/|S|)·Σ_{i∈S} ‖e_i − ē‖²      (closed form, no sampling)
/// ```
///
/// The batch term is `mean_u L_A(u)` over all rows of the batch (a row with no positives
/// contributes 0). Gradients of `w·L_A(u)` (w = λ_A / B):
/// - `∂/∂μ = 2(μ − ē)` (centroid term);
/// - `∂/∂ℓ_k = s_k² = e^{ℓ_k}` (variance term, pulls s toward 0 against the KL);
/// - `∂/∂e_i = (2/|S|)(e_i − μ)` for `i ∈ S` (centroid `(2/|S|)(ē − μ)` plus spread
///   `(2/|S|)(e_i − ē)`), 0 for other items.
public struct AnchorTable: Sendable, Equatable, Codable {
    /// `E`, `itemCount × latentDim`.
    public var table: Matrix
    /// `∂L/∂E`, overwritten by `lossAndGradients` (not saved in checkpoints).
    public var gradient: Matrix

    enum CodingKeys: String, CodingKey { case table }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(table: try c.decode(Matrix.self, forKey: .table))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(table, forKey: .table)
    }

    public init(table: Matrix) {
        self.table = table
        gradient = Matrix(rows: table.rows, cols: table.cols)
    }

    public init(itemCount: Int, latentDim: Int, initialization: AnchorInit, rng: inout RandomStream) {
        let m: Matrix
        switch initialization {
        case .normal:
            m = Initializer.normal(std: 0.01).make(rows: itemCount, cols: latentDim, fanIn: itemCount, fanOut: latentDim, rng: &rng)
        case .zeros:
            m = Matrix(rows: itemCount, cols: latentDim)
        case .glorot:
            m = Initializer.glorotUniform.make(rows: itemCount, cols: latentDim, fanIn: itemCount, fanOut: latentDim, rng: &rng)
        }
        self.init(table: m)
    }

    /// Per-row closed-form `L_A(u)` (no gradients).
    public func loss(positives x: SparseMatrix, mean mu: Matrix, logVariance lv: Matrix) -> [Double] {
        var copy = self
        var gmu = Matrix(rows: mu.rows, cols: mu.cols), glv = gmu
        return copy.lossAndGradients(positives: x, mean: mu, logVariance: lv, scale: 0, gradMean: &gmu, gradLogVariance: &glv)
    }

    /// Returns the per-row `L_A(u)`, adds `scale · ∂L_A(u)/∂μ, ∂/∂ℓ` to the encoder-output
    /// gradients and **overwrites** `gradient` with `scale · Σ_u ∂L_A(u)/∂E`.
    /// `x`'s stored entries with a nonzero value are the positives.
    @discardableResult
    public mutating func lossAndGradients(positives x: SparseMatrix, mean mu: Matrix, logVariance lv: Matrix, scale: Float,
                                          gradMean gmu: inout Matrix, gradLogVariance glv: inout Matrix) -> [Double] {
        let d = table.cols
        precondition(x.rows == mu.rows && mu.cols == d && lv.rows == mu.rows && lv.cols == d && x.cols == table.rows)
        gradient.fill(0)
        var losses = [Double](repeating: 0, count: x.rows)
        var centroid = [Double](repeating: 0, count: d)
        var items: [Int] = []
        for r in 0..<x.rows {
            items.removeAll(keepingCapacity: true)
            for k in x.indptr[r]..<x.indptr[r + 1] where x.values[k] != 0 { items.append(Int(x.indices[k])) }
            guard !items.isEmpty else { continue }
            let invS = 1 / Double(items.count)
            for j in 0..<d { centroid[j] = 0 }
            for i in items { for j in 0..<d { centroid[j] += Double(table[i, j]) } }
            for j in 0..<d { centroid[j] *= invS }
            var centre = 0.0, variance = 0.0, spread = 0.0
            for j in 0..<d {
                let m = Double(mu[r, j])
                let diff = m - centroid[j]
                centre += diff * diff
                let s2 = Double(_expf(lv[r, j]))
                variance += s2
                gmu.data[r * d + j] += scale * Float(2 * diff)
                glv.data[r * d + j] += scale * Float(s2)
            }
            for i in items {
                for j in 0..<d {
                    let e = Double(table[i, j])
                    let dev = e - centroid[j]
                    spread += dev * dev
                    gradient.data[i * d + j] += scale * Float(2 * invS * (e - Double(mu[r, j])))
                }
            }
            losses[r] = centre + variance + spread * invS
        }
        return losses
    }
}
