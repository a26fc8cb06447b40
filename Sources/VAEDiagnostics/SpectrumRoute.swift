/// How `Spectrum` computes singular values (techniques.md §7).
///
/// - `gesddFloat`, `gesddDouble` (route A): LAPACK divide and conquer, values only
///   (`sgesdd` / `dgesdd`, `JOBZ = 'N'`). For a tall m × n matrix LAPACK runs a QR first,
///   bidiagonalises the n × n R and solves the bidiagonal SVD, ≈ 2mn² flops. Every σ_k is
///   accurate to about ε·σ₁ in absolute terms (ε the unit roundoff of the precision used),
///   so small values keep their relative accuracy down to σ_k ≈ ε·σ₁.
/// - `gram` (route B): G = MᵀM (or MMᵀ when the matrix is wide) accumulated in Float64 by
///   `dsyrk` (`GramMatrix`),
///   eigenvalues by `dsyevd`, σ = √max(λ, 0). λ is accurate to ≈ ε₆₄·σ₁², so σ_k carries a
///   relative error of up to about ε₆₄·(σ₁/σ_k)²: ≈ 1e-12 at σ₁/σ_k = 100, ≈ 1e-4 at 1e6
///   (measured: 7e-12 at 1e3, 6e-6 at 1e6, lost at 1e9), and nothing is left below
///   √ε₆₄·σ₁ ≈ 1.5e-8·σ₁. It is accurate enough when the ratios that matter satisfy
///   σ₁/σ_k ≲ 1e5 (relative error ≲ 1e-6). For a Float32 embedding that is no real loss:
///   storing M in Float32 already moves every σ_k by up to ≈ 6e-8·‖M‖_F, which is of the
///   same size as the Gram floor. Use `gesddDouble` when ratios beyond ≈ 1e6 matter on
///   Double data, and for final figures. Values under `1e-7·σ₁` are flagged as under the
///   noise floor.
public enum SpectrumRoute: String, Sendable, Codable, CaseIterable {
    /// Route A in Float32 (`sgesdd`). The default for Float embeddings.
    case gesddFloat
    /// Route A in Float64 (`dgesdd` on the matrix widened or given in Double).
    case gesddDouble
    /// Route B: Float64 Gram matrix (`dsyrk`) and `dsyevd`.
    case gram

    /// The relative threshold τ such that values σ_k ≤ τ·σ₁ are flagged as under the noise
    /// floor by default.
    ///
    /// - `gesddFloat`: 1e-6 (≈ 17 Float32 unit roundoffs; LAPACK's bound is p(m, n)·ε·σ₁
    ///   with a modest p, and exactly-zero singular values come out around 1e-7·σ₁).
    /// - `gesddDouble`: 1e-14 (≈ 45 Float64 unit roundoffs).
    /// - `gram`: 1e-7, a little above √ε₆₄ ≈ 1.5e-8 (techniques.md §7).
    public var defaultRelativeNoiseFloor: Double {
        switch self {
        case .gesddFloat: 1e-6
        case .gesddDouble: 1e-14
        case .gram: 1e-7
        }
    }
}
