/// Reads a role file written in the layout `CharterWriter` gives it straight into a `Role`, with no
/// YAML tree and no finding log: the path a walk through history takes for almost every file.
///
/// The layout: ASCII only; `role`, `title`, `holder`, `reports-to` and `areas` at the top; each area
/// two spaces in, its `mandate`, `decides`, `responsibilities` and `kpis` two more, lists of items as
/// `- id: ...` lines (indentless or two spaces in) whose keys line up; one-line plain or single-quoted
/// scalars, `[a, b]` lists of ids, comment lines. On anything else, and on anything the decoder would
/// report (an unknown key or area, a missing one, an invalid or duplicate id, a scalar YAML reads as
/// other than text), it gives up and returns nil: the caller then reads the file through
/// `YAMLReader` and `RoleDecoder`, which produce the same role or the findings. Where it does return a
/// role, it is the one they produce, locations included: a differential test holds the two to that.
struct CanonicalRoleScanner {
    private struct GiveUp: Error {}

    /// A line with content (not blank, not only a comment).
    private struct Line {
        var number: Int
        /// Byte offsets of the first byte after the indentation, and of the end (newline or end of input).
        var start: Int
        var end: Int
        var indent: Int
    }

    /// The file, valid while the scan lasts.
    private let bytes: UnsafeBufferPointer<UInt8>
    private let file: String
    private let schema: Schema
    private var lines: [Line] = []
    private var current = 0
    /// The item texts of another version of the file, in file order, and how far they were matched:
    /// a text written the same is shared with it rather than copied again.
    private let earlierTexts: [String]
    private var earlierIndex = 0

    /// The role the file holds, when it is in the canonical layout and the decoder would read it
    /// without a finding; nil otherwise. `earlier`, another version of the file (the one before it in
    /// a history), only lends its strings.
    static func role(in bytes: [UInt8], file: String, fileStem: String, schema: Schema, limits: InputLimits,
                     sharingTextsWith earlier: Role? = nil) -> Role? {
        // The layout nests six levels deep (role, areas, area, list, item, consults).
        guard bytes.count <= limits.maxBytes, limits.maxDepth >= 8 else { return nil }
        var earlierTexts: [String] = []
        if let earlier {
            earlierTexts.reserveCapacity(64)
            for area in earlier.areas {
                for kpi in area.kpis { earlierTexts.append(kpi.name) }
                for responsibility in area.responsibilities { earlierTexts.append(responsibility.text) }
            }
        }
        let role = bytes.withUnsafeBufferPointer { bytes in
            var scanner = CanonicalRoleScanner(bytes: bytes, file: file, schema: schema, earlierTexts: earlierTexts)
            return try? scanner.role()
        }
        return role?.id == fileStem ? role : nil
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, file: String, schema: Schema, earlierTexts: [String]) {
        self.bytes = bytes
        self.file = file
        self.schema = schema
        self.earlierTexts = earlierTexts
    }

    // MARK: - Lines

    /// Splits the input into content lines; gives up on any byte outside printable ASCII and newline,
    /// and on document markers and directives.
    private mutating func splitLines() throws(GiveUp) {
        var start = 0, number = 1
        let count = bytes.count
        lines.reserveCapacity(count / 24)
        while start < count {
            var end = start
            while end < count, bytes[end] != 10 {
                let byte = bytes[end]
                if byte < 0x20 || byte > 0x7E { throw GiveUp() }
                end += 1
            }
            var content = start
            while content < end, bytes[content] == 32 { content += 1 }
            if content < end, bytes[content] != 35 {
                if content == start, bytes[start] == 45 || bytes[start] == 46 || bytes[start] == 37 { throw GiveUp() }
                lines.append(Line(number: number, start: content, end: end, indent: content - start))
            }
            start = end + 1
            number += 1
        }
    }

    /// The next content line, when it is indented at least `indent`; gives up when it is indented more.
    private func next(at indent: Int) throws(GiveUp) -> Line? {
        guard current < lines.count, lines[current].indent >= indent else { return nil }
        guard lines[current].indent == indent else { throw GiveUp() }
        return lines[current]
    }

    private func location(_ line: Line, _ offset: Int) -> SourceLocation {
        // ASCII only: a column is a byte offset in the line.
        SourceLocation(file: file, line: line.number, column: offset - line.start + line.indent + 1)
    }

    // MARK: - The role

    private mutating func role() throws(GiveUp) -> Role {
        try splitLines()
        var id: Located<String>?, title: String?, holder: String?, reportsTo: Located<String>?, areas: [AreaCharter]?
        var continues: [Located<String>]?
        while let line = try next(at: 0) {
            let (key, value) = try keyAndValue(line, at: line.start)
            switch key {
            case "role" where id == nil: id = try self.id(line, value)
            case "title" where title == nil: title = try text(line, value).value
            case "holder" where holder == nil: holder = try text(line, value).value
            case "reports-to" where reportsTo == nil: reportsTo = try self.id(line, value)
            case "continues" where continues == nil: continues = try ids(line, value)
            case "areas" where areas == nil && value == nil:
                current += 1
                areas = try self.areas()
                continue
            default: throw GiveUp()
            }
            current += 1
        }
        guard current == lines.count, let id, let title, let areas else { throw GiveUp() }
        // The decoder reports a role continuing itself or another twice.
        if let continues, continues.contains(where: { $0.value == id.value }) || Set(continues.map(\.value)).count < continues.count {
            throw GiveUp()
        }
        return Role(id: id.value, file: file, location: id.location, title: title, holder: holder, reportsTo: reportsTo,
                    continues: continues ?? [], areas: areas)
    }

    private mutating func areas() throws(GiveUp) -> [AreaCharter] {
        var areas: [AreaCharter] = []
        var items: Set<String> = []
        items.reserveCapacity(64)
        while let line = try next(at: 2) {
            let (key, value) = try keyAndValue(line, at: line.start)
            guard value == nil, let definition = schema.area(key), !areas.contains(where: { $0.area == key }) else { throw GiveUp() }
            current += 1
            var area = AreaCharter(area: definition.id, location: location(line, line.start), mandate: nil, decides: [],
                                   responsibilities: [], kpis: [])
            var seen: [String] = []
            while let line = try next(at: 4) {
                let (key, value) = try keyAndValue(line, at: line.start)
                guard !seen.contains(key) else { throw GiveUp() }
                seen.append(key)
                switch key {
                case "mandate": area.mandate = try text(line, value).value
                case "decides": area.decides = try decisionRights(line, value)
                case "responsibilities":
                    area.responsibilities = try list(line, value) { item throws(GiveUp) in
                        guard let text = item.text, item.name == nil else { throw GiveUp() }
                        return Responsibility(id: item.id.value, text: text, consults: item.consults ?? [],
                                              location: item.id.location)
                    }
                    continue
                case "kpis" where definition.allowsKPIs:
                    area.kpis = try list(line, value) { item throws(GiveUp) in
                        guard let name = item.name, item.text == nil, item.consults == nil else { throw GiveUp() }
                        return KPI(id: item.id.value, name: name, location: item.id.location)
                    }
                    continue
                default: throw GiveUp()
                }
                current += 1
            }
            // An area with nothing under it is an empty scalar, not a mapping.
            guard !seen.isEmpty else { throw GiveUp() }
            // An item id is used once per role.
            for id in area.responsibilities.map(\.id) + area.kpis.map(\.id) where !items.insert(id).inserted { throw GiveUp() }
            areas.append(area)
        }
        guard areas.count == schema.areas.count else { throw GiveUp() }
        return areas
    }

    private func decisionRights(_ line: Line, _ value: Int?) throws(GiveUp) -> [Located<String>] {
        let rights = try ids(line, value)
        for (index, right) in rights.enumerated() {
            guard schema.decisionRights.contains(where: { $0.id == right.value }),
                  !rights[..<index].contains(where: { $0.value == right.value }) else { throw GiveUp() }
        }
        return rights
    }

    // MARK: - Lists of items

    /// One item of a list, as written; which keys it may have depends on the list.
    private struct Item {
        var id: Located<String>
        var text: String?
        var name: String?
        var consults: [Located<String>]?
    }

    /// The items of `responsibilities` or `kpis`: `[]` on the key's line, or `- ` lines below, at the
    /// key's indentation or two spaces in. Leaves `current` on the line after the list.
    private mutating func list<Element>(_ line: Line, _ value: Int?,
                                        _ element: (Item) throws(GiveUp) -> Element) throws(GiveUp) -> [Element] {
        current += 1
        if let value {
            guard value + 2 == line.end, bytes[value] == 91, bytes[value + 1] == 93 else { throw GiveUp() }
            return []
        }
        guard current < lines.count, bytes[lines[current].start] == 45 else { throw GiveUp() }
        let dash = lines[current].indent
        guard dash == line.indent || dash == line.indent + 2 else { throw GiveUp() }
        var items: [Element] = []
        while current < lines.count, lines[current].indent == dash, bytes[lines[current].start] == 45 {
            let first = lines[current]
            guard first.start + 2 < first.end, bytes[first.start + 1] == 32, bytes[first.start + 2] != 32 else { throw GiveUp() }
            items.append(try element(try item(keysAt: dash + 2, firstKeyAt: first.start + 2)))
        }
        // A line between the list and the next key, indented past the key but not an item: not ours.
        if dash > line.indent, try next(at: dash) != nil { throw GiveUp() }
        return items
    }

    /// One item: its first key on the dash line (at `firstKey`), the others below it at `indent`.
    private mutating func item(keysAt indent: Int, firstKeyAt firstKey: Int) throws(GiveUp) -> Item {
        var id: Located<String>?, text: String?, name: String?, consults: [Located<String>]?
        var line = lines[current], keyStart = firstKey
        while true {
            let (key, value) = try keyAndValue(line, at: keyStart)
            switch key {
            case "id" where id == nil: id = try self.id(line, value)
            case "text" where text == nil: text = try self.text(line, value).value
            case "name" where name == nil: name = try self.text(line, value).value
            case "consults" where consults == nil: consults = try ids(line, value)
            default: throw GiveUp()
            }
            current += 1
            guard let next = try next(at: indent) else { break }
            (line, keyStart) = (next, next.start)
        }
        guard let id else { throw GiveUp() }
        return Item(id: id, text: text, name: name, consults: consults)
    }

    // MARK: - Keys and scalars

    /// The key at `start` (`[a-z-]+:`), and where its value starts on the line (nil when nothing follows).
    private func keyAndValue(_ line: Line, at start: Int) throws(GiveUp) -> (String, Int?) {
        var colon = start
        while colon < line.end, bytes[colon] == 45 || (97...122).contains(bytes[colon]) { colon += 1 }
        guard colon > start, colon < line.end, bytes[colon] == 58 else { throw GiveUp() }
        let key = String(decoding: bytes[start..<colon], as: UTF8.self)
        if colon + 1 == line.end { return (key, nil) }
        guard bytes[colon + 1] == 32 else { throw GiveUp() }
        var value = colon + 1
        while value < line.end, bytes[value] == 32 { value += 1 }
        // `key: ` with trailing spaces only: an empty value left to the reader.
        guard value < line.end else { throw GiveUp() }
        return (key, value)
    }

    /// A one-line scalar that YAML reads as text: plain, or single-quoted.
    private mutating func text(_ line: Line, _ value: Int?) throws(GiveUp) -> Located<String> {
        guard let start = value else { throw GiveUp() }
        let end = line.end
        let text: String
        if bytes[start] == 39 {
            var unquoted: [UInt8] = []
            var index = start + 1
            while true {
                guard index < end else { throw GiveUp() }
                if bytes[index] == 39 {
                    guard index + 1 < end, bytes[index + 1] == 39 else { break }
                    index += 1
                }
                unquoted.append(bytes[index])
                index += 1
            }
            guard index + 1 == end, unquoted.contains(where: { $0 != 32 }) else { throw GiveUp() }
            text = String(decoding: unquoted, as: UTF8.self)
        } else {
            // Plain: starts with a letter or digit; no `: `, ` #`, trailing colon or space, which YAML reads otherwise.
            let first = bytes[start]
            guard (48...57).contains(first) || (65...90).contains(first) || (97...122).contains(first),
                  bytes[end - 1] != 32, bytes[end - 1] != 58 else { throw GiveUp() }
            for index in start..<(end - 1) where bytes[index] == 58 && bytes[index + 1] == 32 || bytes[index] == 32 && bytes[index + 1] == 35 {
                throw GiveUp()
            }
            let written = UnsafeBufferPointer(rebasing: bytes[start..<end])
            text = earlierText(written) ?? String(decoding: written, as: UTF8.self)
            guard PlainScalar(text) == .string else { throw GiveUp() }
        }
        return Located(text, at: location(line, start))
    }

    /// The next earlier text (or the one after it, past an item removed) when it is written as `written`.
    private mutating func earlierText(_ written: UnsafeBufferPointer<UInt8>) -> String? {
        for index in earlierIndex..<min(earlierIndex + 2, earlierTexts.count) {
            let same = earlierTexts[index].utf8.withContiguousStorageIfAvailable { earlier in
                earlier.count == written.count && Self.same(UnsafeRawBufferPointer(earlier), UnsafeRawBufferPointer(written))
            }
            if same == true {
                earlierIndex = index + 1
                return earlierTexts[index]
            }
        }
        return nil
    }

    /// Whether two buffers of one length hold the same bytes, compared eight at a time.
    private static func same(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset + 8 <= first.count {
            if first.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != second.loadUnaligned(fromByteOffset: offset, as: UInt64.self) {
                return false
            }
            offset += 8
        }
        while offset < first.count {
            if first[offset] != second[offset] { return false }
            offset += 1
        }
        return true
    }

    private mutating func id(_ line: Line, _ value: Int?) throws(GiveUp) -> Located<String> {
        let id = try text(line, value)
        guard Identifier.isValid(id.value) else { throw GiveUp() }
        return id
    }

    /// `[a, b]`, the whole rest of the line: plain ids YAML reads as text.
    private func ids(_ line: Line, _ value: Int?) throws(GiveUp) -> [Located<String>] {
        guard let start = value, bytes[start] == 91, bytes[line.end - 1] == 93 else { throw GiveUp() }
        var ids: [Located<String>] = []
        var index = start + 1
        let close = line.end - 1
        while index < close, bytes[index] == 32 { index += 1 }
        if index == close { return [] }
        while true {
            let first = index
            while index < close, bytes[index] == 45 || (97...122).contains(bytes[index]) || (48...57).contains(bytes[index]) {
                index += 1
            }
            let id = String(decoding: bytes[first..<index], as: UTF8.self)
            guard Identifier.isValid(id), PlainScalar(id) == .string else { throw GiveUp() }
            ids.append(Located(id, at: location(line, first)))
            while index < close, bytes[index] == 32 { index += 1 }
            if index == close { return ids }
            guard bytes[index] == 44 else { throw GiveUp() }
            index += 1
            while index < close, bytes[index] == 32 { index += 1 }
        }
    }
}
