#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The regularized incomplete beta function
///
///     I_x(a, b) = B(x; a, b) / B(a, b),   B(x; a, b) = ∫_0^x t^(a−1) (1 − t)^(b−1) dt,
///
/// for `a, b > 0`, `0 ≤ x ≤ 1`, evaluated in Double; against 40-digit mpmath values at the
/// same Double `x` the relative error is ≲ 1e-13 in the tests (up to `a = 5·10⁴`). Near
/// the bulk of a very peaked distribution the function is itself ill-conditioned in `x`
/// (condition number ~ a), so a rounded `x` costs more than the evaluation does.
///
/// Method (Numerical Recipes §6.4, modified Lentz): with the prefactor
///
///     F = x^a (1 − x)^b / (a B(a, b)) = exp(a ln x + b ln(1 − x) − ln B(a, b)) / a,
///     ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b)   (see `LogBeta`),
///
///     I_x(a, b) = F · 1 / (1 + d_1 / (1 + d_2 / (1 + …)))
///     d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1))
///     d_{2m}   =  m (b − m) x / ((a + 2m − 1)(a + 2m))
///
/// The fraction converges fast for `x < (a + 1)/(a + b + 2)`; otherwise the symmetry
/// `I_x(a, b) = 1 − I_{1−x}(b, a)` is used. The tail that comes out of the fraction is
/// accurate in relative terms; the other one is `1 −` it.
public enum IncompleteBeta {
    /// Largest number of continued-fraction terms before giving up (NaN).
    static let maxIterations = 100_000
    /// Relative change of the fraction at which it counts as converged.
    static let tolerance = 1e-15
    /// Floor that keeps Lentz's denominators away from zero.
    static let tiny = 1e-300

    /// `I_x(a, b)`; NaN outside `a > 0, b > 0, 0 ≤ x ≤ 1`.
    public static func regularized(x: Double, a: Double, b: Double) -> Double {
        tails(x: x, y: 1 - x, a: a, b: b).lower
    }

    /// Both tails `(I_x(a, b), 1 − I_x(a, b))`, with `y = 1 − x` supplied by the caller so
    /// that it can be formed without cancellation (e.g. `t²/(ν + t²)` next to
    /// `ν/(ν + t²)`). `x + y` must equal 1 up to rounding. NaN outside the domain.
    public static func tails(x: Double, y: Double, a: Double, b: Double) -> (lower: Double, upper: Double) {
        guard a > 0, b > 0, x >= 0, y >= 0, x <= 1, y <= 1, a.isFinite, b.isFinite else {
            return (.nan, .nan)
        }
        return tails(x: x, y: y, logX: log(x), logY: log(y), a: a, b: b)
    }

    /// `tails(x:y:a:b:)` with `ln x` and `ln y` supplied too, for callers that can form them
    /// more accurately than `log(x)` of a rounded `x`: the prefactor `x^a` turns a relative
    /// error ε of `x` into `a·ε`, which matters for `a = ν/2` with many degrees of freedom.
    /// Inputs must already be in the domain.
    static func tails(x: Double, y: Double, logX: Double, logY: Double, a: Double, b: Double)
        -> (lower: Double, upper: Double)
    {
        if x == 0 { return (0, 1) }
        if y == 0 { return (1, 0) }
        let lnBeta = LogBeta.evaluate(a, b)
        let lnFront = a * logX + b * logY - lnBeta
        if x < (a + 1) / (a + b + 2) {
            let lower = exp(lnFront) * continuedFraction(x: x, a: a, b: b) / a
            return (lower, 1 - lower)
        } else {
            let upper = exp(lnFront) * continuedFraction(x: y, a: b, b: a) / b
            return (1 - upper, upper)
        }
    }

    /// The continued fraction `1 / (1 + d_1 / (1 + d_2 / …))` by the modified Lentz
    /// method; NaN if it has not converged after `maxIterations` pairs of terms.
    static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...maxIterations {
            let mm = Double(m), m2 = 2 * mm
            // Even step d_{2m}.
            var aa = mm * (b - mm) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            // Odd step d_{2m+1}.
            aa = -(a + mm) * (qab + mm) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < tolerance { return h }
        }
        return .nan
    }
}
