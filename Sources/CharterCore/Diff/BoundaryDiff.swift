/// Compares two charter sets and says how the boundary between roles moved.
///
/// Items (responsibilities, KPIs) are matched by id across all roles, so an item that leaves one
/// role and appears in another is one `moved` change, never a removal plus an addition. Decision
/// rights are compared per area. Everything is compared as sets and sorted at the end, so the answer
/// does not depend on YAML formatting, key order or list order.
public enum BoundaryDiff {
    /// The changes from `before` to `after`, grouped by area (schema order; role-wide changes first),
    /// moves first within each group. Roles unreadable on either side are left out of the comparison.
    /// `through`: for the roles that came and went between two versions several commits apart, the
    /// roles each continued (`RoleLineage.between`).
    public static func changes(from before: CharterSet, to after: CharterSet, through: [String: [String]] = [:]) -> [BoundaryChange] {
        let unreadable = before.unreadableRoles.union(after.unreadableRoles)
        let lineage = RoleLineage.between(before, after, through: through)
        // A renamed role is compared with what it was under its old id: only what changed besides the name shows.
        let renames = lineage.renames
        let old = Dictionary(before.roles.filter { !unreadable.contains($0.id) }.map { role in
            var role = role
            role.id = renames[role.id] ?? role.id
            return (role.id, role)
        }) { first, _ in first }
        let new = Dictionary(after.roles.filter { !unreadable.contains($0.id) }.map { ($0.id, $0) }) { first, _ in first }

        var changes = schemaChanges(before.schema, after.schema)
        changes += companyChanges(before.company, after.company)
        changes += roleChanges(old, new, lineage: lineage)
        changes += itemChanges(.responsibility, old, new)
        changes += itemChanges(.kpi, old, new)
        changes += decisionChanges(old, new)
        changes += consultsChanges(old, new)
        changes += lineageChanges(lineage, before: before, after: after, changes: changes)
        let areaOrder = (after.schema.areas + before.schema.areas).map(\.id)
        return changes.sorted { order($0, areaOrder) < order($1, areaOrder) }
    }

    // MARK: - Lineage

    /// One change per role that newly continues others (`RoleLineage`), with the count of the moves
    /// along it; the roles a lineage adds or ends are not reported as added or removed besides.
    private static func lineageChanges(_ lineage: RoleLineage, before: CharterSet, after: CharterSet,
                                       changes: [BoundaryChange]) -> [BoundaryChange] {
        lineage.steps.map { step in
            let title = after.role(step.role)?.title
            switch step.shape {
            case .renamed:
                let was = step.continued[0]
                return BoundaryChange(.roleRenamed, from: was, to: step.role, before: before.role(was)?.title, after: title)
            case .merged, .split:
                var change = step.shape == .merged
                    ? BoundaryChange(.rolesMerged, role: step.role, after: title, continued: step.continued)
                    : BoundaryChange(.roleSplit, role: step.role, from: step.continued[0], after: title)
                let moves = changes.filter { $0.isMove(along: change) }
                change.movedItems = moves.count { $0.itemKind != .decision }
                change.movedDecisions = moves.count { $0.itemKind == .decision }
                return change
            }
        }
    }

    // MARK: - The schema

    /// A change of the rules is a change like any other: rule severities one by one, then the schema's
    /// name, version, areas and decision rights.
    public static func schemaChanges(_ before: Schema, _ after: Schema) -> [BoundaryChange] {
        // In a history the schema seldom changes: the same schema, usually the same storage, compares at once.
        guard before != after else { return [] }
        var changes = Rule.allCases.compactMap { rule -> BoundaryChange? in
            let was = before.severity(of: rule), now = after.severity(of: rule)
            return was == now ? nil : BoundaryChange(.ruleChanged, item: rule.rawValue, before: was.rawValue, after: now.rawValue)
        }
        let fields: [(String, String, String)] = [
            ("schema", before.id, after.id), ("version", String(before.version), String(after.version)),
            ("areas", before.areas.map(\.id).joined(separator: ", "), after.areas.map(\.id).joined(separator: ", ")),
            ("decision-rights", before.decisionRights.map(\.id).joined(separator: ", "), after.decisionRights.map(\.id).joined(separator: ", ")),
        ]
        for (field, was, now) in fields where was != now {
            changes.append(BoundaryChange(.schemaChanged, field: field, before: was, after: now))
        }
        return changes
    }

    /// What charter.yaml says of signed approvals: the external names' keys (a `keys` field of the name),
    /// and the approval policy (a change of the rules in force, field `approvals`). Nothing when either
    /// side has no readable charter.yaml.
    private static func companyChanges(_ before: Company?, _ after: Company?) -> [BoundaryChange] {
        guard let before, let after, before.keys != after.keys || before.approvals != after.approvals else { return [] }
        var changes = Set(before.keys.keys).union(after.keys.keys).sorted().compactMap { name -> BoundaryChange? in
            let was = keyList(before.keys[name] ?? []), now = keyList(after.keys[name] ?? [])
            return was == now ? nil : BoundaryChange(.fieldChanged, role: name, field: "keys", before: was, after: now)
        }
        if before.approvals != after.approvals {
            changes.append(BoundaryChange(.schemaChanged, field: "approvals", before: before.approvals.rawValue, after: after.approvals.rawValue))
        }
        return changes
    }

    // MARK: - Roles and their fields

    /// Roles added and removed, and the fields of the others. A role a lineage step makes or ends is left to
    /// the step's change (`lineageChanges`); so is a renamed role's title.
    private static func roleChanges(_ old: [String: Role], _ new: [String: Role], lineage: RoleLineage) -> [BoundaryChange] {
        var changes: [BoundaryChange] = []
        let continuing = Set(lineage.steps.map(\.role)), continued = Set(lineage.steps.flatMap(\.continued))
        let renamed = Set(lineage.renames.values)
        for id in roleIDs(old, new) {
            if let lineageField = continuesChange(id, old[id], new[id], lineage) { changes.append(lineageField) }
            switch (old[id], new[id]) {
            case (nil, let added?):
                if !continuing.contains(id) { changes.append(BoundaryChange(.roleAdded, role: id, after: added.title)) }
            case (let removed?, nil):
                if !continued.contains(id) { changes.append(BoundaryChange(.roleRemoved, role: id, before: removed.title)) }
            case (let was?, let now?):
                var fields = [("holder", was.holder, now.holder), ("reports-to", was.reportsTo?.value, now.reportsTo?.value),
                              ("keys", keyList(was.keys), keyList(now.keys))]
                if !renamed.contains(id) { fields.insert(("title", was.title, now.title), at: 0) }
                for (field, before, after) in fields where before != after {
                    changes.append(BoundaryChange(.fieldChanged, role: id, field: field, before: before, after: after))
                }
                for area in areaIDs(was, now) {
                    let before = was.area(area)?.mandate, after = now.area(area)?.mandate
                    if before != after {
                        changes.append(BoundaryChange(.fieldChanged, area: area, role: id, field: "mandate",
                                                      before: before, after: after))
                    }
                }
            case (nil, nil):
                break
            }
        }
        return changes
    }

    /// Key lines as a field's value: the keys without their comments, sorted, one per line; nil for none.
    static func keyList(_ lines: [Located<String>]) -> String? {
        let keys = PublicKeyLine.keys(of: lines)
        return keys.isEmpty ? nil : keys.sorted().joined(separator: "\n")
    }

    /// A change of a role's `continues` list that is not the lineage step it makes: names added that were
    /// no role before (`RoleLineage.unknown`, in `continued`; audit turns them into `invalid-lineage`).
    /// A name taken off the list changes nothing: lineage is history.
    private static func continuesChange(_ id: String, _ was: Role?, _ now: Role?, _ lineage: RoleLineage) -> BoundaryChange? {
        let unknown = lineage.unknownNames(of: id)
        guard let now, !unknown.isEmpty else { return nil }
        let before = was?.continues.map(\.value) ?? []
        return BoundaryChange(.fieldChanged, role: id, field: "continues", before: before.isEmpty ? nil : before.joined(separator: ", "),
                              after: now.continues.map(\.value).joined(separator: ", "), continued: unknown)
    }

    /// The ids of the roles on either side, each once: the new side's, then those only the old side has.
    private static func roleIDs(_ old: [String: Role], _ new: [String: Role]) -> [String] {
        Array(new.keys) + old.keys.filter { new[$0] == nil }
    }

    /// The areas a role has in either version, each once: the new version's, then those only the old one has.
    private static func areaIDs(_ was: Role?, _ now: Role?) -> [String] {
        (now?.areas ?? []).map(\.area) + (was?.areas ?? []).map(\.area).filter { now?.area($0) == nil }
    }

    // MARK: - Items

    /// Where an item stands: who holds it, in which area, and what it says.
    private struct Holding: Hashable {
        var item: String
        var role: String
        var area: String
        var text: String
    }

    /// Both sides' holdings of one kind of item, each in item id order, less those a role holds the same
    /// on both sides (same area, same words): whatever else holds the item, they change nothing. Each
    /// area's two item lists are walked together, so an edit costs a look at the items, not a table of them.
    private static func holdings(_ kind: BoundaryChange.ItemKind, _ old: [String: Role],
                                 _ new: [String: Role]) -> (before: [Holding], after: [Holding]) {
        var before: [Holding] = [], after: [Holding] = []
        for role in roleIDs(old, new) {
            let was = old[role], now = new[role]
            for area in areaIDs(was, now) {
                let then = was?.area(area), current = now?.area(area)
                if kind == .kpi {
                    keepChanged(then?.kpis ?? [], current?.kpis ?? [], id: { $0.id }, text: { $0.name }, role: role, area: area,
                                before: &before, after: &after)
                } else {
                    keepChanged(then?.responsibilities ?? [], current?.responsibilities ?? [], id: { $0.id }, text: { $0.text },
                                role: role, area: area, before: &before, after: &after)
                }
            }
        }
        return (before.sorted { $0.item < $1.item }, after.sorted { $0.item < $1.item })
    }

    /// One role's items in one area, before and after, walked together: each item not held the same on
    /// both sides is kept as a holding of its side.
    private static func keepChanged<Item>(_ then: [Item], _ current: [Item], id: (Item) -> String, text: (Item) -> String,
                                          role: String, area: String, before: inout [Holding], after: inout [Holding]) {
        func holding(_ item: Item) -> Holding { Holding(item: id(item), role: role, area: area, text: text(item)) }
        var index = 0, currentIndex = 0
        while index < then.count, currentIndex < current.count {
            if id(then[index]) == id(current[currentIndex]) {
                if text(then[index]) != text(current[currentIndex]) {
                    before.append(holding(then[index]))
                    after.append(holding(current[currentIndex]))
                }
                index += 1
                currentIndex += 1
            } else if index + 1 < then.count, id(then[index + 1]) == id(current[currentIndex]) {
                before.append(holding(then[index]))
                index += 1
            } else {
                after.append(holding(current[currentIndex]))
                currentIndex += 1
            }
        }
        before += then[index...].map(holding)
        after += current[currentIndex...].map(holding)
    }

    /// The items compared by id: both sides' holdings in id order, joined.
    private static func itemChanges(_ kind: BoundaryChange.ItemKind, _ old: [String: Role], _ new: [String: Role]) -> [BoundaryChange] {
        let (before, after) = holdings(kind, old, new)
        var changes: [BoundaryChange] = []
        var wasStart = 0, nowStart = 0
        while wasStart < before.count || nowStart < after.count {
            let id = nowStart == after.count || wasStart < before.count && before[wasStart].item < after[nowStart].item
                ? before[wasStart].item : after[nowStart].item
            var wasEnd = wasStart, nowEnd = nowStart
            while wasEnd < before.count, before[wasEnd].item == id { wasEnd += 1 }
            while nowEnd < after.count, after[nowEnd].item == id { nowEnd += 1 }
            let was = before[wasStart..<wasEnd], now = after[nowStart..<nowEnd]
            (wasStart, nowStart) = (wasEnd, nowEnd)
            // The common case, one holder or none on each side, without the bookkeeping below.
            if was.count <= 1, now.count <= 1 {
                if let change = singleHolderChange(kind, id, was.first, now.first) { changes.append(change) }
                continue
            }
            let wasByRole = Dictionary(was.map { ($0.role, $0) }) { first, _ in first }
            let nowByRole = Dictionary(now.map { ($0.role, $0) }) { first, _ in first }
            // Holders on both sides: the item stayed; it may have changed area or wording.
            for (role, then) in wasByRole {
                guard let current = nowByRole[role] else { continue }
                if then.area != current.area {
                    changes.append(BoundaryChange(.moved, area: current.area, itemKind: kind, item: id, from: role, to: role,
                                                  fromArea: then.area, before: reworded(then, current)?.0,
                                                  after: reworded(then, current)?.1))
                } else if then.text != current.text {
                    changes.append(BoundaryChange(.reworded, area: current.area, itemKind: kind, item: id, role: role,
                                                  before: then.text, after: current.text))
                }
            }
            let gone = was.filter { nowByRole[$0.role] == nil }
            let came = now.filter { wasByRole[$0.role] == nil }
            if gone.count == 1, came.count == 1, let then = gone.first, let current = came.first {
                let wording = reworded(then, current)
                changes.append(BoundaryChange(.moved, area: current.area, itemKind: kind, item: id, from: then.role,
                                              to: current.role, fromArea: then.area == current.area ? nil : then.area,
                                              before: wording?.0, after: wording?.1))
                continue
            }
            changes += gone.map { BoundaryChange(.removed, area: $0.area, itemKind: kind, item: id, role: $0.role, before: $0.text) }
            changes += came.map { BoundaryChange(.added, area: $0.area, itemKind: kind, item: id, role: $0.role, after: $0.text) }
        }
        return changes
    }

    private static func singleHolderChange(_ kind: BoundaryChange.ItemKind, _ id: String, _ then: Holding?,
                                           _ current: Holding?) -> BoundaryChange? {
        switch (then, current) {
        case (nil, let current?):
            return BoundaryChange(.added, area: current.area, itemKind: kind, item: id, role: current.role, after: current.text)
        case (let then?, nil):
            return BoundaryChange(.removed, area: then.area, itemKind: kind, item: id, role: then.role, before: then.text)
        case (let then?, let current?):
            let wording = reworded(then, current)
            if then.role != current.role || then.area != current.area {
                return BoundaryChange(.moved, area: current.area, itemKind: kind, item: id, from: then.role, to: current.role,
                                      fromArea: then.area == current.area ? nil : then.area, before: wording?.0, after: wording?.1)
            }
            return wording.map {
                BoundaryChange(.reworded, area: current.area, itemKind: kind, item: id, role: current.role, before: $0.0, after: $0.1)
            }
        case (nil, nil):
            return nil
        }
    }

    private static func reworded(_ then: Holding, _ current: Holding) -> (String, String)? {
        then.text == current.text ? nil : (then.text, current.text)
    }

    // MARK: - Decision rights

    private static func decisionChanges(_ old: [String: Role], _ new: [String: Role]) -> [BoundaryChange] {
        func holders(_ roles: [String: Role]) -> [String: Set<String>] {
            var holders: [String: Set<String>] = [:]
            for role in roles.values {
                for area in role.areas {
                    for right in area.decides { holders["\(area.area)/\(right.value)", default: []].insert(role.id) }
                }
            }
            return holders
        }
        let before = holders(old), after = holders(new)
        var changes: [BoundaryChange] = []
        for key in Set(before.keys).union(after.keys) {
            let parts = key.split(separator: "/").map(String.init)
            let (area, right) = (parts[0], parts[1])
            let gone = (before[key] ?? []).subtracting(after[key] ?? [])
            let came = (after[key] ?? []).subtracting(before[key] ?? [])
            if gone.count == 1, came.count == 1 {
                changes.append(BoundaryChange(.decisionMoved, area: area, itemKind: .decision, item: right,
                                              from: gone.first, to: came.first))
                continue
            }
            changes += gone.map { BoundaryChange(.decisionDropped, area: area, itemKind: .decision, item: right, role: $0) }
            changes += came.map { BoundaryChange(.decisionGranted, area: area, itemKind: .decision, item: right, role: $0) }
        }
        return changes
    }

    // MARK: - Consults

    /// Consults lists of responsibilities that stayed with the same role, compared as sets.
    private static func consultsChanges(_ old: [String: Role], _ new: [String: Role]) -> [BoundaryChange] {
        var changes: [BoundaryChange] = []
        for (id, was) in old {
            // Without a consults list on either side, nothing to compare.
            guard let now = new[id], [was, now].contains(where: { $0.areas.contains { $0.responsibilities.contains { !$0.consults.isEmpty } } })
            else { continue }
            let before = Dictionary(was.areas.flatMap(\.responsibilities).map { ($0.id, $0) }) { first, _ in first }
            for area in now.areas {
                for item in area.responsibilities {
                    guard let then = before[item.id],
                          !then.consults.elementsEqual(item.consults, by: { $0.value == $1.value }) else { continue }
                    let oldList = Set(then.consults.map(\.value)), newList = Set(item.consults.map(\.value))
                    guard oldList != newList else { continue }
                    changes.append(BoundaryChange(.consultsChanged, area: area.area, itemKind: .responsibility, item: item.id,
                                                  role: id, before: oldList.sorted().joined(separator: ", "),
                                                  after: newList.sorted().joined(separator: ", ")))
                }
            }
        }
        return changes
    }

    // MARK: - Order

    /// Role-wide changes first, then areas in schema order; moves first within each; then by kind, item and role.
    private static func order(_ change: BoundaryChange, _ areas: [String]) -> (Int, Int, Int, String, String, String) {
        let area = change.area.map { (areas.firstIndex(of: $0) ?? areas.count) + 1 } ?? 0
        let kinds = BoundaryChange.Kind.allCases
        return (area, change.kind.isMove ? 0 : 1, kinds.firstIndex(of: change.kind) ?? 0, change.item ?? "",
                change.role ?? change.from ?? "", change.field ?? "")
    }
}
