/// Element-wise and row-wise kernels on contiguous `Float` buffers. Each is a plain loop
/// over an unsafe buffer, so the compiler can vectorise the arithmetic around the libm
/// calls; they are the only places the models touch individual activations. Large buffers
/// (a Mult-VAE batch's 500 × 600 hidden layers, its 500 × 20,108 logits) are split over the
/// cores; every element gets the same operations whatever the split, so results do not
/// depend on the thread count.
public enum RowKernels {
    /// Elements below which a kernel runs on the calling thread.
    @usableFromInline static let parallelElements = 1 << 16

    /// `body(range)` over `0..<count`, split over the cores when `count` is large.
    @inlinable
    static func forEachRange(_ count: Int, _ body: (Range<Int>) -> Void) {
        Parallel.forEachChunk(count, minimumChunk: parallelElements / 2, body)
    }

    /// `x ← tanh(x)`.
    @inlinable
    public static func tanh(_ x: UnsafeMutableBufferPointer<Float>) {
        let px = UncheckedPointers(x)
        forEachRange(x.count) { range in
            let x = px.write
            for i in range { x[i] = _tanhf(x[i]) }
        }
    }

    /// `x ← σ(x) = 1 / (1 + e^{−x})`, evaluated without overflow for large |x|.
    @inlinable
    public static func sigmoid(_ x: UnsafeMutableBufferPointer<Float>) {
        let px = UncheckedPointers(x)
        forEachRange(x.count) { range in
            let x = px.write
            for i in range { x[i] = sigmoid(x[i]) }
        }
    }

    /// σ(v), stable for both signs.
    @inlinable
    public static func sigmoid(_ v: Float) -> Float {
        if v >= 0 { return 1 / (1 + _expf(-v)) }
        let e = _expf(v)
        return e / (1 + e)
    }

    /// `x ← e^x`.
    @inlinable
    public static func exp(_ x: UnsafeMutableBufferPointer<Float>) {
        for i in x.indices { x[i] = _expf(x[i]) }
    }

    /// `log Σ_j e^{x_j}` of one row, computed as `m + log Σ_j e^{x_j − m}` with `m = max_j x_j`
    /// (accumulated in Double). Returns −∞ for an empty or all −∞ row.
    @inlinable
    public static func logSumExp(_ x: UnsafeBufferPointer<Float>) -> Float {
        var m = -Float.infinity
        for v in x where v > m { m = v }
        guard m > -Float.infinity else { return -Float.infinity }
        var s: Double = 0
        for v in x { s += Double(_expf(v - m)) }
        return m + Float(_log(s))
    }

    /// `x ← log_softmax(x) = x − logsumexp(x)` on each of `rows` rows of width `cols`.
    @inlinable
    public static func logSoftmaxRows(_ x: UnsafeMutableBufferPointer<Float>, rows: Int, cols: Int) {
        precondition(x.count == rows * cols)
        for r in 0..<rows {
            let row = UnsafeMutableBufferPointer(rebasing: x[(r * cols)..<((r + 1) * cols)])
            let lse = logSumExp(UnsafeBufferPointer(row))
            for j in row.indices { row[j] -= lse }
        }
    }

    /// `x ← softmax(x)` on each row.
    @inlinable
    public static func softmaxRows(_ x: UnsafeMutableBufferPointer<Float>, rows: Int, cols: Int) {
        precondition(x.count == rows * cols)
        for r in 0..<rows {
            let row = UnsafeMutableBufferPointer(rebasing: x[(r * cols)..<((r + 1) * cols)])
            var m = -Float.infinity
            for v in row where v > m { m = v }
            var s: Float = 0
            for j in row.indices { let e = _expf(row[j] - m); row[j] = e; s += e }
            let inv = 1 / s
            for j in row.indices { row[j] *= inv }
        }
    }

    /// Adds `bias` to every row of a `rows × bias.count` buffer.
    @inlinable
    public static func addRowVector(_ x: UnsafeMutableBufferPointer<Float>, _ bias: UnsafeBufferPointer<Float>) {
        let n = bias.count
        precondition(n > 0 && x.count % n == 0)
        let (px, pb) = (UncheckedPointers(x), UncheckedPointers(bias))
        Parallel.forEachChunk(x.count / n, minimumChunk: max(1, parallelElements / 2 / n)) { rows in
            let (x, bias) = (px.write, pb.read)
            for r in rows {
                let base = r * n
                for j in 0..<n { x[base + j] += bias[j] }
            }
        }
    }

    /// `out_j ← Σ_r x_rj`: column sums of a `rows × out.count` buffer (bias gradients).
    /// Each column is summed over the rows in order, so splitting the columns over the
    /// cores (wide buffers: a Mult-VAE logits gradient is 500 × 20,108) changes no bit.
    @inlinable
    public static func columnSums(_ x: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>) {
        let n = out.count
        precondition(n > 0 ? x.count % n == 0 : x.isEmpty, "columnSums: \(x.count) values are not whole rows of width \(n)")
        let rows = n > 0 ? x.count / n : 0
        let (px, po) = (UncheckedPointers(x), UncheckedPointers(out))
        Parallel.forEachChunk(n, minimumChunk: max(1024, (1 << 20) / max(rows, 1))) { columns in
            let (x, out) = (px.read, po.write)
            for j in columns { out[j] = 0 }
            var base = 0
            while base < x.count {
                for j in columns { out[j] += x[base + j] }
                base += n
            }
        }
    }
}
