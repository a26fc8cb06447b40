import Foundation
import _CBLAS

extension BLAS {
    /// OpenBLAS's build description (`openblas_get_config`: version, build options, the
    /// kernel target, the thread limit), e.g. `OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen
    /// MAX_THREADS=64`.
    public static var configuration: String {
        guard let c = openblas_get_config() else { return "" }
        return String(cString: c).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The kernel OpenBLAS selected for this CPU at load time (`openblas_get_corename`).
    public static var coreName: String {
        guard let c = openblas_get_corename() else { return "" }
        return String(cString: c).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
