import VAEData
import VAEEvaluation
import VAENumerics

/// The matrices a fold-in model (Mult-VAE, Mult-DAE, PoisVAE under vae_cf) trains on, and
/// the ranking tasks it is evaluated on. Two protocols give them:
///
/// - strong generalisation (vae_cf): `train` holds the training users' rows; validation and
///   test users are other users, each encoded from a fold-in row and ranked against its
///   held-out row, fold-in items excluded, every item scored;
/// - a given split (`init(given:)`): `train` holds every known user's training row; each
///   user is encoded from that same row and ranked Cornac-style (`GivenSplitRanking`:
///   training (and, for test, validation) positives excluded, test-only items ranked last,
///   users without targets skipped).
public struct FoldInData: Sendable {
    /// The rows training batches are drawn from; its columns are the model's items.
    public var train: SparseMatrix
    /// What validation ranks each evaluated epoch; nil when there is no validation data
    /// (a given split without a validation file), so the run must use `lastEpoch`.
    public var validation: RankingTask?
    public var test: RankingTask

    public init(train: SparseMatrix, validation: RankingTask?, test: RankingTask) {
        self.train = train
        self.validation = validation
        self.test = test
    }

    /// Strong generalisation: rows of a fold-in matrix and of its held-out matrix are the
    /// same user; the fold-in items are the encoder's input and are excluded from the
    /// ranking; every item is scored.
    public init(train: SparseMatrix, validationFoldIn: SparseMatrix, validationHeldOut: SparseMatrix,
                testFoldIn: SparseMatrix, testHeldOut: SparseMatrix) {
        precondition(validationFoldIn.rows == validationHeldOut.rows && testFoldIn.rows == testHeldOut.rows,
                     "fold-in and held-out rows must be the same users")
        self.init(train: train,
                  validation: RankingTask(input: validationFoldIn, targets: validationHeldOut, excluded: validationFoldIn,
                                          scoredItemCount: validationFoldIn.cols),
                  test: RankingTask(input: testFoldIn, targets: testHeldOut, excluded: testFoldIn, scoredItemCount: testFoldIn.cols))
    }

    /// A given split: training batches over the known users' training rows (items seen in
    /// train are the model's items); validation (if the split has it) and test ranked by
    /// `GivenSplitRanking`, the same tasks the Cornac family is evaluated on.
    public init(given split: GivenSplit) {
        self.init(train: GivenSplitRanking.trainingRows(split), validation: GivenSplitRanking.validation(split),
                  test: GivenSplitRanking.test(split))
    }

    public var itemCount: Int { train.cols }
}
