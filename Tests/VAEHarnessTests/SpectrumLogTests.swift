import Foundation
import Testing
import VAEDiagnostics
import VAENumerics
@testable import VAEHarness

@Suite("Embedding spectra of runs")
struct SpectrumLogTests {
    let data = foldInData(blockData(), heldOut: 20)

    func rows(_ url: URL) throws -> [[Substring]] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
    }

    @Test("Every N epochs and for the final model: raw and centred spectra of users and items, with summaries")
    func records() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var c = smallConfiguration()
        c.epochs = 6
        let log = SpectrumLog(folder: dir, options: .init(everyEpochs: 2, saveEmbeddings: true), resumedAfter: nil)
        let outcome = try TrainingRun.execute(c, dataset: .foldIn(data), spectra: log)
        let summary = try rows(dir.appendingPathComponent("spectrum_summary.csv"))
        // Epochs 2, 4, 6 (training) and the selected epoch (final) × {items, users} × {raw, centred}.
        #expect(summary.count == 4 * 4)
        #expect(summary.filter { $0[0] == "final" }.allSatisfy { Int($0[1]) == outcome.selectedEpoch })
        #expect(Set(summary.map { "\($0[0]),\($0[1])" }) == ["training,2", "training,4", "training,6", "final,\(outcome.selectedEpoch)"])
        // Users: 80 training users × latent 4 → 4 values per record; items: 40 × hidden 16 → 16.
        let spectra = try rows(dir.appendingPathComponent("spectra.csv"))
        #expect(spectra.filter { $0[0] == "final" && $0[2] == "users" }.count == 2 * 4)
        #expect(spectra.filter { $0[0] == "final" && $0[2] == "items" }.count == 2 * 16)
        // The recorded values are those of the saved embeddings' own decomposition.
        let users = try #require(outcome.finalEmbeddings["users"])
        #expect(users.rows == 80 && users.cols == 4)
        let saved = try Data(contentsOf: dir.appendingPathComponent("embeddings_users.npy"))
        #expect(saved.count > 80 * 4 * 4)
        // Effective ranks lie between 1 and the dimension.
        for r in summary { let erank = Double(r[6])!; #expect(erank >= 1 && erank <= Double(r[5])! + 1e-9) }
    }

    @Test("A resumed run keeps the records up to its checkpoint and drops the rest")
    func resume() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var c = smallConfiguration()
        c.epochs = 6
        _ = try TrainingRun.execute(c, dataset: .foldIn(data), spectra: SpectrumLog(folder: dir, options: .init(everyEpochs: 2), resumedAfter: nil))
        let log = SpectrumLog(folder: dir, options: .init(everyEpochs: 2), resumedAfter: 3)
        try log.record(stage: "training", epoch: 4, embeddings: ["users": data.train.dense()])
        let epochs = try rows(dir.appendingPathComponent("spectrum_summary.csv")).map { "\($0[0]),\($0[1])" }
        #expect(Set(epochs) == ["training,2", "training,4"])
    }

    @Test("Specs take a diagnostics block, checked like the rest")
    func spec() throws {
        let ok = try ExperimentSpec.parse(Data(specJSON(dataPath: "x", extra: #", "diagnostics": {"spectraEvery": 5, "saveEmbeddings": true}"#).utf8))
        #expect(ok.spectra == SpectrumLog.Options(everyEpochs: 5, saveEmbeddings: true))
        #expect(throws: JSONValueError.self) {
            try ExperimentSpec.parse(Data(specJSON(dataPath: "x", extra: #", "diagnostics": {"spectra": 5}"#).utf8))
        }
    }

    @Test("BiVAE and DualVAE: spectra of the stored posterior means, users × k and users × (A·k); training is not disturbed",
          arguments: [TrainingConfiguration.ModelKind.bivae, .dualvae])
    func bilateral(model: TrainingConfiguration.ModelKind) throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var c = smallCornacConfiguration(model)
        c.epochs = 4
        let split = givenBlockSplit()
        let plain = try TrainingRun.execute(c, dataset: .given(split))
        let logged = try TrainingRun.execute(c, dataset: .given(split),
                                             spectra: SpectrumLog(folder: dir, options: .init(everyEpochs: 2), resumedAfter: nil))
        #expect(plain.test.values == logged.test.values)
        let width = model == .bivae ? c.latentDim : c.latentDim * c.aspects
        #expect(logged.finalEmbeddings["users"]?.rows == 60 && logged.finalEmbeddings["users"]?.cols == width)
        #expect(logged.finalEmbeddings["items"]?.rows == 40 && logged.finalEmbeddings["items"]?.cols == width)
        let summary = try rows(dir.appendingPathComponent("spectrum_summary.csv"))
        #expect(Set(summary.map { "\($0[0]),\($0[1])" }) == ["training,2", "training,4", "final,4"])
    }
}

@Suite("Final embeddings as .npy")
struct SavedEmbeddingsTests {
    func saved(_ dir: URL, _ name: String) throws -> Matrix {
        try NumpyArrayFile.read(from: dir.appendingPathComponent("embeddings_\(name).npy"))
    }

    func files(_ dir: URL) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".npy") })
    }

    @Test("Mult-VAE with PIA anchors: users (μ of the training rows), items (decoder output rows) and the anchor table, as saved")
    func multVAEAnchors() throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var c = smallConfiguration()
        c.epochs = 3
        c.anchorWeight = 0.1
        let o = try TrainingRun.execute(c, dataset: .foldIn(foldInData(blockData(), heldOut: 20)),
                                        spectra: SpectrumLog(folder: dir, options: .init(saveEmbeddings: true), resumedAfter: nil))
        #expect(try files(dir) == ["embeddings_users.npy", "embeddings_items.npy", "embeddings_anchors.npy"])
        let anchors = try saved(dir, "anchors")
        #expect(anchors.rows == 40 && anchors.cols == c.latentDim && anchors == o.finalEmbeddings["anchors"])
        #expect(try saved(dir, "users") == o.finalEmbeddings["users"] && o.finalEmbeddings["users"]?.cols == c.latentDim)
        #expect(try saved(dir, "items") == o.finalEmbeddings["items"] && o.finalEmbeddings["items"]?.cols == 16)
        // Without anchors there is no anchor file.
        let plainDir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: plainDir) }
        c.anchorWeight = 0
        _ = try TrainingRun.execute(c, dataset: .foldIn(foldInData(blockData(), heldOut: 20)),
                                    spectra: SpectrumLog(folder: plainDir, options: .init(saveEmbeddings: true), resumedAfter: nil))
        #expect(try files(plainDir) == ["embeddings_users.npy", "embeddings_items.npy"])
    }

    @Test("BiVAE and DualVAE: the final stored means μθ, μβ as saved; PoisVAE: users' μ and decoder output rows",
          arguments: [TrainingConfiguration.ModelKind.bivae, .dualvae, .poisvae])
    func cornac(model: TrainingConfiguration.ModelKind) throws {
        let dir = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        var c = smallCornacConfiguration(model)
        c.epochs = 2
        let o = try TrainingRun.execute(c, dataset: .given(givenBlockSplit()),
                                        spectra: SpectrumLog(folder: dir, options: .init(saveEmbeddings: true), resumedAfter: nil))
        #expect(try files(dir) == ["embeddings_users.npy", "embeddings_items.npy"])
        let users = try saved(dir, "users"), items = try saved(dir, "items")
        #expect(users == o.finalEmbeddings["users"] && items == o.finalEmbeddings["items"])
        #expect(users.rows == 60 && items.rows == 40)
        switch model {
        case .bivae: #expect(users.cols == c.latentDim && items.cols == c.latentDim)
        case .dualvae: #expect(users.cols == c.latentDim * c.aspects && items.cols == c.latentDim * c.aspects)
        default: #expect(users.cols == c.latentDim && items.cols == c.hiddenDims!.last!)
        }
    }
}
