import Foundation
import VAENumerics

/// What a benchmark ran on, recorded with its numbers: CPU model and cores (from
/// `/proc/cpuinfo`), memory (`/proc/meminfo`), OpenBLAS's build and selected kernel, the
/// Swift toolchain, the git commit and the load average (`/proc/loadavg`) when the run
/// started. Fields the system does not provide are nil.
public struct MachineInfo: Codable, Sendable, Equatable {
    public var cpuModel: String?
    public var logicalCores: Int
    public var memoryBytes: Int?
    public var openBLASConfiguration: String
    public var openBLASCore: String
    public var swiftVersion: String?
    public var gitCommit: String?
    /// 1-, 5- and 15-minute load averages.
    public var loadAverage: [Double]?

    public init(cpuModel: String?, logicalCores: Int, memoryBytes: Int?, openBLASConfiguration: String, openBLASCore: String,
                swiftVersion: String?, gitCommit: String?, loadAverage: [Double]?) {
        self.cpuModel = cpuModel
        self.logicalCores = logicalCores
        self.memoryBytes = memoryBytes
        self.openBLASConfiguration = openBLASConfiguration
        self.openBLASCore = openBLASCore
        self.swiftVersion = swiftVersion
        self.gitCommit = gitCommit
        self.loadAverage = loadAverage
    }

    /// This machine now; the toolchain and commit are the caller's (they need processes).
    public static func current(swiftVersion: String?, gitCommit: String?) -> MachineInfo {
        MachineInfo(cpuModel: read("/proc/cpuinfo").flatMap(cpuModel(cpuinfo:)),
                    logicalCores: ProcessInfo.processInfo.activeProcessorCount,
                    memoryBytes: read("/proc/meminfo").flatMap(memoryBytes(meminfo:)),
                    openBLASConfiguration: BLAS.configuration, openBLASCore: BLAS.coreName,
                    swiftVersion: swiftVersion, gitCommit: gitCommit, loadAverage: currentLoadAverage())
    }

    /// The load average now, or nil off Linux.
    public static func currentLoadAverage() -> [Double]? { read("/proc/loadavg").flatMap(loadAverage(loadavg:)) }

    /// The first `model name` of a `/proc/cpuinfo` text.
    public static func cpuModel(cpuinfo: String) -> String? {
        for line in cpuinfo.split(separator: "\n") where line.hasPrefix("model name") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    /// `MemTotal` of a `/proc/meminfo` text, in bytes.
    public static func memoryBytes(meminfo: String) -> Int? {
        ProcessMemory.kilobytes("MemTotal", in: meminfo).map { $0 * 1024 }
    }

    /// The three load averages of a `/proc/loadavg` text.
    public static func loadAverage(loadavg: String) -> [Double]? {
        let fields = loadavg.split(separator: " ").prefix(3).compactMap { Double($0) }
        return fields.count == 3 ? fields : nil
    }

    static func read(_ path: String) -> String? {
        (try? Data(contentsOf: URL(fileURLWithPath: path))).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// The process's resident memory from `/proc/self/status`: `VmHWM` (the peak resident set
/// size so far) and `VmRSS` (now), in bytes.
public enum ProcessMemory {
    public static func peakResidentBytes() -> Int? {
        MachineInfo.read("/proc/self/status").flatMap { kilobytes("VmHWM", in: $0) }.map { $0 * 1024 }
    }

    public static func residentBytes() -> Int? {
        MachineInfo.read("/proc/self/status").flatMap { kilobytes("VmRSS", in: $0) }.map { $0 * 1024 }
    }

    /// The value of a `Key:   1234 kB` line.
    public static func kilobytes(_ key: String, in text: String) -> Int? {
        for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
            let fields = line.dropFirst(key.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let v = fields.first.flatMap({ Int($0) }) else { return nil }
            return v
        }
        return nil
    }
}
