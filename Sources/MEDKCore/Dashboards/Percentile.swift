/// Review latency figures of the curator work table.
public enum Percentile {
    /// The p-th percentile (0…1) by linear interpolation between closest ranks, as spreadsheets compute
    /// PERCENTILE.INC: the median of 1, 2, 3, 10 is 2.5. nil for no values.
    public static func of(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = min(max(p, 0), 1) * Double(sorted.count - 1)
        let lower = Int(rank.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - Double(lower))
    }

    public static func median(_ values: [Double]) -> Double? { of(values, 0.5) }
}
