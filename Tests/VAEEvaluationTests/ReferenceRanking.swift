/// A full-sort oracle for the ranking order, written independently of `TopKSelector`:
/// scored candidates by (score desc, NaN as −∞, index asc), then unknown items by index.
func referenceRanking(scores: [Float], itemCount: Int, excluded: Set<Int>) -> [Int] {
    let scored = (0..<scores.count).filter { !excluded.contains($0) }.sorted { i, j in
        let a = scores[i].isNaN ? -Float.infinity : scores[i]
        let b = scores[j].isNaN ? -Float.infinity : scores[j]
        return a != b ? a > b : i < j
    }
    let unknown = (scores.count..<itemCount).filter { !excluded.contains($0) }
    return scored + unknown
}
