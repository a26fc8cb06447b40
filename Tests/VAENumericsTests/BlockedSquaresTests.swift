import Testing
@testable import VAENumerics
import VAETestSupport

@Suite struct BlockedSquaresTests {
    /// The documented order, written out plainly: blocks of 4,096; lane = position mod 4 within
    /// the block; (s₀ + s₁) + (s₂ + s₃); block sums in order.
    static func documentedOrder(_ x: [Float]) -> Double {
        var total = 0.0
        var start = 0
        while start < x.count {
            var lanes = [0.0, 0.0, 0.0, 0.0]
            for i in start..<min(x.count, start + BlockedSquares.blockSize) {
                lanes[(i - start) % 4] += Double(x[i]) * Double(x[i])
            }
            total += (lanes[0] + lanes[1]) + (lanes[2] + lanes[3])
            start += BlockedSquares.blockSize
        }
        return total
    }

    @Test(arguments: [0, 1, 3, 5, 4096, 4097, 3 * 4096 + 7, 100_003])
    func sumFollowsTheDocumentedOrderBitForBit(count: Int) {
        var g = TestRNG(UInt64(count) + 1)
        let x = (0..<count).map { _ in Float(g.symmetric()) * 3 }
        let got = x.withUnsafeBufferPointer { BlockedSquares.sum($0) }
        #expect(got.bitPattern == Self.documentedOrder(x).bitPattern)
        let naive = x.reduce(0.0) { $0 + Double($1) * Double($1) }
        #expect(abs(got - naive) <= 1e-12 * max(1, naive))
        let m = Matrix(rows: 1, cols: count, data: x)
        #expect(m.blockedSquaredNorm.bitPattern == got.bitPattern)
    }

    @Test func handComputed() {
        let m = Matrix(rows: 2, cols: 3, data: [1, -2, 3, 0.5, 0, -1])
        // Lanes: s₀ = 1² + 0², s₁ = 2² + 1², s₂ = 3², s₃ = 0.5².
        let (s0, s1, s2, s3): (Double, Double, Double, Double) = (1, 5, 9, 0.25)
        #expect(m.blockedSquaredNorm == (s0 + s1) + (s2 + s3))
    }
}
