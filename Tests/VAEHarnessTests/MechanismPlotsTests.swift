import Foundation
import Testing
@testable import VAEHarness

/// Issue 4's mechanism, plotted: a Cornac-family grid gets its per-epoch mean |gradient| on
/// negatives and fraction of tiny predictions as SVG plots; Mult-VAE, which does not measure
/// them, gets none.
@Suite("Mechanism plots of the Cornac-family runs", .serialized)
struct MechanismPlotsTests {
    func runGrid(model: String, in dir: URL, files: (train: String, test: String, validation: String)) throws -> [URL] {
        let text = """
            {"name": "m", "dataset": {"protocol": "given", "format": "uidiid-csv", "trainPath": "\(files.train)", "testPath": "\(files.test)"},
             "evaluation": {"metrics": ["RecallFull@2", "NDCG@2"], "selection": "lastEpoch"},
             "base": {"model": "\(model)", "hiddenDims": [4], "latentDim": 2, "epochs": 3, "batchSize": 2, "learningRate": 0.01\(model == "multvae" ? ", \"annealSteps\": 4" : "")},
             "grid": {"labelSmoothing": [0, 0.1]}, "seeds": [1]}
            """
        var spec = try ExperimentSpec.parse(Data(text.utf8))
        spec.output = dir.appendingPathComponent(model).path
        let runs = try GridExpansion.expand(spec)
        let store = RunStore(root: URL(fileURLWithPath: spec.output))
        let runner = ExperimentRunner(store: store, options: RunnerOptions(), checkpointEvery: 0) { total, done in
            ProgressReporter(total: total, alreadyDone: done, workers: 1, live: false) { _ in }
        }
        let report = try runner.run(runs) { _ in }
        #expect(report.completed.count == 2, "\(report.failed.map(\.error))")
        let results = try ExperimentResults.forSpec(spec, runs: runs, store: store)
        return try ExperimentPlots.write(results, store: store, title: "m", to: store.root.appendingPathComponent("plots"))
    }

    @Test("BiVAE: both mechanism plots, one line per smoothing value; Mult-VAE: none")
    func plots() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try TinyGivenSplit.write(in: dir)
        let bivae = try runGrid(model: "bivae", in: dir, files: files)
        let names = Set(bivae.map(\.lastPathComponent))
        #expect(names.isSuperset(of: ["mechanism_negative_gradient.svg", "mechanism_small_scores.svg"]), "\(names)")
        for plot in bivae where plot.lastPathComponent.hasPrefix("mechanism_") {
            let svg = try String(contentsOf: plot, encoding: .utf8)
            #expect(svg.contains("labelSmoothing=0") && svg.contains("labelSmoothing=0.1"))
        }
        let log = try TrainingLog.read(try #require(FileManager.default.enumerator(at: dir.appendingPathComponent("bivae/runs"), includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.first { $0.lastPathComponent == "train_log.csv" }))
        #expect(log.negativeGradient.count == 3 && log.negativeGradient.allSatisfy { $0 > 0 } && log.smallScores.allSatisfy { (0...1).contains($0) })
        let multvae = try runGrid(model: "multvae", in: dir, files: files)
        #expect(!multvae.contains { $0.lastPathComponent.hasPrefix("mechanism_") })
    }
}
