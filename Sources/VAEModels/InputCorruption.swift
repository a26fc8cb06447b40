import VAENumerics

/// The vae_cf input path (masking variant M1): L2-normalise each row, then, in training,
/// inverted dropout.
///
/// 1. `h = x / max(‖x‖₂, 1e-12)` — an all-zero row stays zero.
/// 2. Training only: each entry survives with probability `keepProbability` and is
///    multiplied by `1 / keepProbability`; the rest become 0.
///
/// Dropout draws one uniform per *stored* entry of the sparse row: zeros stay zero whatever
/// the mask, so this is the same distribution as TF's dense `dropout`, at O(nnz) cost.
public enum InputCorruption {
    /// Step 1: each row divided by its L2 norm.
    public static func normalizeRows(_ x: SparseMatrix) -> SparseMatrix {
        var out = x
        for r in 0..<x.rows {
            var s: Float = 0
            for k in x.indptr[r]..<x.indptr[r + 1] { s += x.values[k] * x.values[k] }
            let inv = 1 / max(s.squareRoot(), 1e-12)
            for k in x.indptr[r]..<x.indptr[r + 1] { out.values[k] = x.values[k] * inv }
        }
        return out
    }

    /// Step 2: inverted dropout on the stored entries (kept as explicit zeros, so the
    /// sparsity pattern and the products' cost are unchanged).
    public static func dropout(_ x: SparseMatrix, keepProbability: Float, rng: inout RandomStream) -> SparseMatrix {
        guard keepProbability < 1 else { return x }
        var out = x
        let scale = 1 / keepProbability
        for k in 0..<out.values.count {
            out.values[k] = rng.nextFloat() < keepProbability ? out.values[k] * scale : 0
        }
        return out
    }
}
