/// `|a − b| ≤ tolerance`; the worked examples are given to 7 decimals.
func approx(_ a: Double, _ b: Double, _ tolerance: Double = 1e-7) -> Bool {
    abs(a - b) <= tolerance
}
