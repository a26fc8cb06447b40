/// Products of a CSR matrix with dense row-major matrices: the first layer of every
/// encoder reads the sparse input through these, so its cost is O(nnz · width), not
/// O(rows · cols · width).
public enum SparseProducts {
    /// `C ← α·A·B + β·C` with `A` sparse (`m × k`), `B` dense (`k × n`), `C` dense (`m × n`).
    public static func multiply(_ a: SparseMatrix, _ b: Matrix, alpha: Float = 1, beta: Float = 0, into c: inout Matrix) {
        precondition(a.cols == b.rows, "sparse×dense: inner dimensions \(a.cols) and \(b.rows) differ")
        precondition(c.rows == a.rows && c.cols == b.cols, "sparse×dense: result is \(c.rows)×\(c.cols), expected \(a.rows)×\(b.cols)")
        let n = b.cols
        a.indptr.withUnsafeBufferPointer { indptr in
        a.indices.withUnsafeBufferPointer { indices in
        a.values.withUnsafeBufferPointer { values in
        b.data.withUnsafeBufferPointer { pb in
        c.data.withUnsafeMutableBufferPointer { pc in
            let shared = UncheckedSendable((indptr, indices, values, pb, pc))
            // Rows of C are independent: split them over the cores.
            Parallel.forEachChunk(a.rows, minimumChunk: 16) { rows in
                let (indptr, indices, values, pb, pc) = shared.value
                for r in rows {
                    let out = pc.baseAddress! + r * n
                    if beta == 0 {
                        for j in 0..<n { out[j] = 0 }
                    } else if beta != 1 {
                        for j in 0..<n { out[j] *= beta }
                    }
                    for k in indptr[r]..<indptr[r + 1] {
                        let w = alpha * values[k]
                        let src = pb.baseAddress! + Int(indices[k]) * n
                        for j in 0..<n { out[j] += w * src[j] }
                    }
                }
            }
        }}}}}
    }

    /// `C ← α·Aᵀ·G + β·C` with `A` sparse (`m × k`), `G` dense (`m × n`), `C` dense (`k × n`).
    ///
    /// This is the weight gradient of a layer fed by a sparse input: only the rows of `C`
    /// named by `A`'s column indices are touched (after the β scaling).
    public static func transposeMultiply(_ a: SparseMatrix, _ g: Matrix, alpha: Float = 1, beta: Float = 0, into c: inout Matrix) {
        precondition(a.rows == g.rows, "sparseᵀ×dense: row counts \(a.rows) and \(g.rows) differ")
        precondition(c.rows == a.cols && c.cols == g.cols, "sparseᵀ×dense: result is \(c.rows)×\(c.cols), expected \(a.cols)×\(g.cols)")
        let n = g.cols
        if beta == 0 { c.fill(0) } else if beta != 1 {
            c.data.withUnsafeMutableBufferPointer { pc in for i in pc.indices { pc[i] *= beta } }
        }
        a.indptr.withUnsafeBufferPointer { indptr in
        a.indices.withUnsafeBufferPointer { indices in
        a.values.withUnsafeBufferPointer { values in
        g.data.withUnsafeBufferPointer { pg in
        c.data.withUnsafeMutableBufferPointer { pc in
            let shared = UncheckedSendable((indptr, indices, values, pg, pc))
            // Each chunk owns a slice of C's columns and walks every entry, so no two chunks
            // write the same element and each sum is accumulated in the same order.
            Parallel.forEachChunk(n, minimumChunk: 64) { columns in
                let (indptr, indices, values, pg, pc) = shared.value
                for r in 0..<a.rows {
                    let src = pg.baseAddress! + r * n
                    for k in indptr[r]..<indptr[r + 1] {
                        let w = alpha * values[k]
                        let out = pc.baseAddress! + Int(indices[k]) * n
                        for j in columns { out[j] += w * src[j] }
                    }
                }
            }
        }}}}}
    }
}
