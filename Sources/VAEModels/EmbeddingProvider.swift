import VAENumerics

/// A model whose learned embeddings can be inspected (spectra, collapse measures):
/// user embeddings are posterior means (never samples — sampling noise lifts the small
/// singular values and hides collapse), item embeddings the rows that score items.
public protocol EmbeddingProvider {
    /// One row per row of `x`: the user's embedding from its (uncorrupted) item row.
    func userEmbeddings(_ x: SparseMatrix) -> Matrix
    /// One row per item.
    var itemEmbeddings: Matrix { get }
}

extension MultVAE: EmbeddingProvider {
    /// Posterior means μ of the normalised rows (no dropout).
    public func userEmbeddings(_ x: SparseMatrix) -> Matrix { latentMeans(x) }

    /// The decoder's output weights, one row of width `hidden` per item (I × 600 in vae_cf).
    public var itemEmbeddings: Matrix { decoder.layers.last!.weight.transposed() }
}

extension MultDAE: EmbeddingProvider {
    /// The hidden representation of the normalised rows (the DAE has no posterior).
    public func userEmbeddings(_ x: SparseMatrix) -> Matrix { hidden(x) }

    /// The output layer's weights, one row per item.
    public var itemEmbeddings: Matrix { network.layers.last!.weight.transposed() }
}
