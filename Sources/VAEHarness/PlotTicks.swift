// Axis domains, "nice" ticks (1-2-5 steps; decades on log axes), tick labels and the
// data → pixel mapping.

import Foundation

/// One tick: a gridline position and, for labelled ticks, its text.
struct PlotTick: Equatable {
    var value: Double
    /// nil for an unlabelled minor tick (a faint gridline only).
    var label: String?
}

enum PlotTicks {
    /// The 1-2-5 step m·10^k: the smallest such step that puts at most `maxCount` ticks
    /// (multiples of the step) in [lo, hi].
    static func linearStep(lo: Double, hi: Double, maxCount: Int) -> (mantissa: Int, exponent: Int) {
        let span = hi - lo
        let maxCount = max(2, maxCount)
        guard span > 0, span.isFinite else { return (1, 0) }
        var k = Int((log10(span / Double(maxCount))).rounded(.down)) - 1
        while true {
            for m in [1, 2, 5] where count(lo: lo, hi: hi, mantissa: m, exponent: k) <= maxCount {
                return (m, k)
            }
            k += 1
        }
    }

    /// Integer multiples i of the step m·10^k in [lo, hi] (with a relative tolerance of 1e-9
    /// of a step so that a tick on a boundary is kept).
    static func multipleRange(lo: Double, hi: Double, mantissa m: Int, exponent k: Int) -> ClosedRange<Int>? {
        let step = value(1, mantissa: m, exponent: k)
        let first = (lo / step - 1e-9).rounded(.up)
        let last = (hi / step + 1e-9).rounded(.down)
        guard first <= last, abs(first) < 1e15, abs(last) < 1e15 else { return nil }
        return Int(first)...Int(last)
    }

    static func count(lo: Double, hi: Double, mantissa m: Int, exponent k: Int) -> Int {
        guard let r = multipleRange(lo: lo, hi: hi, mantissa: m, exponent: k) else { return 0 }
        return r.count
    }

    /// i·m·10^k, correctly rounded (so 3 × 0.2 is exactly the double 0.6).
    static func value(_ i: Int, mantissa m: Int, exponent k: Int) -> Double {
        let n = Double(i * m)
        return k >= 0 ? n * SVGText.pow10(k) : n / SVGText.pow10(-k)
    }

    /// Nice linear tick values in [lo, hi]: at most `maxCount` multiples of a 1-2-5 step.
    static func linear(lo: Double, hi: Double, maxCount: Int) -> [Double] {
        let (m, k) = linearStep(lo: lo, hi: hi, maxCount: maxCount)
        guard let r = multipleRange(lo: lo, hi: hi, mantissa: m, exponent: k) else { return [] }
        return r.map { value($0, mantissa: m, exponent: k) }
    }

    /// Labelled linear ticks. All labels share one precision, derived from the step
    /// (step 0.05 → two decimals); very large or very small magnitudes use "2e-4" notation.
    static func linearTicks(lo: Double, hi: Double, maxCount: Int) -> [PlotTick] {
        let (m, k) = linearStep(lo: lo, hi: hi, maxCount: maxCount)
        guard let r = multipleRange(lo: lo, hi: hi, mantissa: m, exponent: k) else { return [] }
        let values = r.map { value($0, mantissa: m, exponent: k) }
        let maxAbs = values.map(abs).max() ?? 0
        let scientific = maxAbs >= 1e6 || (maxAbs > 0 && maxAbs < 1e-3)
        let topExponent = maxAbs > 0 ? Int((log10(maxAbs)).rounded(.down)) : 0
        return values.map { v in
            let label: String
            if v == 0 {
                label = "0"
            } else if scientific {
                label = SVGText.scientific(v, significant: max(1, topExponent - k + 1))
            } else {
                label = SVGText.fixed(v, decimals: max(0, -k))
            }
            return PlotTick(value: v, label: label)
        }
    }

    /// The label of m·10^d on a log axis: plain ("0.002", "500") or "10⁻⁵", "2×10⁻⁵".
    static func logLabel(mantissa m: Int, exponent d: Int, plain: Bool) -> String {
        if plain { return SVGText.fixed(value(1, mantissa: m, exponent: d), decimals: max(0, -d)) }
        return (m == 1 ? "" : "\(m)×") + SVGText.powerOfTen(d)
    }

    /// Ticks for a log10 axis showing [lo, hi] (both > 0): labelled decades (every n-th one
    /// when there are more than `maxLabels`), unlabelled 2…9 minor ticks when the axis spans
    /// at most 6 decades; within less than two decades, 1-2-5 ticks are labelled; within
    /// less than a factor that shows two of those, plain linear ticks.
    static func logTicks(lo: Double, hi: Double, maxLabels: Int) -> [PlotTick] {
        guard lo > 0, hi > lo, lo.isFinite, hi.isFinite else { return [] }
        let a = log10(lo), b = log10(hi)
        let firstDecade = Int((a - 1e-9).rounded(.down)), lastDecade = Int((b + 1e-9).rounded(.up))
        let inRange = { (v: Double) in v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) }
        let decades = (firstDecade...lastDecade).filter { inRange(value(1, mantissa: 1, exponent: $0)) }
        let maxLabels = max(2, maxLabels)
        if decades.count >= 2 {
            let every = (decades.count + maxLabels - 1) / maxLabels
            let minor = decades.count <= 6 && lastDecade - firstDecade <= 8
            let isLabelled = { (d: Int) in ((d % every) + every) % every == 0 }
            // One notation per axis: plain when every label is within 0.001 … 10000.
            let plain = decades.filter(isLabelled).allSatisfy { $0 >= -3 && $0 <= 4 }
            var ticks: [PlotTick] = []
            for d in firstDecade...lastDecade {
                for m in 1...9 where m == 1 || minor {
                    let v = value(1, mantissa: m, exponent: d)
                    guard inRange(v) else { continue }
                    let labelled = m == 1 && isLabelled(d)
                    ticks.append(PlotTick(value: v, label: labelled ? logLabel(mantissa: 1, exponent: d, plain: plain) : nil))
                }
            }
            return ticks
        }
        var ticks: [PlotTick] = []
        for d in firstDecade...lastDecade {
            for m in 1...9 {
                let v = value(1, mantissa: m, exponent: d)
                guard inRange(v) else { continue }
                let labelled = m == 1 || m == 2 || m == 5
                let plain = firstDecade >= -3 && lastDecade <= 4
                ticks.append(PlotTick(value: v, label: labelled ? logLabel(mantissa: m, exponent: d, plain: plain) : nil))
            }
        }
        if ticks.filter({ $0.label != nil }).count >= 2 { return ticks }
        return linearTicks(lo: lo, hi: hi, maxCount: maxLabels)
    }

    /// The visible range for `values` on an axis: the data range widened by 4 % of its span
    /// on each side (in log space on a log axis). Values that cannot be shown (non-finite,
    /// or <= 0 on a log axis) are ignored; no values give [0, 1] (linear) or [1, 10] (log);
    /// a single value gets a range around it.
    static func domain(of values: [Double], scale: PlotScale) -> ClosedRange<Double> {
        switch scale {
        case .linear:
            let vs = values.filter(\.isFinite)
            guard let lo = vs.min(), let hi = vs.max() else { return 0...1 }
            if lo == hi {
                let pad = lo == 0 ? 1 : abs(lo) * 0.1
                return (lo - pad)...(hi + pad)
            }
            let pad = (hi - lo) * 0.04
            return (lo - pad)...(hi + pad)
        case .log10:
            let vs = values.filter { $0.isFinite && $0 > 0 }.map { log10($0) }
            guard let lo = vs.min(), let hi = vs.max() else { return 1...10 }
            let pad = lo == hi ? 0.5 : (hi - lo) * 0.04
            return pow(10, lo - pad)...pow(10, hi + pad)
        }
    }
}

/// Maps data values on one axis to pixel positions: `domain.lowerBound` → `pixelStart`,
/// `domain.upperBound` → `pixelEnd` (for a y axis, start is the bottom edge).
struct PlotAxisMapping: Equatable {
    var scale: PlotScale
    var domain: ClosedRange<Double>
    var pixelStart: Double
    var pixelEnd: Double

    /// The value in the axis' linear space (log10 of it on a log axis); nil when it cannot be
    /// shown (non-finite, or <= 0 on a log axis).
    func transform(_ v: Double) -> Double? {
        guard v.isFinite else { return nil }
        switch scale {
        case .linear: return v
        case .log10: return v > 0 ? log10(v) : nil
        }
    }

    /// The pixel position of `v`, or nil when it cannot be shown.
    func pixel(_ v: Double) -> Double? {
        guard let t = transform(v), let t0 = transform(domain.lowerBound),
              let t1 = transform(domain.upperBound), t1 != t0 else { return nil }
        return pixelStart + (t - t0) / (t1 - t0) * (pixelEnd - pixelStart)
    }
}
