import Testing
@testable import VAENumerics
import VAETestSupport

/// A random `rows × cols` CSR matrix with about `density` of its entries set, plus its
/// dense reference. Some rows come out empty.
func randomSparse(_ rows: Int, _ cols: Int, density: Double, seed: UInt64) -> SparseMatrix {
    var g = TestRNG(seed)
    var triples: [(row: Int, col: Int, value: Float)] = []
    for r in 0..<rows where r % 5 != 3 {  // every fifth row empty
        for c in 0..<cols where (g.symmetric() + 1) / 2 < density {
            triples.append((r, c, Float(g.symmetric())))
        }
    }
    return SparseMatrix(rows: rows, cols: cols, triples: triples.shuffledDeterministically(seed: seed))
}

extension Array {
    func shuffledDeterministically(seed: UInt64) -> [Element] {
        var g = TestRNG(seed ^ 0xABCD)
        var a = self
        if a.count > 1 { for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, g.int(below: i + 1)) } }
        return a
    }
}

@Suite struct SparseMatrixTests {
    @Test func triplesAreSortedAndDuplicatesSummed() {
        let s = SparseMatrix(rows: 3, cols: 5, triples: [
            (0, 4, 1), (0, 1, 2), (2, 3, 5), (0, 4, 0.5), (2, 0, -1), (2, 3, 1), (0, 1, 1),
        ])
        #expect(s.validate() == nil)
        #expect(s.indptr == [0, 2, 2, 4])
        #expect(s.indices == [1, 4, 0, 3])
        #expect(s.values == [3, 1.5, -1, 6])
        #expect(s.nonzeroCount == 4)
        #expect(s.rowCount(0) == 2 && s.rowCount(1) == 0 && s.rowCount(2) == 2)
        #expect(Array(s.columns(ofRow: 2)) == [0, 3])
        #expect(s.dense() == Matrix([[0, 3, 0, 0, 1.5], [0, 0, 0, 0, 0], [-1, 0, 0, 6, 0]]))
    }

    /// A duplicate must only merge with an entry of the same row, never with the last
    /// entry of a previous row that happens to share the column.
    @Test func duplicatesDoNotMergeAcrossRows() {
        let s = SparseMatrix(rows: 3, cols: 3, triples: [(0, 2, 1), (1, 2, 2), (2, 2, 4), (2, 2, 4)])
        #expect(s.indptr == [0, 1, 2, 3])
        #expect(s.indices == [2, 2, 2])
        #expect(s.values == [1, 2, 8])
        #expect(s.validate() == nil)
    }

    @Test func triplesMatchDenseAccumulation() {
        var g = TestRNG(7)
        var dense = [Double](repeating: 0, count: 20 * 13)
        var triples: [(row: Int, col: Int, value: Float)] = []
        for _ in 0..<150 {  // many collisions
            let (r, c, v) = (g.int(below: 20), g.int(below: 13), Float(g.symmetric()))
            triples.append((r, c, v))
            dense[r * 13 + c] += Double(v)
        }
        let s = SparseMatrix(rows: 20, cols: 13, triples: triples)
        #expect(s.validate() == nil)
        #expect(maxAbsDiff(s.dense().data, dense) < 1e-5)
    }

    @Test func binaryRowColumnsInit() {
        let s = SparseMatrix(cols: 6, rowColumns: [[5, 1, 1, 3], [], [0]])
        #expect(s.rows == 3 && s.cols == 6)
        #expect(s.indptr == [0, 3, 3, 4])
        #expect(s.indices == [1, 3, 5, 0])
        #expect(s.values == [1, 1, 1, 1])
        #expect(s.validate() == nil)
    }

    @Test func gatherRowsAndRowRange() {
        let s = randomSparse(12, 9, density: 0.4, seed: 3)
        let d = s.dense()
        let pick = [7, 3, 3, 0, 11, 8]
        let g = s.gatherRows(pick)
        #expect(g.validate() == nil)
        #expect(g.rows == pick.count && g.cols == 9)
        #expect(g.dense() == d.gatherRows(pick))
        let r = s.rows(2..<6)
        #expect(r.validate() == nil)
        #expect(r.dense() == d.gatherRows([2, 3, 4, 5]))
        let none = s.gatherRows([])
        #expect(none.rows == 0 && none.nonzeroCount == 0 && none.indptr == [0])
    }

    @Test func transposedMatchesDenseTranspose() {
        let s = randomSparse(10, 17, density: 0.3, seed: 4)
        let t = s.transposed()
        #expect(t.rows == 17 && t.cols == 10)
        #expect(t.validate() == nil)
        #expect(t.dense() == s.dense().transposed())
        #expect(t.transposed() == s)
    }

    @Test func transposedWithEmptyColumnsAndRows() {
        let s = SparseMatrix(rows: 4, cols: 5, triples: [(3, 0, 1), (0, 4, 2)])
        let t = s.transposed()
        #expect(t.indptr == [0, 1, 1, 1, 1, 2])
        #expect(t.indices == [3, 0])
        #expect(t.values == [1, 2])
        #expect(t.transposed() == s)
        let empty = SparseMatrix(rows: 2, cols: 3, triples: [])
        #expect(empty.transposed() == SparseMatrix(rows: 3, cols: 2, triples: []))
    }

    @Test func denseOfEmptyMatrix() {
        let s = SparseMatrix(rows: 2, cols: 3, triples: [])
        #expect(s.dense() == Matrix(rows: 2, cols: 3))
        #expect(s.validate() == nil)
    }

    @Test func triplesOutsideTheShapeAreRejected() async {
        await #expect(processExitsWith: .failure) {
            _ = SparseMatrix(rows: 2, cols: 2, triples: [(0, 2, 1)])
        }
        await #expect(processExitsWith: .failure) {
            _ = SparseMatrix(rows: 2, cols: 2, triples: [(-1, 0, 1)])
        }
    }

    @Test func validateCatchesBadInputs() {
        func make(_ rows: Int, _ cols: Int, _ indptr: [Int], _ indices: [Int32]) -> SparseMatrix {
            SparseMatrix(rows: rows, cols: cols, indptr: indptr, indices: indices,
                         values: [Float](repeating: 1, count: indices.count))
        }
        #expect(make(2, 3, [0, 1, 2], [0, 2]).validate() == nil)
        // Column out of range, negative column.
        #expect(make(2, 3, [0, 1, 2], [0, 3]).validate() != nil)
        #expect(make(2, 3, [0, 1, 2], [-1, 0]).validate() != nil)
        // Unsorted and duplicate columns inside a row.
        #expect(make(1, 3, [0, 2], [2, 1]).validate() != nil)
        #expect(make(1, 3, [0, 2], [1, 1]).validate() != nil)
        // The same column in consecutive rows is fine.
        #expect(make(2, 3, [0, 1, 2], [1, 1]).validate() == nil)
        // indptr not starting at 0, decreasing, or pointing past the stored entries.
        #expect(make(2, 3, [1, 1, 2], [0, 1]).validate() != nil)
        #expect(make(3, 3, [0, 2, 1, 2], [0, 1]).validate() != nil)
        #expect(make(2, 3, [0, 3, 2], [0, 1]).validate() != nil)
        // Storage edited after construction so that the arrays disagree.
        var s = make(2, 3, [0, 1, 2], [0, 1])
        s.values.removeLast()
        #expect(s.validate() != nil)
        var t = make(2, 3, [0, 1, 2], [0, 1])
        t.indices.append(2); t.values.append(1)
        #expect(t.validate() != nil)
    }
}
