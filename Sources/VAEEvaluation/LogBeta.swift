#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b)` for `a, b > 0`, without the cancellation
/// of the three large `ln Γ` terms when an argument is large (e.g. `a = ν/2`, `b = 1/2` in
/// the t distribution with many degrees of freedom).
///
/// With `p = min(a, b)`, `q = max(a, b)` and Stirling's remainder
///
///     δ(x) = ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π]
///          = 1/(12x) − 1/(360x³) + 1/(1260x⁵) − 1/(1680x⁷) + 1/(1188x⁹)
///            − 691/(360360x¹¹) + 1/(156x¹³) − …            (used for x ≥ 10)
///
/// - `q < 10`: the plain `ln Γ` sum (all terms small).
/// - `p < 10 ≤ q`: `ln Γ(p) + [ln Γ(q) − ln Γ(p + q)]` with
///       ln Γ(q) − ln Γ(p + q) = −(q − ½) log1p(p/q) − p ln(p + q) + p + δ(q) − δ(p + q)
/// - `10 ≤ p`: `½ ln 2π − ½ ln p + p ln(p/(p + q)) − (q − ½) log1p(p/q) + δ(p) + δ(q) − δ(p + q)`
///   (the TOMS 708 `betaln` split).
enum LogBeta {
    static func evaluate(_ a: Double, _ b: Double) -> Double {
        let p = min(a, b), q = max(a, b)
        if q < 10 { return lgamma(p) + lgamma(q) - lgamma(p + q) }
        let shared = -(q - 0.5) * log1p(p / q) + stirlingRemainder(q) - stirlingRemainder(p + q)
        if p < 10 {
            return lgamma(p) + shared - p * log(p + q) + p
        }
        let halfLog2Pi = 0.918_938_533_204_672_741_78
        return halfLog2Pi - 0.5 * log(p) + p * log(p / (p + q)) + shared + stirlingRemainder(p)
    }

    /// `δ(x)` by the asymptotic series above, for `x ≥ 10` (truncation < 1e-16 there).
    static func stirlingRemainder(_ x: Double) -> Double {
        let r = 1 / x, r2 = r * r
        let series = 1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680
            - r2 * (1.0 / 1188 - r2 * (691.0 / 360_360 - r2 / 156)))))
        return r * series
    }
}
