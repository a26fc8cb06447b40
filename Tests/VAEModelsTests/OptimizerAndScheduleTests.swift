import Foundation
import Testing
import VAENumerics
@testable import VAEModels

/// A one-tensor model for optimiser tests.
struct Quadratic: Trainable {
    var x: Matrix
    var g: Matrix
    mutating func visitParameters(_ body: (inout Matrix, Matrix) -> Void) { body(&x, g) }
}

@Suite("Adam, initialisers and the β schedule")
struct OptimizerAndScheduleTests {
    @Test("Adam (PyTorch ε): the first two steps by hand")
    func adamPyTorch() {
        var model = Quadratic(x: Matrix([[1.0]]), g: Matrix([[0.5]]))
        var adam = Adam(learningRate: 0.1)
        adam.update(&model)
        // Step 1: m̂ = g, v̂ = g², update = lr·g/(|g| + ε) ≈ 0.1.
        #expect(abs(model.x[0, 0] - (1 - 0.1 * 0.5 / (0.5 + 1e-8))) < 1e-6)
        model.g = Matrix([[-1.0]])
        adam.update(&model)
        let m = 0.9 * 0.05 + 0.1 * -1.0, v = 0.999 * 0.00025 + 0.001 * 1.0
        let mhat = m / (1 - 0.81), vhat = v / (1 - 0.998001)
        let expected = 1 - 0.1 * 0.5 / (0.5 + 1e-8) - 0.1 * mhat / (vhat.squareRoot() + 1e-8)
        #expect(abs(Double(model.x[0, 0]) - expected) < 1e-5)
        #expect(adam.state.step == 2)
    }

    @Test("Adam (TensorFlow ε) differs from PyTorch only through where ε sits")
    func adamTensorFlow() {
        var a = Quadratic(x: Matrix([[1.0]]), g: Matrix([[1e-7]]))
        var b = a
        var pt = Adam(learningRate: 0.1, epsilon: 1e-6)
        var tf = Adam(learningRate: 0.1, epsilon: 1e-6, epsilonConvention: .tensorflow)
        pt.update(&a)
        tf.update(&b)
        // PyTorch: lr·g/(g + ε); TF: lr·√(1−β₂)/(1−β₁)·(1−β₁)g/(√(1−β₂)g + ε).
        let g = 1e-7, eps = 1e-6
        #expect(abs(Double(1 - a.x[0, 0]) - 0.1 * g / (g + eps)) < 1e-7)
        let c2 = (1 - 0.999).squareRoot()
        #expect(abs(Double(1 - b.x[0, 0]) - 0.1 * c2 * g / (c2 * g + eps)) < 1e-7)
    }

    @Test("Adam's vectorised kernel equals the scalar formula bit for bit (both ε conventions, ragged lengths)",
          arguments: [AdamEpsilon.pytorch, .tensorflow])
    func adamKernelMatchesScalarFormula(convention: AdamEpsilon) {
        var rng = RandomStream(seed: 7)
        for n in [1, 7, 8, 9, 1003] {
            let g = (0..<n).map { _ in Float(rng.nextDouble() - 0.5) * 0.1 }
            let p0 = (0..<n).map { _ in Float(rng.nextDouble() - 0.5) }
            let m0 = (0..<n).map { _ in Float(rng.nextDouble() - 0.5) * 0.01 }
            let v0 = (0..<n).map { _ in Float(rng.nextDouble()) * 1e-4 }
            let (b1, b2, lr, eps): (Float, Float, Float, Float) = (0.9, 0.999, 1e-3, 1e-8)
            let (c1, c2): (Float, Float) = (1 - 0.9 * 0.9 * 0.9, 1 - 0.999 * 0.999 * 0.999)
            var (p, m, v) = (p0, m0, v0)
            let rule = AdamRule(beta1: b1, beta2: b2, learningRate: lr, epsilon: eps, c1: c1, c2: c2, convention: convention)
            p.withUnsafeMutableBufferPointer { pp in
                m.withUnsafeMutableBufferPointer { pm in
                    v.withUnsafeMutableBufferPointer { pv in
                        g.withUnsafeBufferPointer { pg in
                            rule.apply(p: pp.baseAddress!, g: pg.baseAddress!, m: pm.baseAddress!, v: pv.baseAddress!, range: 0..<n)
                        }
                    }
                }
            }
            for i in 0..<n {
                let mi = b1 * m0[i] + (1 - b1) * g[i]
                let vi = b2 * v0[i] + (1 - b2) * g[i] * g[i]
                let step: Float = convention == .pytorch
                    ? lr * (mi / c1) / ((vi / c2).squareRoot() + eps)
                    : (lr * c2.squareRoot() / c1) * mi / (vi.squareRoot() + eps)
                #expect(m[i].bitPattern == mi.bitPattern && v[i].bitPattern == vi.bitPattern, "n \(n), element \(i)")
                #expect(p[i].bitPattern == (p0[i] - step).bitPattern, "n \(n), element \(i)")
            }
        }
    }

    @Test("Adam descends a quadratic")
    func adamConverges() {
        var model = Quadratic(x: Matrix([[3, -2]]), g: Matrix(rows: 1, cols: 2))
        var adam = Adam(learningRate: 0.05)
        for _ in 0..<500 {
            model.g = Matrix(rows: 1, cols: 2, data: model.x.data.map { 2 * $0 })
            adam.update(&model)
        }
        #expect(model.x.data.allSatisfy { abs($0) < 0.05 })
    }

    @Test("Initialisers keep their bounds")
    func initialisers() {
        var rng = RandomStream(seed: 41)
        let glorot = Initializer.glorotUniform.make(rows: 100, cols: 50, fanIn: 100, fanOut: 50, rng: &rng)
        let bound = Float((6.0 / 150).squareRoot())
        #expect(glorot.data.allSatisfy { abs($0) <= bound })
        #expect(glorot.data.contains { abs($0) > 0.9 * bound })
        let kaiming = Initializer.kaimingUniform.make(rows: 64, cols: 20, fanIn: 64, fanOut: 20, rng: &rng)
        #expect(kaiming.data.allSatisfy { abs($0) <= 0.125 })
        let tn = Initializer.truncatedNormal(std: 0.001).make(rows: 1, cols: 10_000, fanIn: 1, fanOut: 1, rng: &rng)
        #expect(tn.data.allSatisfy { abs($0) <= 0.002 })
        let sd = (tn.data.map { Double($0) * Double($0) }.reduce(0, +) / 10_000).squareRoot()
        // A normal truncated at ±2σ has standard deviation ≈ 0.8796σ.
        #expect(abs(sd - 0.00088) < 0.00005)
    }

    @Test("β anneal: min(cap, t/T), counted across epochs; the reset mode reproduces the bug")
    func betaSchedule() {
        let global = BetaSchedule.linearAnneal(cap: 0.2, totalSteps: 200_000, counter: .global)
        #expect(global.beta(updatesDone: 0, updatesThisEpoch: 0) == 0)
        #expect(global.beta(updatesDone: 20_000, updatesThisEpoch: 10) == 0.1)
        #expect(global.beta(updatesDone: 1_000_000, updatesThisEpoch: 10) == 0.2)
        let reset = BetaSchedule.linearAnneal(cap: 0.2, totalSteps: 200_000, counter: .resetPerEpoch)
        #expect(reset.beta(updatesDone: 40_000, updatesThisEpoch: 233) == Float(233) / 200_000)
        #expect(BetaSchedule.linearAnneal(cap: 0.3, totalSteps: 0, counter: .global).beta(updatesDone: 0, updatesThisEpoch: 0) == 0.3)
        #expect(BetaSchedule.constant(1).beta(updatesDone: 5, updatesThisEpoch: 5) == 1)
    }

    @Test("Input corruption: unit rows, then inverted dropout with the right keep rate")
    func inputCorruption() {
        let x = SparseMatrix(cols: 5, rowColumns: [[0, 1, 2, 3], [], [4]])
        let n = InputCorruption.normalizeRows(x)
        #expect(n.values[0..<4].allSatisfy { $0 == 0.5 })
        #expect(n.rowCount(1) == 0 && n.values[4] == 1)
        var rng = RandomStream(seed: 42)
        let big = SparseMatrix(cols: 10_000, rowColumns: [Array(0..<10_000)])
        let d = InputCorruption.dropout(big, keepProbability: 0.5, rng: &rng)
        let kept = d.values.filter { $0 != 0 }
        #expect(kept.allSatisfy { $0 == 2 })
        #expect(abs(Double(kept.count) / 10_000 - 0.5) < 0.02)
    }
}
