import ArgumentParser
import CharterCore
import CharterGit
import CharterSigning
import Foundation

extension Charter {
    struct Audit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Walk all history: validate every commit under its own schema and check each boundary change's approvals and rationale.",
            discussion: """
                Every commit of the range that touches the charters is validated under the schema in force at \
                that commit. The range is read as git rev-list reads it: REV (its whole history), A..B (B's commits \
                not reachable from A), A...B (the commits of either not reachable from their merge base), ^REV \
                (leave REV's history out), several combined; default HEAD. It takes no paths: a path after -- is a usage error. The history before the range is read \
                too, for what approvals need to know, but only the range's commits are counted and reported, so a \
                server-side pre-receive hook can run `charter audit OLD..NEW` on a bare repository and refuse a \
                push with errors (docs/hooks/pre-receive). Findings: invalid-commit (error); missing-approval, a change \
                without Approved-By from the roles it takes from and gives to (error); unknown-approver (error); \
                no-rationale, a boundary change with a subject and no body (warning); rule-weakened, a rule made \
                less strict, with who approved it (warning; unapproved-rule-change, an error, when nobody did); \
                altered-builtin-schema (error); shallow-history (warning), where a shallow clone's history \
                starts: the audit checks from there on. Approvals follow the item: whatever leaves a role (moved, \
                removed, dropped) needs that role's approval, and an item or decision right that arrives in a \
                role after another role gave it up, even commits earlier, is a move that needs both. Merges \
                are audited too: a merge's changes are only what it changes beyond both parents (a conflict \
                resolution, an overlap neither branch had alone). An acquired company's own commits, as a recorded import brought them, are validated only. Overlaps on what \
                a recorded import brought are pending-integration warnings; an imports: entry no import made is \
                an error. Signed approvals (refs/notes/charter-approvals, `charter approve`) are verified with no \
                child process and listed: forged-approval (error), a record that does not verify for the commit or \
                whose key the role did not have before it; unsigned-approval, an Approved-By without one, a \
                warning when the role had keys (an error for every role where charter.yaml says approvals: \
                signed); unapproved-key-change (error), keys changed without a signature by the role's keys \
                before the change or by the role it reports to. --trust FILE (git's allowed-signers format) \
                checks the history's first keys against an auditor's own list: untrusted-key (error). Exit 1 on \
                any error.
                """)

        @OptionGroup var global: GlobalOptions

        @Argument(help: ArgumentHelp("Revisions and ranges: REV, A..B, A...B, ^REV (default HEAD).", valueName: "rev|range"))
        var revisions: [String] = []

        static let formats: OutputFormats<HistoryAudit> = [
            .text: TextRenderer.render, .json: JSONRenderer.render, .markdown: MarkdownRenderer.render,
            .junit: JUnitRenderer.render, .sarif: SARIFRenderer.render,
        ]

        @Option(help: formats.help, completion: formats.completion)
        var format: OutputFormat = .text

        @Option(help: ArgumentHelp("The keys you trust for each role and external name (git's allowed-signers format): the history's first keys must be among them.",
                                   valueName: "file"), completion: .file())
        var trust: String?

        func validate() throws {
            try Self.formats.check(format)
        }

        func run() throws {
            let workspace = try global.workspace()
            let repository = workspace.repository
            let range = try repository.revisionRange(revisions)
            workspace.warnWithoutCharters()
            let signers = try trust.map { path in try AllowedSigners(path: path, at: global.path(path)) }
            if signers != nil, !range.hidden.isEmpty {
                Terminal.standardError.write(Terminal.standardError.warning("warning: ")
                    + "--trust checks the keys the history founds; a range that starts after them checks none: audit the whole history\n")
            }
            let progress = Progress(label: "auditing")
            let result = try repository.audit(range, cache: workspace.cache, trust: signers, progress: progress.tick)
            progress.done()
            Self.formats.render(result, as: format)
            if result.hasErrors { throw CommandFailure.findingsReported }
        }
    }
}

extension HistoryAudit {
    /// The number of findings of each code that found any, in the codes' order.
    var byCode: [(String, Int)] {
        AuditRules.Code.allCases.compactMap { code in
            let count = entries.count { $0.finding.code == code }
            return count == 0 ? nil : (code.rawValue, count)
        }
    }
}

extension AllowedSigners {
    /// The allowed-signers file given as `path` (found at `full`), read or refused with a usage error
    /// that says why.
    init(path: String, at full: String) throws {
        guard let data = FileManager.default.contents(atPath: full) else {
            throw CommandFailure.usage("--trust: cannot read \(path)")
        }
        do { try self.init(text: String(decoding: data, as: UTF8.self)) } catch {
            throw CommandFailure.usage("--trust \(path): \(error)")
        }
    }
}
