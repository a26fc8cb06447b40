import Testing
@testable import VAENumerics
import VAETestSupport

@Suite struct SparseProductsTests {
    @Test func multiplyMatchesDense() {
        let a = randomSparse(11, 8, density: 0.35, seed: 50)
        let b = randomMatrix(8, 6, seed: 51)
        var c = Matrix(rows: 11, cols: 6, value: 99)  // β = 0 overwrites, empty rows included
        SparseProducts.multiply(a, b, into: &c)
        let ref = referenceProduct(a.dense(), transposeA: false, b, transposeB: false)
        #expect(maxAbsDiff(c.data, ref) < 1e-5)
        // Empty rows (every fifth row in `randomSparse`) come out exactly zero.
        #expect(a.rowCount(3) == 0)
        #expect(c.row(3).allSatisfy { $0 == 0 })
    }

    @Test(arguments: [(Float(1), Float(0)), (2.5, 1), (-0.5, 0.25), (0, 3)])
    func multiplyAlphaBeta(alpha: Float, beta: Float) {
        let a = randomSparse(9, 7, density: 0.4, seed: 52)
        let b = randomMatrix(7, 5, seed: 53)
        let c0 = randomMatrix(9, 5, seed: 54)
        var c = c0
        SparseProducts.multiply(a, b, alpha: alpha, beta: beta, into: &c)
        let ab = referenceProduct(a.dense(), transposeA: false, b, transposeB: false)
        let ref = (0..<c.count).map { Double(alpha) * ab[$0] + Double(beta) * Double(c0.data[$0]) }
        #expect(maxAbsDiff(c.data, ref) < 1e-5)
    }

    @Test func transposeMultiplyMatchesDense() {
        let a = randomSparse(13, 9, density: 0.3, seed: 60)
        let g = randomMatrix(13, 4, seed: 61)
        var c = Matrix(rows: 9, cols: 4, value: -7)
        SparseProducts.transposeMultiply(a, g, into: &c)
        let ref = referenceProduct(a.dense(), transposeA: true, g, transposeB: false)
        #expect(maxAbsDiff(c.data, ref) < 1e-5)
    }

    @Test(arguments: [(Float(1), Float(0)), (2.5, 1), (-0.5, 0.25), (0, 3)])
    func transposeMultiplyAlphaBeta(alpha: Float, beta: Float) {
        // Column 2 never appears, so row 2 of C is only scaled by β.
        let a = SparseMatrix(rows: 4, cols: 5, triples: [(0, 0, 1), (0, 4, -2), (2, 1, 0.5), (3, 0, 3), (3, 3, 1)])
        let g = randomMatrix(4, 3, seed: 62)
        let c0 = randomMatrix(5, 3, seed: 63)
        var c = c0
        SparseProducts.transposeMultiply(a, g, alpha: alpha, beta: beta, into: &c)
        let atg = referenceProduct(a.dense(), transposeA: true, g, transposeB: false)
        let ref = (0..<c.count).map { Double(alpha) * atg[$0] + Double(beta) * Double(c0.data[$0]) }
        #expect(maxAbsDiff(c.data, ref) < 1e-5)
        for j in 0..<3 { #expect(abs(Double(c[2, j]) - Double(beta) * Double(c0[2, j])) < 1e-6) }
    }

    @Test func transposeMultiplyEqualsMultiplyByTranspose() {
        let a = randomSparse(15, 12, density: 0.25, seed: 70)
        let g = randomMatrix(15, 7, seed: 71)
        var viaTranspose = Matrix(rows: 12, cols: 7)
        SparseProducts.multiply(a.transposed(), g, into: &viaTranspose)
        var direct = Matrix(rows: 12, cols: 7)
        SparseProducts.transposeMultiply(a, g, into: &direct)
        #expect(maxAbsDiff(direct.data, viaTranspose.data) < 1e-5)
    }

    @Test func allEmptySparseMatrix() {
        let a = SparseMatrix(rows: 3, cols: 4, triples: [])
        let b = randomMatrix(4, 2, seed: 80)
        var c = Matrix(rows: 3, cols: 2, value: 5)
        SparseProducts.multiply(a, b, beta: 0.5, into: &c)
        #expect(c.data == [Float](repeating: 2.5, count: 6))
        var d = Matrix(rows: 4, cols: 2, value: 5)
        SparseProducts.transposeMultiply(a, randomMatrix(3, 2, seed: 81), into: &d)
        #expect(d.data == [Float](repeating: 0, count: 8))
    }

    @Test func largerRandomProductAgreesWithBLAS() {
        let a = randomSparse(40, 90, density: 0.1, seed: 90)
        let b = randomMatrix(90, 16, seed: 91)
        var c = Matrix(rows: 40, cols: 16)
        SparseProducts.multiply(a, b, into: &c)
        let viaBLAS = BLAS.product(a.dense(), b)
        #expect(maxAbsDiff(c.data, viaBLAS.data) < 1e-4)
    }
}
