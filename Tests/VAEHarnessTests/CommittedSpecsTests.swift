import Foundation
import Testing
@testable import VAEHarness

/// Every committed file in `experiments/` is valid as it stands: specs expand (every cell
/// through the configuration reader, including the check for settings a model ignores) and
/// `vaelab train --config` files decode.
@Suite("Committed experiment files")
struct CommittedSpecsTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("experiments")

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    }

    @Test("Each spec expands and each configuration file decodes", arguments: files)
    func valid(file: String) throws {
        let url = Self.folder.appendingPathComponent(file)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        if object["seeds"] != nil {
            let spec = try ExperimentSpec.load(url.path)
            // Whatever ${VARIABLES} the spec names, set.
            let text = try String(contentsOf: url, encoding: .utf8)
            var environment: [String: String] = [:]
            for match in text.matches(of: /\$\{([A-Z0-9_]+)\}/) { environment[String(match.1)] = "/data" }
            let runs = try GridExpansion.expand(spec, environment: environment)
            #expect(runs.count == spec.seeds.count * spec.axes.reduce(1) { $0 * $1.values.count })
        } else {
            _ = try TrainingConfiguration.decode(try Data(contentsOf: url), file: file)
        }
    }
}
