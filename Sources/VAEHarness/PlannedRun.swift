/// One run of an expanded spec: its resolved configuration, its identities and the knob
/// values that distinguish its group.
public struct PlannedRun: Sendable {
    /// A varied knob's value, as displayed (`labelSmoothing=0.001`).
    public struct Knob: Sendable, Equatable {
        public var key: String
        public var value: String
    }

    /// 1-based position in the spec's expansion order.
    public var index: Int
    /// The configuration as the spec writes it (`${VAR}` unexpanded), with the seed.
    public var configuration: TrainingConfiguration
    /// The configuration the run executes: variables expanded.
    public var execution: TrainingConfiguration
    public var knobs: [Knob]
    /// Hash of the canonical configuration, seed included.
    public var runID: String
    /// Hash of the canonical configuration without the seed: runs differing only in seed.
    public var groupID: String

    public var seed: Int { configuration.seed }

    /// `betaCap=0.2 labelSmoothing=0` (or `all` when nothing is varied).
    public var groupLabel: String {
        knobs.isEmpty ? "all" : knobs.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    /// `#3 betaCap=0.2 labelSmoothing=0 seed=2`, as `vaelab run --dry-run` prints it.
    public var line: String {
        "#\(index) " + (knobs.map { "\($0.key)=\($0.value)" } + ["seed=\(seed)"]).joined(separator: " ") + "  [\(runID)]"
    }
}
