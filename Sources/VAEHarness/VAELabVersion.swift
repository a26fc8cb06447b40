/// The version written into every run's status.
public enum VAELabVersion {
    public static let current = "0.2.0"
}
