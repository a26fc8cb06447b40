/// Branch-free `exp`, `sigmoid` and `tanh` for DualVAE's hot loops (B × N × A entries per
/// batch), written so the compiler can vectorise them; libm's scalar calls dominated its
/// epoch time.
///
/// `exp` is Cephes' `expf`: `x = n·ln2 + r`, `|r| ≤ ln2/2`, `e^r` by a degree-6 polynomial,
/// `2^n` put into the exponent bits (relative error ≈ 1 ulp). The input is clamped to
/// `[−87.3, 88.3]`, so the result stays a finite, normal float. `tanh x = 1 − 2/(e^{2x} + 1)`
/// has an absolute (not relative) error of about 1e-7 near 0, which is below float noise of
/// the scores it is added to.
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
}
