import Foundation

/// Counts a dataset must have once its protocol has prepared it — a spec's
/// `"dataset": {"expect": {"users": 136677, "items": 20108}}` — so that a run on a user's
/// raw files stops at load when the preprocessing did not reproduce the published numbers.
///
/// - strong generalisation: `users` = users after the count filters (training + validation +
///   test users), `items` = the item set (items of the training users' events);
/// - given split: `users` = every mapped user, `items` = every mapped item (test-only ones
///   included).
public struct ExpectedCounts: Codable, Sendable, Equatable {
    public var users: Int?
    public var items: Int?

    public init(users: Int? = nil, items: Int? = nil) {
        self.users = users
        self.items = items
    }

    static let keys = ["users", "items"]

    /// Reads the `expect` object (paths name its keys).
    static func read(_ o: JSONObject) throws -> ExpectedCounts {
        let c = ExpectedCounts(users: try o.int("users", in: 0...Int.max), items: try o.int("items", in: 0...Int.max))
        try o.finish(allowedKeysHint: keys)
        return c
    }

    /// Before the split: throws when the users left by the count filters are not `users`
    /// (so a mismatch is named even when the split itself would fail on it).
    public func checkUsers(_ users: Int) throws {
        if let u = self.users, u != users {
            throw DatasetCountError(mismatches: ["users: expected \(u), found \(users) after the rating threshold and count filters"])
        }
    }

    /// Throws naming every count that differs (expected vs found); otherwise returns a log line.
    public func check(users: Int, items: Int) throws -> String {
        var mismatches: [String] = []
        if let u = self.users, u != users { mismatches.append("users: expected \(u), found \(users)") }
        if let i = self.items, i != items { mismatches.append("items: expected \(i), found \(items)") }
        guard mismatches.isEmpty else { throw DatasetCountError(mismatches: mismatches) }
        return "expect: " + [self.users.map { "\($0) users" }, self.items.map { "\($0) items" }].compactMap { $0 }.joined(separator: ", ")
            + " as expected"
    }
}

/// The prepared dataset's counts are not the ones the spec's `dataset.expect` states.
public struct DatasetCountError: Error, CustomStringConvertible {
    public var mismatches: [String]
    public var description: String {
        "the prepared dataset does not have the counts of $.dataset.expect: " + mismatches.joined(separator: "; ")
            + " (the raw file, or the protocol settings, differ from the published preprocessing)"
    }
}
