import VAEDiagnostics
import VAEModels
import VAENumerics

/// The latent geometry of a fold-in model (Mult-VAE, Mult-DAE) on a seeded sample of
/// held-out users, measured on the selected model after training (techniques.md §6):
///
/// 1. **Sample.** `users` test users with a non-empty fold-in row, drawn without replacement
///    (stream `geometry-users` of the run's seed), in row order. Their clean posteriors
///    `N(μ_u, diag s_u²)` come from the evaluation input (no mask); Mult-DAE's hidden layer
///    is a point mass (s = 0).
/// 2. **Pairs.** `pairs` distinct unordered pairs of sampled users (stream `geometry-pairs`;
///    all pairs when there are fewer). Per pair: the input distance — techniques.md does not
///    define one, so the **cosine distance** `1 − |A∩B|/√(|A||B|)` of the binary fold-in rows
///    (primary) and the Jaccard distance `1 − |A∩B|/|A∪B|` — and `W2(q_u, q_v)` with
///    `W2² = ‖μ_u − μ_v‖² + ‖s_u − s_v‖²`, and ‖μ_u − μ_v‖. Spearman's ρ and Pearson's r of
///    W2 against each input distance summarise how closely latent proximity follows input
///    proximity.
/// 3. **Spread.** Mean posterior variance `(1/(n·d))·Σ s²` (VAE only) and active units
///    `#{k : Var_u(μ_uk) > 0.01}` over the sample.
/// 4. **Neighbourhood drift under masking.** `N_k(u)`: the k nearest other sampled users of u
///    by Euclidean distance between posterior means. For each of `maskDraws` draws (stream
///    `geometry-masks`), **every** sampled user's row is masked at once (the run's masking
///    variant and keep probability, or the probe's own), giving μ̃; the overlap
///    `|N_k(u) ∩ Ñ_k(u)|/k` of the clean and the masked neighbourhoods and the drift
///    `‖μ̃_u − μ_u‖` are averaged over users and draws. The mean distance to the k-th clean
///    neighbour gives the drift a scale. With keep probability 1 nothing is masked (overlap 1,
///    drift 0).
///
/// The streams are derived from the run's seed and a purpose name like `RunRandomness`'s, so
/// the sample and masks depend on the seed only (never on other runs), and the probe draws
/// nothing from the training streams: a run's metrics are the same with or without it.
public enum LatentGeometryProbe {
    /// What to measure (the spec's `diagnostics.geometry` block).
    public struct Options: Sendable, Equatable {
        public var users: Int
        public var pairs: Int
        public var maskDraws: Int
        public var neighbours: Int
        /// The probe's keep probability; nil: the run's `keepProbability`.
        public var keepProbability: Double?
        /// The probe's masking variant (Mult-VAE only; Mult-DAE always masks as it trains,
        /// m1); nil: the run's `masking`.
        public var masking: InputMasking?

        public init(users: Int = 500, pairs: Int = 2000, maskDraws: Int = 5, neighbours: Int = 10,
                    keepProbability: Double? = nil, masking: InputMasking? = nil) {
            self.users = users
            self.pairs = pairs
            self.maskDraws = maskDraws
            self.neighbours = neighbours
            self.keepProbability = keepProbability
            self.masking = masking
        }

        /// Reads a `geometry` block; errors name the JSON path.
        public static func parse(_ o: JSONObject) throws -> Options {
            var g = Options()
            if let v = try o.int("users", in: 2...10_000_000) { g.users = v }
            if let v = try o.int("pairs", in: 1...100_000_000) { g.pairs = v }
            if let v = try o.int("maskDraws", in: 0...10_000) { g.maskDraws = v }
            if let v = try o.int("neighbours", in: 1...100_000) { g.neighbours = v }
            if let v = try o.double("keepProbability", in: 0.0001...1) { g.keepProbability = v }
            if let v = try o.string("masking", allowed: InputMasking.allCases.map(\.rawValue)) { g.masking = InputMasking(rawValue: v)! }
            try o.finish(allowedKeysHint: ["users", "pairs", "maskDraws", "neighbours", "keepProbability", "masking"])
            return g
        }
    }

    /// One sampled pair: fold-in rows of the test users, their input distances, W2 between
    /// their posteriors and the distance of their means.
    public struct Pair: Sendable, Equatable {
        public var userA: Int
        public var userB: Int
        public var cosineDistance: Double
        public var jaccardDistance: Double
        public var w2: Double
        public var meanDistance: Double
    }

    /// Everything measured.
    public struct Report: Sendable, Equatable {
        public var users: Int
        public var latentDim: Int
        public var pairs: [Pair]
        /// k actually used (clamped to users − 1).
        public var neighbours: Int
        public var maskDraws: Int
        public var masking: InputMasking
        public var keepProbability: Double
        public var spearmanCosine: Double
        public var pearsonCosine: Double
        public var spearmanJaccard: Double
        public var pearsonJaccard: Double
        public var meanW2: Double
        /// NaN for a point encoder (Mult-DAE).
        public var meanPosteriorVariance: Double
        public var activeUnits: Int
        public var neighbourOverlap: Double
        public var meanDrift: Double
        public var meanKthNeighbourDistance: Double
    }

    /// Measures `model` on the held-out users' fold-in rows `foldIn`.
    /// `runKeepProbability` is the run's keep probability (the default of the probe's).
    public static func measure(_ model: LatentEncoder, foldIn: SparseMatrix, options: Options, seed: Int,
                               runKeepProbability: Double) -> Report {
        let seed = UInt64(seed)
        // 1. Users.
        var userStream = RandomStream(seed: seed, purpose: "geometry-users")
        let sample = sampleUsers(foldIn, count: options.users, rng: &userStream)
        let x = binarised(foldIn.gatherRows(sample))
        let masking = model.acceptsOtherMaskings ? (options.masking ?? model.trainingMasking) : model.trainingMasking
        let keep = options.keepProbability ?? runKeepProbability
        // The clean input is the model's own evaluation input, whatever the probe's masking.
        let clean = model.posterior(encoderInput: model.trainingMasking.evaluationInput(x))

        // 2. Pairs.
        var pairStream = RandomStream(seed: seed, purpose: "geometry-pairs")
        let pairs = samplePairs(n: sample.count, count: options.pairs, rng: &pairStream).map { i, j in
            let a = x.columns(ofRow: i), b = x.columns(ofRow: j)
            return Pair(userA: sample[i], userB: sample[j],
                        cosineDistance: BinaryInputDistance.cosine(a, b), jaccardDistance: BinaryInputDistance.jaccard(a, b),
                        w2: Wasserstein2.distance(means: clean.mean, sds: clean.sd, i, j),
                        meanDistance: Wasserstein2.distance(means: clean.mean, sds: nil, i, j))
        }
        let w2 = pairs.map(\.w2)

        // 4. Neighbourhoods, clean and under masking.
        let k = min(options.neighbours, max(sample.count - 1, 0))
        let cleanSets = NearestNeighbours.sets(clean.mean, k: k)
        let radius = NearestNeighbours.kthDistances(clean.mean, neighbours: cleanSets, k: k)
        var overlaps: [Double] = [], drifts: [Double] = []
        var maskStream = RandomStream(seed: seed, purpose: "geometry-masks")
        for _ in 0..<options.maskDraws {
            let masked = model.posterior(encoderInput: model.input(x, masking: masking, keepProbability: Float(keep), rng: &maskStream))
            overlaps.append(NeighbourhoodOverlap.mean(cleanSets, NearestNeighbours.sets(masked.mean, k: k)))
            drifts.append(LatentDrift.mean(clean.mean, masked.mean))
        }
        func mean(_ v: [Double]) -> Double { v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count) }

        return Report(users: sample.count, latentDim: clean.mean.cols, pairs: pairs, neighbours: k, maskDraws: options.maskDraws,
                      masking: masking, keepProbability: keep,
                      spearmanCosine: Correlation.spearman(w2, pairs.map(\.cosineDistance)),
                      pearsonCosine: Correlation.pearson(w2, pairs.map(\.cosineDistance)),
                      spearmanJaccard: Correlation.spearman(w2, pairs.map(\.jaccardDistance)),
                      pearsonJaccard: Correlation.pearson(w2, pairs.map(\.jaccardDistance)),
                      meanW2: mean(w2),
                      meanPosteriorVariance: clean.sd.map { PosteriorVariance.mean(standardDeviations: $0) } ?? .nan,
                      activeUnits: ActiveUnits(means: clean.mean).count,
                      neighbourOverlap: mean(overlaps), meanDrift: mean(drifts), meanKthNeighbourDistance: mean(radius.filter(\.isFinite)))
    }

    /// `count` rows with at least one positive, drawn without replacement (partial
    /// Fisher–Yates over the eligible rows), returned in increasing order; all of them when
    /// there are fewer.
    static func sampleUsers(_ foldIn: SparseMatrix, count: Int, rng: inout RandomStream) -> [Int] {
        var eligible = (0..<foldIn.rows).filter { r in foldIn.values[foldIn.indptr[r]..<foldIn.indptr[r + 1]].contains { $0 != 0 } }
        let m = min(count, eligible.count)
        for i in 0..<m {
            let j = i + rng.nextInt(below: eligible.count - i)
            eligible.swapAt(i, j)
        }
        return eligible.prefix(m).sorted()
    }

    /// The rows' positives as a 0/1 matrix (explicit zeros dropped).
    static func binarised(_ x: SparseMatrix) -> SparseMatrix {
        SparseMatrix(cols: x.cols, rowColumns: (0..<x.rows).map { r in
            (x.indptr[r]..<x.indptr[r + 1]).filter { x.values[$0] != 0 }.map { Int(x.indices[$0]) }
        })
    }

    /// `count` distinct unordered pairs (i < j) of 0..<n: every pair, in order, when
    /// `count ≥ n(n−1)/2`; else pairs drawn uniformly, duplicates redrawn, in draw order.
    static func samplePairs(n: Int, count: Int, rng: inout RandomStream) -> [(Int, Int)] {
        let total = n * (n - 1) / 2
        guard n >= 2, count > 0 else { return [] }
        if count >= total {
            return (0..<n).flatMap { i in ((i + 1)..<n).map { (i, $0) } }
        }
        if count > total / 2 {
            // Dense request: shuffle the pair indices and keep the first `count`, in order.
            var all = (0..<n).flatMap { i in ((i + 1)..<n).map { (i, $0) } }
            for i in 0..<count {
                let j = i + rng.nextInt(below: all.count - i)
                all.swapAt(i, j)
            }
            return Array(all.prefix(count))
        }
        var seen = Set<Int>()
        var out: [(Int, Int)] = []
        out.reserveCapacity(count)
        while out.count < count {
            let a = rng.nextInt(below: n), b = rng.nextInt(below: n - 1)
            let (i, j) = b >= a ? (a, b + 1) : (b, a)
            if seen.insert(i * n + j).inserted { out.append((i, j)) }
        }
        return out
    }
}
