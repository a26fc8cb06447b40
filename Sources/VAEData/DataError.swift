/// Every way reading, preprocessing, splitting or caching data can fail.
///
/// Each message names where the problem is (`file:line` for input files), what was found
/// and what was expected, so a user can fix the input without reading the code.
public enum DataError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A file or directory could not be read (missing, unreadable, not a regular file).
    case unreadable(path: String, reason: String)
    /// A line does not have the shape the format requires.
    case malformedLine(file: String, line: Int, text: String, expected: String)
    /// A header line is missing or names other columns.
    case badHeader(file: String, found: String, expected: String)
    /// An id is outside the range the format or a file layout allows.
    case idOutOfRange(file: String, line: Int, id: String, allowed: String)
    /// The same (user, item) pair appears twice where the protocol forbids it.
    case duplicatePair(file: String, line: Int, user: String, item: String, firstLine: Int)
    /// Nothing is left after a step (reading, thresholding, filtering, splitting).
    case emptyDataset(step: String)
    /// There are not enough users for the requested number of held-out users.
    case notEnoughUsers(available: Int, required: Int, detail: String)
    /// An option value is invalid (negative count, unknown format name, …).
    case invalidOption(String)
    /// A file could not be written.
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "cannot read \(path): \(reason)"
        case let .malformedLine(file, line, text, expected):
            return "\(file):\(line): found \"\(DataError.clip(text))\", expected \(expected)"
        case let .badHeader(file, found, expected):
            return "\(file):1: header \"\(DataError.clip(found))\" does not match, expected \(expected)"
        case let .idOutOfRange(file, line, id, allowed):
            return "\(file):\(line): id \"\(DataError.clip(id))\" is out of range, expected \(allowed)"
        case let .duplicatePair(file, line, user, item, firstLine):
            return "\(file):\(line): duplicate pair user \"\(user)\", item \"\(item)\" (first seen on line \(firstLine))"
        case let .emptyDataset(step):
            return "no interactions left after \(step)"
        case let .notEnoughUsers(available, required, detail):
            return "only \(available) users, but \(required) are required: \(detail)"
        case let .invalidOption(message):
            return "invalid option: \(message)"
        case let .unwritable(path, reason):
            return "cannot write \(path): \(reason)"
        }
    }

    /// Shortens long offending text so a message stays one readable line.
    static func clip(_ text: String) -> String {
        text.count <= 120 ? text : String(text.prefix(117)) + "..."
    }
}
