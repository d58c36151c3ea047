import Foundation
import Testing

/// A shallow clone is a normal state, not damage: history commands stop at its boundary and say so.
/// Clones of the sample story (which merges an import) at several depths, with git as the witness.
@Suite("Shallow clones")
struct ShallowCloneTests {
    static let depths = [1, 2, 5]

    /// The sample story and its clones at `depths`, each in `depthN`.
    static func clones() throws -> (Scratch, full: String) {
        let (scratch, full) = try StoryAndReportTests.story()
        for depth in depths {
            let cloned = try scratch.git("clone", "-q", "--depth", "\(depth)", "file://" + scratch.path(full), "depth\(depth)", in: "")
            #expect(cloned.status == 0, "\(cloned)")
            // The signed approvals come along when asked for, as in CI.
            #expect(try scratch.git("fetch", "-q", "origin", "refs/notes/charter-approvals:refs/notes/charter-approvals", in: "depth\(depth)").status == 0)
        }
        return (scratch, full)
    }

    static func json(_ outcome: Outcome, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any], "\(outcome)",
                     sourceLocation: sourceLocation)
    }

    static func boundary(_ scratch: Scratch, _ clone: String) throws -> Set<String> {
        Set(try scratch.read("\(clone)/.git/shallow").split(separator: "\n").map(String.init))
    }

    @Test func logListsWhatGitLogListsAndMarksTheBoundary() throws {
        let (scratch, full) = try Self.clones()
        let whole = try Self.json(try scratch.charter("log", "--format", "json", in: full))["commits"] as? [[String: Any]] ?? []
        let changesInFull = Dictionary(uniqueKeysWithValues: whole.map { ($0["id"] as? String ?? "", $0["changes"] as? NSArray ?? []) })
        for depth in Self.depths {
            let clone = "depth\(depth)", boundary = try Self.boundary(scratch, clone)
            let outcome = try scratch.charter("log", "--format", "json", in: clone)
            #expect(outcome.status == 0 && outcome.stderr.isEmpty, "\(outcome)")
            let commits = try Self.json(outcome)["commits"] as? [[String: Any]] ?? []
            let witness = try scratch.git("log", "--format=%H", "--", "charter.yaml", "schema.yaml", "roles", in: clone)
            #expect(commits.map { $0["id"] as? String ?? "" } == witness.stdout.split(separator: "\n").map(String.init), "depth \(depth)")
            for commit in commits {
                let id = commit["id"] as? String ?? ""
                #expect(commit["shallowBoundary"] as? Bool == boundary.contains(id), "depth \(depth), \(id)")
                if boundary.contains(id) {
                    #expect((commit["changes"] as? [Any])?.isEmpty == true && (commit["parents"] as? [Any])?.isEmpty == true)
                } else {
                    #expect(commit["changes"] as? NSArray == changesInFull[id], "depth \(depth): \(id) changed what it changed in the full history")
                }
            }
            let text = try scratch.charter("log", in: clone)
            let note = "note: shallow history: the commits before this one are not in this clone (git fetch --unshallow)"
            #expect(text.stdout.components(separatedBy: note).count - 1 == boundary.count, "\(text)")
            // The boundary stays when a filter leaves out what it cannot show.
            let filtered = try scratch.charter("log", "--role", "vp-engineering", "--events", in: clone)
            #expect(filtered.status == 0 && filtered.stdout.contains(note), "\(filtered)")
        }
    }

    @Test func auditBlameReportAndShowWorkInEveryClone() throws {
        let (scratch, _) = try Self.clones()
        for depth in Self.depths {
            let clone = "depth\(depth)", boundary = try Self.boundary(scratch, clone)
            let audit = try scratch.charter("audit", in: clone)
            #expect(audit.status != 3 && !audit.stderr.contains("damaged"), "depth \(depth): \(audit)")
            let blame = try scratch.charter("blame", "cpto", in: clone)
            #expect(blame.status == 0 && blame.stderr.isEmpty && !blame.stdout.contains("not found in the history"), "depth \(depth): \(blame)")
            let items = try Self.json(try scratch.charter("blame", "cpto", "--format", "json", in: clone))["items"] as? [[String: Any]] ?? []
            for item in items where item["beforeShallowBoundary"] as? Bool == true {
                #expect(item["commit"] is NSNull && boundary.contains(item["shallowBoundary"] as? String ?? ""), "\(item)")
            }
            let report = try scratch.charter("report", "--html", "../depth\(depth).html", in: clone)
            #expect(report.status == 0, "depth \(depth): \(report)")
            #expect(try scratch.read("depth\(depth).html").contains("shallow history: from"))
            let show = try scratch.charter("show", "--format", "json", in: clone)
            #expect(show.status == 0 && show.stderr.isEmpty, "depth \(depth): \(show)")
            let before = try scratch.charter("show", "--at", "2016-01-01", in: clone)
            #expect(before.status == 1 && before.stderr.contains("in this shallow clone"), "depth \(depth): \(before)")
        }
        // At depth 1 the CTO's every item was there before the clone's history begins.
        let head = try scratch.head(in: "depth1")
        let lines = try scratch.charter("blame", "cpto", in: "depth1").stdout.split(separator: "\n")
        #expect(!lines.isEmpty && lines.allSatisfy { $0.hasSuffix("(before the shallow boundary at \(head.prefix(7)))") }, "\(lines)")
    }

    /// The audit starts at the boundary, says so, and finds above it what the full history's audit finds there.
    @Test func theAuditChecksFromTheBoundaryOnAndSaysSo() throws {
        let (scratch, full) = try StoryAndReportTests.story()
        func findings(_ repository: String) throws -> [(commit: String, code: String, message: String)] {
            let audit = try scratch.charter("audit", "--format", "json", in: repository)
            #expect(audit.status == 0, "\(repository): \(audit)")
            return (try Self.json(audit)["findings"] as? [[String: Any]] ?? []).map {
                ($0["commit"] as? String ?? "", $0["code"] as? String ?? "", $0["message"] as? String ?? "")
            }
        }
        let whole = try findings(full)
        for depth in 1...6 {
            let clone = "depth\(depth)"
            #expect(try scratch.git("clone", "-q", "--depth", "\(depth)", "file://" + scratch.path(full), clone, in: "").status == 0)
            #expect(try scratch.git("fetch", "-q", "origin", "refs/notes/charter-approvals:refs/notes/charter-approvals", in: clone).status == 0)
            let boundary = try Self.boundary(scratch, clone)
            let found = try findings(clone)
            let shallow = found.filter { $0.code == "shallow-history" }
            #expect(Set(shallow.map(\.commit)) == boundary, "depth \(depth): \(found)")
            #expect(shallow.allSatisfy { $0.message.hasPrefix("shallow history: checked from \($0.commit.prefix(7)) on") })
            let above = found.filter { $0.code != "shallow-history" }
            // The full history's findings for the commits above the boundary: those the clone holds, but the boundary's.
            let expected = try whole.filter { finding in
                try !boundary.contains(finding.commit) && scratch.git("cat-file", "-e", finding.commit, in: clone).status == 0
            }
            #expect(above.map { "\($0.commit) \($0.code) \($0.message)" } == expected.map { "\($0.commit) \($0.code) \($0.message)" },
                    "depth \(depth)")
        }
    }

    @Test func aBareShallowCloneReadsToo() throws {
        let (scratch, full) = try StoryAndReportTests.story()
        #expect(try scratch.git("clone", "-q", "--bare", "--depth", "2", "file://" + scratch.path(full), "bare.git", in: "").status == 0)
        let log = try scratch.charter("log", "--format", "json", in: "bare.git")
        let commits = try Self.json(log)["commits"] as? [[String: Any]] ?? []
        #expect(commits.count == 2 && commits.last?["shallowBoundary"] as? Bool == true, "\(log)")
        // Without the approvals ref the merger's key changes are unapproved, and audit says where the signatures are.
        let unsigned = try scratch.charter("audit", "HEAD~1..HEAD", in: "bare.git")
        #expect(unsigned.status == 1 && unsigned.stdout.contains("git fetch origin refs/notes/charter-approvals:refs/notes/charter-approvals"), "\(unsigned)")
        #expect(try scratch.git("fetch", "-q", "origin", "refs/notes/charter-approvals:refs/notes/charter-approvals", in: "bare.git").status == 0)
        #expect(try scratch.charter("audit", "HEAD~1..HEAD", in: "bare.git").status == 0)
    }

    /// A missing object the boundary does not explain is still damage: exit 3, with the hint.
    @Test func aMissingObjectIsStillDamage() throws {
        let (scratch, full) = try StoryAndReportTests.story()
        func remove(_ object: String, in repository: String) throws {
            let id = try scratch.git("rev-parse", object, in: repository).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let loose = scratch.path("\(repository)/.git/objects/\(id.prefix(2))/\(id.dropFirst(2))")
            try #require(FileManager.default.fileExists(atPath: loose), "\(object) is a loose object")
            try FileManager.default.removeItem(atPath: loose)
        }
        func expectDamaged(_ repository: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let log = try scratch.charter("log", in: repository)
            #expect(log.status == 3 && log.stderr.contains("object not found") && log.stderr.contains("may be damaged"), "\(log)",
                    sourceLocation: sourceLocation)
        }
        for (name, object) in [("no-blob", "HEAD~1:roles/vp-engineering.yaml"), ("no-commit", "HEAD~1")] {
            #expect(try scratch.run("/bin/cp", ["-R", scratch.path(full), scratch.path(name)]).status == 0)
            try remove(object, in: name)
            try expectDamaged(name)
        }
        // In a shallow clone, a commit above the boundary that is missing is damage too.
        #expect(try scratch.git("clone", "-q", "--depth", "5", "file://" + scratch.path(full), "shallow", in: "").status == 0)
        // Its objects as loose files: the packs are moved out, then unpacked (git skips objects it already has).
        try FileManager.default.moveItem(atPath: scratch.path("shallow/.git/objects/pack"), toPath: scratch.path("packs"))
        for pack in try FileManager.default.contentsOfDirectory(atPath: scratch.path("packs")) where pack.hasSuffix(".pack") {
            let unpacked = try scratch.run("/bin/sh", ["-c", "git unpack-objects -q < ../packs/\(pack)"], in: "shallow")
            #expect(unpacked.status == 0, "\(unpacked)")
        }
        try remove("HEAD~2", in: "shallow")
        try expectDamaged("shallow")
    }

    @Test func importRefusesAShallowSource() throws {
        let scratch = try ImportTests.companies()
        #expect(try scratch.git("clone", "-q", "--depth", "1", "file://" + scratch.path("globex"), "globex-shallow", in: "").status == 0)
        try ImportRefusalTests.expectRefused(scratch, ["../globex-shallow", "--prefix", "globex"], status: 2,
                                             message: "globex-shallow is a shallow clone: the commits before its shallow boundary are not in it")
    }
}
