import VAENumerics

/// The training matrix seen from both sides: user rows (`U × I`) and item rows (its
/// transpose, `I × U`, built once), with optional side features for BiVAE's CAP prior.
public struct BipartiteData: Sendable {
    public var userRows: SparseMatrix
    public var itemRows: SparseMatrix
    public var userFeatures: Matrix?
    public var itemFeatures: Matrix?

    public init(userRows: SparseMatrix, userFeatures: Matrix? = nil, itemFeatures: Matrix? = nil) {
        precondition(userFeatures.map { $0.rows == userRows.rows } ?? true, "user features need one row per user")
        precondition(itemFeatures.map { $0.rows == userRows.cols } ?? true, "item features need one row per item")
        // Binarise (Cornac: x.data = 1).
        var r = userRows
        r.values = [Float](repeating: 1, count: r.values.count)
        self.userRows = r
        itemRows = r.transposed()
        self.userFeatures = userFeatures
        self.itemFeatures = itemFeatures
    }

    public var userCount: Int { userRows.rows }
    public var itemCount: Int { userRows.cols }
}

/// Contiguous batches of ascending index, no shuffle (Cornac `user_iter`/`item_iter` with
/// `shuffle=False`).
public func contiguousBatches(count: Int, batchSize: Int) -> [Range<Int>] {
    stride(from: 0, to: count, by: batchSize).map { $0..<min($0 + batchSize, count) }
}

/// Which side of the bipartite graph a pass encodes.
public enum BilateralSide: String, Codable, Sendable {
    case user, item
}

extension BipartiteData {
    /// The rows one side encodes (users' item rows, or items' user rows).
    public func rows(of side: BilateralSide) -> SparseMatrix { side == .user ? userRows : itemRows }
    public func features(of side: BilateralSide) -> Matrix? { side == .user ? userFeatures : itemFeatures }
}
