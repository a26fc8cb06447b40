/// The differences `d_i = a_i − b_i` of two paired samples, checked for what both paired
/// tests require: equal lengths, at least `minimumCount` pairs, finite differences.
enum PairedDifferences {
    static func compute(_ a: [Double], _ b: [Double], minimumCount: Int) throws(PairedTestError) -> [Double] {
        guard a.count == b.count else { throw .lengthMismatch(a.count, b.count) }
        guard a.count >= minimumCount else { throw .tooFewPairs(count: a.count, required: minimumCount) }
        var d = [Double](repeating: 0, count: a.count)
        for i in a.indices {
            d[i] = a[i] - b[i]
            guard d[i].isFinite else { throw .nonFiniteDifference(index: i) }
        }
        return d
    }
}
