import Foundation
import Testing
import VAEModels
@testable import VAEHarness

/// The spectra experiment specs expand (through the runner's own reader) into valid runs of
/// the intended design: models × label smoothing × DirectSpec on the given split, spectra
/// every 25 epochs and saved embeddings.
@Suite("Spectra experiment specs")
struct SpectraSpecTests {
    static let folder = BilateralSpecTests.folder

    func expand(_ file: String) throws -> (ExperimentSpec, [PlannedRun]) {
        let spec = try ExperimentSpec.load(Self.folder.appendingPathComponent(file).path)
        return (spec, try GridExpansion.expand(spec, environment: ["VAELAB_SHARED_DATA": "/data"]))
    }

    func checkCommon(_ spec: ExperimentSpec, _ runs: [PlannedRun], dataset: String) {
        #expect(spec.spectra == SpectrumLog.Options(everyEpochs: 25, saveEmbeddings: true))
        #expect(spec.baseline?.keys.sorted() == ["directSpecWeight", "labelSmoothing"])
        for r in runs {
            let c = r.configuration
            // Only models that train on a given split; DirectSpec at its defaults apart from λ_S.
            #expect(c.model.isCornacFamily && c.protocol == .given && c.selection == .lastEpoch)
            #expect(c.directSpecProblem == nil)
            #expect(c.directSpecForm == .softmax && c.directSpecTau == 3 && c.directSpecSide == .both && c.directSpecEvery == 1)
            #expect(c.latentDim == 20 && c.hiddenDims == [40] && c.batchSize == 128 && c.likelihood == .poisson)
            #expect(r.execution.trainPath?.hasPrefix("/data/\(dataset)/") == true && r.execution.testPath?.hasPrefix("/data/\(dataset)/") == true)
            // Gowalla adds NDCG@100, the PIA paper's metric, so its Mult-VAE runs are pia-gowalla's too.
            #expect(c.metrics == ["RecallFull@20", "NDCG@20", "RecallFull@50", "NDCG@50"] + (dataset == "gowalla" ? ["NDCG@100"] : []))
        }
        let cells = Set(runs.map { "\($0.configuration.model.rawValue) \($0.configuration.labelSmoothing) \($0.configuration.directSpecWeight)" })
        for s in [0, 0.001] { for w in [0, 100.0] { #expect(cells.contains("bivae \(s) \(w)")) } }
    }

    @Test("spectra-kindle: BiVAE and DualVAE × α ∈ {0, 0.001} × λ_S ∈ {0, 100} on the Kindle split")
    func kindle() throws {
        let (spec, runs) = try expand("spectra-kindle.json")
        #expect(runs.count == 2 * 2 * 2 && spec.seeds == [1])
        checkCommon(spec, runs, dataset: "akindle")
        #expect(Set(runs.map(\.configuration.model)) == [.bivae, .dualvae])
        #expect(runs.allSatisfy { $0.configuration.dataFormat == "uidiid-csv" && $0.configuration.epochs == 500 })
        for r in runs where r.configuration.model == .dualvae {
            #expect(r.configuration.aspects == 5 && r.configuration.contrastiveWeight == 0.01 && r.configuration.temperature == 0.2)
        }
    }

    @Test("spectra-gowalla: BiVAE × α ∈ {0, 0.001} × λ_S ∈ {0, 100} on Gowalla's LightGCN split")
    func gowalla() throws {
        let (spec, runs) = try expand("spectra-gowalla.json")
        #expect(runs.count == 4)
        checkCommon(spec, runs, dataset: "gowalla")
        #expect(runs.allSatisfy { $0.configuration.model == .bivae && $0.configuration.dataFormat == "lightgcn" && $0.configuration.epochs == 200 })
    }

    @Test("spectra-gowalla-multvae: Mult-VAE ± PIA anchors on the same Gowalla split, metrics and diagnostics as spectra-gowalla")
    func gowallaMultVAE() throws {
        let (spec, runs) = try expand("spectra-gowalla-multvae.json")
        let (bilateral, bilateralRuns) = try expand("spectra-gowalla.json")
        #expect(runs.count == 2 && spec.seeds == [1] && spec.baselineText == ["anchorWeight": "0"])
        #expect(spec.spectra == bilateral.spectra)
        #expect(runs.map(\.configuration.anchorWeight) == [0, 0.01])
        for r in runs {
            let c = r.configuration
            #expect(c.model == .multvae && c.protocol == .given && c.selection == .lastEpoch && c.ratingThreshold == nil)
            #expect(c.metrics == bilateralRuns[0].configuration.metrics && c.dataFormat == "lightgcn" && !c.dropUnknownItems)
            #expect(r.execution.trainPath == bilateralRuns[0].execution.trainPath && r.execution.testPath == bilateralRuns[0].execution.testPath)
            #expect(c.hiddenDims == [600] && c.latentDim == 200 && c.keepProbability == 0.5 && c.batchSize == 500 && c.epochs == 200)
            // β reaches its cap after 85.5 % of the updates: 60 batches per epoch on 29,858 users.
            #expect(c.betaCap == 0.2 && c.annealSteps == 200_000 * 60 / 234)
            #expect(c.directSpec == nil && c.labelSmoothing == 0)
        }
    }
}
