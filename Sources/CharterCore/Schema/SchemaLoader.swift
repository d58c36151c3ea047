/// Decodes a schema file (`schema.yaml`, or the built-in `Schemas/four-area.yaml`), strictly.
enum SchemaLoader {
    static func decode(_ node: YAMLNode, file: String, log: FindingLog) -> Schema? {
        guard var reader = MappingReader(node, file: file, what: "a schema", log: log) else { return nil }
        let id = reader.id("schema", required: true)
        let versionNode = reader.entry("version", required: true)?.value
        let version = versionNode.flatMap { positiveNumber($0, reader: reader) }
        let title = reader.text("title", required: true)
        let rights = reader.mapping("decision-rights", required: true, what: "'decision-rights'")
            .map { decisionRights($0) } ?? []
        let areas = reader.mapping("areas", required: true, what: "'areas'").map { self.areas($0) } ?? []
        let rules = reader.mapping("rules", what: "'rules'").map { self.rules($0) } ?? [:]
        reader.rejectUnknownKeys(in: "a schema")

        if rights.isEmpty { log.error(.invalidValue, at: reader.location, "a schema needs at least one decision right") }
        if areas.isEmpty { log.error(.invalidValue, at: reader.location, "a schema needs at least one area") }
        guard let id, let version, let title else { return nil }
        return Schema(id: id.value, version: version, title: title.value, decisionRights: rights,
                      areas: areas, rules: rules, source: file)
    }

    private static func positiveNumber(_ node: YAMLNode, reader: MappingReader) -> Int? {
        guard case .scalar(let text, .plain) = node.content, let number = Int(text), number > 0 else {
            reader.log.error(.wrongType, at: reader.location(of: node), "'version' must be a positive whole number")
            return nil
        }
        return number
    }

    private static func decisionRights(_ reader: MappingReader) -> [Schema.DecisionRight] {
        reader.entries.compactMap { entry in
            guard let id = validID(entry, reader: reader, what: "decision right"),
                  let meaning = reader.textValue(entry.value, named: entry.key) else { return nil }
            return Schema.DecisionRight(id: id, meaning: meaning.value)
        }
    }

    private static func areas(_ areas: MappingReader) -> [Schema.Area] {
        areas.entries.compactMap { entry in
            guard let id = validID(entry, reader: areas, what: "area"),
                  var area = MappingReader(entry.value, file: areas.file, what: "area '\(entry.key)'", log: areas.log)
            else { return nil }
            let title = area.text("title", required: true)
            let questions = (area.list("questions") ?? []).compactMap { area.textValue($0, named: "questions")?.value }
            let kpisNode = area.entry("kpis")?.value
            let allowsKPIs = kpisNode.flatMap { flag($0, reader: area) } ?? false
            area.rejectUnknownKeys(in: "area '\(entry.key)'")
            guard let title else { return nil }
            return Schema.Area(id: id, title: title.value, questions: questions, allowsKPIs: allowsKPIs)
        }
    }

    private static func rules(_ reader: MappingReader) -> [Rule: Severity] {
        var rules: [Rule: Severity] = [:]
        for entry in reader.entries {
            guard let rule = Rule(rawValue: entry.key) else {
                let known = Rule.allCases.map(\.rawValue).joined(separator: ", ")
                reader.log.error(.unknownKey, at: reader.keyLocation(of: entry),
                                 "unknown rule '\(entry.key)' (rules: \(known))")
                continue
            }
            guard let text = reader.textValue(entry.value, named: entry.key),
                  let severity = Severity(rawValue: text.value) else {
                reader.log.error(.invalidValue, at: reader.location(of: entry.value),
                                 "rule '\(entry.key)' must be error, warning or off")
                continue
            }
            rules[rule] = severity
        }
        return rules
    }

    private static func validID(_ entry: YAMLEntry, reader: MappingReader, what: String) -> String? {
        guard Identifier.isValid(entry.key) else {
            reader.log.error(.invalidID, at: reader.keyLocation(of: entry), "'\(entry.key)' is not a valid \(what) id")
            return nil
        }
        return entry.key
    }

    private static func flag(_ node: YAMLNode, reader: MappingReader) -> Bool? {
        if case .scalar(let text, .plain) = node.content {
            switch text {
            case "true": return true
            case "false": return false
            default: break
            }
        }
        reader.log.error(.wrongType, at: reader.location(of: node), "'kpis' must be true or false")
        return nil
    }
}
