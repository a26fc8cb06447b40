import Foundation
import Testing
@testable import VAEHarness

/// The strict JSON syntax check in front of every spec, configuration and expected-values
/// file: what it accepts, and the line, column and expectation of what it rejects.
@Suite("JSON syntax: strict, with line and column")
struct JSONSyntaxTests {
    static func message(_ text: String) -> String? {
        do {
            try JSONSyntax.check(Data(text.utf8), file: "s.json")
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("Valid documents pass, and Foundation reads each of them too",
          arguments: [
            #"{}"#, #"[]"#, #" { "a" : [1, -2, 0, 0.5, -0.25e-3, 1E+2, 3e7, true, false, null, "x"] } "#,
            #"{"nested": {"deep": [[[]], [{}], {"k": [{"k": []}]}]}}"#,
            #"{"escapes": "\" \\ \/ \b \f \n \r \t \u00e9 \uD83D\uDE00"}"#,
            "{\"unicode\": \"β-KL, λ_A, ≥ 4 — 😀\"}", "\u{FEFF}{\"bom\": 1}", "\"a bare string\"", "0", "-0.0",
          ])
    func valid(text: String) throws {
        #expect(Self.message(text) == nil)
        _ = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    @Test("Every committed spec, configuration and expected-values file passes")
    func committedFiles() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folders = ["experiments", "experiments/expected"].map { root.appendingPathComponent($0) }
        var checked = 0
        for folder in folders {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".json") {
                let url = folder.appendingPathComponent(name)
                try JSONSyntax.check(try Data(contentsOf: url), file: url.path)
                checked += 1
            }
        }
        #expect(checked >= 20)
    }

    @Test("Trailing commas, which Foundation accepts, are rejected where they stand")
    func trailingCommas() throws {
        let text = "{\n  \"name\": \"x\",\n  \"seeds\": [1, 2,],\n}\n"
        // Foundation alone lets this through: the reason the check exists.
        #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) != nil)
        #expect(Self.message(text) == "s.json: line 3, column 18: found ']', expected another value after ',' (a trailing comma is not JSON)")
        #expect(Self.message("{\"a\": 1,\n}") == "s.json: line 2, column 1: found '}', expected another key after ',' (a trailing comma is not JSON)")
    }

    @Test("Each kind of error names its line, column, what stands there and what was expected",
          arguments: [
            ("{\n  \"name\": \"x\"\n  \"seeds\": [1]\n}", "line 3, column 3: found '\"', expected ',' or '}' after the value of \"name\""),
            ("{\"seeds\": [1 2]}", "line 1, column 14: found '2', expected ',' or ']' in an array"),
            ("{\"seeds\": [1", "line 1, column 13: found the end of the file, expected ',' or ']' in an array"),
            ("{\"a\" 1}", "line 1, column 6: found '1', expected ':' after the key \"a\""),
            ("{a: 1}", "line 1, column 2: found 'a', expected a key in double quotes"),
            ("{\"a\": }", "line 1, column 7: found '}', expected a value (object, array, string, number, true, false or null) for the key \"a\""),
            ("{\"a\": 'x'}", "line 1, column 7: found ''', expected a value (object, array, string, number, true, false or null) for the key \"a\""),
            ("{\"a\": \"x\ny\"}", "line 1, column 9: found a line break, expected the closing '\"' of the string that starts at line 1, column 7 (a line break or control character inside a string must be escaped)"),
            ("{\"a\": \"x", "line 1, column 9: found the end of the file, expected the closing '\"' of the string that starts at line 1, column 7"),
            ("{\"a\": \"\\x\"}", "line 1, column 9: found 'x', expected an escape (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX)"),
            ("{\"a\": \"\\u12g4\"}", "line 1, column 12: found 'g', expected four hexadecimal digits after \\u"),
            ("{\"a\": 01}", "line 1, column 8: found '1', expected no leading zero in a number"),
            ("{\"a\": 1.}", "line 1, column 9: found '}', expected a digit after the decimal point"),
            ("{\"a\": -}", "line 1, column 8: found '}', expected a digit"),
            ("{\"a\": 1e}", "line 1, column 9: found '}', expected a digit in the exponent"),
            ("{\"a\": tru}", "line 1, column 10: found '}', expected a value (object, array, string, number, true, false or null)"),
            ("{\"a\": NaN}", "line 1, column 7: found 'N', expected a value (object, array, string, number, true, false or null) for the key \"a\""),
            ("{} {}", "line 1, column 4: found '{', expected the end of the document after the top-level value"),
            ("", "line 1, column 1: found the end of the file, expected a value (object, array, string, number, true, false or null)"),
            ("{\"λ\": \"β\" ,, }", "line 1, column 12: found ',', expected a key in double quotes"),
            ("{\"β\": 1 é}", "line 1, column 9: found 'é', expected ',' or '}' after the value of \"β\""),
          ])
    func errors(text: String, expected: String) {
        #expect(Self.message(text) == "s.json: " + expected)
    }

    @Test("Nesting beyond the limit is an error, not a stack overflow")
    func depth() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(Self.message(deep) == "s.json: line 1, column 257: found '[', expected at most 256 levels of nesting")
        let fine = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(Self.message(fine) == nil)
    }

    @Test("Specs and configuration files go through the check: a trailing comma fails `vaelab`'s readers")
    func readers() throws {
        let spec = Data("{\n  \"name\": \"x\",\n  \"seeds\": [1,],\n  \"output\": \"o\"\n}\n".utf8)
        #expect(throws: JSONValueError.self) { try JSONObject.parse(spec, file: "s.json") }
        let config = Data("{\"model\": \"multvae\", \"epochs\": 3,}".utf8)
        do {
            _ = try TrainingConfiguration.decodeConfigFile(config, file: "c.json", environment: [:])
            Issue.record("a trailing comma in a configuration file was accepted")
        } catch {
            #expect("\(error)" == "c.json: line 1, column 34: found '}', expected another key after ',' (a trailing comma is not JSON)")
        }
    }
}
