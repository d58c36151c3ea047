import CharterCore
import CharterGit

/// What several formats say in the same words: charter's own phrases about a result, before any
/// medium's escaping, which each renderer applies where it interpolates them.

extension Array where Element == BoundaryChange {
    /// `12 changes: 7 moved, 3 decisions moved, 1 role added`, or `no boundary changes`.
    var summary: String {
        guard !isEmpty else { return "no boundary changes" }
        let counts = BoundaryChange.Kind.allCases.compactMap { kind -> String? in
            let count = self.count { $0.kind == kind }
            return count == 0 ? nil : "\(count) \(Self.phrase(kind, count))"
        }
        return "\(count) change\(count == 1 ? "" : "s"): " + counts.joined(separator: ", ")
    }

    private static func phrase(_ kind: BoundaryChange.Kind, _ count: Int) -> String {
        let plural = count != 1
        return switch kind {
        case .roleAdded: plural ? "roles added" : "role added"
        case .roleRemoved: plural ? "roles removed" : "role removed"
        case .roleRenamed: plural ? "roles renamed" : "role renamed"
        case .rolesMerged: plural ? "mergers of roles" : "merger of roles"
        case .roleSplit: plural ? "roles split off" : "role split off"
        case .moved: "moved"
        case .decisionMoved: plural ? "decisions moved" : "decision moved"
        case .added: "added"
        case .removed: "removed"
        case .reworded: "reworded"
        case .decisionGranted: plural ? "decisions granted" : "decision granted"
        case .decisionDropped: plural ? "decisions dropped" : "decision dropped"
        case .consultsChanged: plural ? "consults lists changed" : "consults list changed"
        case .fieldChanged: plural ? "fields changed" : "field changed"
        case .ruleChanged: plural ? "rules changed" : "rule changed"
        case .schemaChanged: plural ? "schema fields changed" : "schema field changed"
        }
    }

    /// The changes `keep` keeps, with each merger or split whose moves it keeps some of: a filter on an
    /// area or a role keeps the group its moves belong to.
    func keeping(_ keep: (BoundaryChange) -> Bool) -> [BoundaryChange] {
        let kept = filter(keep)
        return filter { change in
            keep(change) || change.kind.isLineage && kept.contains { $0.isMove(along: change) }
        }
    }

    /// The changes with the moves along each merger or split (`BoundaryChange.isMove(along:)`) taken out
    /// and listed under it: what text and Markdown show as one group.
    var groupedByLineage: (changes: [BoundaryChange], members: [BoundaryChange: [BoundaryChange]]) {
        let lineages = filter { $0.kind == .rolesMerged || $0.kind == .roleSplit }
        guard !lineages.isEmpty else { return (self, [:]) }
        var members: [BoundaryChange: [BoundaryChange]] = [:]
        let rest = filter { change in
            guard let lineage = lineages.first(where: change.isMove(along:)) else { return true }
            members[lineage, default: []].append(change)
            return false
        }
        return (rest, members)
    }

    /// The groups of the changes (`BoundaryChange.group`), in the order they first appear.
    var groups: [String] {
        var groups: [String] = []
        for change in self where !groups.contains(change.group) { groups.append(change.group) }
        return groups
    }
}

extension BoundaryChange {
    /// The group a change is shown under: its area, `schema` for changes of the rules, else `roles`.
    var group: String {
        area ?? (kind.isSchemaChange ? "schema" : "roles")
    }

    /// The item, the role, or `role field` for field changes; KPIs marked.
    var itemLabel: String {
        switch kind {
        case .roleAdded, .roleRemoved, .rolesMerged, .roleSplit: role ?? ""
        case .roleRenamed: to ?? ""
        case .fieldChanged: "\(role ?? "") \(field ?? "")"
        case .ruleChanged: item ?? ""
        case .schemaChanged: field ?? ""
        default: (item ?? "") + (itemKind == .kpi ? " [kpi]" : "")
        }
    }
}

extension RoleLineage.Shape {
    /// `renamed`, `merged into`, `split off as`: what became of a role, before the role it became.
    var phrase: String {
        switch self {
        case .renamed: "renamed"
        case .merged: "merged into"
        case .split: "split off as"
        }
    }
}

extension LogEntry {
    /// The day shown: the author date, as `git log` shows it, then ` (committed 2024-01-20)` when the
    /// commit was committed on another day (a rebase, a cherry-pick), the date `--since` compares.
    var day: String {
        let committed = info.committer.time.day
        return info.author.time.day + (committed == info.author.time.day ? "" : " (committed \(committed))")
    }

    /// What a commit at the boundary of a shallow clone shows in place of its changes, which cannot be known.
    static let shallowBoundaryNote = "shallow history: the commits before this one are not in this clone (git fetch --unshallow)"

    /// `cpo (signed SHA256:…), cto`: the approvals, trailers and signed ones, each once, the signed marked.
    var approvalList: [String] {
        let signedRoles = Dictionary(signed.map { ($0.role, $0.fingerprint) }) { first, _ in first }
        let roles = message.approvals + signed.map(\.role).filter { !message.approvals.contains($0) }
        return roles.map { role in signedRoles[role].map { "\(role) (signed \($0))" } ?? role }
    }

    /// Why a file's changes appear in this commit rather than in the one that made them.
    func readableAgainNote(_ file: ReadableAgain) -> String {
        "\(file.file) is readable again (unreadable since \(file.unreadableSince.short)): its changes are against its last readable version"
    }
}

extension BlameLine {
    /// Where the item came from and how it reached the role: `origin c283b80 in cto → renamed ctpo
    /// 2019-03-01 → merged into cpto 2023-05-02`, or `origin 86bf713 in cto → cpo merged into cpto
    /// 2026-01-12` for an item that had moved to cpo; nil when it arrived in the role itself, where it began.
    var path: String? {
        var parts: [String] = []
        if let origin, origin.info.id != arrival?.step.info.id || !lineage.isEmpty {
            parts.append("origin \(origin.info.id.short) in \(origin.role)")
        }
        // A step from another role than the path was in names it: the item had moved there meanwhile.
        var current = origin?.role
        for step in lineage {
            parts.append((step.from == current ? "" : "\(step.from) ") + "\(step.shape.phrase) \(step.to) \(step.commit.author.time.day)")
            current = step.to
        }
        return parts.isEmpty ? nil : parts.joined(separator: " → ")
    }

    /// Why an item has no commit that brought it: it was already there where a shallow clone's history
    /// begins, or the history does not show it arriving.
    var notFound: String {
        beforeShallowBoundary.map { "before the shallow boundary at \($0.short)" } ?? "not found in the history"
    }
}

extension HistoryAudit {
    var tally: String {
        Finding.tally(errors: errorCount, warnings: entries.count - errorCount)
    }

    var headline: String {
        "audited \(commits) commit\(commits == 1 ? "" : "s") (\(chartered) touching the charters, \(changes) boundary change\(changes == 1 ? "" : "s")): \(tally)"
    }
}

extension ReviewReport {
    /// `review of HEAD against main (merge base 1a2b3c4): 2 commits`.
    var heading: String {
        "review of \(tip.name) against \(base.name) (\(base.isMergeBase ? "merge base " : "")\(base.commit.short)): "
            + "\(commits.count) commit\(commits.count == 1 ? "" : "s")"
    }

    /// The approval as a reviewer reads it: `approved in 5e6f7a8 (signed), 9a8b7c6` or `missing`.
    static func state(_ approval: Approval) -> String {
        approval.approvedIn.isEmpty ? "missing"
            : "approved in " + approval.approvedIn.map { $0.short + (approval.signedIn.contains($0) ? " (signed)" : "") }.joined(separator: ", ")
    }

    /// `ready to merge`, or what is missing.
    var verdict: String { isReady ? "ready to merge" : "not ready: " + blockers.joined(separator: "; ") }

    /// The short label of what the review reviews: the tip's commit, or `work tree`.
    var tipLabel: String { workTree ? "work tree" : tip.commit.short }
}

extension ReviewReport.Approval {
    /// The changes that need it: `moved roadmap from cpo to cto, dropped how in strategy`.
    var changeList: String { changes.map(AuditRules.describe).joined(separator: ", ") }

    /// `cpo (Dana Reyes) has not approved: ` and the changes; the holder when the role has one.
    var notApproved: String { "\(role)\(holder.map { " (\($0))" } ?? "") has not approved: \(changeList)" }
}

extension Severity {
    /// The level CI formats name it by: a SARIF result's level, a GitHub workflow command.
    var level: String { self == .error ? "error" : "warning" }
}

extension WhoReport {
    /// `2 matches for "roadmap" at 1a2b3c4, committed 2025-02-03`.
    var headline: String {
        "\(answers.count) match\(answers.count == 1 ? "" : "es") for \"\(query.text)\" at \(commit.id.short), committed \(commit.committer.time.day)"
    }

    /// `cpo (Chief Product Officer), held by Lena Novak`; a role these charters lack (a consults entry
    /// naming no role), by its id alone.
    func describe(role id: String) -> String {
        guard let role = charters.role(id) else { return id }
        return "\(id) (\(role.title))" + (role.holder.map { ", held by \($0)" } ?? "")
    }
}

extension OwnershipMatch {
    /// `responsibility roadmap in strategy`, `kpi retention in metrics`, `decision strategy/what`.
    var heading: String {
        itemKind == .decision ? "decision \(label)" : "\(itemKind.rawValue) \(item) in \(area)"
    }

    /// What `text` is: a responsibility's `text`, a KPI's `name`, a decision right's `meaning`.
    var textLabel: String {
        switch itemKind {
        case .responsibility: "text"
        case .kpi: "name"
        case .decision: "meaning"
        }
    }

    /// `why: cpo, what: cpo, when: nobody, how: cto`: who holds each decision right in the area.
    var decidersPhrase: String {
        deciders.map { "\($0.right): \($0.roles.isEmpty ? "nobody" : $0.roles.joined(separator: "+"))" }.joined(separator: ", ")
    }
}

extension ItemChange {
    /// What the commit did to the item: `moved cto → cpo`, `removed from southgate-cpo, reworded in cpo`.
    var phrase: String { changes.map(\.itemPhrase).joined(separator: ", ") }
}

extension BoundaryChange {
    /// What the change did to its item, the item left unsaid: `moved cto → cpo`, `reworded in cpo`, `granted to cto`.
    var itemPhrase: String {
        let role = role ?? ""
        switch kind {
        case .moved, .decisionMoved:
            let route = from == to ? "moved within \(to ?? "")" : "moved \(from ?? "") → \(to ?? "")"
            return route + (fromArea.map { " from \($0)" } ?? "") + (before == nil ? "" : " and reworded")
                + (releasedIn.map { " (left \(from ?? "") in \($0.prefix(7)))" } ?? "")
        case .added: return "added to \(role)"
        case .removed: return "removed from \(role)"
        case .reworded: return "reworded in \(role)"
        case .consultsChanged: return "\(role) consults \(after?.nonEmpty ?? "nobody") (was \(before?.nonEmpty ?? "nobody"))"
        case .decisionGranted: return "granted to \(role)"
        case .decisionDropped: return "dropped by \(role)"
        default: return "\(kind.rawValue) \(role)"
        }
    }
}

extension OrgChart.Node {
    /// Why a root that names a boss stands at the top: `reports to cfo, which is neither a role nor an external name`.
    var detachmentNote: String? {
        guard let detachment, let boss = reportsTo else { return nil }
        return switch detachment {
        case .unknownBoss: "reports to \(boss), which is neither a role nor an external name"
        case .unreadableBoss: "reports to \(boss), whose charter cannot be read"
        case .reportingCycle: "reporting cycle cut here: reports to \(boss)"
        }
    }
}

extension OrgReport {
    /// `Acme Robotics at 1a2b3c4, committed 2020-01-15`: what the chart is of, before any escaping.
    var subject: String {
        (company.map { $0.name + " " } ?? "") + "at \(commit.id.short), committed \(commit.committer.time.day)"
    }
}
