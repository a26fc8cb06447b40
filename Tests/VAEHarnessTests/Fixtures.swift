import Foundation
import VAENumerics
@testable import VAEHarness

/// A small data set with structure to learn: users in `groups` taste groups, each liking
/// only items of its own block, so a model that learns beats chance clearly.
func blockData(users: Int = 120, items: Int = 40, groups: Int = 4, seed: UInt64 = 7) -> SparseMatrix {
    var rng = RandomStream(seed: seed)
    let block = items / groups
    let rows: [[Int]] = (0..<users).map { u in
        let g = u % groups
        var cs: [Int] = []
        for i in 0..<items {
            let inBlock = i / block == g
            if inBlock && rng.nextFloat() < 0.6 { cs.append(i) }
        }
        if cs.count < 2 { cs += [g * block, g * block + 1] }
        return cs
    }
    return SparseMatrix(cols: items, rowColumns: rows)
}

/// Splits each held-out user's row 80/20 by position (deterministic, enough for tests).
func foldInData(_ m: SparseMatrix, heldOut: Int) -> FoldInData {
    let n = m.rows
    func part(_ range: Range<Int>) -> (SparseMatrix, SparseMatrix) {
        var fin: [[Int]] = [], out: [[Int]] = []
        for r in range {
            let cs = m.columns(ofRow: r).map(Int.init)
            let k = cs.count / 5
            out.append(Array(cs.suffix(k)))
            fin.append(Array(cs.prefix(cs.count - k)))
        }
        return (SparseMatrix(cols: m.cols, rowColumns: fin), SparseMatrix(cols: m.cols, rowColumns: out))
    }
    let (vi, vo) = part((n - 2 * heldOut)..<(n - heldOut))
    let (ti, to) = part((n - heldOut)..<n)
    return FoldInData(train: m.rows(0..<(n - 2 * heldOut)), validationFoldIn: vi, validationHeldOut: vo,
                      testFoldIn: ti, testHeldOut: to)
}

/// A configuration for fast tests on `blockData`.
func smallConfiguration(_ model: TrainingConfiguration.ModelKind = .multvae) -> TrainingConfiguration {
    var c = TrainingConfiguration()
    c.model = model
    c.hiddenDims = [16]
    c.latentDim = 4
    c.epochs = 30
    c.batchSize = 25
    c.learningRate = 0.01
    c.annealSteps = 50
    c.metrics = ["NDCG@10", "RecallCapped@5"]
    c.selectionMetric = "NDCG@10"
    c.evaluationBatchSize = 7
    return c
}
