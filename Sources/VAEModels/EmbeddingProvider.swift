import VAENumerics

/// A model whose learned embeddings can be inspected (spectra, collapse measures, `.npy`
/// files): user embeddings are posterior means (never samples — sampling noise lifts the
/// small singular values and hides collapse), item embeddings the rows that score items.
public protocol EmbeddingProvider {
    /// One row per row of `x`: the user's embedding from its (uncorrupted) item row.
    func userEmbeddings(_ x: SparseMatrix) -> Matrix
    /// One row per item.
    var itemEmbeddings: Matrix { get }
    /// Further tables by name (Mult-VAE's PIA anchors), one row per item; empty by default.
    var auxiliaryEmbeddings: [String: Matrix] { get }
}

extension EmbeddingProvider {
    public var auxiliaryEmbeddings: [String: Matrix] { [:] }
}

extension MultVAE: EmbeddingProvider {
    /// Posterior means μ of the normalised rows (no dropout).
    public func userEmbeddings(_ x: SparseMatrix) -> Matrix { latentMeans(x) }

    /// The decoder's output weights, one row of width `hidden` per item (I × 600 in vae_cf).
    public var itemEmbeddings: Matrix { decoder.layers.last!.weight.transposed() }

    /// The PIA anchor table (I × k, in the latent space) when the model has one.
    public var auxiliaryEmbeddings: [String: Matrix] { anchors.map { ["anchors": $0.table] } ?? [:] }
}

extension PoisVAE: EmbeddingProvider {
    /// Posterior means μ of the raw binary rows (what its scores decode).
    public func userEmbeddings(_ x: SparseMatrix) -> Matrix {
        var binary = x
        binary.values = [Float](repeating: 1, count: x.values.count)
        return encoder(.sparse(binary)).columns(0..<configuration.latentDim)
    }

    /// The decoder's output weights, one row of width `hidden` per item.
    public var itemEmbeddings: Matrix { decoder.layers.last!.weight.transposed() }
}

extension MultDAE: EmbeddingProvider {
    /// The hidden representation of the normalised rows (the DAE has no posterior).
    public func userEmbeddings(_ x: SparseMatrix) -> Matrix { hidden(x) }

    /// The output layer's weights, one row per item.
    public var itemEmbeddings: Matrix { network.layers.last!.weight.transposed() }
}

/// A Cornac-family model's embeddings: its stored posterior means (valid after
/// `inferMeans`), users and items.
public protocol StoredEmbeddings {
    var storedEmbeddings: [String: Matrix] { get }
}

extension BiVAE: StoredEmbeddings {
    /// `μθ` (users × k) and `μβ` (items × k).
    public var storedEmbeddings: [String: Matrix] { ["users": muTheta, "items": muBeta] }
}

extension DualVAE: StoredEmbeddings {
    /// `μθ` and `μβ` with the aspects side by side: users × (A·k) and items × (A·k).
    public var storedEmbeddings: [String: Matrix] {
        ["users": DualVAE.sideBySide(muTheta), "items": DualVAE.sideBySide(muBeta)]
    }

    static func sideBySide(_ aspects: [Matrix]) -> Matrix {
        guard let first = aspects.first else { return Matrix(rows: 0, cols: 0) }
        let k = first.cols
        var out = Matrix(rows: first.rows, cols: k * aspects.count)
        for (a, m) in aspects.enumerated() {
            for r in 0..<m.rows {
                for j in 0..<k { out[r, a * k + j] = m[r, j] }
            }
        }
        return out
    }
}
