/// The "ascending raw id" order of protocols.md §1.2 steps 3 and 7.
///
/// pandas sorts the user ids of `groupby` by value: numerically for integer columns,
/// lexicographically for string columns. So: when every raw id is a (possibly negative)
/// decimal integer, ids are compared as integers; otherwise they are compared as UTF-8
/// byte strings (the order pandas/numpy give to ASCII ids such as MSD user hashes).
public enum RawIDOrder {
    /// Indices into `ids`, sorted by ascending raw id.
    public static func ascending(_ ids: [String]) -> [Int] {
        let numbers = ids.map { Int($0) }
        if numbers.allSatisfy({ $0 != nil }) {
            let values = numbers.map { $0! }
            // Distinct strings can share a value ("7", "007"): ties fall back to the text.
            return ids.indices.sorted {
                values[$0] != values[$1] ? values[$0] < values[$1] : ids[$0].utf8.lexicographicallyPrecedes(ids[$1].utf8)
            }
        }
        return ids.indices.sorted { ids[$0].utf8.lexicographicallyPrecedes(ids[$1].utf8) }
    }

    /// Whether `ascending` compares `ids` numerically.
    public static func isNumeric(_ ids: [String]) -> Bool { ids.allSatisfy { Int($0) != nil } }
}
