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
}
