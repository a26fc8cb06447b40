import VAEEvaluation

/// The evidence that one group of the grid beats another on a metric: over the seeds both
/// completed, the mean of the runs' difference and the paired tests of `SignificanceTable`
/// (t and Wilcoxon over (seed, test user) pairs, t over per-seed means). What a paper's gain
/// and each step of a paper's ordering are judged by (`PaperComparison`).
public struct PairedEvidence: Sendable {
    /// Mean over common seeds of (group − other) run means; NaN without common seeds.
    public var delta: Double = .nan
    /// Mean over the same seeds of the other group's run means.
    public var otherMean: Double = .nan
    /// Seeds both groups completed, and the spec's seed count.
    public var commonSeeds = 0
    public var seeds: Int
    public var userPairs = 0
    public var tUsers: PairedTestResult?
    public var wilcoxonUsers: PairedTestResult?
    public var tSeeds: PairedTestResult?
    /// The p-value the criterion uses (the larger of the two with `both`).
    public var pValue: Double?
    public var alpha: Double

    public init(seeds: Int, alpha: Double) {
        self.seeds = seeds
        self.alpha = alpha
    }

    public var partial: Bool { commonSeeds > 0 && commonSeeds < seeds }

    /// Whether the difference has `sign` (+1 or −1) with p < alpha; nil without common seeds.
    func confirms(sign: Int) -> Bool? {
        guard commonSeeds > 0, !delta.isNaN else { return nil }
        guard let p = pValue, !p.isNaN else { return false }
        return PaperComparison.sign(delta) == sign && p < alpha
    }

    /// The tests of `metric` between `group` and `other` over the seeds both completed (nil
    /// when they share none), judged by `test`.
    static func of(_ group: ExperimentResults.Group?, against other: ExperimentResults.Group?, labels: (String, String), metric: String,
                   test: PaperReference.GainTest, seeds: Int, alpha: Double) -> PairedEvidence {
        var e = PairedEvidence(seeds: seeds, alpha: alpha)
        guard let group, let other else { return e }
        let bySeed = Dictionary(other.completed.map { ($0.configuration.seed, $0) }, uniquingKeysWith: { a, _ in a })
        let pairs = group.completed.compactMap { r in bySeed[r.configuration.seed].map { (r, $0) } }
            .filter { $0.0.means[metric] != nil && $0.1.means[metric] != nil }
        guard !pairs.isEmpty else { return e }
        let s = SignificanceTable.row(labels.0, labels.1, metric, activity: "all", pairs: pairs) { run in Array(run.userRows.indices) }
        e.delta = s.delta
        e.otherMean = Statistics.mean(pairs.map { $0.1.means[metric]! })
        e.commonSeeds = s.seeds
        e.userPairs = s.users
        e.tUsers = s.tUsers
        e.wilcoxonUsers = s.wilcoxonUsers
        e.tSeeds = s.tSeeds
        switch test {
        case .t: e.pValue = s.tUsers?.pValue
        case .wilcoxon: e.pValue = s.wilcoxonUsers?.pValue
        case .both:
            if let a = s.tUsers?.pValue, let b = s.wilcoxonUsers?.pValue { e.pValue = max(a, b) }
        }
        return e
    }
}
