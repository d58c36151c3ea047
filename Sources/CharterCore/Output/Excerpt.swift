/// How text and Markdown output shorten a long text: the first characters, `…` and the full length.
extension String {
    /// What an excerpt of the text shows: its first `limit` characters and its full length when it is
    /// longer than that, else the whole text and nil. Cut before escaping, so an escape is never split.
    func cut(after limit: Int) -> (shown: String, length: Int?) {
        guard limit > 0, let end = index(startIndex, offsetBy: limit, limitedBy: endIndex), end < endIndex else { return (self, nil) }
        return (String(self[..<end]), count)
    }

    /// The text escaped for a medium by `escape` (none by default), cut after `limit` characters with `…`
    /// and the full length: `first words… (1234 characters)`. What text, Markdown and JUnit output show of
    /// long texts.
    public func excerpt(limit: Int, escapedBy escape: (String) -> String = { $0 }) -> String {
        let (shown, length) = cut(after: limit)
        return escape(shown) + (length.map { "… (\($0) characters)" } ?? "")
    }
}
