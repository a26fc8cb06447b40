import Foundation

/// The files of a run's latent-geometry probe (`LatentGeometryProbe`), in its folder:
///
/// - `geometry.csv`: one row of summaries — sampled users, latent width, pairs, k, mask
///   draws, masking variant and keep probability of the probe, Spearman ρ and Pearson r of W2
///   against the cosine and the Jaccard input distance, mean W2, mean posterior variance
///   (empty for Mult-DAE), active units, mean kNN overlap clean vs masked, mean drift
///   ‖μ̃ − μ‖ and mean distance to the k-th clean neighbour;
/// - `geometry_pairs.csv`: one row per sampled pair — the users' test fold-in rows, cosine
///   and Jaccard distance of their binary inputs, W2 between their posteriors, ‖μ_a − μ_b‖;
/// - `geometry_w2.svg`: W2 against the cosine input distance, every pair as a dot, with the
///   mean W2 per 0.1-wide distance bin (disjoint pairs, at distance 1, in a bin of their own)
///   as a line.
public enum LatentGeometryFiles {
    static let summaryHeader = "users,latent_dim,pairs,neighbours,mask_draws,masking,keep_probability,"
        + "spearman_w2_cosine,pearson_w2_cosine,spearman_w2_jaccard,pearson_w2_jaccard,mean_w2,"
        + "mean_posterior_variance,active_units,knn_overlap,mean_mu_drift,mean_kth_neighbour_distance"
    static let pairsHeader = "user_a,user_b,cosine_distance,jaccard_distance,w2,mean_distance"

    /// The summary columns that are measurements (aggregated over seeds by the tables).
    public static let measuredColumns = ["spearman_w2_cosine", "pearson_w2_cosine", "spearman_w2_jaccard", "pearson_w2_jaccard",
                                         "mean_w2", "mean_posterior_variance", "active_units", "knn_overlap", "mean_mu_drift",
                                         "mean_kth_neighbour_distance"]

    /// 9 significant digits; NaN (not applicable) as an empty field.
    static func field(_ x: Double) -> String { x.isNaN ? "" : String(format9: x) }

    public static func write(_ r: LatentGeometryProbe.Report, title: String, to folder: URL) throws {
        try AtomicFile.write(summaryCSV(r), to: folder.appendingPathComponent("geometry.csv"))
        try AtomicFile.write(pairsCSV(r), to: folder.appendingPathComponent("geometry_pairs.csv"))
        try scatter(r, title: title).write(to: folder.appendingPathComponent("geometry_w2.svg"))
    }

    static func summaryCSV(_ r: LatentGeometryProbe.Report) -> String {
        let fields = ["\(r.users)", "\(r.latentDim)", "\(r.pairs.count)", "\(r.neighbours)", "\(r.maskDraws)", r.masking.rawValue,
                      field(r.keepProbability)]
            + [r.spearmanCosine, r.pearsonCosine, r.spearmanJaccard, r.pearsonJaccard, r.meanW2, r.meanPosteriorVariance,
               Double(r.activeUnits), r.neighbourOverlap, r.meanDrift, r.meanKthNeighbourDistance].map(field)
        return summaryHeader + "\n" + fields.joined(separator: ",") + "\n"
    }

    static func pairsCSV(_ r: LatentGeometryProbe.Report) -> String {
        var lines = [pairsHeader]
        lines.reserveCapacity(r.pairs.count + 1)
        for p in r.pairs {
            lines.append("\(p.userA),\(p.userB)," + [p.cosineDistance, p.jaccardDistance, p.w2, p.meanDistance].map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func scatter(_ r: LatentGeometryProbe.Report, title: String) -> LinePlot {
        let kind = r.meanPosteriorVariance.isNaN ? "‖h_u − h_v‖" : "W2"
        return LinePlot.w2Scatter(
            title: "\(title): \(kind) vs input distance, Spearman ρ = \(String(format: "%.3f", r.spearmanCosine))",
            distances: r.pairs.map(\.cosineDistance), w2: r.pairs.map(\.w2))
    }

    /// A run's `geometry.csv` as numbers by column (non-numeric and empty fields left out);
    /// nil when the run has none.
    public static func readSummary(_ folder: URL) -> [String: Double]? {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("geometry.csv"), encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n")
        guard lines.count >= 2 else { return nil }
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let values = lines[1].split(separator: ",", omittingEmptySubsequences: false)
        guard header.count == values.count else { return nil }
        var out: [String: Double] = [:]
        for (h, v) in zip(header, values) { if let d = Double(v) { out[h] = d } }
        return out
    }

    /// A run's `geometry_pairs.csv` as (cosine distance, W2) pairs; nil when the run has none.
    public static func readPairs(_ folder: URL) -> (distances: [Double], w2: [Double])? {
        guard let text = try? String(contentsOf: folder.appendingPathComponent("geometry_pairs.csv"), encoding: .utf8) else { return nil }
        var d: [Double] = [], w: [Double] = []
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            guard f.count == 6, let x = Double(f[2]), let y = Double(f[4]) else { continue }
            d.append(x)
            w.append(y)
        }
        return (d, w)
    }
}
