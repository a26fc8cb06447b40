import VAENumerics

/// Naive `op(A)·op(B)` in Double, as a row-major `m × n` array: the reference BLAS results
/// are compared with.
public func referenceProduct(_ a: Matrix, transposeA: Bool, _ b: Matrix, transposeB: Bool) -> [Double] {
    let m = transposeA ? a.cols : a.rows
    let k = transposeA ? a.rows : a.cols
    let n = transposeB ? b.rows : b.cols
    var out = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
        for j in 0..<n {
            var s = 0.0
            for p in 0..<k {
                let av = transposeA ? a[p, i] : a[i, p]
                let bv = transposeB ? b[j, p] : b[p, j]
                s += Double(av) * Double(bv)
            }
            out[i * n + j] = s
        }
    }
    return out
}

/// Naive Double `A·B` for small row-major arrays (m × k times k × n).
public func product(_ a: [Double], _ m: Int, _ k: Int, _ b: [Double], _ n: Int) -> [Double] {
    var out = [Double](repeating: 0, count: m * n)
    for i in 0..<m { for p in 0..<k { for j in 0..<n { out[i * n + j] += a[i * k + p] * b[p * n + j] } } }
    return out
}

/// The transpose of a row-major `m × n` Double array.
public func transpose(_ a: [Double], _ m: Int, _ n: Int) -> [Double] {
    var out = [Double](repeating: 0, count: m * n)
    for i in 0..<m { for j in 0..<n { out[j * m + i] = a[i * n + j] } }
    return out
}
