import Dispatch
import Foundation
import Synchronization

/// Splits `0..<count` into contiguous chunks and runs `body` on them concurrently (GCD).
///
/// Used only for work whose result does not depend on the split — independent rows or
/// elements — so results are bit-identical whatever the number of cores. Small ranges
/// (fewer than `2 · minimumChunk` items) run inline. At most `threads` chunks run: the
/// process's share of the cores, set with `BLAS.setThreads` (the runner's `--blas-threads`),
/// so several runs in one machine do not oversubscribe it.
public enum Parallel {
    /// Chunks a loop may run at once (default: the number of cores).
    public static var threads: Int {
        let t = setting.load(ordering: .relaxed)
        return t > 0 ? t : ProcessInfo.processInfo.activeProcessorCount
    }

    /// Sets `threads` (clamped to at least 1).
    public static func setThreads(_ n: Int) { setting.store(max(1, n), ordering: .relaxed) }

    private static let setting = Atomic<Int>(0)

    public static func forEachChunk(_ count: Int, minimumChunk: Int, _ body: (Range<Int>) -> Void) {
        let chunks = min(threads, count / max(1, minimumChunk))
        guard chunks > 1 else {
            if count > 0 { body(0..<count) }
            return
        }
        let size = (count + chunks - 1) / chunks
        withoutActuallyEscaping(body) { body in
            let box = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let start = c * size
                if start < count { box.value(start..<min(count, start + size)) }
            }
        }
    }
}

/// Carries a non-Sendable value into concurrent code whose safety the caller guarantees
/// (disjoint writes).
public struct UncheckedSendable<T>: @unchecked Sendable {
    public let value: T
    public init(_ value: T) { self.value = value }
}

/// Buffer pointers shared by the chunks of a parallel loop, each chunk touching only its
/// own elements.
public struct UncheckedPointers<B>: @unchecked Sendable {
    public let buffer: B
    public init(_ buffer: B) { self.buffer = buffer }
}

extension UncheckedPointers where B == UnsafeBufferPointer<Float> {
    public var read: UnsafeBufferPointer<Float> { buffer }
}

extension UncheckedPointers where B == UnsafeMutableBufferPointer<Float> {
    public var write: UnsafeMutableBufferPointer<Float> { buffer }
}

extension UncheckedPointers where B == UnsafeMutableBufferPointer<Double> {
    public var write: UnsafeMutableBufferPointer<Double> { buffer }
}
