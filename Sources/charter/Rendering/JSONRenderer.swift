import CharterCore
import CharterGit

/// JSON for scripts: `"format": 1` first, every field exact and whole (`JSONValue` escapes strings).
/// Fields may be added, none renamed.
enum JSONRenderer {
    static func render(_ result: ValidationResult, to out: Terminal) {
        write(validation(result.report, source: result.source.label), to: out)
    }

    static func render(_ diff: Workspace.Comparison, to out: Terminal) {
        write(.object([
            ("format", 1), ("from", .string(diff.from.label)), ("to", .string(diff.to.label)),
            ("changes", .array(diff.changes.map(change))),
            ("unreadable", .array(diff.unreadable.map(unreadable))),
        ]), to: out)
    }

    static func render(_ map: MapReport, to out: Terminal) {
        let charters = map.charters
        let areas = charters.schema.areas.map { area -> JSONValue in
            .object([
                ("area", .string(area.id)),
                ("title", .string(area.title)),
                ("decisions", .array(charters.schema.decisionRights.map { right in
                    .object([("right", .string(right.id)),
                             ("roles", .array(map.holders(of: right.id, in: area.id).map(JSONValue.string)))])
                })),
                ("roles", .array(map.roles.compactMap { holder -> JSONValue? in
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
        write(.object([
            ("format", 1),
            ("commit", .string(map.commit.id.description)),
            ("date", .string(map.commit.committer.time.iso8601)),
            ("company", JSONValue(charters.company?.name)),
            ("stage", JSONValue(charters.company?.stage.rawValue)),
            ("schema", .string(charters.schema.id)),
            ("roles", .array(map.roles.map { holder in
                .object([("role", .string(holder.id)), ("title", .string(holder.title)), ("holder", JSONValue(holder.holder)),
                         ("reportsTo", JSONValue(holder.reportsTo?.value))])
            })),
            ("areas", .array(areas)),
        ]), to: out)
    }

    static func render(_ org: OrgReport, to out: Terminal) {
        write(.object([
            ("format", 1),
            ("commit", .string(org.commit.id.description)),
            ("date", .string(org.commit.committer.time.iso8601)),
            ("company", JSONValue(org.company?.name)),
            ("roots", .array(org.chart.roots.map(node))),
        ]), to: out)
    }

    /// An entry at a time, from the listing the walk collected: the JSON text is never held whole.
    static func render(_ log: LogListing, to out: Terminal) {
        out.write("{\n  \"format\": 1,\n  \"commits\": [")
        for (index, entry) in log.entries.enumerated() {
            out.write((index == 0 ? "\n    " : ",\n    ") + self.entry(entry).rendered(indent: 4))
        }
        out.write(log.entries.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
    }

    static func render(_ blame: BlameReport, to out: Terminal) {
        write(.object([("format", 1), ("role", .string(blame.role)), ("commit", .string(blame.commit.description)),
                       ("items", .array(blame.lines.map(line)))]), to: out)
    }

    static func render(_ audit: HistoryAudit, to out: Terminal) {
        write(self.audit(audit), to: out)
    }

    static func render(_ who: WhoReport, to out: Terminal) {
        write(.object([
            ("format", 1), ("query", .string(who.query.text)), ("commit", .string(who.commit.id.description)),
            ("date", .string(who.commit.committer.time.iso8601)),
            ("matches", .array(who.answers.map { answer(of: $0, in: who.charters) })),
        ]), to: out)
    }

    static func render(_ review: ReviewReport, to out: Terminal) {
        write(.object([
            ("format", 1),
            ("base", .object([("name", .string(review.base.name)), ("commit", .string(review.base.commit.description))])),
            ("tip", .object([("name", .string(review.tip.name)), ("commit", .string(review.tip.commit.description)),
                             ("workTree", .bool(review.workTree))])),
            ("commits", .array(review.commits.map { .string($0.id.description) })),
            ("changes", .array(review.comparison.changes.map(change))),
            ("unreadable", .array(review.comparison.unreadable.map(unreadable))),
            ("approvals", .array(review.approvals.map { approval in
                .object([
                    ("role", .string(approval.role)),
                    ("holder", JSONValue(approval.holder)),
                    ("approved", .bool(approval.isPresent)),
                    ("approvedIn", .array(approval.approvedIn.map { .string($0.description) })),
                    ("signedIn", .array(approval.signedIn.map { .string($0.description) })),
                    ("changes", .array(approval.changes.map(change))),
                ])
            })),
            ("audit", audit(review.audit)),
            ("result", validation(review.result, source: review.comparison.to.label)),
            ("ready", .bool(review.isReady)),
            ("blockers", .array(review.blockers.map(JSONValue.string))),
        ]), to: out)
    }

    private static func write(_ value: JSONValue, to out: Terminal) {
        out.write(value.rendered() + "\n")
    }

    // MARK: - Parts

    private static func validation(_ report: ValidationReport, source: String) -> JSONValue {
        .object([
            ("format", 1),
            ("source", .string(source)),
            ("valid", .bool(report.isValid)),
            ("findings", .array(report.findings.map(finding))),
        ])
    }

    private static func finding(_ finding: Finding) -> JSONValue {
        .object([
            ("severity", .string(finding.severity.rawValue)),
            ("code", .string(finding.code.rawValue)),
            ("file", .string(finding.location.file)),
            ("line", .int(finding.location.line)),
            ("column", .int(finding.location.column)),
            ("message", .string(finding.message)),
            ("hint", .string(finding.hint)),
            ("related", .array(finding.related.map { location in
                .object([("file", .string(location.file)), ("line", .int(location.line)), ("column", .int(location.column))])
            })),
        ])
    }

    private static func change(_ change: BoundaryChange) -> JSONValue {
        let fields: [(String, String?)] = [
            ("kind", change.kind.rawValue), ("area", change.area), ("itemKind", change.itemKind?.rawValue),
            ("item", change.item), ("role", change.role), ("from", change.from), ("to", change.to),
            ("fromArea", change.fromArea), ("field", change.field), ("before", change.before), ("after", change.after),
            ("releasedIn", change.releasedIn),
        ]
        var object = fields.compactMap { key, value in value.map { (key, JSONValue.string($0)) } }
        if let continued = change.continued { object.append(("continued", .array(continued.map(JSONValue.string)))) }
        if let items = change.movedItems { object.append(("movedItems", .int(items))) }
        if let decisions = change.movedDecisions { object.append(("movedDecisions", .int(decisions))) }
        return .object(object)
    }

    /// A file a side could not read. `reason` repeats `message`: it was the field's first name.
    private static func unreadable(_ file: Workspace.UnreadableFile) -> JSONValue {
        let finding = file.finding
        return .object([
            ("side", .string(file.side.rawValue)), ("file", .string(finding.location.file)),
            ("line", .int(finding.location.line)), ("column", .int(finding.location.column)),
            ("code", .string(finding.code.rawValue)), ("message", .string(finding.message)), ("reason", .string(finding.message)),
        ])
    }

    private static func entry(_ entry: LogEntry) -> JSONValue {
        let info = entry.info, message = entry.message
        return .object([
            ("id", .string(info.id.description)),
            ("parents", .array(info.parents.map { .string($0.description) })),
            ("date", .string(info.author.time.iso8601)),
            ("committed", .string(info.committer.time.iso8601)),
            ("author", .string(info.author.name)),
            ("email", .string(info.author.email)),
            ("subject", .string(message.subject)),
            ("body", .string(message.body)),
            ("event", message.event.map { .string($0.description) } ?? .null),
            ("approvals", .array(message.approvals.map(JSONValue.string))),
            ("signedApprovals", .array(entry.signed.map { .object([("role", .string($0.role)), ("key", .string($0.fingerprint))]) })),
            ("changes", .array(entry.changes.map(change))),
            ("unreadable", .array(entry.unreadable.map(finding))),
            ("readableAgain", .array(entry.readableAgain.map { .object([("file", .string($0.file)),
                                                                         ("unreadableSince", .string($0.unreadableSince.description))]) })),
            ("shallowBoundary", .bool(info.isShallowBoundary)),
        ])
    }

    private static func line(_ line: BlameLine) -> JSONValue {
        .object([
            ("item", .string(line.item)),
            ("itemKind", .string(line.itemKind.rawValue)),
            ("area", .string(line.area)),
        ] + arrival(line.arrival) + [
            ("beforeShallowBoundary", .bool(line.beforeShallowBoundary != nil)),
            ("shallowBoundary", JSONValue(line.beforeShallowBoundary?.description)),
            ("origin", line.origin.map { .object([("commit", .string($0.info.id.description)), ("role", .string($0.role))]) } ?? .null),
            ("lineage", lineage(line.lineage)),
        ])
    }

    /// How an item reached a role along the roles' lineage, as blame and who give it: oldest step first.
    private static func lineage(_ steps: [BlameLine.LineageStep]) -> JSONValue {
        .array(steps.map { step in
            .object([("kind", .string(step.shape.rawValue)), ("from", .string(step.from)), ("to", .string(step.to)),
                     ("commit", .string(step.commit.id.description)), ("date", .string(step.commit.author.time.iso8601))])
        })
    }

    /// The commit that brought an item into a role, as blame and who give it: null fields when there is none.
    private static func arrival(_ arrival: OwnershipLedger.Arrival?) -> [(String, JSONValue)] {
        let info = arrival?.step.info
        return [
            ("commit", JSONValue(info?.id.description)),
            ("date", JSONValue(info?.author.time.iso8601)),
            ("author", JSONValue(info?.author.name)),
            ("subject", JSONValue(arrival?.step.message.subject)),
            ("event", JSONValue(arrival?.step.message.event?.description)),
            ("how", JSONValue(arrival?.how)),
            ("from", JSONValue(arrival?.from)),
            ("releasedIn", JSONValue(arrival?.releasedIn)),
            ("mergedIn", JSONValue(arrival?.mergedIn?.description)),
        ]
    }

    /// One match of `charter who`: the item, its owner and deciders, since when and its last change.
    private static func answer(of answer: WhoReport.Answer, in charters: CharterSet) -> JSONValue {
        let match = answer.match, since = answer.history.since
        return .object([
            ("itemKind", .string(match.itemKind.rawValue)),
            ("item", .string(match.item)),
            ("area", .string(match.area)),
            ("text", .string(match.text)),
            ("match", .string(match.rank.name)),
            ("owner", match.owner.map { role($0.id, in: charters) } ?? .null),
            ("deciders", .array(match.deciders.map { .object([("right", .string($0.right)), ("roles", .array($0.roles.map(JSONValue.string)))]) })),
            ("consults", .array(match.consults.map { role($0, in: charters) })),
            ("since", since?.arrival.map { .object(arrival($0)) } ?? .null),
            ("shallowBoundary", JSONValue(since?.beforeShallowBoundary?.description)),
            ("origin", since?.origin.map { .object([("commit", .string($0.info.id.description)), ("date", .string($0.info.author.time.iso8601)),
                                                    ("role", .string($0.role))]) } ?? .null),
            ("lineage", lineage(since?.lineage ?? [])),
            ("lastChange", answer.history.lastChange.map { last in
                .object([("commit", .string(last.info.id.description)), ("date", .string(last.info.author.time.iso8601)),
                         ("author", .string(last.info.author.name)), ("subject", .string(last.message.subject)),
                         ("event", JSONValue(last.message.event?.description)), ("changes", .array(last.changes.map(change)))])
            } ?? .null),
        ])
    }

    /// A role by id, with its title and holder; both null for an id these charters lack.
    private static func role(_ id: String, in charters: CharterSet) -> JSONValue {
        let role = charters.role(id)
        return .object([("role", .string(id)), ("title", JSONValue(role?.title)), ("holder", JSONValue(role?.holder))])
    }

    /// A node of the org chart, its reports nested.
    private static func node(_ node: OrgChart.Node) -> JSONValue {
        .object([
            ("id", .string(node.id)),
            ("kind", .string(node.kind.rawValue)),
            ("title", JSONValue(node.title)),
            ("holder", JSONValue(node.holder)),
            ("reportsTo", JSONValue(node.reportsTo)),
            ("detached", JSONValue(node.detachment?.rawValue)),
            ("reports", .array(node.reports.map(self.node))),
        ])
    }

    private static func audit(_ audit: HistoryAudit) -> JSONValue {
        .object([
            ("format", 1),
            ("commits", .int(audit.commits)),
            ("chartered", .int(audit.chartered)),
            ("changes", .int(audit.changes)),
            ("findings", .array(audit.entries.map { entry in
                .object([
                    ("severity", .string(entry.finding.severity.rawValue)),
                    ("code", .string(entry.finding.code.rawValue)),
                    ("commit", .string(entry.info.id.description)),
                    ("date", .string(entry.info.author.time.iso8601)),
                    ("subject", .string(entry.info.subject)),
                    ("message", .string(entry.finding.message)),
                    ("details", .array(entry.details.map(finding))),
                ])
            })),
            ("summary", .object(audit.byCode.map { ($0.0, .int($0.1)) })),
            ("signedApprovals", .array(audit.signedApprovals.map { info, approval in
                .object([("commit", .string(info.id.description)), ("role", .string(approval.role)),
                         ("holder", JSONValue(approval.holder)), ("key", .string(approval.fingerprint))])
            })),
        ])
    }
}
