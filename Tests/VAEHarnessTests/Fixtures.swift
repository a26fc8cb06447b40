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

/// Writes a MovieLens-100K-style `u.data` (user, item, rating, timestamp; tab-separated):
/// 90 users in three taste groups over 30 items, ratings 4–5 inside the group's block and
/// 1–3 elsewhere. Returns its path.
func writeRatingsFixture(in folder: URL) throws -> String {
    var rng = RandomStream(seed: 99)
    var lines: [String] = []
    for u in 1...90 {
        for i in 1...30 {
            let inBlock = (i - 1) / 10 == u % 3
            let r = rng.nextFloat()
            if inBlock && r < 0.7 {
                lines.append("\(u)\t\(i)\t\(4 + rng.nextInt(below: 2))\t\(880_000_000 + 100 * u + i)")
            } else if !inBlock && r < 0.15 {
                lines.append("\(u)\t\(i)\t\(1 + rng.nextInt(below: 3))\t\(880_000_000 + 100 * u + i)")
            }
        }
    }
    let url = folder.appendingPathComponent("u.data")
    try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

/// A fresh temporary folder.
func temporaryFolder(_ prefix: String = "vaelab-test") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A small spec over `dataPath` (ml100k format), varying `grid`, written as JSON text.
func specJSON(name: String = "t", dataPath: String, grid: String = #""labelSmoothing": [0, 0.1]"#,
              seeds: String = "[1, 2]", extra: String = "") -> String {
    """
    {
      "name": "\(name)",
      "dataset": { "path": "\(dataPath)", "format": "ml100k", "heldOutUsers": 10 },
      "evaluation": { "metrics": ["NDCG@10", "RecallCapped@5"], "selectionMetric": "NDCG@10" },
      "base": { "hiddenDims": [16], "latentDim": 4, "epochs": 4, "batchSize": 20, "learningRate": 0.01, "annealSteps": 20 },
      "grid": { \(grid) },
      "seeds": \(seeds)\(extra)
    }
    """
}
