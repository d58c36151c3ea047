import CharterCore

/// Renders the boundary map: per area, who holds which decision rights, responsibilities and KPIs.
/// Names, titles and ids come from the repository: each medium escapes them here, and in text
/// every line begins with charter's own words (`Boundary map`, `area:`) or an indent.
enum MapRenderer {
    struct Heading {
        var snapshot: String
        /// The day the snapshot was committed, shown as `committed 2021-06-14`.
        var committed: String?
    }

    static func text(_ charters: CharterSet, role: String?, heading: Heading, on terminal: Terminal) -> String {
        let shown = TerminalText.escaped
        var out = "Boundary map"
        if let company = charters.company {
            out += ": " + terminal.bold(shown(company.name)) + " (\(company.stage.rawValue) stage)"
        }
        out += " at \(shown(heading.snapshot))\(heading.committed.map { ", committed \(shown($0))" } ?? ""); schema \(shown(charters.schema.id))\n"
        let roles = charters.roles.filter { role == nil || $0.id == role }
        let width = max(8, roles.map { shown($0.id).count }.max() ?? 0)
        for area in charters.schema.areas {
            out += "\n" + terminal.bold("area: " + shown(area.title)) + "\n"
            let decisions = charters.schema.decisionRights.compactMap { right -> String? in
                let holders = holders(of: right.id, in: area.id, charters)
                guard role == nil || holders.contains(role!) else { return nil }
                return "\(shown(right.id)): \(holders.isEmpty ? terminal.warning("nobody") : shown(holders.joined(separator: "+")))"
            }
            if !decisions.isEmpty {
                out += "  " + "decides".padded(to: width) + "  " + decisions.joined(separator: "  ") + "\n"
            }
            for holder in roles {
                guard let part = holder.area(area.id), !(part.responsibilities.isEmpty && part.kpis.isEmpty) else { continue }
                var items = part.responsibilities.map { shown($0.id) }.joined(separator: ", ")
                if !part.kpis.isEmpty {
                    items += (items.isEmpty ? "" : "; ") + "KPIs: " + part.kpis.map { shown($0.id) }.joined(separator: ", ")
                }
                out += "  " + terminal.accent(shown(holder.id).padded(to: width)) + "  " + items + "\n"
            }
        }
        return out
    }

    static func markdown(_ charters: CharterSet, role: String?, heading: Heading) -> String {
        let shown = MarkdownText.escaped
        var out = "### Boundary map: \(shown(charters.company?.name ?? "charters")) at \(MarkdownText.code(heading.snapshot))"
            + "\(heading.committed.map { ", committed \(shown($0))" } ?? "")\n"
        let roles = charters.roles.filter { role == nil || $0.id == role }
        for area in charters.schema.areas {
            out += "\n#### \(shown(area.title))\n\n| role | decides | responsibilities | KPIs |\n|---|---|---|---|\n"
            for holder in roles {
                guard let part = holder.area(area.id) else { continue }
                let cells = [shown(part.decides.map(\.value).joined(separator: ", ")),
                             part.responsibilities.map { MarkdownText.code($0.id) }.joined(separator: ", "),
                             part.kpis.map { MarkdownText.code($0.id) }.joined(separator: ", ")]
                out += "| \(shown(holder.id)) | \(cells.joined(separator: " | ")) |\n"
            }
        }
        return out
    }

    static func json(_ charters: CharterSet, role: String?, snapshot: String, date: String?) -> JSONValue {
        let roles = charters.roles.filter { role == nil || $0.id == role }
        let areas = charters.schema.areas.map { area -> JSONValue in
            .object([
                ("area", .string(area.id)),
                ("title", .string(area.title)),
                ("decisions", .array(charters.schema.decisionRights.map { right in
                    .object([("right", .string(right.id)),
                             ("roles", .array(holders(of: right.id, in: area.id, charters).map(JSONValue.string)))])
                })),
                ("roles", .array(roles.compactMap { holder -> JSONValue? in
                    guard let part = holder.area(area.id) else { return nil }
                    return .object([
                        ("role", .string(holder.id)),
                        ("decides", .array(part.decides.map { .string($0.value) })),
                        ("responsibilities", .array(part.responsibilities.map { item in
                            .object([("id", .string(item.id)), ("text", .string(item.text)),
                                     ("consults", .array(item.consults.map { .string($0.value) }))])
                        })),
                        ("kpis", .array(part.kpis.map { .object([("id", .string($0.id)), ("name", .string($0.name))]) })),
                    ])
                })),
            ])
        }
        return .object([
            ("format", 1),
            ("commit", .string(snapshot)),
            ("date", JSONValue(date)),
            ("company", JSONValue(charters.company?.name)),
            ("stage", JSONValue(charters.company?.stage.rawValue)),
            ("schema", .string(charters.schema.id)),
            ("roles", .array(roles.map { holder in
                .object([("role", .string(holder.id)), ("title", .string(holder.title)), ("holder", JSONValue(holder.holder)),
                         ("reportsTo", JSONValue(holder.reportsTo?.value))])
            })),
            ("areas", .array(areas)),
        ])
    }

    private static func holders(of right: String, in area: String, _ charters: CharterSet) -> [String] {
        charters.roles.filter { $0.area(area)?.decides.contains { $0.value == right } ?? false }.map(\.id)
    }
}
