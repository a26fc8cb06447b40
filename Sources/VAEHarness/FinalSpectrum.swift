import Foundation

/// The spectral summaries of a run's final embeddings, as its `spectrum_summary.csv` and
/// `spectra.csv` record them (`SpectrumLog`, rows of stage `final`): per matrix (`users`,
/// `items`, `anchors`) and centring (`raw`, `centred`), the measures in `measures`.
///
/// `above5pct` is the number of singular values above 5 % of σ₁ (from `spectra.csv`'s
/// normalised values, σ_k/σ₁ > 0.05): the directions a matrix still uses; the rest of a
/// collapsed spectrum sits far below. The others are `spectrum_summary.csv`'s columns:
/// effective rank L1 = exp H(σ/Σσ), L2 = exp H(σ²/Σσ²), information abundance Σσ/σ₁, stable
/// rank Σσ²/σ₁², the variance share of the top 10 directions.
public struct FinalSpectrum: Sendable, Equatable {
    public static let measures = ["erank_l1", "erank_l2", "information_abundance", "stable_rank", "top10_share", "above5pct"]

    public struct Key: Hashable, Sendable {
        public var matrix: String
        public var centred: Bool
        public var measure: String

        public init(_ matrix: String, centred: Bool, _ measure: String) {
            self.matrix = matrix
            self.centred = centred
            self.measure = measure
        }

        /// `users_raw_erank_l1`, `items_centred_stable_rank`: the column stem in `spectra_summary.csv`.
        public var name: String { "\(matrix)_\(centred ? "centred" : "raw")_\(measure)" }
    }

    public var values: [Key: Double]

    public init(values: [Key: Double]) { self.values = values }

    public subscript(matrix matrix: String, centred centred: Bool, measure measure: String) -> Double? {
        values[Key(matrix, centred: centred, measure)]
    }

    /// The matrices recorded, `users`, `items`, `anchors` first, then any other by name.
    public var matrices: [String] { Self.order(Set(values.keys.map(\.matrix))) }

    static func order(_ names: Set<String>) -> [String] {
        let known = ["users", "items", "anchors"]
        return known.filter(names.contains) + names.subtracting(known).sorted()
    }

    /// The final rows of a run folder's files; nil when it recorded no final spectrum.
    public static func read(_ folder: URL) -> FinalSpectrum? {
        guard let summary = try? String(contentsOf: folder.appendingPathComponent("spectrum_summary.csv"), encoding: .utf8) else {
            return nil
        }
        // stage,epoch,matrix,centred,rows,cols,erank_l1,erank_l2,information_abundance,stable_rank,
        // participation_ratio,top10_share,resolved
        let columns = ["erank_l1": 6, "erank_l2": 7, "information_abundance": 8, "stable_rank": 9, "top10_share": 11]
        var values: [Key: Double] = [:]
        for line in summary.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count == 13, f[0] == "final", f[3] == "0" || f[3] == "1" else { continue }
            for (measure, c) in columns {
                if let v = Double(f[c]) { values[Key(String(f[2]), centred: f[3] == "1", measure)] = v }
            }
        }
        guard !values.isEmpty else { return nil }
        // stage,epoch,matrix,centred,k,sigma,sigma_normalised
        if let spectra = try? String(contentsOf: folder.appendingPathComponent("spectra.csv"), encoding: .utf8) {
            var counts: [Key: Double] = [:]
            for line in spectra.split(separator: "\n").dropFirst() {
                let f = line.split(separator: ",", omittingEmptySubsequences: false)
                guard f.count == 7, f[0] == "final", let normalised = Double(f[6]) else { continue }
                let k = Key(String(f[2]), centred: f[3] == "1", "above5pct")
                counts[k, default: 0] += normalised > 0.05 ? 1 : 0
            }
            values.merge(counts) { $1 }
        }
        return FinalSpectrum(values: values)
    }
}
