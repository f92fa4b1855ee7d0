/// Ranks for rank tests.
enum Ranking {
    /// The 1-based rank of each value, ties sharing the average of their ranks (R's
    /// `rank(ties.method = "average")`), and the size of each group of ties.
    static func averageRanks(_ values: [Double]) -> (ranks: [Double], tieGroups: [Int]) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var groups: [Int] = []
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
            // Ranks start+1 … end+1 shared equally.
            let shared = Double(start + end + 2) / 2
            for position in start...end { ranks[order[position]] = shared }
            groups.append(end - start + 1)
            start = end + 1
        }
        return (ranks, groups)
    }
}
