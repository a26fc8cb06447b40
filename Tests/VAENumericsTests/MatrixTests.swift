import Testing
@testable import VAENumerics
import VAETestSupport

@Suite struct MatrixTests {
    @Test func initFilledWithValue() {
        let m = Matrix(rows: 3, cols: 4, value: 2.5)
        #expect(m.rows == 3 && m.cols == 4 && m.count == 12)
        #expect(m.data == [Float](repeating: 2.5, count: 12))
        let z = Matrix(rows: 2, cols: 2)
        #expect(z.data == [0, 0, 0, 0])
        let empty = Matrix(rows: 0, cols: 5)
        #expect(empty.count == 0 && empty.data.isEmpty && empty.cols == 5)
    }

    @Test func initFromDataIsRowMajor() {
        let m = Matrix(rows: 2, cols: 3, data: [1, 2, 3, 4, 5, 6])
        #expect(m[0, 0] == 1 && m[0, 2] == 3 && m[1, 0] == 4 && m[1, 2] == 6)
        #expect(m.row(0) == [1, 2, 3])
        #expect(m.row(1) == [4, 5, 6])
    }

    @Test func initFromNestedRows() {
        let m = Matrix([[1, 2], [3, 4], [5, 6]])
        #expect(m.rows == 3 && m.cols == 2)
        #expect(m.data == [1, 2, 3, 4, 5, 6])
        #expect(m == Matrix(rows: 3, cols: 2, data: [1, 2, 3, 4, 5, 6]))
        let empty = Matrix([])
        #expect(empty.rows == 0 && empty.cols == 0)
    }

    @Test func subscriptSetWritesTheRightSlot() {
        var m = Matrix(rows: 2, cols: 3)
        m[1, 2] = 7
        m[0, 1] = -3
        #expect(m.data == [0, -3, 0, 0, 0, 7])
    }

    @Test func valueSemantics() {
        let a = Matrix([[1, 2], [3, 4]])
        var b = a
        b[0, 0] = 9
        #expect(a[0, 0] == 1)
        #expect(b[0, 0] == 9)
        #expect(a != b)
    }

    @Test func transposedNonSquare() {
        let m = randomMatrix(3, 5, seed: 1)
        let t = m.transposed()
        #expect(t.rows == 5 && t.cols == 3)
        for i in 0..<3 { for j in 0..<5 { #expect(t[j, i] == m[i, j]) } }
        #expect(t.transposed() == m)
    }

    @Test func columnsRange() {
        let m = Matrix([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])
        #expect(m.columns(1..<3) == Matrix([[2, 3], [6, 7], [10, 11]]))
        #expect(m.columns(0..<4) == m)
        let none = m.columns(2..<2)
        #expect(none.rows == 3 && none.cols == 0)
        #expect(m.columns(3..<4) == Matrix([[4], [8], [12]]))
    }

    @Test func gatherRowsInGivenOrderWithRepeats() {
        let m = Matrix([[1, 2], [3, 4], [5, 6]])
        #expect(m.gatherRows([2, 0, 2]) == Matrix([[5, 6], [1, 2], [5, 6]]))
        let g = m.gatherRows([])
        #expect(g.rows == 0 && g.cols == 2)
    }

    @Test func resizeKeepsStorageWhenCountMatches() {
        var m = Matrix(rows: 2, cols: 6, data: (0..<12).map(Float.init))
        m.resize(rows: 3, cols: 4)
        #expect(m.rows == 3 && m.cols == 4 && m.data.count == 12)
        #expect(m.data == (0..<12).map(Float.init))
        #expect(m[2, 3] == 11)
    }

    @Test func resizeReallocatesWhenCountDiffers() {
        var m = Matrix(rows: 4, cols: 3, value: 1)
        m.resize(rows: 2, cols: 3)
        #expect(m.rows == 2 && m.cols == 3 && m.data.count == 6)
        m.resize(rows: 5, cols: 5)
        #expect(m.rows == 5 && m.cols == 5 && m.data.count == 25)
        m[4, 4] = 3
        #expect(m.data[24] == 3)
    }

    @Test func reshapeKeepsCapacityAcrossSmallerAndLargerShapes() {
        var m = Matrix(rows: 4, cols: 5, data: (0..<20).map(Float.init))
        let address = m.data.withUnsafeBufferPointer { $0.baseAddress }
        m.reshape(rows: 2, cols: 3)
        #expect(m.rows == 2 && m.cols == 3 && m.data.count == 6)
        #expect(m.data == (0..<6).map(Float.init))
        m.reshape(rows: 4, cols: 5)
        #expect(m.rows == 4 && m.cols == 5 && m.data.count == 20)
        #expect(Array(m.data[6...]) == [Float](repeating: 0, count: 14))
        // Never larger than the first shape, so the storage was reused in place.
        #expect(m.data.withUnsafeBufferPointer { $0.baseAddress } == address)
        m.reshape(rows: 0, cols: 5)
        #expect(m.count == 0 && m.data.isEmpty)
    }

    @Test func fillSetsEveryElement() {
        var m = randomMatrix(3, 3, seed: 2)
        m.fill(-1.5)
        #expect(m.data.allSatisfy { $0 == -1.5 })
    }

    @Test func squaredNorm() {
        let m = Matrix([[1, -2], [3, 0.5]])
        #expect(m.squaredNorm == 1 + 4 + 9 + 0.25)
        #expect(Matrix(rows: 0, cols: 0).squaredNorm == 0)
        // Accumulated in Double: values whose squares overflow Float stay finite.
        let big = Matrix(rows: 1, cols: 2, value: 1e30)
        #expect(big.squaredNorm.isFinite)
        #expect(abs(big.squaredNorm - 2e60) / 2e60 < 1e-6)
    }
}
