import VAENumerics

/// Measures of the mechanism label smoothing acts on (techniques.md §1), accumulated over the
/// training batches of an epoch:
/// - `negativeGradient`: mean `|∂(−ll_u)/∂h_ui|` over negative entries (`y_ui = 0`), where `h`
///   is the decoder pre-activation (per row, so not divided by the batch size);
/// - `smallScoreFraction`: fraction of all predicted `x̂_ui` below `1e-3`.
public struct ReconstructionMechanism: Codable, Sendable, Equatable {
    public var negativeGradientSum: Double = 0
    public var negativeCount: Int = 0
    public var smallScoreCount: Int = 0
    public var scoreCount: Int = 0

    public static let smallScoreThreshold: Float = 1e-3

    public init() {}

    public var negativeGradient: Double { negativeCount == 0 ? 0 : negativeGradientSum / Double(negativeCount) }
    public var smallScoreFraction: Double { scoreCount == 0 ? 0 : Double(smallScoreCount) / Double(scoreCount) }

    /// Adds one batch: `scores` are `x̂`, `gradient` is `scale · ∂(−ll)/∂h` (as the likelihood
    /// returns it; `scale` is divided out), `targets` marks the positives.
    public mutating func add(scores: Matrix, gradient: Matrix, scale: Float, targets: SparseMatrix) {
        precondition(scores.rows == targets.rows && scores.cols == targets.cols && gradient.count == scores.count)
        let n = scores.cols
        var positive = [Bool](repeating: false, count: n)
        for r in 0..<scores.rows {
            let cols = targets.columns(ofRow: r)
            for c in cols { positive[Int(c)] = true }
            var sum: Double = 0
            var small = 0
            for j in 0..<n {
                let i = r * n + j
                if scores.data[i] < ReconstructionMechanism.smallScoreThreshold { small += 1 }
                if !positive[j] { sum += Double(abs(gradient.data[i])) }
            }
            negativeGradientSum += sum / Double(scale)
            negativeCount += n - cols.count
            smallScoreCount += small
            scoreCount += n
            for c in cols { positive[Int(c)] = false }
        }
    }

    /// Adds the rows measured by the fused likelihood kernels.
    mutating func add(_ rows: [LikelihoodRowTerms], targets y: SparseMatrix) {
        for (r, t) in rows.enumerated() {
            negativeGradientSum += t.negativeGradient
            negativeCount += y.cols - (y.indptr[r + 1] - y.indptr[r])
            smallScoreCount += t.smallScores
            scoreCount += y.cols
        }
    }
}
