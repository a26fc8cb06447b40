import Foundation

enum FileHandleShim {
    static func writeStandardError(_ s: String) {
        FileHandle.standardError.write(Data(s.utf8))
    }
}
