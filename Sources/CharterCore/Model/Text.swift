extension StringProtocol {
    /// The text without leading and trailing white space (including newlines).
    var trimmed: String {
        guard let start = firstIndex(where: { !$0.isWhitespace }),
              let end = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[start...end])
    }
}
