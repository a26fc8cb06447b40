/// One metric at one cutoff, e.g. `NDCG@100` or `RecallFull@20`.
///
/// Parses from and prints to `<Kind>@<K>` where `<Kind>` is one of `MetricKind`'s names
/// (matched without regard to case, printed canonically) and `K ≥ 1`. A bare `Recall@K` is
/// rejected on purpose: the caller must pick `RecallCapped` or `RecallFull`.
public struct MetricSpec: Hashable, Sendable, Codable, CustomStringConvertible, LosslessStringConvertible {
    public var kind: MetricKind
    public var k: Int

    public init(_ kind: MetricKind, k: Int) {
        precondition(k >= 1, "metric cutoff K must be ≥ 1, got \(k)")
        self.kind = kind
        self.k = k
    }

    public static func ndcg(_ k: Int) -> MetricSpec { MetricSpec(.ndcg, k: k) }
    public static func recallCapped(_ k: Int) -> MetricSpec { MetricSpec(.recallCapped, k: k) }
    public static func recallFull(_ k: Int) -> MetricSpec { MetricSpec(.recallFull, k: k) }
    public static func precision(_ k: Int) -> MetricSpec { MetricSpec(.precision, k: k) }
    public static func hitRate(_ k: Int) -> MetricSpec { MetricSpec(.hitRate, k: k) }

    /// The canonical name, e.g. `RecallCapped@20`.
    public var description: String { "\(kind.name)@\(k)" }

    /// Parses a name such as `NDCG@100`; returns nil when it is not valid
    /// (use `init(parsing:)` for the reason).
    public init?(_ description: String) {
        guard let spec = try? MetricSpec(parsing: description) else { return nil }
        self = spec
    }

    /// Parses a name such as `NDCG@100`, throwing a `ParseError` that lists the allowed names.
    public init(parsing text: String) throws(ParseError) {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw ParseError(text: text, reason: "expected <Kind>@<K>") }
        let kindText = parts[0].trimmingSpaces
        let kText = parts[1].trimmingSpaces
        guard let kind = MetricKind.allCases.first(where: { $0.name.lowercased() == kindText.lowercased() }) else {
            if kindText.lowercased() == "recall" {
                throw ParseError(text: text, reason: "ambiguous recall: use RecallCapped (hits / min(K, |T|)) or RecallFull (hits / |T|)")
            }
            throw ParseError(text: text, reason: "unknown metric '\(kindText)'")
        }
        guard let k = Int(kText), k >= 1 else {
            throw ParseError(text: text, reason: "cutoff '\(kText)' is not an integer ≥ 1")
        }
        self.init(kind, k: k)
    }

    /// Encodes as its name (`"NDCG@100"`), so result files read naturally.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        do { self = try MetricSpec(parsing: text) } catch {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: error.description)
        }
    }

    /// Why a metric name did not parse; the description lists the allowed names.
    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public var text: String
        public var reason: String

        public var description: String {
            let allowed = MetricKind.allCases.map { "\($0.name)@K" }.joined(separator: ", ")
            return "invalid metric '\(text)': \(reason); allowed: \(allowed) with integer K ≥ 1 (e.g. NDCG@100, RecallCapped@20)"
        }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
