import VAENumerics

/// Explicit column centring, `M_c = M − 1·m̄ᵀ` with `m̄_j = (1/n)·Σ_i M_ij`.
///
/// The mean is accumulated in Float64 and subtracted from every element before anything
/// else is formed. The shortcut `MᵀM − n·m̄·m̄ᵀ` is never used: when the mean dominates
/// (‖m̄‖·√n ≫ σ of the centred part, exactly the collapsed case) the two terms agree in
/// most of their digits and the difference is rounding noise of size ε·n·‖m̄‖².
public enum ColumnCentring {
    /// Column means `m̄_j = (1/n)·Σ_i M_ij`, accumulated in Double; zeros when n = 0.
    public static func columnMeans(_ m: Matrix) -> [Double] {
        var sums = [Double](repeating: 0, count: m.cols)
        guard m.rows > 0 else { return sums }
        m.data.withUnsafeBufferPointer { a in
            sums.withUnsafeMutableBufferPointer { s in
                for i in 0..<m.rows {
                    let base = i * m.cols
                    for j in 0..<m.cols { s[j] += Double(a[base + j]) }
                }
            }
        }
        let inv = 1 / Double(m.rows)
        return sums.map { $0 * inv }
    }

    /// Column means of a row-major `rows × cols` Double array.
    public static func columnMeans(rows: Int, cols: Int, data: [Double]) -> [Double] {
        precondition(data.count == rows * cols, "data has \(data.count) values, expected \(rows * cols)")
        var sums = [Double](repeating: 0, count: cols)
        guard rows > 0 else { return sums }
        for i in 0..<rows {
            for j in 0..<cols { sums[j] += data[i * cols + j] }
        }
        let inv = 1 / Double(rows)
        return sums.map { $0 * inv }
    }

    /// `M − 1·m̄ᵀ` as a Float matrix: each element is centred in Double, then rounded once.
    public static func centred(_ m: Matrix) -> Matrix {
        let means = columnMeans(m)
        var out = m
        out.data.withUnsafeMutableBufferPointer { a in
            for i in 0..<m.rows {
                let base = i * m.cols
                for j in 0..<m.cols { a[base + j] = Float(Double(a[base + j]) - means[j]) }
            }
        }
        return out
    }

    /// `M − 1·m̄ᵀ` of a Float matrix, widened to a row-major Double array.
    public static func centredDouble(_ m: Matrix) -> [Double] {
        let means = columnMeans(m)
        var out = [Double](repeating: 0, count: m.count)
        m.data.withUnsafeBufferPointer { a in
            for i in 0..<m.rows {
                let base = i * m.cols
                for j in 0..<m.cols { out[base + j] = Double(a[base + j]) - means[j] }
            }
        }
        return out
    }

    /// `M − 1·m̄ᵀ` of a row-major Double array.
    public static func centred(rows: Int, cols: Int, data: [Double]) -> [Double] {
        let means = columnMeans(rows: rows, cols: cols, data: data)
        var out = data
        for i in 0..<rows {
            for j in 0..<cols { out[i * cols + j] -= means[j] }
        }
        return out
    }
}
