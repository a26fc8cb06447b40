import VAENumerics

/// The matrices a fold-in model trains and is evaluated on under strong generalisation.
/// Rows of a fold-in matrix and of its held-out matrix are the same user.
public struct FoldInData: Sendable {
    public var train: SparseMatrix
    public var validationFoldIn: SparseMatrix
    public var validationHeldOut: SparseMatrix
    public var testFoldIn: SparseMatrix
    public var testHeldOut: SparseMatrix

    public init(train: SparseMatrix, validationFoldIn: SparseMatrix, validationHeldOut: SparseMatrix,
                testFoldIn: SparseMatrix, testHeldOut: SparseMatrix) {
        precondition(validationFoldIn.rows == validationHeldOut.rows && testFoldIn.rows == testHeldOut.rows,
                     "fold-in and held-out rows must be the same users")
        self.train = train
        self.validationFoldIn = validationFoldIn
        self.validationHeldOut = validationHeldOut
        self.testFoldIn = testFoldIn
        self.testHeldOut = testHeldOut
    }

    public var itemCount: Int { train.cols }
}
