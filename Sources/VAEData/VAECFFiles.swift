import Foundation
import VAENumerics

/// The folder layout dawenl/vae_cf writes (protocols.md §1.2 step 8) and reads back.
///
/// Files: `train.csv`, `validation_tr.csv`, `validation_te.csv`, `test_tr.csv`,
/// `test_te.csv`, each with header `uid,sid` (uid = global user index: training users
/// `0..<N_tr`, then validation, then test users; sid = item column), and `unique_sid.txt`
/// (raw item ids in column order, one per line). VAELab also writes `unique_uid.txt` (raw
/// user ids in global index order), which the notebook does not; when it is absent on
/// import, users are named by their uid and held-out row ranges follow the notebook's
/// loader (`min uid … max uid` of the two files of a part).
public enum VAECFFiles {
    static let partFiles = ["train.csv", "validation_tr.csv", "validation_te.csv", "test_tr.csv", "test_te.csv"]

    /// Writes `split` into `directory` (created if needed).
    public static func write(_ split: StrongGeneralizationSplit, to directory: URL) throws {
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw DataError.unwritable(path: directory.path, reason: error.localizedDescription)
        }
        let nTr = split.trainUserCount, nVa = split.validationUserIDs.count
        let parts: [(SparseMatrix, Int)] = [(split.train, 0), (split.validationFoldIn, nTr), (split.validationHeldOut, nTr),
                                            (split.testFoldIn, nTr + nVa), (split.testHeldOut, nTr + nVa)]
        for (name, (matrix, first)) in zip(partFiles, parts) {
            var text = "uid,sid\n"
            for r in 0..<matrix.rows {
                for c in matrix.columns(ofRow: r) { text += "\(first + r),\(c)\n" }
            }
            try save(text, directory.appendingPathComponent(name))
        }
        try save(split.itemIDs.map { $0 + "\n" }.joined(), directory.appendingPathComponent("unique_sid.txt"))
        let users = split.trainUserIDs + split.validationUserIDs + split.testUserIDs
        try save(users.map { $0 + "\n" }.joined(), directory.appendingPathComponent("unique_uid.txt"))
    }

    /// Reads a vae_cf folder back into a `StrongGeneralizationSplit`. Ids outside the
    /// item list or the user ranges are errors naming `file:line`.
    public static func read(from directory: URL) throws -> StrongGeneralizationSplit {
        let itemIDs = try readLines(directory.appendingPathComponent("unique_sid.txt"))
        let uidURL = directory.appendingPathComponent("unique_uid.txt")
        let userIDs: [String]? = FileManager.default.fileExists(atPath: uidURL.path) ? try readLines(uidURL) : nil
        var parts: [[(uid: Int, sid: Int32)]] = []
        for name in partFiles {
            parts.append(try readPairs(directory.appendingPathComponent(name), itemCount: itemIDs.count))
        }
        let nTr = (parts[0].map(\.uid).max() ?? -1) + 1
        guard nTr > 0 else { throw DataError.emptyDataset(step: "reading \(directory.path)/train.csv") }
        var validationRange: Range<Int>, testRange: Range<Int>
        if let users = userIDs {
            let rest = users.count - nTr
            guard rest >= 0, rest % 2 == 0 else {
                throw DataError.invalidOption("unique_uid.txt lists \(users.count) users, train.csv \(nTr): the rest (\(rest)) must split evenly into validation and test")
            }
            validationRange = nTr..<(nTr + rest / 2)
            testRange = (nTr + rest / 2)..<users.count
        } else {
            func span(_ a: [(uid: Int, sid: Int32)], _ b: [(uid: Int, sid: Int32)]) -> Range<Int> {
                let uids = a.map(\.uid) + b.map(\.uid)
                guard let lo = uids.min(), let hi = uids.max() else { return nTr..<nTr }
                return lo..<(hi + 1)
            }
            validationRange = span(parts[1], parts[2])
            testRange = span(parts[3], parts[4])
        }
        let ranges = [0..<nTr, validationRange, validationRange, testRange, testRange]
        var matrices: [SparseMatrix] = []
        for (k, pairs) in parts.enumerated() {
            var rows = [[Int32]](repeating: [], count: ranges[k].count)
            for (line, p) in pairs.enumerated() {
                guard ranges[k].contains(p.uid) else {
                    throw DataError.idOutOfRange(file: directory.appendingPathComponent(partFiles[k]).path, line: line + 2,
                                                 id: String(p.uid), allowed: "a uid in \(ranges[k].lowerBound)..<\(ranges[k].upperBound)")
                }
                rows[p.uid - ranges[k].lowerBound].append(p.sid)
            }
            var b = CSRBuilder(cols: itemIDs.count)
            for r in rows { b.appendRow(r) }
            matrices.append(b.build())
        }
        let name: (Int) -> String = { userIDs?[$0] ?? String($0) }
        return StrongGeneralizationSplit(train: matrices[0], validationFoldIn: matrices[1], validationHeldOut: matrices[2],
                                         testFoldIn: matrices[3], testHeldOut: matrices[4], itemIDs: itemIDs,
                                         trainUserIDs: (0..<nTr).map(name), validationUserIDs: validationRange.map(name),
                                         testUserIDs: testRange.map(name),
                                         log: ["read vae_cf files from \(directory.path): \(nTr) training, \(validationRange.count) validation, \(testRange.count) test users, \(itemIDs.count) items"])
    }

    private static func save(_ text: String, _ url: URL) throws {
        do { try Data(text.utf8).write(to: url, options: .atomic) } catch {
            throw DataError.unwritable(path: url.path, reason: error.localizedDescription)
        }
    }

    private static func readLines(_ url: URL) throws -> [String] {
        var lines: [String] = []
        try TextFile.forEachLine(in: try TextFile.read(url)) { line in
            guard !line.isBlank else {
                throw DataError.malformedLine(file: url.path, line: line.number, text: line.text, expected: "one id per line")
            }
            lines.append(line.text)
        }
        return lines
    }

    private static func readPairs(_ url: URL, itemCount: Int) throws -> [(uid: Int, sid: Int32)] {
        var pairs: [(uid: Int, sid: Int32)] = []
        var fields = FieldSplitter()
        var sawHeader = false
        try TextFile.forEachLine(in: try TextFile.read(url)) { line in
            fields.split(line.bytes, separator: 0x2C)
            if !sawHeader {
                guard fields.count == 2, fields.text(0) == "uid", fields.text(1) == "sid" else {
                    throw DataError.badHeader(file: url.path, found: line.text, expected: "uid,sid")
                }
                sawHeader = true
                return
            }
            try ReaderSupport.requireFieldCount(fields, 2, file: url.path, line: line, layout: "(uid,sid)")
            let uid = ByteNumber.nonNegativeInt(try ReaderSupport.integerID(fields, 0, file: url.path, line: line, what: "uid"))!
            let sid = ByteNumber.nonNegativeInt(try ReaderSupport.integerID(fields, 1, file: url.path, line: line, what: "sid"))!
            guard sid < itemCount else {
                throw DataError.idOutOfRange(file: url.path, line: line.number, id: String(sid), allowed: "a sid below \(itemCount) (unique_sid.txt)")
            }
            pairs.append((uid, Int32(sid)))
        }
        guard sawHeader else { throw DataError.badHeader(file: url.path, found: "", expected: "uid,sid") }
        return pairs
    }
}
