import Foundation
import Testing
@testable import VAEHarness

@Suite("Training configuration from JSON")
struct ConfigurationTests {
    func decode(_ json: String) throws -> TrainingConfiguration {
        try TrainingConfiguration.decode(Data(json.utf8), file: "c.json")
    }

    func message(_ json: String) -> String {
        do {
            _ = try decode(json)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test("Absent keys keep vae_cf's defaults; given keys override them")
    func defaults() throws {
        let c = try decode(#"{"model": "multdae", "epochs": 3, "hiddenDims": [50], "ratingThreshold": ">=4"}"#)
        #expect(c.model == .multdae && c.epochs == 3 && c.hiddenDims == [50] && c.ratingThreshold == ">=4")
        #expect(c.batchSize == 500 && c.betaCap == 0.2 && c.annealSteps == 200_000 && c.keepProbability == 0.5)
        #expect(c.learningRate == 1e-3 && c.adamEpsilon == .tensorflow && c.selectionMetric == "NDCG@100")
        #expect(try decode(#"{"ratingThreshold": null}"#).ratingThreshold == nil)
    }

    @Test("Errors name the JSON path, the value found and what is allowed")
    func errors() {
        #expect(message(#"{"epoch": 3}"#).hasPrefix("c.json: $.epoch: found an unknown key, expected one of: dataPath, "))
        #expect(message(#"{"epochs": "ten"}"#) == #"c.json: $.epochs: found "ten", expected an integer in 1...1000000"#)
        #expect(message(#"{"epochs": 2.5}"#) == "c.json: $.epochs: found 2.5, expected an integer in 1...1000000")
        #expect(message(#"{"keepProbability": 1.5}"#) == "c.json: $.keepProbability: found 1.5, expected a number in [0.0001, 1.0]")
        #expect(message(#"{"model": "recvae"}"#) == #"c.json: $.model: found "recvae", expected one of multvae, multdae, poisvae, bivae, dualvae"#)
        #expect(message(#"{"hiddenDims": [600, -1]}"#) == "c.json: $.hiddenDims[1]: found -1, expected an integer in 1...100000")
        #expect(message(#"{"seed": true}"#).contains("$.seed: found true, expected an integer"))
        #expect(message("[1, 2]") == "c.json: $: found an array, expected a JSON object")
        #expect(message(#"{"epochs": }"#) == #"c.json: line 1, column 12: found '}', expected a value (object, array, string, number, true, false or null) for the key "epochs""#)
    }

    @Test("The encoded configuration decodes to the same configuration")
    func roundTrip() throws {
        var c = TrainingConfiguration()
        c.model = .multdae
        c.hiddenDims = [7, 3]
        c.weightPenalty = 0.5
        c.ratingThreshold = nil
        c.cacheDirectory = "/tmp/x"
        let back = try JSONDecoder().decode(TrainingConfiguration.self, from: try c.json())
        #expect(back == c)
    }
}
