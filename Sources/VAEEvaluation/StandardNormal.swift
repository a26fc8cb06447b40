#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The standard normal distribution through libm's complementary error function:
///
///     Φ(z) = ½ erfc(−z / √2),   P(|Z| ≥ |z|) = erfc(|z| / √2) = 2 Φ(−|z|)
public enum StandardNormal {
    /// `Φ(z) = P(Z ≤ z)`.
    public static func cdf(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// Two-sided p-value `P(|Z| ≥ |z|) = erfc(|z|/√2)`; NaN for NaN `z`.
    public static func twoSidedPValue(_ z: Double) -> Double {
        erfc(abs(z) / 2.0.squareRoot())
    }
}
