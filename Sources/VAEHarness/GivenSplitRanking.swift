import VAEData
import VAEEvaluation
import VAENumerics

/// The Cornac-style ranking tasks of a given split (protocols.md §2, §4; Cornac's
/// `ranking_eval`), shared by every model family so that all of them rank identically:
///
/// - evaluated users: those that occur in train (indices `0..<knownUserCount`); test-only
///   users have nothing to encode and are left out (the split's log counts them);
/// - input: each user's own training row (`knownItemCount` columns): what a fold-in model
///   (Mult-VAE, Mult-DAE) encodes; the Cornac family scores by user index and ignores it;
/// - candidates: every mapped item `0..<itemCount`; items never seen in train
///   (`knownItemCount..<itemCount`, Cornac's `exclude_unknowns=False`) cannot be scored, so
///   they stay candidates ranked after every scored item and count in `|T_u|`
///   (`dropUnknownItems` removes them when the split is built);
/// - test: targets are the test rows; excluded are the training positives and, when the
///   split has validation, the validation positives (`train ∪ validation`, as Cornac);
/// - validation: targets are the validation rows; excluded are the training positives;
/// - users without targets are skipped by `RankingEvaluator` (and listed in its result).
public enum GivenSplitRanking {
    /// The known users' training rows (`knownUserCount × knownItemCount`).
    public static func trainingRows(_ split: GivenSplit) -> SparseMatrix {
        split.train.rows(0..<split.knownUserCount)
    }

    /// The test task (see the type's description).
    public static func test(_ split: GivenSplit) -> RankingTask {
        let users = split.knownUserCount
        let train = trainingRows(split)
        let excluded: SparseMatrix
        if let validation = split.validation {
            let v = validation.rows(0..<users)
            excluded = SparseMatrix(cols: split.itemCount, rowColumns: (0..<users).map { u in
                (train.columns(ofRow: u) + v.columns(ofRow: u)).map(Int.init)
            })
        } else {
            excluded = widened(train, to: split.itemCount)
        }
        return RankingTask(input: train, targets: split.test.rows(0..<users), excluded: excluded, scoredItemCount: split.knownItemCount)
    }

    /// The validation task (see the type's description); nil when the split has none.
    public static func validation(_ split: GivenSplit) -> RankingTask? {
        guard let validation = split.validation else { return nil }
        let train = trainingRows(split)
        return RankingTask(input: train, targets: validation.rows(0..<split.knownUserCount), excluded: widened(train, to: split.itemCount),
                           scoredItemCount: split.knownItemCount)
    }

    /// The same rows over `cols` columns (test-only items have no training entries).
    static func widened(_ m: SparseMatrix, to cols: Int) -> SparseMatrix {
        SparseMatrix(rows: m.rows, cols: cols, indptr: m.indptr, indices: m.indices, values: m.values)
    }
}
