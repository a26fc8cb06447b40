import Testing
import VAENumerics
@testable import VAEModels

@Suite("Layer and activation gradients (finite differences)")
struct LayerGradientTests {
    @Test("Dense: ∂/∂W, ∂/∂b and ∂/∂x for a dense input", arguments: Activation.allCases)
    func denseLayer(activation: Activation) {
        var rng = RandomStream(seed: 1)
        var layer = Dense(fanIn: 4, fanOut: 3, weightInit: .glorotUniform, biasInit: .normal(std: 0.3), rng: &rng)
        var x = uniformMatrix(5, 4, seed: 2)
        let r = uniformMatrix(5, 3, seed: 3)
        func loss(_ l: Dense, _ x: Matrix) -> Double {
            var y = Matrix(rows: 5, cols: 3)
            l.forward(x, into: &y)
            activation.apply(&y)
            return probe(y, r)
        }
        var y = Matrix(rows: 5, cols: 3)
        layer.forward(x, into: &y)
        activation.apply(&y)
        var g = r
        activation.backward(output: y, gradient: &g)
        layer.backward(input: x, gradOutput: g)
        var gx = Matrix(rows: 5, cols: 4)
        layer.inputGradient(g, into: &gx)

        let copy = layer
        #expect(worstGradientError(&layer.weight, analytic: copy.weightGradient) { w in
            var l = copy; l.weight = w; return loss(l, x) } < 2e-2)
        #expect(worstGradientError(&layer.bias, analytic: copy.biasGradient) { b in
            var l = copy; l.bias = b; return loss(l, x) } < 2e-2)
        #expect(worstGradientError(&x, analytic: gx) { loss(copy, $0) } < 2e-2)
    }

    @Test("Dense: a sparse input gives the same output and weight gradient as its dense form")
    func sparseInput() {
        var rng = RandomStream(seed: 4)
        var a = Dense(fanIn: 9, fanOut: 4, weightInit: .glorotUniform, biasInit: .normal(std: 0.1), rng: &rng)
        var b = a
        let xs = randomBinary(6, 9, density: 0.3, seed: 5)
        let g = uniformMatrix(6, 4, seed: 6)
        var ya = Matrix(rows: 6, cols: 4), yb = Matrix(rows: 6, cols: 4)
        a.forward(xs, into: &ya)
        b.forward(xs.dense(), into: &yb)
        a.backward(input: xs, gradOutput: g)
        b.backward(input: xs.dense(), gradOutput: g)
        for i in 0..<ya.count { #expect(abs(ya.data[i] - yb.data[i]) < 1e-5) }
        for i in 0..<a.weightGradient.count { #expect(abs(a.weightGradient.data[i] - b.weightGradient.data[i]) < 1e-5) }
        #expect(a.biasGradient == b.biasGradient)
    }

    @Test("Perceptron: gradients of every layer and of the input")
    func perceptron() {
        var rng = RandomStream(seed: 7)
        var net = Perceptron(dims: [5, 4, 3, 2], activation: .tanh, weightInit: .glorotUniform,
                             biasInit: .normal(std: 0.2), rng: &rng)
        var x = uniformMatrix(3, 5, seed: 8)
        let r = uniformMatrix(3, 2, seed: 9)
        let outputs = net.forward(.dense(x))
        let gx = net.backward(input: .dense(x), outputs: outputs, gradOutput: r, inputGradient: true)!
        let copy = net
        for l in 0..<3 {
            #expect(worstGradientError(&net.layers[l].weight, analytic: copy.layers[l].weightGradient) { w in
                var n = copy; n.layers[l].weight = w; return probe(n(.dense(x)), r) } < 2e-2)
            #expect(worstGradientError(&net.layers[l].bias, analytic: copy.layers[l].biasGradient) { b in
                var n = copy; n.layers[l].bias = b; return probe(n(.dense(x)), r) } < 2e-2)
        }
        #expect(worstGradientError(&x, analytic: gx) { probe(copy(.dense($0)), r) } < 2e-2)
    }

    @Test("Activations match their definitions")
    func activationValues() {
        var m = Matrix([[-2, 0, 1.5]])
        var t = m; Activation.tanh.apply(&t)
        #expect(abs(t[0, 0] - (-0.9640276)) < 1e-6)
        var s = m; Activation.sigmoid.apply(&s)
        #expect(abs(s[0, 2] - 0.8175745) < 1e-6)
        var r = m; Activation.relu.apply(&r)
        #expect(r == Matrix([[0, 0, 1.5]]))
        Activation.elu.apply(&m)
        #expect(abs(m[0, 0] - (-0.8646647)) < 1e-6 && m[0, 2] == 1.5)
    }
}
