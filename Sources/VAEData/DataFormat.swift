/// The interaction file formats VAELab reads, named as the CLI's `--format` flag spells them.
public enum DataFormat: String, CaseIterable, Sendable, Codable {
    /// MovieLens 100K `u.data`: `user<TAB>item<TAB>rating<TAB>timestamp`, no header.
    case ml100k
    /// MovieLens 1M `ratings.dat`: `user::item::rating::timestamp`, no header.
    case ml1m
    /// MovieLens 20M / 25M `ratings.csv`: header `userId,movieId,rating,timestamp`.
    case ml20m
    /// RecBole atomic `.inter`: tab-separated with a typed header (`user_id:token` …).
    case recbole
    /// Netflix Prize `training_set/` (directory of `mv_*.txt`) or one such file.
    case netflix
    /// MSD Taste Profile `train_triplets.txt`: `userHash<TAB>songId<TAB>playCount`.
    case msd
    /// Split CSV with header `uid,iid` (DualVAE, label smoothing); every row a positive.
    case uidIidCSV = "uidiid-csv"
    /// LightGCN lines `user item item …`.
    case lightgcn
    /// CiteULike `users.dat`: `count item item …`, user id = 0-based line number.
    case citeulike
    /// Whitespace triples `user item rating` (Epinions).
    case triples

    /// Parses a CLI name; `ml25m` is accepted as an alias of `ml20m`.
    public init(name: String) throws {
        let lowered = name.lowercased()
        if lowered == "ml25m" { self = .ml20m; return }
        guard let format = DataFormat(rawValue: lowered) else {
            throw DataError.invalidOption("unknown format \"\(name)\", expected one of "
                + DataFormat.allCases.map(\.rawValue).joined(separator: ", ") + " (or ml25m)")
        }
        self = format
    }

    /// Whether rows of this format carry a rating (or play count) column.
    public var hasRatings: Bool {
        switch self {
        case .ml100k, .ml1m, .ml20m, .netflix, .msd, .triples: return true
        case .recbole: return true  // only if the header has a rating column; see RecBoleReader
        case .uidIidCSV, .lightgcn, .citeulike: return false
        }
    }
}
