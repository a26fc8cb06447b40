import VAENumerics

/// Full-ranking evaluation in batches, never materialising a users × items score matrix.
///
/// For each batch of at most `batchSize` consecutive task rows `rows`:
/// 1. the scorer fills a `rows.count × scoredItemCount` buffer (reused across batches)
///    from `task.input.rows(rows)`;
/// 2. each user's excluded items are removed and the top `max K` candidates selected by
///    `TopKSelector` (higher score first, ties by lower index, NaN as −∞, unknown items
///    after every scored item);
/// 3. every metric is computed from that list and the user's targets, and the user's
///    input and target counts are kept (for activity groups).
///
/// Every row is scored, so batches are the contiguous ranges a training loop would use;
/// rows without targets are then skipped and listed in the result.
public struct RankingEvaluator: Sendable {
    /// Fills `scores` (`rows.count × scoredItemCount`, row `i` = task row `rows.lowerBound + i`)
    /// from `batchInput` (= `task.input.rows(rows)`). On entry the buffer holds the previous
    /// batch's values; the scorer must overwrite every entry and keep the shape.
    public typealias Scorer = (_ rows: Range<Int>, _ batchInput: SparseMatrix, _ scores: inout Matrix) throws -> Void

    public let metrics: [MetricSpec]
    public let batchSize: Int
    /// The longest ranked list any metric reads.
    public let maxK: Int

    public init(metrics: [MetricSpec], batchSize: Int) throws(RankingEvaluationError) {
        guard !metrics.isEmpty else { throw .noMetrics }
        guard batchSize >= 1 else { throw .invalidBatchSize(batchSize) }
        var seen = Set<MetricSpec>()
        for m in metrics where !seen.insert(m).inserted { throw .duplicateMetric(m) }
        self.metrics = metrics
        self.batchSize = batchSize
        self.maxK = metrics.map(\.k).max()!
    }

    /// Evaluates `task`, calling `scorer` once per batch.
    public func evaluate(_ task: RankingTask, scorer: Scorer) throws -> RankingResult {
        try task.validate()
        let userCount = task.userCount
        let scored = task.scoredItemCount
        var selector = TopKSelector(k: maxK)
        var ranked: [Int] = []
        ranked.reserveCapacity(maxK)
        var flags: [Bool] = []
        flags.reserveCapacity(maxK)
        var evaluatedRows: [Int] = []
        var skippedRows: [Int] = []
        var inputCounts: [Int] = [], targetCounts: [Int] = []
        var values = [[Double]](repeating: [], count: metrics.count)
        var nanCount = 0
        var scores = Matrix(rows: min(batchSize, userCount), cols: scored)

        var start = 0
        while start < userCount {
            let end = min(start + batchSize, userCount)
            let rows = start..<end
            scores.resize(rows: rows.count, cols: scored)
            try scorer(rows, task.input.rows(rows), &scores)
            guard scores.rows == rows.count, scores.cols == scored else {
                throw RankingEvaluationError.scoreShape(
                    rows: scores.rows, cols: scores.cols, expectedRows: rows.count, expectedCols: scored)
            }
            scores.data.withUnsafeBufferPointer { all in
                for (i, u) in rows.enumerated() {
                    let targets = task.targets.columns(ofRow: u)
                    guard !targets.isEmpty else { skippedRows.append(u); continue }
                    let row = UnsafeBufferPointer(rebasing: all[(i * scored)..<((i + 1) * scored)])
                    nanCount += selector.select(scores: row, itemCount: task.itemCount,
                                                excluded: task.excluded.columns(ofRow: u), into: &ranked)
                    flags.removeAll(keepingCapacity: true)
                    for item in ranked { flags.append(Self.contains(targets, Int32(item))) }
                    let hits = RankedHits(flags: flags, targetCount: targets.count)
                    for (m, spec) in metrics.enumerated() {
                        values[m].append(RankingMetrics.value(spec, hits))
                    }
                    evaluatedRows.append(u)
                    inputCounts.append(task.input.rowCount(u))
                    targetCounts.append(targets.count)
                }
            }
            start = end
        }
        return RankingResult(metrics: metrics, evaluatedRows: evaluatedRows, skippedRows: skippedRows,
                             values: values, nanScoreCount: nanCount, inputCounts: inputCounts, targetCounts: targetCounts)
    }

    /// Binary search in a sorted CSR row.
    private static func contains(_ row: ArraySlice<Int32>, _ item: Int32) -> Bool {
        var lo = row.startIndex, hi = row.endIndex
        while lo < hi {
            let mid = (lo + hi) / 2
            if row[mid] < item { lo = mid + 1 } else { hi = mid }
        }
        return lo < row.endIndex && row[lo] == item
    }
}
