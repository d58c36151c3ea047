/// The rules that span roles: who owns what, who decides what, and who reports to whom.
/// Each rule's severity comes from the schema in force; `off` silences it.
public enum BoundaryRules {
    public static func check(_ charters: CharterSet) -> [Finding] {
        check(charters, index: OwnershipIndex(charters))
    }

    /// The findings on `charters`, whose roles `index` holds.
    static func check(_ charters: CharterSet, index: OwnershipIndex) -> [Finding] {
        let schema = charters.schema
        var findings: [Finding] = []
        findings += singleOwner(charters, index)
        findings += decisionRights(charters, index)
        findings += coverage(charters, index)
        findings += kpiOwner(charters, index)
        findings += references(charters, index)
        findings += reportingCycles(index)
        findings += unrecordedImports(charters)
        return findings.compactMap { finding in
            guard let rule = finding.code.rule else { return finding }
            let severity = schema.severity(of: rule)
            guard severity != .off else { return nil }
            var adjusted = finding
            adjusted.severity = severity
            return adjusted
        }
    }

    // MARK: - Ownership

    private typealias Claim = OwnershipIndex.Claim

    private static func singleOwner(_ charters: CharterSet, _ index: OwnershipIndex) -> [Finding] {
        overlaps(in: charters, code: .overlap, noun: "responsibility", key: ItemKey.responsibility, index.responsibilities)
    }

    private static func kpiOwner(_ charters: CharterSet, _ index: OwnershipIndex) -> [Finding] {
        overlaps(in: charters, code: .kpiOverlap, noun: "KPI", key: ItemKey.kpi, index.kpis)
    }

    /// Reports every claim after the first on an item id held by more than one role.
    private static func overlaps(in charters: CharterSet, code: FindingCode, noun: String, key: (String) -> String,
                                 _ claims: OwnershipIndex.Claims<String>) -> [Finding] {
        claims.shared.sorted().flatMap { id -> [Finding] in
            let owners = claims[id]
            return conflicts(among: owners, key: key(id), in: charters).map { conflict in
                let claim = conflict.claim, pending = conflict.pending
                return Finding(pending ? .warning : .error, pending ? .pendingIntegration : code, at: claim.location,
                               "\(noun) '\(id)' is owned by both \(conflict.against.role) and \(claim.role)" + (pending ? " since the import" : ""),
                               related: owners.filter { $0.location != claim.location }.map(\.location))
            }
        }
    }

    /// Pairs each holder of a key after the first with the holder it conflicts with. Holders that did not
    /// bring the key with an import conflict outright (an error); a holder an import brought it to, or one
    /// whose only earlier holders an import brought, is integration work (pending). So an import never
    /// turns an overlap between two other roles into a warning.
    private static func conflicts(among holders: [Claim], key: String, in charters: CharterSet)
        -> [(claim: Claim, against: Claim, pending: Bool)] {
        var firstUnimported: Claim?
        var conflicts: [(claim: Claim, against: Claim, pending: Bool)] = []
        for (index, holder) in holders.enumerated() {
            let brought = charters.broughtByImport(holder.role, key)
            if index > 0 {
                if !brought, let earlier = firstUnimported {
                    conflicts.append((holder, earlier, false))
                } else {
                    conflicts.append((holder, firstUnimported ?? holders[0], true))
                }
            }
            if !brought, firstUnimported == nil { firstUnimported = holder }
        }
        return conflicts
    }

    // MARK: - Decision rights and coverage

    /// One decider per right in each area; a right nobody holds is reported on the area.
    private static func decisionRights(_ charters: CharterSet, _ index: OwnershipIndex) -> [Finding] {
        guard let firstRole = charters.roles.first else { return [] }
        let judgeGaps = charters.isComplete
        var findings: [Finding] = []
        for area in charters.schema.areas {
            for right in charters.schema.decisionRights {
                let holders = index.deciders[OwnershipIndex.Decision(area: area.id, right: right.id)]
                if !holders.isEmpty {
                    let key = ItemKey.decision(area: area.id, right: right.id)
                    for conflict in conflicts(among: holders, key: key, in: charters) {
                        let pending = conflict.pending
                        findings.append(Finding(pending ? .warning : .error, pending ? .pendingIntegration : .deciderConflict,
                                                at: conflict.claim.location,
                                                "in \(area.id), the '\(right.id)' decision is held by both \(conflict.against.role) and \(conflict.claim.role)"
                                                    + (pending ? " since the import" : ""),
                                                related: [conflict.against.location]))
                    }
                } else if judgeGaps {
                    findings.append(Finding(.warning, .undecided, at: areaLocation(area.id, in: firstRole),
                                            "in \(area.id), no role holds the '\(right.id)' decision"))
                }
            }
        }
        return findings
    }

    private static func coverage(_ charters: CharterSet, _ index: OwnershipIndex) -> [Finding] {
        guard let firstRole = charters.roles.first, charters.isComplete else { return [] }
        return charters.schema.areas.compactMap { area in
            guard index.coverage[area.id, default: 0] == 0 else { return nil }
            return Finding(.error, .uncoveredArea, at: areaLocation(area.id, in: firstRole),
                           "no role has a responsibility in \(area.id)")
        }
    }

    /// Repository-wide findings about an area are placed on that area in the first role's file.
    private static func areaLocation(_ area: String, in role: Role) -> SourceLocation {
        role.area(area)?.location ?? role.location
    }

    // MARK: - Imports

    /// An `imports:` entry counts only when the history records that import: written by hand, it
    /// would turn the central rules into warnings for any role with its prefix.
    private static func unrecordedImports(_ charters: CharterSet) -> [Finding] {
        let recorded = Set(charters.recordedImports.map(\.prefix))
        return (charters.company?.imports ?? []).filter { !recorded.contains($0.prefix) }.map { entry in
            Finding(.error, .unrecordedImport, at: entry.location,
                    "charter.yaml lists an import with prefix '\(entry.prefix)', but the history holds no `charter import` of it")
        }
    }

    // MARK: - References

    /// Names that are no role: a `reports-to` that is no external name either, a `consults`, an external
    /// name that is a role id. And a role that consults itself.
    private static func references(_ charters: CharterSet, _ index: OwnershipIndex) -> [Finding] {
        let isRole = { (name: String) in index.roleIDs.contains(name) || charters.unreadableRoles.contains(name) }
        let external = charters.company?.external ?? []
        // Without a readable charter.yaml the external names are unknown: do not guess at reports-to.
        let knowsExternalNames = charters.company != nil
        let externalIDs = Set(external.map(\.value))
        var findings: [Finding] = []
        for name in external where isRole(name.value) {
            findings.append(Finding(.error, .unknownReference, at: name.location,
                                    "external name '\(name.value)' is also a role id; an external name must be outside the charters"))
        }
        for name in index.unknownNames.sorted() where !isRole(name) {
            if knowsExternalNames, !externalIDs.contains(name) {
                for reference in index.reportsTo[name] ?? [] {
                    findings.append(Finding(.error, .unknownReference, at: reference.location,
                                            "\(reference.role) reports to '\(name)', which is neither a role nor an external name"))
                }
            }
            for reference in index.consults[name] ?? [] {
                findings.append(Finding(.error, .unknownReference, at: reference.location,
                                        "'\(reference.item ?? "")' consults '\(name)', which is not a role"))
            }
        }
        for role in index.selfConsulting.sorted() {
            for reference in index.consults[role] ?? [] where reference.role == role {
                findings.append(Finding(.error, .unknownReference, at: reference.location,
                                        "\(role) cannot consult itself on '\(reference.item ?? "")'"))
            }
        }
        return findings
    }

    /// Each reporting cycle once, on its smallest role id.
    private static func reportingCycles(_ index: OwnershipIndex) -> [Finding] {
        index.cycles.keys.sorted().map { anchor in
            let cycle = index.cycles[anchor]!
            let locations = cycle.compactMap { index.bosses[$0]?.location }
            return Finding(.error, .reportingCycle, at: locations[0], "reporting cycle: \((cycle + [anchor]).joined(separator: " → "))",
                           related: Array(locations.dropFirst()))
        }
    }
}
