/// The lines git writes into a file it could not merge (`<<<<<<< HEAD`, `||||||| base`, `=======`,
/// `>>>>>>> topic`): a file that still holds one is a conflict left unresolved.
public enum ConflictMarkers {
    /// Whether a line of `bytes` begins with a conflict marker: seven `<`, `|`, `=` or `>` followed
    /// by a space, a tab or the end of the line, as `git diff --check` looks for them.
    public static func present(in bytes: [UInt8]) -> Bool {
        var lineStart = 0
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: newline) ?? bytes.count
            if isMarker(bytes[lineStart..<lineEnd]) { return true }
            lineStart = lineEnd + 1
        }
        return false
    }

    private static let newline = UInt8(ascii: "\n")
    private static let markerBytes: Set<UInt8> = [UInt8(ascii: "<"), UInt8(ascii: "|"), UInt8(ascii: "="), UInt8(ascii: ">")]
    private static let markerLength = 7

    private static func isMarker(_ line: ArraySlice<UInt8>) -> Bool {
        guard line.count >= markerLength, let first = line.first, markerBytes.contains(first),
              line.prefix(markerLength).allSatisfy({ $0 == first }) else { return false }
        let rest = line.dropFirst(markerLength)
        return rest.first.map { [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains($0) } ?? true
    }
}

extension CharterTree {
    /// The charter files read from disk that still hold conflict markers, sorted.
    public var filesWithConflictMarkers: [String] {
        entries.compactMap { path, entry in
            guard CharterTree.isCharterPath(path), case .file(let bytes) = entry, ConflictMarkers.present(in: bytes) else { return nil }
            return path
        }.sorted()
    }
}
