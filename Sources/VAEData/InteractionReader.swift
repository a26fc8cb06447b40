import Foundation

/// Entry point for reading one interaction file (or a Netflix directory) in a given format.
public enum InteractionReader {
    /// Reads `path` as `format` into an interned `InteractionTable` (rows in file order,
    /// ids interned in first-appearance order). Throws `DataError` naming `file:line` for
    /// malformed input and `emptyDataset` for a file with no events.
    public static func read(_ path: URL, format: DataFormat) throws -> InteractionTable {
        let table: InteractionTable
        switch format {
        case .ml100k, .ml1m, .ml20m: table = try MovieLensReader.read(path, format: format)
        case .recbole: table = try RecBoleReader.read(path)
        case .netflix: table = try NetflixReader.read(path)
        case .msd: table = try MSDReader.read(path)
        case .uidIidCSV: table = try UidIidCSVReader.read(path)
        case .lightgcn: table = try LightGCNReader.read(path)
        case .citeulike: table = try CiteULikeReader.read(path)
        case .triples: table = try TriplesReader.read(path)
        }
        guard table.count > 0 else { throw DataError.emptyDataset(step: "reading \(path.path) as \(format.rawValue)") }
        return table
    }

    /// Reads several files of one `format` and pools them in order
    /// (`InteractionTable.pooled`): the same ids, rows and ratings as reading their
    /// concatenation. One file is `read(_:format:)`.
    public static func read(_ paths: [URL], format: DataFormat) throws -> InteractionTable {
        guard !paths.isEmpty else { throw DataError.invalidOption("no dataset file to read") }
        if paths.count == 1 { return try read(paths[0], format: format) }
        return InteractionTable.pooled(try paths.map { try read($0, format: format) })
    }

    /// `read` for a path string.
    public static func read(_ path: String, format: DataFormat) throws -> InteractionTable {
        try read(URL(fileURLWithPath: path), format: format)
    }
}
