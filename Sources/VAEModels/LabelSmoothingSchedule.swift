/// The label-smoothing factor α per epoch (techniques.md §1).
///
/// `α_e = start + (end − start)·min(e / E, 1)` for the 1-based epoch `e`, held constant
/// within the epoch; with `rampEpochs = 0` (or no `end`) it is the constant `start`.
/// VAE-LS's Mult-VAE variant is `start = 0.001`, `end = 0.1`, `E = 200`; RethinkVAE's
/// bilateral runs use a constant α.
public struct LabelSmoothingSchedule: Codable, Sendable, Equatable {
    public var start: Float
    public var end: Float?
    public var rampEpochs: Int

    public init(start: Float, end: Float? = nil, rampEpochs: Int = 0) {
        self.start = start
        self.end = end
        self.rampEpochs = rampEpochs
    }

    /// A constant α.
    public static func constant(_ alpha: Float) -> LabelSmoothingSchedule { LabelSmoothingSchedule(start: alpha) }

    /// α for the 1-based `epoch`.
    public func alpha(epoch: Int) -> Float {
        guard let end, rampEpochs > 0 else { return start }
        let f = min(Float(epoch) / Float(rampEpochs), 1)
        return start + (end - start) * f
    }
}
