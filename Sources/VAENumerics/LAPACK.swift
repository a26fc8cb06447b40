import _LAPACKE

/// Errors reported by the LAPACK wrappers.
public enum LAPACKError: Error, CustomStringConvertible {
    case failed(routine: String, info: Int)

    public var description: String {
        switch self {
        case let .failed(routine, info):
            return "\(routine) failed with info = \(info)" + (info > 0 ? " (did not converge)" : " (illegal argument \(-info))")
        }
    }
}

/// Values-only singular values and symmetric eigenvalues through LAPACKE.
public enum LAPACK {
    /// Singular values σ₁ ≥ … ≥ σ_r (r = min(m, n)) of a row-major `m × n` Float matrix,
    /// by divide and conquer (`sgesdd`, `JOBZ = 'N'`). Each σ is accurate to about ε·σ₁.
    public static func singularValues(_ a: Matrix) throws -> [Float] {
        var work = a.data
        var s = [Float](repeating: 0, count: min(a.rows, a.cols))
        guard !s.isEmpty else { return [] }
        var u: Float = 0, vt: Float = 0
        // U and Vᵀ are not referenced for JOBZ = 'N', but row-major LAPACKE still
        // requires ldvt ≥ n (info = −11 otherwise).
        let info = BLAS.withLibraryThreads {
            LAPACKE_sgesdd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "N")), Int32(a.rows), Int32(a.cols),
                           &work, Int32(a.cols), &s, &u, 1, &vt, Int32(max(1, a.cols)))
        }
        guard info == 0 else { throw LAPACKError.failed(routine: "sgesdd", info: Int(info)) }
        return s
    }

    /// Singular values of a row-major `m × n` Double matrix (`dgesdd`, `JOBZ = 'N'`).
    public static func singularValues(rows: Int, cols: Int, data: [Double]) throws -> [Double] {
        precondition(data.count == rows * cols)
        var work = data
        var s = [Double](repeating: 0, count: min(rows, cols))
        guard !s.isEmpty else { return [] }
        var u: Double = 0, vt: Double = 0
        let info = BLAS.withLibraryThreads {
            LAPACKE_dgesdd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "N")), Int32(rows), Int32(cols),
                           &work, Int32(cols), &s, &u, 1, &vt, Int32(max(1, cols)))
        }
        guard info == 0 else { throw LAPACKError.failed(routine: "dgesdd", info: Int(info)) }
        return s
    }

    /// Eigenvalues, ascending, of a symmetric `n × n` Double matrix (`dsyevd`, `JOBZ = 'N'`,
    /// upper triangle read).
    public static func symmetricEigenvalues(n: Int, data: [Double]) throws -> [Double] {
        precondition(data.count == n * n)
        var work = data
        var w = [Double](repeating: 0, count: n)
        guard n > 0 else { return [] }
        let info = BLAS.withLibraryThreads {
            LAPACKE_dsyevd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "U")), Int32(n), &work, Int32(n), &w)
        }
        guard info == 0 else { throw LAPACKError.failed(routine: "dsyevd", info: Int(info)) }
        return w
    }

    /// Eigenvalues, ascending, of a symmetric Float matrix (`ssyevd`, `JOBZ = 'N'`).
    public static func symmetricEigenvalues(_ a: Matrix) throws -> [Float] {
        precondition(a.rows == a.cols, "symmetricEigenvalues needs a square matrix")
        var work = a.data
        var w = [Float](repeating: 0, count: a.rows)
        guard a.rows > 0 else { return [] }
        let info = BLAS.withLibraryThreads {
            LAPACKE_ssyevd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "U")), Int32(a.rows), &work, Int32(a.rows), &w)
        }
        guard info == 0 else { throw LAPACKError.failed(routine: "ssyevd", info: Int(info)) }
        return w
    }
}
