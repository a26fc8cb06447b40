import Foundation
import Testing
import VAEEvaluation
@testable import VAEHarness
import VAENumerics

/// The non-timing parts of `vaelab bench`: the synthetic generators, the held-out split,
/// the ratio arithmetic, the report's JSON shape and the /proc parsers. No timing is
/// asserted anywhere.
@Suite("Benchmark support (generators, ratios, report)")
struct BenchmarkTests {
    static func small(seed: UInt64 = 3) -> SyntheticInteractions {
        var s = SyntheticInteractions(users: 300, items: 200, nonzeros: 4_000, seed: seed)
        s.minPerUser = 3
        s.maxPerUser = 80
        return s
    }

    @Test("Synthetic interactions: exact nonzeros, sorted distinct rows, bounds per user")
    func syntheticShape() {
        let g = Self.small()
        let m = g.generate()
        #expect(m.rows == 300 && m.cols == 200)
        #expect(m.nonzeroCount == 4_000)
        #expect(m.validate() == nil)
        for u in 0..<m.rows {
            let row = Array(m.columns(ofRow: u))
            #expect(row.count >= 3 && row.count <= 80)
            #expect(zip(row, row.dropFirst()).allSatisfy { $0 < $1 }, "row \(u) not strictly increasing")
        }
        #expect(m.values.allSatisfy { $0 == 1 })
        #expect(g.rowCounts().reduce(0, +) == 4_000)
    }

    @Test("Synthetic interactions: the same seed gives the same matrix, another seed another")
    func syntheticDeterminism() {
        #expect(Self.small(seed: 3).generate() == Self.small(seed: 3).generate())
        #expect(Self.small(seed: 3).generate() != Self.small(seed: 4).generate())
    }

    @Test("Synthetic interactions: popularity is skewed (the most popular item beats the median item)")
    func syntheticSkew() {
        let m = Self.small().generate()
        var counts = [Int](repeating: 0, count: m.cols)
        for i in m.indices { counts[Int(i)] += 1 }
        let sorted = counts.sorted()
        #expect(sorted.last! > 3 * sorted[sorted.count / 2])
    }

    @Test("MSD shape: 571,355 × 41,140 with 33,633,450 positives is feasible; impossible shapes are named")
    func msdShape() {
        let msd = SyntheticInteractions.msdShaped()
        #expect(msd.users == 571_355 && msd.items == 41_140 && msd.nonzeros == 33_633_450)
        #expect(msd.problem == nil)
        var bad = SyntheticInteractions(users: 10, items: 20, nonzeros: 10, seed: 1)
        #expect(bad.problem == "maxPerUser 4000 exceeds the 20 items")
        bad.maxPerUser = 20
        #expect(bad.problem == "nonzeros 10 outside users × [minPerUser, maxPerUser] = [50, 200]")
    }

    @Test("Held-out split: fold-in ∪ targets is the row, ⌊0.2·n⌋ targets for n ≥ 5, seeded")
    func holdout() throws {
        let m = Self.small().generate()
        let task = SyntheticHoldout.task(m, rows: 10..<60, seed: 5)
        try task.validate()
        #expect(task.userCount == 50 && task.itemCount == 200 && task.scoredItemCount == 200)
        #expect(task.excluded == task.input)
        for i in 0..<50 {
            let row = Array(m.columns(ofRow: 10 + i))
            let input = Array(task.input.columns(ofRow: i)), targets = Array(task.targets.columns(ofRow: i))
            #expect((input + targets).sorted() == row)
            #expect(targets.count == (row.count >= 5 ? Int(0.2 * Double(row.count)) : 0))
            #expect(Set(input).isDisjoint(with: targets))
        }
        #expect(SyntheticHoldout.task(m, rows: 10..<60, seed: 5).targets == task.targets)
        #expect(SyntheticHoldout.task(m, rows: 10..<60, seed: 6).targets != task.targets)
    }

    @Test("Ratios: value = numerator / denominator; met by the bound; nil when missing or over 0")
    func ratios() {
        let a = BenchmarkTarget.ratio(key: "k", label: "l", 93, 50, bound: .atLeast, limit: 1.85, formula: "f")
        #expect(a.value == 1.86 && a.met == true && a.unit == "×")
        let b = BenchmarkTarget.ratio(key: "k", label: "l", 55, 44, bound: .atMost, limit: 1.15, formula: "f")
        #expect(b.value == 1.25 && b.met == false)
        let c = BenchmarkTarget.ratio(key: "k", label: "l", 44, 44, bound: .atMost, limit: 1, formula: "f")
        #expect(c.met == true)
        #expect(BenchmarkTarget.ratio(key: "k", label: "l", nil, 4, bound: .atLeast, limit: 1, formula: "f").value == nil)
        #expect(BenchmarkTarget.ratio(key: "k", label: "l", 3, 0, bound: .atLeast, limit: 1, formula: "f").met == nil)
        #expect(BenchmarkTarget.ratio(key: "k", label: "l", 3, 2, formula: "f").met == nil)
    }

    @Test("Extrapolated measurement: median batch × batches per epoch")
    func extrapolation() {
        let m = BenchmarkMeasurement.extrapolated(key: "x", label: "x", batchSeconds: [0.3, 0.1, 0.2], scale: 233.354)
        #expect(abs(m.seconds - 0.2 * 233.354) < 1e-12)
        #expect(m.extrapolated && m.unit == "s/epoch" && m.samples == [0.3, 0.1, 0.2])
        let e = MultVAEEpochBenchmark(data: Self.small().generate())
        #expect(e.epochScale == 300.0 / 500 && e.batchesPerEpoch == 1)
        let g = GridThroughput(spec: "s", runs: 4, epochs: 5, parallel: .init(workers: 2, blasThreads: 1, wallSeconds: 11, dataSeconds: 1),
                               serial: .init(workers: 1, blasThreads: 2, wallSeconds: 18, dataSeconds: 1))
        #expect(g.ratio == 1.7)
    }

    static func report() -> BenchmarkReport {
        let machine = MachineInfo(cpuModel: "Test CPU", logicalCores: 2, memoryBytes: 1 << 30, openBLASConfiguration: "OpenBLAS 0.3.21",
                                  openBLASCore: "Zen", swiftVersion: "Swift version 6", gitCommit: "abc", loadAverage: [1, 2, 3])
        var r = BenchmarkReport(date: "2026-01-02T03:04:05Z", command: "vaelab bench", machine: machine,
                                settings: BenchmarkSettings(threads: 2, batches: 30, warmup: 3, repetitions: 3, fullEpoch: false,
                                                            data: "bench-data/ml20m_synth", users: 116_677, items: 20_108, nonzeros: 8_869_934))
        r.measurements = [
            BenchmarkMeasurement(key: "gemmFloor", label: "floor", seconds: 44, unit: "s/epoch", samples: [0.19], extrapolated: true, detail: ""),
            BenchmarkMeasurement(key: "multvaeEpoch", label: "ours", seconds: 50, unit: "s/epoch", samples: [0.21], extrapolated: true, detail: ""),
            BenchmarkMeasurement(key: "bivaeEpoch", label: "bivae", seconds: 2, unit: "s/epoch", samples: [2], extrapolated: false, detail: ""),
        ]
        r.peers = [
            PeerResult(key: "tensorflow", label: "TF", epochSeconds: 93, batchMillisecondsMedian: 400, threads: 2, fullEpoch: false, version: nil, skipped: nil),
            PeerResult(key: "pytorch", label: "PT", epochSeconds: nil, batchMillisecondsMedian: nil, threads: 2, fullEpoch: false, version: nil, skipped: "no wheel"),
        ]
        r.references = [.cornacBiVAE(threads: 2)]
        r.msd = MSDMemoryBenchmark.Result(users: 1, items: 1, nonzeros: 1, generateSeconds: 1, trainBatches: 1, batchSecondsMedian: 1,
                                          evaluatedUsers: 1, evaluationSeconds: 1, ndcgAt100: 0, peakAfterGenerate: 1, peakAfterTraining: 2,
                                          peakAfterEvaluation: 1_500_000_000, matrixBytes: 8)
        r.targets = BenchmarkTarget.all(for: r)
        return r
    }

    @Test("Targets from a report: each ratio from the right measurements, unmeasured ones nil")
    func targets() throws {
        let t = Dictionary(uniqueKeysWithValues: Self.report().targets.map { ($0.key, $0) })
        #expect(t["multvaeOverFloor"]?.value == 50.0 / 44 && t["multvaeOverFloor"]?.met == true)   // 1.136 ≤ 1.15
        #expect(t["tensorflowOverOurs"]?.value == 93.0 / 50 && t["tensorflowOverOurs"]?.met == true)
        #expect(t["pytorchOverOurs"]?.value == nil && t["pytorchOverOurs"]?.met == nil)
        #expect(t["tensorflowOverFloor"]?.value == 93.0 / 44)
        #expect(t["pytorchOverFloor"] == nil)
        #expect(t["cornacOverBiVAE"]?.value == 10.6 / 2 && t["cornacOverBiVAE"]?.met == false)
        #expect(t["msdPeakRSS"]?.value == 1.5 && t["msdPeakRSS"]?.met == true && t["msdPeakRSS"]?.unit == "GB")
        #expect(t["gridThroughput"]?.value == nil)
        #expect(BenchmarkReference.cornacBiVAE(threads: 1).seconds == 15.9)
    }

    @Test("Report JSON: the documented top-level keys, and it reads back equal")
    func json() throws {
        let r = Self.report()
        let data = try r.json()
        let o = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        // Optional fields left nil (loadAverageAtEnd, grid here) are omitted.
        #expect(Set(o.keys) == ["schema", "date", "command", "machine", "settings", "measurements", "peers",
                                "references", "targets", "msd", "notes"])
        let machine = try #require(o["machine"] as? [String: Any])
        #expect(Set(machine.keys) == ["cpuModel", "logicalCores", "memoryBytes", "openBLASConfiguration", "openBLASCore",
                                      "swiftVersion", "gitCommit", "loadAverage"])
        let m = try #require((o["measurements"] as? [[String: Any]])?.first)
        #expect(Set(m.keys) == ["key", "label", "seconds", "unit", "samples", "extrapolated", "detail"])
        let back = try JSONDecoder().decode(BenchmarkReport.self, from: data)
        #expect(back.measurements == r.measurements && back.peers == r.peers && back.targets == r.targets && back.msd == r.msd)
        let table = r.table.joined(separator: "\n")
        #expect(table.contains("skipped: no wheel"))
        #expect(table.contains("≥ 1.85×  met"))
        #expect(table.contains("quoted, not measured here"))
    }

    @Test("/proc parsers: CPU model, memory, load, VmHWM lines with tabs")
    func procParsers() {
        #expect(MachineInfo.cpuModel(cpuinfo: "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n") == "AMD EPYC 7B13")
        #expect(MachineInfo.cpuModel(cpuinfo: "processor\t: 0\n") == nil)
        #expect(MachineInfo.memoryBytes(meminfo: "MemTotal:       24576000 kB\nMemFree: 1 kB\n") == 24_576_000 * 1024)
        #expect(MachineInfo.loadAverage(loadavg: "3.52 4.01 3.77 5/321 12345\n") == [3.52, 4.01, 3.77])
        #expect(ProcessMemory.kilobytes("VmHWM", in: "VmPeak:\t  9 kB\nVmHWM:\t   2552 kB\n") == 2552)
        #if os(Linux)
        #expect((ProcessMemory.peakResidentBytes() ?? 0) > 0)
        #endif
    }
}
