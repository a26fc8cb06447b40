/// Branch-free `exp`, `sigmoid` and `tanh` for DualVAE's hot loops (B × N × A entries per
/// batch), written so the compiler can vectorise them; libm's scalar calls dominated its
/// epoch time.
///
/// `exp` is Cephes' `expf`: `x = n·ln2 + r`, `|r| ≤ ln2/2`, `e^r` by a degree-6 polynomial,
/// `2^n` put into the exponent bits (relative error ≈ 1 ulp). The input is clamped to
/// `[−87.3, 88.3]`, so the result stays a finite, normal float. `tanh x = 1 − 2/(e^{2x} + 1)`
/// has an absolute (not relative) error of about 1e-7 near 0, which is below float noise of
/// the scores it is added to. `log` is Cephes' `logf`: `x = m·2^e`, `m ∈ [√½, √2)`,
/// `log(1+f)` by a degree-9 polynomial (relative error ≈ 1 ulp) for normal positive `x`.
public enum FastTranscendentals {
    @inline(__always)
    public static func exp(_ x: Float) -> Float {
        let xc = Swift.min(Swift.max(x, -87.3), 88.3)
        // n = round(x / ln 2) by the 1.5·2^23 trick (no checked float → int conversion).
        let shifted = xc * 1.44269504088896341 + 12582912.0
        let n = shifted - 12582912.0
        let r = xc - n * 0.693359375 + n * 2.12194440e-4
        var p: Float = 1.9875691500e-4
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let er = p * r * r + r + 1
        let scale = Float(bitPattern: (shifted.bitPattern &- 0x4B40_0000 &+ 127) << 23)
        return er * scale
    }

    /// `1 / (1 + e^{−x})`.
    @inline(__always)
    public static func sigmoid(_ x: Float) -> Float { 1 / (1 + exp(-x)) }

    /// `1 − 2 / (e^{2x} + 1)`.
    @inline(__always)
    public static func tanh(_ x: Float) -> Float { 1 - 2 / (exp(2 * x) + 1) }

    /// Natural logarithm of a normal, positive `x` (the likelihoods' `x̂ + EPS ≥ 1e-10`).
    @inline(__always)
    public static func log(_ x: Float) -> Float {
        let bits = x.bitPattern
        var e = Float(Int32(bitPattern: (bits >> 23) & 0xff) &- 126)
        var m = Float(bitPattern: (bits & 0x007f_ffff) | 0x3f00_0000)   // [0.5, 1)
        let below = m < 0.707106781186547524
        e = below ? e - 1 : e
        m = below ? m + m - 1 : m - 1
        let z = m * m
        var p: Float = 7.0376836292e-2
        p = p * m - 1.1514610310e-1
        p = p * m + 1.1676998740e-1
        p = p * m - 1.2420140846e-1
        p = p * m + 1.4249322787e-1
        p = p * m - 1.6668057665e-1
        p = p * m + 2.0000714765e-1
        p = p * m - 2.4999993993e-1
        p = p * m + 3.3333331174e-1
        var y = p * m * z
        y += -2.12194440e-4 * e
        y += -0.5 * z
        return m + y + 0.693359375 * e
    }
}
