/// Mean and spread of one metric over the evaluated users.
public struct MetricSummary: Equatable, Sendable, Codable {
    /// Number of evaluated users `n`.
    public var count: Int
    /// Arithmetic mean over users.
    public var mean: Double
    /// Population standard deviation (ddof 0).
    public var populationStd: Double
    /// `populationStd / sqrt(n)`, the vae_cf standard error.
    public var standardError: Double

    public init(count: Int, mean: Double, populationStd: Double, standardError: Double) {
        self.count = count
        self.mean = mean
        self.populationStd = populationStd
        self.standardError = standardError
    }

    /// The summary of per-user values.
    public init(_ values: [Double]) {
        self.init(count: values.count,
                  mean: Statistics.mean(values),
                  populationStd: Statistics.standardDeviation(values, ddof: 0),
                  standardError: Statistics.standardError(values))
    }
}
