/// How far apart two names are, for "did you mean" suggestions: the number of characters inserted,
/// deleted, replaced, or swapped with their neighbour (`roadmpa` is one from `roadmap`) to make one
/// from the other, the optimal string alignment distance.
public enum EditDistance {
    public static func between(_ one: String, _ other: String) -> Int {
        let a = Array(one), b = Array(other)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        // Three rows of the distance matrix: two back (for swaps), the previous, the current.
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }

    /// The names within reach of `name`, closest first, ties in name order, at most `limit`: within a
    /// third of `name`'s length, and at least two edits.
    public static func closest(to name: String, among names: some Sequence<String>, limit: Int) -> [String] {
        let reach = max(2, name.count / 3)
        return Set(names).map { (name: $0, distance: between(name, $0)) }
            .filter { $0.distance <= reach }
            .sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }
            .prefix(limit).map(\.name)
    }
}
