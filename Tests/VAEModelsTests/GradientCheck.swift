import VAENumerics
@testable import VAEModels

/// Central finite differences `(f(θ + h·e_i) − f(θ − h·e_i)) / 2h` on selected coordinates
/// of one tensor, compared with the analytic gradient. Returns the worst relative error,
/// `|fd − g| / max(|fd|, |g|, floor)`.
func worstGradientError(
    _ parameter: inout Matrix, analytic: Matrix, coordinates: [Int]? = nil,
    step h: Float = 1e-2, floor: Float = 1e-2, loss: (Matrix) -> Double
) -> Double {
    var worst: Double = 0
    for i in coordinates ?? Array(0..<parameter.count) {
        let saved = parameter.data[i]
        parameter.data[i] = saved + h
        let up = loss(parameter)
        parameter.data[i] = saved - h
        let down = loss(parameter)
        parameter.data[i] = saved
        let fd = (up - down) / Double(2 * h)
        let g = Double(analytic.data[i])
        let err = abs(fd - g) / max(abs(fd), abs(g), Double(floor))
        worst = max(worst, err)
    }
    return worst
}

/// A matrix of values uniform in [−scale, scale), drawn by VAELab's own `RandomStream`.
func uniformMatrix(_ rows: Int, _ cols: Int, scale: Float = 1, seed: UInt64) -> Matrix {
    var rng = RandomStream(seed: seed)
    return Matrix(rows: rows, cols: cols, data: (0..<(rows * cols)).map { _ in rng.uniform(-scale, scale) })
}

/// A random binary sparse matrix with about `density` of its entries set; every row has
/// at least one entry.
func randomBinary(_ rows: Int, _ cols: Int, density: Float, seed: UInt64) -> SparseMatrix {
    var rng = RandomStream(seed: seed)
    let rowCols: [[Int]] = (0..<rows).map { _ in
        var cs = (0..<cols).filter { _ in rng.nextFloat() < density }
        if cs.isEmpty { cs = [rng.nextInt(below: cols)] }
        return cs
    }
    return SparseMatrix(cols: cols, rowColumns: rowCols)
}

/// `Σ_ij a_ij · w_ij` in Double: a linear probe that turns a matrix output into a scalar.
func probe(_ a: Matrix, _ w: Matrix) -> Double {
    zip(a.data, w.data).reduce(0) { $0 + Double($1.0) * Double($1.1) }
}

/// Finite-difference checks of a fold-in model's batch loss over every parameter tensor,
/// holding dropout mask and sampling noise fixed (the same dropout mask and noise for every evaluation).
/// With `directSpec`, the loss includes that DirectSpec term.
func worstModelGradientError<M: FoldInRecommender>(_ model: M, batch: SparseMatrix, beta: Float, coordinatesPerTensor: Int = 8,
                                                   directSpec: DirectSpecPenalty? = nil) -> Double {
    func loss(_ m: inout M, _ r: inout RunRandomness) -> LossTerms {
        guard let directSpec else { return m.computeGradients(batch: batch, beta: beta, randomness: &r) }
        return m.computeGradients(batch: batch, beta: beta, updatesDone: 0, directSpec: directSpec, randomness: &r)
    }
    let randomness = RunRandomness(seed: 31)
    var analytic = model
    var r = randomness
    _ = loss(&analytic, &r)
    var grads: [Matrix] = []
    analytic.visitParameters { _, g in grads.append(g) }
    var params: [Matrix] = []
    var m = model
    m.visitParameters { p, _ in params.append(p) }
    var worst: Double = 0
    for t in params.indices {
        let coords = Array(Set((0..<coordinatesPerTensor).map { ($0 * 7919) % params[t].count })).sorted()
        var p = params[t]
        let err = worstGradientError(&p, analytic: grads[t], coordinates: coords, step: 5e-3) { value in
            var probeModel = model
            var slot = 0
            probeModel.visitParameters { q, _ in
                if slot == t { q = value }
                slot += 1
            }
            var rr = randomness
            return loss(&probeModel, &rr).total
        }
        worst = max(worst, err)
    }
    return worst
}
