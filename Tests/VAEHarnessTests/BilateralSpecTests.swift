import Foundation
import Testing
@testable import VAEHarness

/// The label-smoothing experiment specs decode into valid configurations: every grid cell's
/// `base` + grid values + model override + dataset block, through `TrainingConfiguration`'s
/// checked JSON reader (the runner's own spec reading lives elsewhere).
@Suite("Label-smoothing experiment specs")
struct BilateralSpecTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("experiments")

    @Test("Every grid cell of the Kindle LS specs is a valid Cornac-family configuration",
          arguments: ["ls-table2-kindle.json", "ls-sweep-kindle.json", "dualvae-paper-kindle.json"])
    func cells(file: String) throws {
        let spec = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.folder.appendingPathComponent(file))) as! [String: Any]
        let base = spec["base"] as! [String: Any]
        let grid = spec["grid"] as! [String: [Any]]
        let overrides = spec["overrides"] as? [String: [String: Any]] ?? [:]
        var dataset = spec["dataset"] as! [String: Any]
        dataset["dataFormat"] = dataset.removeValue(forKey: "format")
        let evaluation = spec["evaluation"] as! [String: Any]
        var cells: [[String: Any]] = [[:]]
        for (key, values) in grid.sorted(by: { $0.key < $1.key }) {
            cells = cells.flatMap { cell in values.map { v in cell.merging([key: v]) { $1 } } }
        }
        #expect(cells.count == grid.values.map(\.count).reduce(1, *))
        for cell in cells {
            var o = base.merging(dataset) { $1 }.merging(evaluation) { $1 }.merging(cell) { $1 }
            if let m = o["model"] as? String, let extra = overrides[m] { o.merge(extra) { $1 } }
            let c = try TrainingConfiguration.decode(try JSONSerialization.data(withJSONObject: o), file: file)
            #expect(c.model.isCornacFamily && c.protocol == .given && c.selection == .lastEpoch)
            #expect(c.latentDim == 20 && c.hiddenDims == [40] && c.batchSize == 128 && c.epochs == 500 && c.likelihood == .poisson)
            if c.model == .dualvae { #expect(c.aspects == 5 && c.temperature == 0.2) }
        }
    }

    @Test("The likelihood probe is BiVAE ± smoothing under the four likelihoods, and its Poisson cells are Table 2's seed-1 runs (same ids)")
    func likelihoodProbe() throws {
        let spec = try ExperimentSpec.load(Self.folder.appendingPathComponent("ls-likelihood-kindle.json").path)
        let runs = try GridExpansion.expand(spec, environment: [:])
        #expect(runs.count == 8 && runs.allSatisfy { $0.configuration.model == .bivae && $0.configuration.seed == 1 })
        #expect(Set(runs.map(\.configuration.likelihood)) == [.poisson, .multinomial, .bernoulli, .gaussian])
        let table2 = try GridExpansion.expand(try ExperimentSpec.load(Self.folder.appendingPathComponent("ls-table2-kindle.json").path),
                                              environment: [:])
        let table2IDs = Set(table2.filter { $0.configuration.model == .bivae && $0.configuration.seed == 1 }.map(\.runID))
        let poisson = Set(runs.filter { $0.configuration.likelihood == .poisson }.map(\.runID))
        #expect(poisson.count == 2 && poisson == table2IDs)
        #expect(runs.filter { $0.configuration.likelihood != .poisson }.allSatisfy { !table2IDs.contains($0.runID) })
    }

    @Test("The DualVAE mult probe is Table 2's DualVAE seed-1 cells with the likelihood switched, nothing else")
    func dualVAEMultProbe() throws {
        let probe = try GridExpansion.expand(try ExperimentSpec.load(Self.folder.appendingPathComponent("ls-dualvae-mult-kindle.json").path),
                                             environment: [:])
        let table2 = try GridExpansion.expand(try ExperimentSpec.load(Self.folder.appendingPathComponent("ls-table2-kindle.json").path),
                                              environment: [:])
        let switched = try table2.filter { $0.configuration.model == .dualvae && $0.configuration.seed == 1 }.map { run -> String in
            var c = run.configuration
            c.likelihood = .multinomial
            return try RunIdentity.runID(c)
        }
        #expect(probe.count == 2 && probe.map(\.runID) == switched)
        #expect(probe.allSatisfy { $0.configuration.likelihood == .multinomial && $0.configuration.aspects == 5 })
    }

    @Test("The Mult-VAE baseline on Kindle expands (as vaelab run does) into vae_cf's Mult-VAE on the given split, last epoch, β anneal scaled")
    func multVAEKindle() throws {
        let spec = try ExperimentSpec.load(Self.folder.appendingPathComponent("ls-multvae-kindle.json").path)
        #expect(spec.name == "ls-multvae-kindle" && spec.output == "results/ls-multvae-kindle")
        let runs = try GridExpansion.expand(spec, environment: [:])
        #expect(runs.count == 6 && Set(runs.map(\.groupID)).count == 2)
        #expect(runs.map(\.configuration.labelSmoothing) == [0, 0, 0, 0.001, 0.001, 0.001])
        #expect(runs.map(\.configuration.seed) == [1, 2, 3, 1, 2, 3])
        // Kindle: 14,356 training users → ceil(14356/500) = 29 batches per epoch; ML-20M: 234.
        let batches = (14_356 + 499) / 500
        #expect(batches == 29)
        for run in runs {
            let c = run.configuration
            #expect(c.model == .multvae && c.protocol == .given && c.selection == .lastEpoch && c.conflict == nil)
            #expect(c.ratingThreshold == nil && c.dataFormat == "uidiid-csv" && c.validationPath == nil && !c.dropUnknownItems)
            #expect(c.hiddenDims == [600] && c.latentDim == 200 && c.keepProbability == 0.5 && c.masking == .m1 && c.anchorWeight == 0)
            #expect(c.betaCap == 0.2 && c.learningRate == 1e-3 && c.adamEpsilon == .tensorflow && c.batchSize == 500 && c.epochs == 200)
            #expect(c.annealSteps == 200_000 * batches / 234)
            #expect(c.metrics == ["RecallFull@20", "NDCG@20", "RecallFull@50", "NDCG@50"])
            #expect(run.execution.trainPath == "../shared/data/akindle/train.csv" && run.execution.testPath == "../shared/data/akindle/test.csv")
        }
        // β reaches its cap at the same fraction of training as on ML-20M (within one update).
        let kindle = 0.2 * Double(runs[0].configuration.annealSteps) / Double(200 * batches)
        #expect(abs(kindle - 0.2 * 200_000 / (200 * 234)) < 1.0 / Double(200 * batches))
    }
}
