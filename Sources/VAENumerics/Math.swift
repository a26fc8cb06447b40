#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Scalar libm entry points, named so the numerics layer does not depend on Foundation.
@inlinable public func _log(_ x: Double) -> Double { log(x) }
@inlinable public func _cos(_ x: Double) -> Double { cos(x) }
@inlinable public func _sin(_ x: Double) -> Double { sin(x) }
@inlinable public func _expf(_ x: Float) -> Float { expf(x) }
@inlinable public func _logf(_ x: Float) -> Float { logf(x) }
@inlinable public func _tanhf(_ x: Float) -> Float { tanhf(x) }
@inlinable public func _log1pf(_ x: Float) -> Float { log1pf(x) }
@inlinable public func _exp(_ x: Double) -> Double { exp(x) }
@inlinable public func _powf(_ x: Float, _ y: Float) -> Float { powf(x, y) }
