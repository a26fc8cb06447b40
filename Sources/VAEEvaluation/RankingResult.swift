/// Per-user metric values of one evaluation, plus counts and means.
///
/// `values[m][i]` is metric `metrics[m]` for the user at task row `evaluatedRows[i]`.
/// Users without targets are not in `evaluatedRows`; they are listed in `skippedRows`.
public struct RankingResult: Equatable, Sendable {
    /// The metrics, in the order requested.
    public var metrics: [MetricSpec]
    /// Task row index of each evaluated user, ascending.
    public var evaluatedRows: [Int]
    /// Task rows skipped because they have no targets, ascending.
    public var skippedRows: [Int]
    /// `values[m]` holds metric `metrics[m]` per evaluated user, aligned with `evaluatedRows`.
    public var values: [[Double]]
    /// NaN scores met among ranked candidates (ranked as −∞); nonzero means the model
    /// produced NaNs and the numbers deserve suspicion.
    public var nanScoreCount: Int
    /// Per evaluated user (aligned with `evaluatedRows`): positives the model encoded (the
    /// task's input row) and targets (`|T_u|`); empty when not recorded.
    public var inputCounts: [Int]
    public var targetCounts: [Int]

    public init(metrics: [MetricSpec], evaluatedRows: [Int], skippedRows: [Int], values: [[Double]], nanScoreCount: Int,
                inputCounts: [Int] = [], targetCounts: [Int] = []) {
        precondition(values.count == metrics.count && values.allSatisfy { $0.count == evaluatedRows.count })
        precondition(inputCounts.isEmpty || inputCounts.count == evaluatedRows.count)
        precondition(targetCounts.count == inputCounts.count)
        self.metrics = metrics
        self.evaluatedRows = evaluatedRows
        self.skippedRows = skippedRows
        self.values = values
        self.nanScoreCount = nanScoreCount
        self.inputCounts = inputCounts
        self.targetCounts = targetCounts
    }

    /// Each evaluated user's history length (nil when the counts were not recorded).
    public func historyLengths(_ definition: HistoryLength) -> [Int]? {
        guard !inputCounts.isEmpty || evaluatedRows.isEmpty else { return nil }
        return zip(inputCounts, targetCounts).map { definition.length(input: $0, targets: $1) }
    }

    public var evaluatedCount: Int { evaluatedRows.count }
    public var skippedCount: Int { skippedRows.count }

    /// Per-user values of `metric`, aligned with `evaluatedRows`. The metric must be one
    /// the evaluator computed.
    public func values(of metric: MetricSpec) -> [Double] {
        guard let m = metrics.firstIndex(of: metric) else {
            preconditionFailure("metric \(metric) was not computed; have \(metrics)")
        }
        return values[m]
    }

    /// Arithmetic mean of `metric` over the evaluated users (NaN when none).
    public func mean(of metric: MetricSpec) -> Double {
        Statistics.mean(values(of: metric))
    }

    /// Means of every metric.
    public var means: [MetricSpec: Double] {
        Dictionary(uniqueKeysWithValues: zip(metrics, values.map(Statistics.mean)))
    }

    /// Mean, population std and standard error of `metric`.
    public func summary(of metric: MetricSpec) -> MetricSummary {
        MetricSummary(values(of: metric))
    }
}
