import Foundation
import VAEData
import VAEHarness

/// `vaelab data split`: applies the vae_cf protocol to a dataset and writes the split in
/// the vae_cf folder layout, so other tools (or the notebook) can train on the same users.
struct DataSplitCommand: Command {
    static let name = "data split"
    static let abstract = "Write a dataset's vae_cf strong-generalisation split as vae_cf files."
    static let usage = "vaelab data split --data <path> --format <format> --held-out-users <n> --output <folder>"
    static let discussion = """
        Writes train.csv, validation_tr.csv, validation_te.csv, test_tr.csv, test_te.csv
        (header uid,sid), unique_sid.txt and unique_uid.txt. 'vaelab train --format vaecf
        --data <folder>' trains on such a folder, whoever wrote it.
        """
    static let options: [OptionSpec] = DataOptions.options + [
        .option("output", "folder", "Where to write the files."),
    ]

    var configuration = TrainingConfiguration()
    let output: String

    init(_ a: ParsedArguments) throws {
        try DataOptions.apply(a, to: &configuration)
        guard let o = a.string("output") else { throw UsageError("'data split' needs --output <folder>") }
        output = o
    }

    func validate() throws {
        try DataOptions.validate(configuration)
        guard configuration.dataFormat != DatasetLoader.vaecfFormat else {
            throw UsageError("'data split' reads a raw dataset; --format vaecf is already a split")
        }
    }

    func run(_ console: Console) throws -> Int32 {
        let split = try DatasetLoader.strongGeneralization(configuration).split
        for line in split.log { console.err("data: \(line)") }
        try VAECFFiles.write(split, to: URL(fileURLWithPath: output))
        console.out("wrote \(output): \(split.train.rows) training, \(split.validationFoldIn.rows) validation, \(split.testFoldIn.rows) test users, \(split.itemCount) items")
        return 0
    }
}
