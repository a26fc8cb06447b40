import VAENumerics

/// Memory for one DualVAE batch's per-aspect scores `s_a` and tanh terms `t_a` (2 × A × B × N
/// floats: 80 MB for a batch of 128 Kindle users), written by `AspectMixtureDecoder.forward`
/// and read back by `backward` instead of recomputing them. One store serves every batch of
/// an epoch: it only grows, so its pages are touched (and zeroed by the kernel) once.
public final class AspectScoreStore: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<Float>
    private(set) var capacity: Int

    public init() {
        base = UnsafeMutablePointer<Float>.allocate(capacity: 1)
        capacity = 1
    }

    /// Room for at least `count` floats (the contents are not kept when it grows).
    func reserve(_ count: Int) {
        guard count > capacity else { return }
        base.deallocate()
        base = UnsafeMutablePointer<Float>.allocate(capacity: count)
        capacity = count
    }

    deinit { base.deallocate() }
}
