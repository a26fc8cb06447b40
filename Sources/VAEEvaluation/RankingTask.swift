import VAENumerics

/// A full-ranking evaluation over a set of users: row `u` of every matrix is the same
/// evaluated user.
///
/// Columns of `targets` and `excluded` are the candidate items `0 ..< itemCount`. The
/// model scores items `0 ..< scoredItemCount`; items `scoredItemCount ..< itemCount` are
/// *unknown* (seen only in test, Cornac's `exclude_unknowns=False`): they stay candidates,
/// rank after every scored item, and count in `|T_u|`.
public struct RankingTask: Sendable {
    /// What the model encodes for each user: the fold-in rows (strong generalization) or
    /// the users' training rows (Cornac, LightGCN). Passed through to the scorer unchanged.
    public var input: SparseMatrix
    /// Held-out positives; every stored entry is a target (binarize upstream).
    public var targets: SparseMatrix
    /// Items removed from each user's ranking: fold-in items or training positives.
    public var excluded: SparseMatrix
    /// Items the model scores; the scorer fills `scoredItemCount` columns.
    public var scoredItemCount: Int

    /// - Parameter excluded: nil for "exclude nothing" (Cornac < 1.17 behaviour).
    public init(input: SparseMatrix, targets: SparseMatrix, excluded: SparseMatrix?, scoredItemCount: Int) {
        self.input = input
        self.targets = targets
        self.excluded = excluded ?? SparseMatrix(
            rows: targets.rows, cols: targets.cols,
            indptr: [Int](repeating: 0, count: targets.rows + 1), indices: [], values: [])
        self.scoredItemCount = scoredItemCount
    }

    /// Number of evaluated users (rows).
    public var userCount: Int { targets.rows }
    /// Number of candidate items, scored and unknown.
    public var itemCount: Int { targets.cols }

    /// Checks that the shapes agree and the CSR rows are sorted and in range.
    public func validate() throws(RankingEvaluationError) {
        guard input.rows == targets.rows, excluded.rows == targets.rows else {
            throw .shapeMismatch("rows: input \(input.rows), targets \(targets.rows), excluded \(excluded.rows)")
        }
        guard excluded.cols == targets.cols else {
            throw .shapeMismatch("columns: targets \(targets.cols), excluded \(excluded.cols)")
        }
        guard scoredItemCount >= 0, scoredItemCount <= targets.cols else {
            throw .shapeMismatch("scoredItemCount \(scoredItemCount) outside 0...\(targets.cols)")
        }
        if let problem = targets.validate() { throw .invalidSparseMatrix("targets: \(problem)") }
        if let problem = excluded.validate() { throw .invalidSparseMatrix("excluded: \(problem)") }
    }
}
