import Foundation
import VAEDiagnostics
import VAENumerics

/// Singular-value spectra of a run's embeddings, recorded during training and for the
/// selected model, written to the run's folder:
///
/// - `spectra.csv`: `stage,epoch,matrix,centred,k,sigma,sigma_normalised` — every singular
///   value of the raw and of the column-centred matrix (LAPACK `sgesdd`, values only);
/// - `spectrum_summary.csv`: per matrix and centring, the effective ranks (L1: p = σ/Σσ;
///   L2: p = σ²/Σσ²), information abundance Σσ/σ₁, stable rank Σσ²/σ₁², participation ratio,
///   the variance share of the top 10 directions, and how many values lie above the noise floor;
/// - with `saveEmbeddings`, `embeddings_<matrix>.npy` of the selected model (NumPy format).
///
/// `stage` is `training` for the every-N-epochs records of the current model and `final`
/// for the model whose test metrics are reported.
public final class SpectrumLog {
    public struct Options: Sendable, Equatable {
        /// Record every this many epochs (0: only the final model).
        public var everyEpochs: Int
        public var saveEmbeddings: Bool

        public init(everyEpochs: Int = 0, saveEmbeddings: Bool = false) {
            self.everyEpochs = everyEpochs
            self.saveEmbeddings = saveEmbeddings
        }
    }

    let folder: URL
    public let options: Options
    private var spectra: [String] = []
    private var summaries: [String] = []

    static let spectraHeader = "stage,epoch,matrix,centred,k,sigma,sigma_normalised"
    static let summaryHeader = "stage,epoch,matrix,centred,rows,cols,erank_l1,erank_l2,information_abundance,stable_rank,participation_ratio,top10_share,resolved"

    /// A log writing into `folder`; rows of an earlier attempt after `resumedAfter` epochs
    /// (or all of them, for a fresh start) are dropped, so a resumed run's files match an
    /// uninterrupted run's.
    public init(folder: URL, options: Options, resumedAfter: Int?) {
        self.folder = folder
        self.options = options
        func kept(_ file: String) -> [String] {
            guard let resumedAfter,
                  let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) else { return [] }
            return text.split(separator: "\n").dropFirst().map(String.init).filter { line in
                let f = line.split(separator: ",")
                return f.count > 2 && f[0] == "training" && (Int(f[1]) ?? .max) <= resumedAfter
            }
        }
        spectra = kept("spectra.csv")
        summaries = kept("spectrum_summary.csv")
    }

    public func isDue(epoch: Int) -> Bool { options.everyEpochs > 0 && epoch % options.everyEpochs == 0 }

    /// Records the spectra of `embeddings` and rewrites both files.
    public func record(stage: String, epoch: Int, embeddings: [String: Matrix]) throws {
        for name in embeddings.keys.sorted() {
            let m = embeddings[name]!
            for centred in [false, true] {
                let s = try Spectrum(m, centred: centred)
                let c = centred ? 1 : 0
                for (k, (v, n)) in zip(s.values, s.normalised).enumerated() {
                    spectra.append("\(stage),\(epoch),\(name),\(c),\(k + 1),\(String(format9: v)),\(String(format9: n))")
                }
                let sum = s.summaries
                let fields = [sum.effectiveRankL1, sum.effectiveRankL2, sum.informationAbundance, sum.stableRank,
                              sum.participationRatio, SpectralSummaries.topVarianceShare(s.values, k: 10)].map { String(format9: $0) }
                summaries.append("\(stage),\(epoch),\(name),\(c),\(m.rows),\(m.cols)," + fields.joined(separator: ",") + ",\(s.resolvedCount)")
            }
        }
        try AtomicFile.write(([SpectrumLog.spectraHeader] + spectra).joined(separator: "\n") + "\n",
                             to: folder.appendingPathComponent("spectra.csv"))
        try AtomicFile.write(([SpectrumLog.summaryHeader] + summaries).joined(separator: "\n") + "\n",
                             to: folder.appendingPathComponent("spectrum_summary.csv"))
    }

    /// The final model's spectra, and its embeddings as `.npy` when asked.
    public func recordFinal(epoch: Int, embeddings: [String: Matrix]) throws {
        guard !embeddings.isEmpty else { return }
        try record(stage: "final", epoch: epoch, embeddings: embeddings)
        if options.saveEmbeddings {
            for (name, m) in embeddings {
                try AtomicFile.write(Data(NumpyArrayFile.encode(m)), to: folder.appendingPathComponent("embeddings_\(name).npy"))
            }
        }
    }
}
