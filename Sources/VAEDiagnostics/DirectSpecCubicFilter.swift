import VAENumerics

/// DirectSpec's cubic all-pass filter on an n × d embedding matrix E (techniques.md §5):
///
///     Ê = E − α·E·Eᵀ·E.
///
/// With the SVD E = UΣVᵀ, E·Eᵀ·E = UΣ³Vᵀ, so Ê = U(Σ − αΣ³)Vᵀ: the singular vectors are kept
/// and each σ_k maps to `σ_k·(1 − α·σ_k²)` (the largest shrink most, flattening the
/// spectrum). The order of the values is preserved when 3α·σ_max² < 1 (the map
/// σ ↦ σ − ασ³ is increasing on [0, 1/√(3α))); beyond 1/√α a value changes sign, and the
/// new singular value is its absolute value. `E·Eᵀ·E` is the gradient of
/// `¼‖EᵀE‖_F²` (see `DirectSpecRegularizer.cubic` in VAEModels).
///
/// Computed as `E − α·E·(EᵀE)` with the d × d matrix EᵀE (two sgemm calls, ≈ 4nd² flops);
/// the n × n matrix EEᵀ is never formed.
public enum DirectSpecCubicFilter {
    /// `E − α·E·(EᵀE)`.
    public static func apply(_ e: Matrix, alpha: Float) -> Matrix {
        let gram = BLAS.product(e, transposeA: true, e)        // d × d
        var out = e
        BLAS.gemm(e, gram, alpha: -alpha, beta: 1, into: &out)  // E − α·E·G
        return out
    }

    /// The image of one singular value, `σ·(1 − α·σ²)` (signed; its absolute value is the
    /// singular value of Ê).
    public static func filteredSingularValue(_ sigma: Double, alpha: Double) -> Double {
        sigma * (1 - alpha * sigma * sigma)
    }

    /// The largest α that keeps the order of values up to `largestSingularValue`,
    /// `1/(3·σ_max²)` (exclusive bound).
    public static func orderPreservingAlphaBound(largestSingularValue: Double) -> Double {
        1 / (3 * largestSingularValue * largestSingularValue)
    }
}
