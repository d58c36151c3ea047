/// Decodes one role charter strictly against the schema in force.
enum RoleDecoder {
    static func decode(_ node: YAMLNode, file: String, fileStem: String, schema: Schema, log: FindingLog) -> Role? {
        guard var reader = MappingReader(node, file: file, what: "a role charter", log: log) else { return nil }
        let id = reader.id("role", required: true)
        let title = reader.text("title", required: true)
        let holder = reader.text("holder")
        let reportsTo = reader.id("reports-to")
        let continues = reader.idList("continues")
        let keys = reader.keyList("keys")
        let areasEntry = reader.entry("areas", required: true)
        reader.rejectUnknownKeys(in: "a role charter")

        var idMatchesFile = true
        if let id, id.value != fileStem {
            idMatchesFile = false
            log.error(.roleFileMismatch, at: id.location,
                      "role id '\(id.value)' does not match the file name '\(fileStem).yaml'")
        }
        var areas: [AreaCharter] = []
        if let areasEntry,
           let areasReader = MappingReader(areasEntry.value, file: file, what: "'areas'", log: log) {
            areas = decodeAreas(areasReader, schema: schema)
            let missing = schema.areas.map(\.id).filter { id in !areasReader.entries.contains { $0.key == id } }
            for area in missing {
                log.error(.missingArea, at: areasReader.keyLocation(of: areasEntry),
                          "area '\(area)' is missing (every role lists all areas: \(schema.areas.map(\.id).joined(separator: ", ")))")
            }
        }
        reportDuplicateItems(in: areas, log: log)
        reportInvalidLineage(continues, of: id, log: log)
        // A role whose id disagrees with its file name stays out of the boundary checks: it would
        // otherwise appear twice, or under a name nobody can find.
        guard let id, let title, idMatchesFile else { return nil }
        return Role(id: id.value, file: file, location: id.location, title: title.value, holder: holder?.value,
                    reportsTo: reportsTo, continues: continues, keys: keys, areas: areas)
    }

    /// A role continues other roles, each once, and never itself.
    private static func reportInvalidLineage(_ continues: [Located<String>], of id: Located<String>?, log: FindingLog) {
        for (index, name) in continues.enumerated() {
            if name.value == id?.value {
                log.error(.invalidValue, at: name.location, "a role cannot continue itself ('\(name.value)')")
            } else if let first = continues[..<index].first(where: { $0.value == name.value }) {
                log.add(Finding(.error, .duplicateID, at: name.location, "role '\(name.value)' is continued twice",
                                related: [first.location]))
            }
        }
    }

    private static func decodeAreas(_ areas: MappingReader, schema: Schema) -> [AreaCharter] {
        areas.entries.filter { !$0.key.hasPrefix("x-") }.compactMap { entry in
            guard let definition = schema.area(entry.key) else {
                areas.log.error(.unknownArea, at: areas.keyLocation(of: entry),
                                "unknown area '\(entry.key)' (the schema '\(schema.id)' has \(schema.areas.map(\.id).joined(separator: ", ")))")
                return nil
            }
            guard var area = MappingReader(entry.value, file: areas.file, what: "area '\(entry.key)'", log: areas.log)
            else { return nil }
            let mandate = area.text("mandate")
            let decides = decisionRights(&area, schema: schema)
            let responsibilities = (area.list("responsibilities") ?? []).compactMap { responsibility($0, in: area) }
            var kpis: [KPI] = []
            if let kpiEntry = area.entry("kpis") {
                if definition.allowsKPIs {
                    kpis = (area.list("kpis") ?? []).compactMap { kpi($0, in: area) }
                } else {
                    area.log.error(.kpisNotAllowed, at: area.keyLocation(of: kpiEntry),
                                   "area '\(definition.id)' does not track KPIs")
                }
            }
            area.rejectUnknownKeys(in: "area '\(entry.key)'")
            return AreaCharter(area: definition.id, location: areas.keyLocation(of: entry), mandate: mandate?.value,
                               decides: decides, responsibilities: responsibilities, kpis: kpis)
        }
    }

    private static func decisionRights(_ area: inout MappingReader, schema: Schema) -> [Located<String>] {
        var rights: [Located<String>] = []
        for right in area.idList("decides") {
            if !schema.decisionRights.contains(where: { $0.id == right.value }) {
                area.log.error(.unknownDecisionRight, at: right.location,
                               "unknown decision right '\(right.value)' (the schema has \(schema.decisionRights.map(\.id).joined(separator: ", ")))")
            } else if let first = rights.first(where: { $0.value == right.value }) {
                area.log.add(Finding(.error, .duplicateID, at: right.location,
                                     "decision right '\(right.value)' is listed twice", related: [first.location]))
            } else {
                rights.append(right)
            }
        }
        return rights
    }

    private static func responsibility(_ node: YAMLNode, in area: MappingReader) -> Responsibility? {
        guard var item = MappingReader(node, file: area.file, what: "a responsibility", log: area.log) else { return nil }
        let id = item.id("id", required: true)
        let text = item.text("text", required: true)
        let consults = item.idList("consults")
        item.rejectUnknownKeys(in: "a responsibility")
        guard let id, let text else { return nil }
        return Responsibility(id: id.value, text: text.value, consults: consults, location: id.location)
    }

    private static func kpi(_ node: YAMLNode, in area: MappingReader) -> KPI? {
        guard var item = MappingReader(node, file: area.file, what: "a KPI", log: area.log) else { return nil }
        let id = item.id("id", required: true)
        let name = item.text("name", required: true)
        item.rejectUnknownKeys(in: "a KPI")
        guard let id, let name else { return nil }
        return KPI(id: id.value, name: name.value, location: id.location)
    }

    /// An item id is used once per role, across areas and kinds.
    private static func reportDuplicateItems(in areas: [AreaCharter], log: FindingLog) {
        var seen: [String: SourceLocation] = [:]
        let items = areas.flatMap { area in
            area.responsibilities.map { ($0.id, $0.location) } + area.kpis.map { ($0.id, $0.location) }
        }
        guard Set(items.map(\.0)).count < items.count else { return }
        for (id, location) in items.sorted(by: { ($0.1.line, $0.1.column) < ($1.1.line, $1.1.column) }) {
            if let first = seen[id] {
                log.add(Finding(.error, .duplicateID, at: location,
                                "item id '\(id)' is used twice in this role", related: [first]))
            } else {
                seen[id] = location
            }
        }
    }
}

/// Decodes `charter.yaml`.
enum CompanyDecoder {
    static func decode(_ node: YAMLNode, file: String, log: FindingLog) -> Company? {
        guard var reader = MappingReader(node, file: file, what: "charter.yaml", log: log) else { return nil }
        let name = reader.text("company", required: true)
        let stageText = reader.text("stage", required: true)
        let schema = reader.text("schema")
        let external = reader.idList("external")
        var keys: [String: [Located<String>]] = [:]
        if let entry = reader.entry("keys"), var names = MappingReader(entry.value, file: file, what: "'keys'", log: log) {
            for name in names.entries.map(\.key) {
                if !external.contains(where: { $0.value == name }) {
                    log.error(.unknownReference, at: names.keyLocation(of: names.entry(name)!),
                              "keys for '\(name)', which is not an external name (keys of a role go in its charter)")
                }
                keys[name] = names.keyList(name)
            }
        }
        let approvalsText = reader.text("approvals")
        let approvals = approvalsText.flatMap { Company.ApprovalPolicy(rawValue: $0.value) }
        if let approvalsText, approvals == nil {
            log.error(.invalidValue, at: approvalsText.location,
                      "approvals '\(approvalsText.value)' is not one of \(Company.ApprovalPolicy.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let imports = (reader.list("imports") ?? []).compactMap { node -> Company.Import? in
            guard var entry = MappingReader(node, file: file, what: "an import", log: log) else { return nil }
            let prefix = entry.id("prefix", required: true)
            let company = entry.text("company")
            entry.rejectUnknownKeys(in: "an import")
            return prefix.map { Company.Import(prefix: $0.value, company: company?.value, location: $0.location) }
        }
        reader.rejectUnknownKeys(in: "charter.yaml")

        let stage = stageText.flatMap { Company.Stage(rawValue: $0.value) }
        if let stageText, stage == nil {
            log.error(.invalidValue, at: stageText.location,
                      "stage '\(stageText.value)' is not one of \(Company.Stage.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let name, let stage else { return nil }
        var company = Company(name: name.value, stage: stage, schema: schema, external: external, imports: imports)
        company.keys = keys
        company.approvals = approvals ?? .typed
        return company
    }
}
