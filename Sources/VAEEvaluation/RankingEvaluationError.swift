/// Why an evaluation could not run. Errors thrown by the scorer propagate unchanged.
public enum RankingEvaluationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The evaluator was configured with no metrics.
    case noMetrics
    /// The same metric was requested twice.
    case duplicateMetric(MetricSpec)
    /// The batch size is below 1.
    case invalidBatchSize(Int)
    /// The task's matrices disagree in shape.
    case shapeMismatch(String)
    /// A CSR matrix of the task breaks its invariants.
    case invalidSparseMatrix(String)
    /// The scorer left the score buffer with the wrong shape.
    case scoreShape(rows: Int, cols: Int, expectedRows: Int, expectedCols: Int)

    public var description: String {
        switch self {
        case .noMetrics: "no metrics requested"
        case .duplicateMetric(let m): "metric \(m) requested twice"
        case .invalidBatchSize(let b): "batch size \(b) must be ≥ 1"
        case .shapeMismatch(let s): "ranking task shape mismatch: \(s)"
        case .invalidSparseMatrix(let s): "invalid sparse matrix: \(s)"
        case .scoreShape(let r, let c, let er, let ec):
            "scorer left a \(r)×\(c) score buffer, expected \(er)×\(ec)"
        }
    }
}
