import VAEEvaluation
import VAENumerics

/// A strong-generalisation evaluation task carved from rows of a matrix, as vae_cf splits
/// its held-out users: each user with at least 5 items has ⌊0.2·n⌋ of them (by default)
/// drawn without replacement by a seeded stream as targets; the rest are the fold-in input,
/// which is also excluded from the ranking. Users with fewer than 5 items keep every item
/// as input and have no targets (the evaluator skips them).
public enum SyntheticHoldout {
    public static func task(_ data: SparseMatrix, rows: Range<Int>, heldOutFraction: Double = 0.2, seed: UInt64) -> RankingTask {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= data.rows, "rows \(rows) outside 0..<\(data.rows)")
        var rng = RandomStream(seed: seed, purpose: "synthetic-holdout")
        var inPtr = [0], inIdx: [Int32] = []
        var outPtr = [0], outIdx: [Int32] = []
        var held: [Bool] = []
        for u in rows {
            let items = Array(data.columns(ofRow: u))
            let n = items.count
            let k = n >= 5 ? Int(heldOutFraction * Double(n)) : 0
            // Partial Fisher–Yates: the first k positions of a shuffle are the held-out ones.
            var positions = Array(0..<n)
            for i in 0..<k {
                let j = i + rng.nextInt(below: n - i)
                positions.swapAt(i, j)
            }
            held = [Bool](repeating: false, count: n)
            for i in 0..<k { held[positions[i]] = true }
            for (i, item) in items.enumerated() {
                if held[i] { outIdx.append(item) } else { inIdx.append(item) }
            }
            inPtr.append(inIdx.count)
            outPtr.append(outIdx.count)
        }
        let input = SparseMatrix(rows: rows.count, cols: data.cols, indptr: inPtr, indices: inIdx,
                                 values: [Float](repeating: 1, count: inIdx.count))
        let targets = SparseMatrix(rows: rows.count, cols: data.cols, indptr: outPtr, indices: outIdx,
                                   values: [Float](repeating: 1, count: outIdx.count))
        return RankingTask(input: input, targets: targets, excluded: input, scoredItemCount: data.cols)
    }
}
