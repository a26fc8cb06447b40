import Foundation
import Testing
import VAEDiagnostics
import VAEModels
import VAENumerics
@testable import VAEHarness

@Suite("Latent geometry of runs")
struct LatentGeometryTests {
    let data = foldInData(blockData(), heldOut: 20)

    func vae(seed: UInt64 = 3) -> MultVAE {
        var c = MultVAE.Configuration(itemCount: 40)
        c.hiddenDims = [16]
        c.latentDim = 4
        var rng = RandomStream(seed: seed)
        return MultVAE(c, rng: &rng)
    }

    func parse(_ diagnostics: String) throws -> ExperimentSpec {
        try ExperimentSpec.parse(Data(specJSON(dataPath: "x", extra: #", "diagnostics": "# + diagnostics).utf8))
    }

    func parseError(_ diagnostics: String) -> JSONValueError? {
        do { _ = try parse(diagnostics); return nil } catch { return error as? JSONValueError }
    }

    @Test("The spec's diagnostics.geometry block: values, defaults, errors naming the JSON path")
    func spec() throws {
        let full = try parse(#"{"geometry": {"users": 50, "pairs": 100, "maskDraws": 2, "neighbours": 3, "keepProbability": 0.5, "masking": "m2"}}"#)
        #expect(full.geometry == LatentGeometryProbe.Options(users: 50, pairs: 100, maskDraws: 2, neighbours: 3, keepProbability: 0.5, masking: .m2))
        #expect(full.spectra == nil)  // geometry alone asks for no spectra
        let defaults = try parse(#"{"geometry": {}, "spectraEvery": 5}"#)
        #expect(defaults.geometry == LatentGeometryProbe.Options(users: 500, pairs: 2000, maskDraws: 5, neighbours: 10))
        #expect(defaults.spectra == SpectrumLog.Options(everyEpochs: 5))
        #expect(try parse(#"{"spectraEvery": 5}"#).geometry == nil)

        let tooFew = parseError(#"{"geometry": {"users": 1}}"#)
        #expect(tooFew?.path == "$.diagnostics.geometry.users" && tooFew?.found == "1" && tooFew?.expected.contains("2...") == true)
        let typo = parseError(#"{"geometry": {"neighbors": 5}}"#)
        #expect(typo?.path == "$.diagnostics.geometry.neighbors" && typo?.found == "an unknown key" && typo?.expected.contains("neighbours") == true)
        let masking = parseError(#"{"geometry": {"masking": "m4"}}"#)
        #expect(masking?.path == "$.diagnostics.geometry.masking" && masking?.expected.contains("m3-rescaled") == true)
        let keep = parseError(#"{"geometry": {"keepProbability": 0}}"#)
        #expect(keep?.path == "$.diagnostics.geometry.keepProbability")
        let notObject = parseError(#"{"geometry": 5}"#)
        #expect(notObject?.path == "$.diagnostics.geometry" && notObject?.expected == "an object")
    }

    @Test("Pair sampling: distinct unordered pairs, all of them when asked for as many, deterministic per stream")
    func pairs() {
        func draw(_ n: Int, _ count: Int, seed: UInt64 = 1) -> [(Int, Int)] {
            var rng = RandomStream(seed: seed, purpose: "geometry-pairs")
            return LatentGeometryProbe.samplePairs(n: n, count: count, rng: &rng)
        }
        for count in [5, 20, 40] {  // sparse (rejection) and dense (shuffle) requests
            let p = draw(10, count)
            #expect(p.count == count)
            #expect(p.allSatisfy { $0.0 < $0.1 && $0.1 < 10 })
            #expect(Set(p.map { $0.0 * 10 + $0.1 }).count == count)
            #expect(draw(10, count).map { [$0.0, $0.1] } == p.map { [$0.0, $0.1] })
        }
        #expect(draw(10, 20, seed: 2).map { [$0.0, $0.1] } != draw(10, 20).map { [$0.0, $0.1] })
        let all = draw(4, 100)
        #expect(all.map { [$0.0, $0.1] } == [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]])
        #expect(draw(1, 10).isEmpty)
    }

    @Test("User sampling: rows with a positive only, without replacement, in row order")
    func users() {
        let foldIn = SparseMatrix(cols: 5, rowColumns: [[0], [], [1, 2], [3], [], [4], [0, 4]])
        var rng = RandomStream(seed: 9, purpose: "geometry-users")
        #expect(LatentGeometryProbe.sampleUsers(foldIn, count: 10, rng: &rng) == [0, 2, 3, 5, 6])
        for seed in 0..<20 as Range<UInt64> {
            var r = RandomStream(seed: seed, purpose: "geometry-users")
            let s = LatentGeometryProbe.sampleUsers(foldIn, count: 3, rng: &r)
            #expect(s.count == 3 && s == s.sorted() && Set(s).count == 3 && Set(s).isSubset(of: [0, 2, 3, 5, 6]))
        }
    }

    @Test("Mult-VAE: each pair's W2 and input distances recomputed by hand from the encoder; summaries from the pairs")
    func vaeByHand() throws {
        let model = vae()
        let options = LatentGeometryProbe.Options(users: 12, pairs: 30, maskDraws: 3, neighbours: 4)
        let r = LatentGeometryProbe.measure(model, foldIn: data.test.input, options: options, seed: 5, runKeepProbability: 0.5)
        #expect(r.users == 12 && r.pairs.count == 30 && r.neighbours == 4 && r.latentDim == 4)
        #expect(r.masking == .m1 && r.keepProbability == 0.5)
        // Encoder outputs of one user's normalised row: μ = first k outputs, s = exp(½·log s²).
        func posterior(_ row: Int) -> (mu: [Double], s: [Double]) {
            let x = data.test.input.gatherRows([row])
            let out = model.encoder(.sparse(InputCorruption.normalizeRows(x))).row(0).map(Double.init)
            return (Array(out[0..<4]), out[4..<8].map { exp(0.5 * $0) })
        }
        for p in r.pairs.prefix(10) {
            let a = posterior(p.userA), b = posterior(p.userB)
            let w2 = (zip(a.mu, b.mu).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
                      + zip(a.s, b.s).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)).squareRoot()
            #expect(abs(p.w2 - w2) < 1e-5 * max(1, w2))
            #expect(p.meanDistance <= p.w2 + 1e-12)
            let sa = Set(data.test.input.columns(ofRow: p.userA)), sb = Set(data.test.input.columns(ofRow: p.userB))
            let shared = Double(sa.intersection(sb).count)
            #expect(abs(p.cosineDistance - (1 - shared / (Double(sa.count * sb.count)).squareRoot())) < 1e-12)
            #expect(abs(p.jaccardDistance - (1 - shared / Double(sa.union(sb).count))) < 1e-12)
        }
        #expect(r.spearmanCosine == Correlation.spearman(r.pairs.map(\.w2), r.pairs.map(\.cosineDistance)))
        #expect(r.pearsonCosine == Correlation.pearson(r.pairs.map(\.w2), r.pairs.map(\.cosineDistance)))
        #expect(abs(r.meanW2 - r.pairs.map(\.w2).reduce(0, +) / 30) < 1e-12)
        #expect(r.meanPosteriorVariance > 0 && r.meanPosteriorVariance.isFinite)
        // Masking moves the means and may change the neighbourhoods.
        #expect(r.meanDrift > 0 && r.neighbourOverlap >= 0 && r.neighbourOverlap <= 1)
        #expect(r.meanKthNeighbourDistance > 0)
        // The same seed gives the same report; another seed another sample.
        #expect(LatentGeometryProbe.measure(model, foldIn: data.test.input, options: options, seed: 5, runKeepProbability: 0.5) == r)
        let other = LatentGeometryProbe.measure(model, foldIn: data.test.input, options: options, seed: 6, runKeepProbability: 0.5)
        #expect(other.pairs != r.pairs)
    }

    @Test("Keep probability 1 masks nothing: overlap 1 and drift 0; the probe's masking variant is used for Mult-VAE")
    func unmasked() {
        let model = vae()
        let clean = LatentGeometryProbe.measure(model, foldIn: data.test.input, options: .init(users: 20, pairs: 10, maskDraws: 2, neighbours: 3),
                                                seed: 1, runKeepProbability: 1)
        #expect(clean.neighbourOverlap == 1 && clean.meanDrift == 0 && clean.keepProbability == 1)
        let probed = LatentGeometryProbe.measure(model, foldIn: data.test.input,
                                                 options: .init(users: 20, pairs: 10, maskDraws: 2, neighbours: 3, keepProbability: 0.5, masking: .m3),
                                                 seed: 1, runKeepProbability: 1)
        #expect(probed.masking == .m3 && probed.keepProbability == 0.5 && probed.meanDrift > 0)
        // The clean side is the model's own evaluation input either way.
        #expect(probed.pairs == clean.pairs)
    }

    @Test("Mult-DAE: a point encoder — W2 is the distance of the hidden codes, no posterior variance, masking always m1")
    func dae() {
        var c = MultDAE.Configuration(itemCount: 40)
        c.hiddenDims = [8]
        var rng = RandomStream(seed: 4)
        let model = MultDAE(c, rng: &rng)
        let r = LatentGeometryProbe.measure(model, foldIn: data.test.input,
                                            options: .init(users: 20, pairs: 25, maskDraws: 2, neighbours: 3, masking: .m3),
                                            seed: 2, runKeepProbability: 0.5)
        #expect(r.latentDim == 8 && r.masking == .m1)
        #expect(r.pairs.allSatisfy { $0.w2 == $0.meanDistance })
        #expect(r.meanPosteriorVariance.isNaN)
        let summary = LatentGeometryFiles.summaryCSV(r).split(separator: "\n")[1].split(separator: ",", omittingEmptySubsequences: false)
        #expect(summary[12] == "")  // mean_posterior_variance: not applicable
    }

    @Test("Through a run: the probe changes no metric and is reproducible; only fold-in models measure it")
    func throughTraining() throws {
        var c = smallConfiguration()
        c.epochs = 5
        let options = LatentGeometryProbe.Options(users: 15, pairs: 40, maskDraws: 2, neighbours: 3)
        let plain = try TrainingRun.execute(c, dataset: .foldIn(data))
        let probed = try TrainingRun.execute(c, dataset: .foldIn(data), geometry: options)
        #expect(plain.geometry == nil)
        #expect(plain.test.values == probed.test.values && plain.selectedEpoch == probed.selectedEpoch)
        let g = try #require(probed.geometry)
        #expect(g.users == 15 && g.pairs.count == 40)
        #expect(try TrainingRun.execute(c, dataset: .foldIn(data), geometry: options).geometry == g)
        var d = smallConfiguration(.multdae)
        d.epochs = 3
        #expect(try TrainingRun.execute(d, dataset: .foldIn(data), geometry: options).geometry?.meanPosteriorVariance.isNaN == true)
        // With a β search, the final phase's selected model is probed.
        var searched = c
        searched.betaSearch = true
        searched.annealSteps = 50
        let searchedPlain = try TrainingRun.execute(searched, dataset: .foldIn(data))
        let searchedProbed = try TrainingRun.execute(searched, dataset: .foldIn(data), geometry: options)
        #expect(searchedPlain.geometry == nil && searchedProbed.betaSearch != nil)
        #expect(searchedPlain.test.values == searchedProbed.test.values)
        #expect(searchedProbed.geometry?.users == 15)
        var b = smallCornacConfiguration(.bivae)
        b.epochs = 2
        #expect(try TrainingRun.execute(b, dataset: .given(givenBlockSplit()), geometry: options).geometry == nil)
    }

    @Test("Binned means and the scatter: one dot per pair, a line through the bin means")
    func scatter() {
        let bins = LinePlot.binnedMeans(x: [0.05, 0.07, 0.55, 1.0, 1.0, .nan, 1.2], y: [1, 3, 5, 2, 4, 9, 9])
        #expect(bins.count == 3)
        #expect(bins.map(\.count) == [2, 1, 2])
        #expect(abs(bins[0].centre - 0.05) < 1e-12 && bins[0].mean == 2)
        #expect(abs(bins[1].centre - 0.55) < 1e-12 && bins[1].mean == 5)
        #expect(bins[2].centre == 1 && bins[2].mean == 3)  // disjoint pairs: a bin of their own
        let edge = LinePlot.binnedMeans(x: [0.95, 0.999, 1], y: [1, 2, 6])
        #expect(edge.map(\.count) == [2, 1] && edge[0].mean == 1.5 && abs(edge[0].centre - 0.95) < 1e-12 && edge[1].mean == 6)
        let svg = LinePlot.w2Scatter(title: "t", distances: [0.1, 0.5, 0.9, 0.95], w2: [1, 2, 3, 4]).svg()
        #expect(svg.components(separatedBy: #"<circle class="dot""#).count - 1 == 4)
        #expect(svg.contains(#"class="line""#))
        #expect(svg.contains("mean per 0.1 bin (disjoint pairs at 1)"))
    }

    @Test("End to end: per-run files, the experiment's geometry table (mean ± std over seeds) and plot")
    func endToEnd() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let dataPath = try writeRatingsFixture(in: dir)
        let text = specJSON(dataPath: dataPath, grid: #""keepProbability": [1, 0.5]"#,
                            extra: #", "diagnostics": {"geometry": {"users": 20, "pairs": 30, "maskDraws": 2, "neighbours": 3, "keepProbability": 0.5}}"#)
        var spec = try ExperimentSpec.parse(Data(text.utf8))
        spec.output = dir.appendingPathComponent("out").path
        let runs = try GridExpansion.expand(spec)
        let store = RunStore(root: URL(fileURLWithPath: spec.output))
        let runner = ExperimentRunner(store: store, options: RunnerOptions(), checkpointEvery: 0) { total, done in
            ProgressReporter(total: total, alreadyDone: done, workers: 1, live: false) { _ in }
        }
        runner.geometry = spec.geometry
        let report = try runner.run(runs) { _ in }
        #expect(report.completed.count == 4)
        for run in runs {
            let folder = store.folder(run.runID)
            let summary = try #require(LatentGeometryFiles.readSummary(folder))
            #expect(summary["users"] == 10 && summary["pairs"] == 30 && summary["neighbours"] == 3 && summary["keep_probability"] == 0.5)
            let pairs = try String(contentsOf: folder.appendingPathComponent("geometry_pairs.csv"), encoding: .utf8).split(separator: "\n")
            #expect(pairs.count == 31 && pairs[0] == "user_a,user_b,cosine_distance,jaccard_distance,w2,mean_distance")
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("geometry_w2.svg").path))
        }
        let results = try ExperimentResults.forSpec(spec, runs: runs, store: store)
        #expect(results.hasGeometry)
        let group = results.groups[0]
        let values = group.runs.map { $0.geometry!["knn_overlap"]! }
        let cell = results.geometryCell(group, "knn_overlap")
        #expect(cell.n == 2 && abs(cell.mean - (values[0] + values[1]) / 2) < 1e-12)
        #expect(abs(cell.std - abs(values[0] - values[1]) / 2.0.squareRoot()) < 1e-12)
        try ResultTables.write(results, title: "t", to: store.root)
        let table = try String(contentsOf: store.root.appendingPathComponent("geometry_summary.csv"), encoding: .utf8).split(separator: "\n")
        #expect(table.count == 3 && table[0].contains("knn_overlap_mean,knn_overlap_std"))
        #expect(table[1].contains(ResultTables.number(cell.mean) + "," + ResultTables.number(cell.std)))
        let md = try String(contentsOf: store.root.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(md.contains("## Latent geometry") && md.contains("kNN overlap"))
        #expect(ResultTables.geometryText(results)?.contains("ρ(W2, cos)") == true)
        let plots = try ExperimentPlots.write(results, store: store, title: "t", to: store.root.appendingPathComponent("plots"))
        #expect(plots.contains { $0.lastPathComponent == "geometry_w2_vs_input.svg" })
    }
}
