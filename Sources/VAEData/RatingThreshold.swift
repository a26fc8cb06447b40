/// Which ratings count as positives: `rating > value` or `rating >= value`.
///
/// protocols.md §1.2 step 1: ML-20M and Netflix keep `rating > 3.5`; the Epinions
/// convention keeps `rating >= 4`. Written and parsed as `>3.5` / `>=4` (CLI and cache key).
public struct RatingThreshold: Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Comparison: String, Sendable, Codable {
        case greaterThan = ">"
        case atLeast = ">="
    }

    public var comparison: Comparison
    public var value: Float

    public init(_ comparison: Comparison, _ value: Float) {
        self.comparison = comparison
        self.value = value
    }

    /// Keep `rating > value`.
    public static func greaterThan(_ value: Float) -> RatingThreshold { .init(.greaterThan, value) }
    /// Keep `rating >= value`.
    public static func atLeast(_ value: Float) -> RatingThreshold { .init(.atLeast, value) }

    /// Parses `>3.5`, `>=4`, `> 3.5`; a bare number means `>=`.
    public init(parsing text: String) throws {
        var rest = Substring(text.trimmingCharacters(in: [" "]))
        var comparison = Comparison.atLeast
        if rest.hasPrefix(">=") { rest = rest.dropFirst(2) } else if rest.hasPrefix(">") { comparison = .greaterThan; rest = rest.dropFirst() }
        guard let v = Float(rest.trimmingCharacters(in: [" "])), v.isFinite else {
            throw DataError.invalidOption("rating threshold \"\(text)\", expected e.g. \">3.5\" or \">=4\"")
        }
        self.init(comparison, v)
    }

    /// Whether `rating` passes.
    public func keeps(_ rating: Float) -> Bool {
        comparison == .greaterThan ? rating > value : rating >= value
    }

    public var description: String { "\(comparison.rawValue)\(value)" }
}

private extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}

private extension Substring {
    func trimmingCharacters(in set: Set<Character>) -> String { String(self).trimmingCharacters(in: set) }
}
