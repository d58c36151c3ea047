@testable import CharterCore
import Testing

/// Roles that change shape: renamed, merged, split, as their `continues:` lists declare it; what the
/// boundary diff says of each, and whose approval each needs.
@Suite("Role lineage")
struct RoleLineageTests {
    /// A role of the four-area schema: `items` by area, `decides` as `area/right`.
    static func role(_ id: String, _ title: String? = nil, continues: [String] = [], items: [String: [String]] = [:],
                     decides: [String] = []) -> Role {
        let file = CharterTree.roleFile(id)
        let areas = Schema.fourArea.areas.map { area in
            AreaCharter(area: area.id, location: SourceLocation(file: file), mandate: nil,
                        decides: decides.filter { $0.hasPrefix(area.id + "/") }.map {
                            Located(String($0.dropFirst(area.id.count + 1)), at: SourceLocation(file: file))
                        },
                        responsibilities: (items[area.id] ?? []).map {
                            Responsibility(id: $0, text: "Text of \($0).", consults: [], location: SourceLocation(file: file))
                        }, kpis: [])
        }
        return Role(id: id, file: file, location: SourceLocation(file: file), title: title ?? id.uppercased(), holder: nil,
                    reportsTo: nil, continues: continues.map { Located($0, at: SourceLocation(file: file, line: 3, column: 13)) },
                    areas: areas)
    }

    static func charters(_ roles: Role...) -> CharterSet {
        CharterSet(company: nil, schema: .fourArea, roles: roles.sorted { $0.id < $1.id })
    }

    static let cpo = role("cpo", items: ["strategy": ["roadmap"], "customers": ["voice"]], decides: ["strategy/why", "strategy/what"])
    static let cto = role("cto", items: ["strategy": ["platform-roi"], "innovation": ["architecture", "delivery"]],
                          decides: ["strategy/how"])

    static func describe(_ changes: [BoundaryChange]) -> [String] {
        changes.map { change in
            var text = "\(change.kind.rawValue) \(change.item ?? change.role ?? "") \(change.from ?? "")>\(change.to ?? "")"
            if let continued = change.continued { text += " [\(continued.joined(separator: ","))]" }
            if let items = change.movedItems, let decisions = change.movedDecisions { text += " \(items)+\(decisions)" }
            return text
        }
    }

    // MARK: - Shapes and diffs

    @Test func aRenameIsOneChangeAndItsItemsDoNotMove() {
        let before = Self.charters(Self.cpo, Self.cto)
        var ctpo = Self.cto
        ctpo.id = "ctpo"
        ctpo.title = "Chief Technology and Product Officer"
        ctpo.continues = [Located("cto", at: SourceLocation(file: "roles/ctpo.yaml"))]
        let after = Self.charters(Self.cpo, ctpo)
        #expect(RoleLineage.between(before, after).steps == [RoleLineage.Step(role: "ctpo", continued: ["cto"], shape: .renamed)])
        let changes = BoundaryDiff.changes(from: before, to: after)
        #expect(Self.describe(changes) == ["role-renamed  cto>ctpo"])
        #expect(changes.first?.before == "CTO" && changes.first?.after == "Chief Technology and Product Officer")
    }

    @Test func aRenameWithMovesInTheSameCommitShowsTheMovesUnderTheNewID() {
        let before = Self.charters(Self.cpo, Self.cto)
        let ctpo = Self.role("ctpo", continues: ["cto"], items: ["strategy": ["platform-roi"], "innovation": ["architecture"]],
                             decides: ["strategy/how"])
        let cpo = Self.role("cpo", items: ["strategy": ["roadmap"], "customers": ["voice"], "innovation": ["delivery"]],
                            decides: ["strategy/why", "strategy/what"])
        let changes = BoundaryDiff.changes(from: before, to: Self.charters(cpo, ctpo))
        // The title's change is the rename's.
        #expect(Self.describe(changes) == ["role-renamed  cto>ctpo", "moved delivery ctpo>cpo"])
        #expect(changes[0].before == "CTO" && changes[0].after == "CTPO")
    }

    @Test func aMergerGroupsItsMovesWithTheirCounts() {
        let before = Self.charters(Self.cpo, Self.cto)
        let cpto = Self.role("cpto", continues: ["cpo", "cto"],
                             items: ["strategy": ["roadmap", "platform-roi"], "customers": ["voice"], "innovation": ["architecture", "delivery"]],
                             decides: ["strategy/why", "strategy/what", "strategy/how"])
        let after = Self.charters(cpto)
        #expect(RoleLineage.between(before, after).steps == [RoleLineage.Step(role: "cpto", continued: ["cpo", "cto"], shape: .merged)])
        let changes = BoundaryDiff.changes(from: before, to: after)
        #expect(Self.describe(changes).first == "roles-merged cpto > [cpo,cto] 5+3")
        #expect(!changes.contains { $0.kind == .roleAdded || $0.kind == .roleRemoved })
        let merger = changes[0]
        #expect(changes.dropFirst().allSatisfy { $0.isMove(along: merger) })
        #expect(changes.count == 1 + 5 + 3)
    }

    @Test func aRoleThatExistedTakesInAnotherByAMerger() {
        let before = Self.charters(Self.cpo, Self.cto)
        let cto = Self.role("cto", continues: ["cpo"],
                            items: ["strategy": ["platform-roi", "roadmap"], "customers": ["voice"], "innovation": ["architecture", "delivery"]],
                            decides: ["strategy/how", "strategy/why", "strategy/what"])
        let changes = BoundaryDiff.changes(from: before, to: Self.charters(cto))
        #expect(Self.describe(changes).first == "roles-merged cto > [cpo] 2+2")
        #expect(!changes.contains { $0.kind == .roleRemoved })
    }

    @Test func aSplitLeavesTheOldRoleAndCountsWhatMoved() {
        let before = Self.charters(Self.cpo, Self.cto)
        let cto = Self.role("cto", items: ["strategy": ["platform-roi"], "innovation": ["architecture"]], decides: ["strategy/how"])
        let vp = Self.role("vp-engineering", continues: ["cto"], items: ["innovation": ["delivery"]])
        let changes = BoundaryDiff.changes(from: before, to: Self.charters(Self.cpo, cto, vp))
        #expect(Self.describe(changes) == ["role-split vp-engineering cto> 1+0", "moved delivery cto>vp-engineering"])
    }

    @Test func aRoleSplitInTwoIsTwoSplitsAndNoRemoval() {
        let before = Self.charters(Self.cpo, Self.cto)
        let platform = Self.role("platform", continues: ["cto"], items: ["strategy": ["platform-roi"], "innovation": ["architecture"]],
                                 decides: ["strategy/how"])
        let delivery = Self.role("delivery-lead", continues: ["cto"], items: ["innovation": ["delivery"]])
        let after = Self.charters(Self.cpo, platform, delivery)
        #expect(RoleLineage.between(before, after).steps.map(\.shape) == [.split, .split])
        let changes = BoundaryDiff.changes(from: before, to: after)
        #expect(Self.describe(changes).prefix(2) == ["role-split delivery-lead cto> 1+0", "role-split platform cto> 2+1"])
        #expect(!changes.contains { $0.kind == .roleRemoved || $0.kind == .roleAdded })
    }

    @Test func aChainOfRenamesIsARenameAtEachStepAndAKeptNameSaysNothingLater() {
        let first = Self.charters(Self.cpo, Self.cto)
        let ctpo = Self.role("ctpo", continues: ["cto"], items: ["strategy": ["platform-roi"], "innovation": ["architecture", "delivery"]],
                             decides: ["strategy/how"])
        let second = Self.charters(Self.cpo, ctpo)
        var cxo = ctpo
        cxo.id = "cxo"
        cxo.continues = [Located("ctpo", at: SourceLocation(file: "roles/cxo.yaml"))]
        let third = Self.charters(Self.cpo, cxo)
        #expect(Self.describe(BoundaryDiff.changes(from: first, to: second)) == ["role-renamed  cto>ctpo"])
        #expect(Self.describe(BoundaryDiff.changes(from: second, to: third)) == ["role-renamed  ctpo>cxo"])

        // Later, ctpo still says it continues cto, which is long gone: history, not a finding, not a change.
        var reworded = ctpo
        reworded.holder = "Dana Reyes"
        let later = Self.charters(Self.cpo, reworded)
        #expect(RoleLineage.between(second, later) == RoleLineage(steps: [], unknown: []))
        #expect(Self.describe(BoundaryDiff.changes(from: second, to: later)) == ["field-changed ctpo >"])
    }

    @Test func aNameThatWasNoRoleIsAFindingAndAFieldChange() {
        let before = Self.charters(Self.cpo, Self.cto)
        let cto = Self.role("cto", continues: ["cfo"], items: ["strategy": ["platform-roi"], "innovation": ["architecture", "delivery"]],
                            decides: ["strategy/how"])
        let after = Self.charters(Self.cpo, cto)
        let lineage = RoleLineage.between(before, after)
        #expect(lineage.steps.isEmpty)
        let findings = lineage.findings(rolesBefore: ["cpo", "cto"])
        #expect(Fixtures.summary(findings) == ["invalid-lineage@roles/cto.yaml:3:13"])
        #expect(findings.first?.message.contains("roles there: cpo, cto") == true)
        let changes = BoundaryDiff.changes(from: before, to: after)
        #expect(changes.map(\.field) == ["continues"] && changes.first?.after == "cfo")
        let audit = AuditRules.check(changes: changes, message: CommitMessage(parsing: "Lineage\n\nWhy."),
                                     rolesBefore: ["cpo", "cto"], rolesAfter: ["cpo", "cto"])
        #expect(audit.map(\.code) == [.invalidLineage])
    }

    @Test func aRoleTakesOverTheNamesItsPredecessorDeclared() {
        let ctpo = Self.role("ctpo", continues: ["cto"], items: ["strategy": ["platform-roi"], "innovation": ["architecture", "delivery"]],
                             decides: ["strategy/how"])
        var cxo = ctpo
        cxo.id = "cxo"
        cxo.continues = ["cto", "ctpo"].map { Located($0, at: SourceLocation(file: "roles/cxo.yaml")) }
        let second = Self.charters(Self.cpo, ctpo), third = Self.charters(Self.cpo, cxo)
        let lineage = RoleLineage.between(second, third)
        #expect(lineage.steps == [RoleLineage.Step(role: "cxo", continued: ["ctpo"], shape: .renamed)] && lineage.unknown.isEmpty)
        #expect(Self.describe(BoundaryDiff.changes(from: second, to: third)) == ["role-renamed  ctpo>cxo"])
    }

    @Test func aChainOfRenamesAcrossCommitsReadsAsOneThroughWhatTheCommitsBetweenDeclared() {
        let first = Self.charters(Self.cpo, Self.cto)
        let cxo = Self.role("cxo", continues: ["ctpo"], items: ["strategy": ["platform-roi"], "innovation": ["architecture", "delivery"]],
                            decides: ["strategy/how"])
        let third = Self.charters(Self.cpo, cxo)
        #expect(RoleLineage.between(first, third).unknownNames(of: "cxo") == ["ctpo"])
        #expect(Self.describe(BoundaryDiff.changes(from: first, to: third, through: ["ctpo": ["cto"]])) == ["role-renamed  cto>cxo"])
    }

    @Test func aRoleUnreadableBeforeHadDeclaredItsListAlready() {
        var before = Self.charters(Self.cpo)
        before.unreadableRoles = ["ctpo"]
        let ctpo = Self.role("ctpo", continues: ["cto"], items: ["strategy": ["platform-roi"]])
        #expect(RoleLineage.between(before, Self.charters(Self.cpo, ctpo)) == RoleLineage(steps: [], unknown: []))
    }

    // MARK: - Approvals

    /// The audit codes for one commit's changes with these approvals.
    static func audit(_ before: CharterSet, _ after: CharterSet, approvedBy approvals: [String]) -> [String] {
        let trailers = approvals.map { "Approved-By: \($0)" }.joined(separator: "\n")
        let message = CommitMessage(parsing: "Reshape\n\nBecause.\n\n\(trailers)")
        return AuditRules.check(changes: BoundaryDiff.changes(from: before, to: after), message: message,
                                rolesBefore: Set(before.roles.map(\.id)), rolesAfter: Set(after.roles.map(\.id)))
            .map { "\($0.code.rawValue): " + $0.message.split(separator: " ").prefix(3).joined(separator: " ") }
    }

    static let merged = charters(role("cpto", continues: ["cpo", "cto"],
                                      items: ["strategy": ["roadmap", "platform-roi"], "customers": ["voice"],
                                              "innovation": ["architecture", "delivery"]],
                                      decides: ["strategy/why", "strategy/what", "strategy/how"]))

    @Test("a merger is approved by the role that continues, or by every role it continues together",
          arguments: [(["cpto"], []), (["cpo", "cto"], []), (["cpo"], ["missing-approval: no Approved-By: cpto"]),
                      ([], ["missing-approval: no Approved-By: cpto"])])
    func mergerApprovals(_ approvals: [String], _ expected: [String]) {
        #expect(Self.audit(Self.charters(Self.cpo, Self.cto), Self.merged, approvedBy: approvals) == expected)
    }

    @Test("a rename is approved by the new role or by the old one",
          arguments: [(["ctpo"], []), (["cto"], []), (["cpo"], ["missing-approval: no Approved-By: ctpo"])])
    func renameApprovals(_ approvals: [String], _ expected: [String]) {
        var ctpo = Self.cto
        ctpo.id = "ctpo"
        ctpo.continues = [Located("cto", at: SourceLocation(file: "roles/ctpo.yaml"))]
        #expect(Self.audit(Self.charters(Self.cpo, Self.cto), Self.charters(Self.cpo, ctpo), approvedBy: approvals) == expected)
    }

    @Test("a split needs the role that stays, which may approve for the new one",
          arguments: [(["cto"], []), (["cto", "vp-engineering"], []), (["vp-engineering"], ["missing-approval: no Approved-By: cto"])])
    func splitApprovals(_ approvals: [String], _ expected: [String]) {
        let cto = Self.role("cto", items: ["strategy": ["platform-roi"], "innovation": ["architecture"]], decides: ["strategy/how"])
        let vp = Self.role("vp-engineering", continues: ["cto"], items: ["innovation": ["delivery"]])
        #expect(Self.audit(Self.charters(Self.cpo, Self.cto), Self.charters(Self.cpo, cto, vp), approvedBy: approvals) == expected)
    }

    @Test func whatARenamedRoleGivesToAThirdRoleNeedsThatRoleToo() {
        let ctpo = Self.role("ctpo", continues: ["cto"], items: ["strategy": ["platform-roi"], "innovation": ["architecture"]],
                             decides: ["strategy/how"])
        let cpo = Self.role("cpo", items: ["strategy": ["roadmap"], "customers": ["voice"], "innovation": ["delivery"]],
                            decides: ["strategy/why", "strategy/what"])
        let before = Self.charters(Self.cpo, Self.cto), after = Self.charters(cpo, ctpo)
        #expect(Self.audit(before, after, approvedBy: ["cto", "cpo"]) == [])
        #expect(Self.audit(before, after, approvedBy: ["ctpo"]) == ["missing-approval: no Approved-By: cpo"])
    }

    @Test func theRolesARoleThatExistedTakesInDoNotApproveForIt() {
        let coo = Self.role("coo", items: ["customers": ["operations"]])
        let before = Self.charters(Self.cpo, Self.cto, coo)
        // cto takes cpo in, and gives its own delivery to coo: cpo's approval is not cto's.
        let cto = Self.role("cto", continues: ["cpo"], items: ["strategy": ["platform-roi", "roadmap"], "customers": ["voice"],
                                                                "innovation": ["architecture"]],
                            decides: ["strategy/how", "strategy/why", "strategy/what"])
        let after = Self.charters(cto, Self.role("coo", items: ["customers": ["operations"], "innovation": ["delivery"]]))
        #expect(Self.audit(before, after, approvedBy: ["cpo", "coo"]) == ["missing-approval: no Approved-By: cto"])
        #expect(Self.audit(before, after, approvedBy: ["cto", "coo"]) == [])
    }

    // MARK: - Replays

    @Test func theLedgerAndTheTimelineCarryARenamedRolesHoldings() {
        var ledger = ItemLedger()
        _ = ledger.replay(BoundaryDiff.changes(from: Self.charters(), to: Self.charters(Self.cpo, Self.cto)), commit: "a")
        let ctpo = Self.role("ctpo", continues: ["cto"], items: ["strategy": ["platform-roi"], "innovation": ["architecture", "delivery"]],
                             decides: ["strategy/how"])
        let renamed = Self.charters(Self.cpo, ctpo)
        _ = ledger.replay(BoundaryDiff.changes(from: Self.charters(Self.cpo, Self.cto), to: renamed), commit: "b")
        // ctpo gives delivery up; cpo takes it a commit later: a move from ctpo, not from cto.
        let without = Self.charters(Self.cpo, Self.role("ctpo", continues: ["cto"], items: ["strategy": ["platform-roi"], "innovation": ["architecture"]],
                                                        decides: ["strategy/how"]))
        _ = ledger.replay(BoundaryDiff.changes(from: renamed, to: without), commit: "c")
        let cpo = Self.role("cpo", items: ["strategy": ["roadmap"], "customers": ["voice"], "innovation": ["delivery"]],
                            decides: ["strategy/why", "strategy/what"])
        let arrival = ledger.replay(BoundaryDiff.changes(from: without, to: Self.charters(cpo, without.roles[1])), commit: "d")
        #expect(Self.describe(arrival) == ["moved delivery ctpo>cpo"])

        var timeline = BoundaryTimeline(from: 0, to: 10)
        timeline.record(time: 0, event: nil, changes: BoundaryDiff.changes(from: Self.charters(), to: Self.charters(Self.cpo, Self.cto)))
        timeline.record(time: 5, event: nil, changes: BoundaryDiff.changes(from: Self.charters(Self.cpo, Self.cto), to: renamed))
        #expect(timeline.points.last?.items["innovation"] == ["ctpo": 2])
        #expect(timeline.points.last?.decisions["strategy"]?["how"] == ["ctpo"])
    }

    // MARK: - Reading

    @Test func continuesIsReadWrittenAndCheckedByBothReaders() throws {
        let role = Self.role("cpto", continues: ["cpo", "cto"], items: ["strategy": ["roadmap"]], decides: ["strategy/why"])
        let yaml = CharterWriter.yaml(for: role)
        #expect(yaml.contains("continues: [cpo, cto]\n"))
        let report = CharterValidator.load(CharterTree(entries: [CharterTree.companyPath: .file(Array("company: A\nstage: growth\n".utf8)),
                                                                 CharterTree.rolesPath: .directory,
                                                                 "roles/cpto.yaml": .file(Array(yaml.utf8))]))
        #expect(report.charters.role("cpto")?.continues.map(\.value) == ["cpo", "cto"])
        let scanned = CanonicalRoleScanner.role(in: Array(yaml.utf8), file: "roles/cpto.yaml", fileStem: "cpto", schema: .fourArea,
                                                limits: .standard)
        #expect(scanned == report.charters.role("cpto"))

        for (list, code) in [("[cpto]", "invalid-value"), ("[cpo, cpo]", "duplicate-id"), ("[Bad]", "invalid-id")] {
            let bad = yaml.replacingOccurrences(of: "continues: [cpo, cto]", with: "continues: \(list)")
            #expect(CanonicalRoleScanner.role(in: Array(bad.utf8), file: "roles/cpto.yaml", fileStem: "cpto", schema: .fourArea,
                                              limits: .standard) == nil)
            let findings = CharterValidator.load(CharterTree(entries: [CharterTree.companyPath: .file(Array("company: A\nstage: growth\n".utf8)),
                                                                       CharterTree.rolesPath: .directory,
                                                                       "roles/cpto.yaml": .file(Array(bad.utf8))])).findings
            #expect(findings.map(\.code.rawValue).contains(code), "\(list): \(findings)")
        }
    }
}
