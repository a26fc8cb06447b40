import Testing
@testable import VAENumerics
import VAETestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Applies an in-place kernel to a copy of `x`.
private func applied(_ x: [Float], _ kernel: (UnsafeMutableBufferPointer<Float>) -> Void) -> [Float] {
    var y = x
    y.withUnsafeMutableBufferPointer { kernel($0) }
    return y
}

private func lse(_ x: [Float]) -> Float { x.withUnsafeBufferPointer { RowKernels.logSumExp($0) } }

private let sample: [Float] = [-30, -8.5, -2, -0.75, -1e-3, 0, 1e-3, 0.5, 1, 3.25, 9, 30]

@Suite struct RowKernelsTests {
    @Test func tanhMatchesReference() {
        let y = applied(sample, RowKernels.tanh)
        #expect(maxAbsDiff(y, sample.map { dtanh(Double($0)) }) < 1e-6)
    }

    @Test func sigmoidMatchesReference() {
        let y = applied(sample, RowKernels.sigmoid)
        #expect(maxAbsDiff(y, sample.map { 1 / (1 + dexp(-Double($0))) }) < 1e-6)
        #expect(RowKernels.sigmoid(0) == 0.5)
    }

    @Test func sigmoidSaturatesWithoutNaN() {
        let x: [Float] = [-100, 100, -1000, 1000, -Float.greatestFiniteMagnitude, .greatestFiniteMagnitude, -.infinity, .infinity]
        let y = applied(x, RowKernels.sigmoid)
        #expect(y.allSatisfy { !$0.isNaN && $0 >= 0 && $0 <= 1 })
        #expect(y[0] >= 0 && y[0] < 1e-30)
        #expect(y[1] == 1)
        #expect(y[6] == 0 && y[7] == 1)
        // Symmetry σ(−v) = 1 − σ(v) in the well-conditioned range.
        for v in sample where abs(v) < 10 {
            #expect(abs(RowKernels.sigmoid(-v) - (1 - RowKernels.sigmoid(v))) < 1e-6)
        }
    }

    @Test func expMatchesReference() {
        let x: [Float] = [-20, -1, 0, 0.5, 1, 10, 80]
        let y = applied(x, RowKernels.exp)
        for (a, b) in zip(y, x) {
            let want = dexp(Double(b))
            #expect(abs(Double(a) - want) <= 1e-6 * want, "exp(\(b))")
        }
        #expect(applied([0], RowKernels.exp) == [1])
    }

    @Test func logSumExpMatchesReference() {
        let x: [Float] = [0.5, -1, 2, 0, 1.5]
        let want = dlog(x.reduce(0.0) { $0 + dexp(Double($1)) })
        #expect(abs(Double(lse(x)) - want) < 1e-6)
        #expect(lse([3]) == 3)
        #expect(abs(lse([0, 0]) - Float(dlog(2.0))) < 1e-7)
    }

    @Test func logSumExpLargeValues() {
        // Naive evaluation overflows; the shifted one is exact to rounding.
        #expect(abs(Double(lse([1000, 1000])) - (1000 + dlog(2.0))) < 1e-3)
        #expect(abs(Double(lse([-1000, -1000, -1000])) - (-1000 + dlog(3.0))) < 1e-3)
        #expect(lse([1e30, 0]) == 1e30)
        #expect(lse([88, 89, 90]).isFinite)
        #expect(abs(Double(lse([88, 89, 90])) - (90 + dlog(1 + dexp(-1) + dexp(-2)))) < 1e-4)
    }

    @Test func logSumExpMinusInfinity() {
        #expect(lse([-.infinity, -.infinity]) == -.infinity)
        #expect(lse([]) == -.infinity)
        // −∞ entries contribute nothing.
        #expect(abs(lse([-.infinity, 0, -.infinity]) - 0) < 1e-7)
        #expect(abs(Double(lse([-.infinity, 1, 2])) - dlog(dexp(1) + dexp(2))) < 1e-6)
    }

    @Test func logSoftmaxRows() {
        let rows = 3, cols = 4
        let x: [Float] = [1, 2, 3, 4,   500, 500, 499, -500,   -.infinity, 0, -.infinity, 0]
        let y = applied(x) { RowKernels.logSoftmaxRows($0, rows: rows, cols: cols) }
        for r in 0..<rows {
            let row = Array(y[(r * cols)..<((r + 1) * cols)])
            #expect(row.allSatisfy { !$0.isNaN && $0 <= 0 })
            let xr = Array(x[(r * cols)..<((r + 1) * cols)])
            // Float rounding of x − lse is about one ulp of the largest |x| in the row.
            let tolerance = 1e-6 + 2 * Double(xr.filter { $0.isFinite }.map { abs($0) }.max()!.ulp)
            let total = row.reduce(0.0) { $0 + dexp(Double($1)) }
            #expect(abs(total - 1) < tolerance, "row \(r) exp-sums to \(total)")
            // Each row is shifted by a constant: differences are preserved.
            for j in 0..<cols where xr[j].isFinite {
                #expect(abs((row[j] - row[1]) - (xr[j] - xr[1])) < 1e-4)
            }
        }
        // Reference values for the first row.
        let l = dlog([1.0, 2, 3, 4].reduce(0) { $0 + dexp($1) })
        #expect(maxAbsDiff(y[0..<4], [1.0, 2, 3, 4].map { $0 - l }) < 1e-6)
        #expect(y[8] == -.infinity && y[10] == -.infinity)
        #expect(abs(y[9] - Float(-dlog(2.0))) < 1e-7)
    }

    @Test func softmaxRows() {
        let rows = 3, cols = 4
        let x: [Float] = [1, 2, 3, 4,   500, 500, 499, -500,   -.infinity, 0, -.infinity, 0]
        let y = applied(x) { RowKernels.softmaxRows($0, rows: rows, cols: cols) }
        for r in 0..<rows {
            let row = y[(r * cols)..<((r + 1) * cols)]
            #expect(row.allSatisfy { $0 >= 0 && $0 <= 1 })
            #expect(abs(row.reduce(0.0) { $0 + Double($1) } - 1) < 1e-6, "row \(r)")
        }
        let z = [1.0, 2, 3, 4].reduce(0) { $0 + dexp($1) }
        #expect(maxAbsDiff(y[0..<4], [1.0, 2, 3, 4].map { dexp($0) / z }) < 1e-6)
        #expect(Array(y[8..<12]) == [0, 0.5, 0, 0.5])
        // Agrees with exp(logSoftmax) on random data.
        let data = randomMatrix(5, 7, seed: 77).data.map { $0 * 10 }
        let soft = applied(data) { RowKernels.softmaxRows($0, rows: 5, cols: 7) }
        let logSoft = applied(data) { RowKernels.logSoftmaxRows($0, rows: 5, cols: 7) }
        #expect(maxAbsDiff(soft, logSoft.map { dexp(Double($0)) }) < 1e-6)
    }

    @Test func addRowVector() {
        var x: [Float] = [1, 2, 3, 4, 5, 6]
        let bias: [Float] = [10, 20, 30]
        x.withUnsafeMutableBufferPointer { px in bias.withUnsafeBufferPointer { RowKernels.addRowVector(px, $0) } }
        #expect(x == [11, 22, 33, 14, 25, 36])
    }

    @Test func columnSums() {
        let m = randomMatrix(6, 5, seed: 78)
        var out = [Float](repeating: 99, count: 5)  // overwritten, not accumulated
        m.data.withUnsafeBufferPointer { px in out.withUnsafeMutableBufferPointer { RowKernels.columnSums(px, into: $0) } }
        let want = (0..<5).map { j in (0..<6).reduce(0.0) { $0 + Double(m[$1, j]) } }
        #expect(maxAbsDiff(out, want) < 1e-6)
        // Zero rows give zero sums.
        var empty = [Float](repeating: 3, count: 4)
        [Float]().withUnsafeBufferPointer { px in empty.withUnsafeMutableBufferPointer { RowKernels.columnSums(px, into: $0) } }
        #expect(empty == [0, 0, 0, 0])
    }

    /// A wide buffer (a Mult-VAE logits gradient) is split over the cores by columns; every
    /// column is still summed over the rows in order, so the sums are the scalar loop's, bit
    /// for bit, on any number of threads.
    @Test func columnSumsOfAWideBufferAreTheScalarLoopsBitForBit() {
        let (rows, n) = (200, 20_108)   // splits into up to 3 chunks of ≥ 5,242 columns
        let m = randomMatrix(rows, n, seed: 79)
        var want = [Float](repeating: 0, count: n)
        for r in 0..<rows { for j in 0..<n { want[j] += m.data[r * n + j] } }
        for threads in [1, 2, 3] {
            let saved = Parallel.threads
            Parallel.setThreads(threads)
            defer { Parallel.setThreads(saved) }
            var out = [Float](repeating: .nan, count: n)
            m.data.withUnsafeBufferPointer { px in out.withUnsafeMutableBufferPointer { RowKernels.columnSums(px, into: $0) } }
            #expect(out.map(\.bitPattern) == want.map(\.bitPattern), "\(threads) threads")
        }
    }

    /// tanh, sigmoid and the bias add on a buffer large enough to be split over the cores
    /// give the scalar loops' values bit for bit on any number of threads.
    @Test func elementwiseKernelsOfALargeBufferAreTheScalarLoopsBitForBit() {
        let (rows, n) = (300, 601)
        let m = randomMatrix(rows, n, seed: 80, scale: 6)
        let bias = randomMatrix(1, n, seed: 81).data
        let wantTanh = m.data.map { _tanhf($0) }
        let wantSigmoid = m.data.map { RowKernels.sigmoid($0) }
        let wantBias = m.data.indices.map { m.data[$0] + bias[$0 % n] }
        for threads in [1, 2, 3] {
            let saved = Parallel.threads
            Parallel.setThreads(threads)
            defer { Parallel.setThreads(saved) }
            var t = m.data, s = m.data, b = m.data
            t.withUnsafeMutableBufferPointer { RowKernels.tanh($0) }
            s.withUnsafeMutableBufferPointer { RowKernels.sigmoid($0) }
            b.withUnsafeMutableBufferPointer { pb in bias.withUnsafeBufferPointer { RowKernels.addRowVector(pb, $0) } }
            #expect(t.map(\.bitPattern) == wantTanh.map(\.bitPattern), "tanh, \(threads) threads")
            #expect(s.map(\.bitPattern) == wantSigmoid.map(\.bitPattern), "sigmoid, \(threads) threads")
            #expect(b.map(\.bitPattern) == wantBias.map(\.bitPattern), "bias, \(threads) threads")
        }
    }

    /// A buffer that is not whole rows used to read past its end (or, for width 0, loop
    /// forever); it must stop at a precondition instead.
    @Test func columnSumsRejectsRaggedInput() async {
        await #expect(processExitsWith: .failure) {
            let x: [Float] = [1, 2, 3, 4, 5]
            var out = [Float](repeating: 0, count: 2)
            x.withUnsafeBufferPointer { px in out.withUnsafeMutableBufferPointer { RowKernels.columnSums(px, into: $0) } }
        }
        await #expect(processExitsWith: .failure) {
            let x: [Float] = [1, 2]
            var out: [Float] = []
            x.withUnsafeBufferPointer { px in out.withUnsafeMutableBufferPointer { RowKernels.columnSums(px, into: $0) } }
        }
    }

    @Test func addRowVectorThenColumnSums() {
        // Column sums of a bias broadcast over r rows are r · bias.
        var x = [Float](repeating: 0, count: 4 * 3)
        let bias: [Float] = [0.5, -1, 2]
        x.withUnsafeMutableBufferPointer { px in bias.withUnsafeBufferPointer { RowKernels.addRowVector(px, $0) } }
        var out = [Float](repeating: 0, count: 3)
        x.withUnsafeBufferPointer { px in out.withUnsafeMutableBufferPointer { RowKernels.columnSums(px, into: $0) } }
        #expect(out == [2, -4, 8])
    }
}

// Double-precision libm references, named to avoid clashing with the kernels.
private func dexp(_ x: Double) -> Double { exp(x) }
private func dlog(_ x: Double) -> Double { log(x) }
private func dtanh(_ x: Double) -> Double { tanh(x) }
