import Foundation
import Testing

/// `charter textconv` as git's diff driver (`charter hook install --diff`), with git diff and git log
/// as the witnesses.
@Suite("charter textconv: git's diff driver for role files")
struct TextconvTests {
    static let platformROI = "      text: Weigh the costs and returns of platforms and solutions before the company commits to them."

    /// The CTO's charter laid out anew, holding the same role: list items indented, a flow list made a
    /// block, a title quoted, keys swapped, comments added.
    static func reformat(_ scratch: Scratch) throws {
        let lines = try scratch.read("acme/roles/cto.yaml").split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix("    - ") || (line.hasPrefix("      ") && !line.hasPrefix("       ")) { return "  " + line }
            if line == "    decides: [how]" { return "    decides:  # the CTO's right in this area\n      - how" }
            if line == "title: Chief Technology Officer" { return "reports-to: ceo" }
            if line == "reports-to: ceo" { return "title: \"Chief Technology Officer\"" }
            return String(line)
        }
        try scratch.write("acme/roles/cto.yaml", "# Reformatted by hand.\n" + lines.joined(separator: "\n"))
    }

    /// The lines a diff adds or removes, without its file headers.
    static func changedLines(_ diff: String) -> [String] {
        diff.split(separator: "\n").map(String.init).filter {
            ($0.hasPrefix("+") || $0.hasPrefix("-")) && !$0.hasPrefix("+++") && !$0.hasPrefix("---")
        }
    }

    static func installed() throws -> Scratch {
        let scratch = try Scratch()
        try scratch.initRepository()
        let install = try scratch.charter("hook", "install", "--diff", in: "acme")
        #expect(install.status == 0, "\(install)")
        #expect(install.stdout.hasSuffix("""
            added "roles/*.yaml diff=charter" to .gitattributes
            set diff.charter.textconv in the repository's git configuration: git diff shows role files through charter textconv

            """), "\(install)")
        try scratch.git("add", ".gitattributes", in: "acme")
        try scratch.git("commit", "-qm", "Role files diff through charter", in: "acme")
        return scratch
    }

    @Test func aReformatShowsNothingAndAChangeExactlyItsLines() throws {
        let scratch = try Self.installed()
        try Self.reformat(scratch)
        #expect(try scratch.charter("validate", in: "acme").status == 0)
        #expect(try scratch.git("diff", in: "acme").stdout == "", "a pure reformat shows no diff")
        #expect(!Self.changedLines(try scratch.git("diff", "--no-textconv", in: "acme").stdout).isEmpty, "the file did change")

        try scratch.edit("acme/roles/cto.yaml", replacing: "before the company commits to them.", with: "first.")
        let diff = try scratch.git("diff", in: "acme").stdout
        #expect(Self.changedLines(diff) == ["-" + Self.platformROI, "+      text: Weigh the costs and returns of platforms and solutions first."], "\(diff)")

        // git log -p: the reformat commit shows nothing, the change its two lines.
        try scratch.git("checkout", "-q", "--", "roles", in: "acme")
        try Self.reformat(scratch)
        try scratch.git("commit", "-qam", "Reformat", in: "acme")
        try scratch.edit("acme/roles/cto.yaml", replacing: "Cycle time", with: "Lead time")
        try scratch.git("commit", "-qam", "Lead time", in: "acme")
        let log = try scratch.git("log", "-p", "-2", "--format=commit %s", in: "acme").stdout
        #expect(Self.changedLines(log) == ["-      name: Cycle time", "+      name: Lead time"], "\(log)")
        #expect(log.hasPrefix("commit Lead time\n"))
        #expect(log.contains("commit Reformat\n"))
    }

    /// The schema is the work tree's own (read alone: git runs the driver for every file it shows):
    /// a company's fifth area comes in that schema's order; under the built-in schema the same file is
    /// no role and shows as it is.
    @Test func theWorkTreesSchemaOrdersTheAreas() throws {
        let scratch = try Scratch()
        let fixture = Scratch.packageRoot.appendingPathComponent("Tests/CharterCoreTests/Fixtures/repos/custom-schema")
        try FileManager.default.copyItem(at: fixture, to: URL(fileURLWithPath: scratch.path("custom")))
        try scratch.git("init", "-q", "custom", in: "")
        let canonical = try scratch.charter("textconv", "roles/cto.yaml", in: "custom")
        #expect(canonical.status == 0, "\(canonical)")
        let areas = canonical.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }.map { String($0.dropFirst(2).dropLast()) }
        #expect(canonical.stdout != (try scratch.read("custom/roles/cto.yaml")), "read as a role, not shown as it is")
        let schemaOrder = ["strategy", "innovation", "customers", "metrics", "security"]
        #expect(areas.contains("security") && areas == schemaOrder.filter(areas.contains), "\(canonical)")

        try FileManager.default.removeItem(atPath: scratch.path("custom/schema.yaml"))
        let asItIs = try scratch.charter("textconv", "roles/cto.yaml", in: "custom")
        let file = try scratch.read("custom/roles/cto.yaml")
        #expect(asItIs.status == 0 && asItIs.stdout == file, "\(asItIs)")
    }

    @Test func whatDoesNotReadAsARoleShowsAsItIs() throws {
        let scratch = try Self.installed()
        try scratch.edit("acme/roles/cto.yaml", replacing: "title: Chief Technology Officer", with: "title: [unclosed")
        let diff = try scratch.git("diff", in: "acme")
        #expect(diff.status == 0)
        #expect(Self.changedLines(diff.stdout) == ["-title: Chief Technology Officer", "+title: [unclosed"], "\(diff)")

        let raw = try scratch.read("acme/roles/cto.yaml")
        let textconv = try scratch.charter("textconv", "roles/cto.yaml", in: "acme")
        #expect(textconv.status == 0)
        #expect(textconv.stdout == raw, "the file as it is")
        #expect(textconv.stderr.isEmpty)

        let missing = try scratch.charter("textconv", "roles/nobody.yaml", in: "acme")
        #expect(missing.status == 3)
        #expect(missing.stderr == "error: cannot read roles/nobody.yaml\n")
    }

    @Test(.enabled(if: TerminalTests.hasScript)) func onATerminalNoControlCharacterGetsThrough() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.write("acme/roles/odd.yaml", "title: \u{1B}[2Jcleared\n")
        let shown = try TerminalTests().onTerminal(scratch, "textconv roles/odd.yaml")
        #expect(shown.stdout.contains("title: \\x1b[2Jcleared"), "\(shown)")
        #expect(!shown.stdout.contains("\u{1B}[2J"))
        #expect(try scratch.charter("textconv", "roles/odd.yaml", in: "acme").stdout == "title: \u{1B}[2Jcleared\n", "into a pipe, for git, as it is")
    }

    @Test func runsCharterFromThePathOnceTheInstalledOneIsGone() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try FileManager.default.createDirectory(atPath: scratch.path("old"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Scratch.binary, toPath: scratch.path("old/charter"))
        #expect(try scratch.run(scratch.path("old/charter"), ["hook", "install", "--diff"], in: "acme").status == 0)
        try FileManager.default.removeItem(atPath: scratch.path("old"))
        try Self.reformat(scratch)
        try scratch.edit("acme/roles/cto.yaml", replacing: "Cycle time", with: "Lead time")

        let folder = URL(fileURLWithPath: Scratch.binary).deletingLastPathComponent().path
        let diff = try scratch.run("/usr/bin/env", ["git", "diff"], in: "acme",
                                   environment: ["PATH": folder + ":" + (scratch.environment["PATH"] ?? "")])
        #expect(diff.status == 0, "\(diff)")
        #expect(Self.changedLines(diff.stdout) == ["-      name: Cycle time", "+      name: Lead time"], "through charter from the PATH: \(diff)")
    }

    @Test func uninstallLeavesATrackedGitattributesAsItIs() throws {
        let scratch = try Self.installed()
        let uninstall = try scratch.charter("hook", "uninstall", "--diff", in: "acme")
        #expect(uninstall.status == 0, "\(uninstall)")
        #expect(uninstall.stdout.hasSuffix("""
            left .gitattributes as it is: it is tracked, shared with the team (remove the line in a commit)
            removed diff.charter.textconv from the repository's git configuration

            """), "\(uninstall)")
        #expect(try scratch.read("acme/.gitattributes") == "roles/*.yaml diff=charter\n")
        try scratch.expectStatusClean("acme")
        #expect(try scratch.git("config", "--local", "diff.charter.textconv", in: "acme").status == 1)
        #expect(try scratch.git("check-attr", "diff", "roles/cto.yaml", in: "acme").stdout == "roles/cto.yaml: diff: charter\n",
                "the team's attribute stays; without the setting, git diffs role files as text")
        try Self.reformat(scratch)
        #expect(!Self.changedLines(try scratch.git("diff", in: "acme").stdout).isEmpty)
    }

    @Test func aGitattributesWithCRLFOrNoFinalLineBreakComesBackByteForByte() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        let attributes = scratch.path("acme/.gitattributes")
        for (original, installed) in [("*.png binary\r\n*.pdf binary\r\n", "*.png binary\r\n*.pdf binary\r\nroles/*.yaml diff=charter\r\n"),
                                      ("*.png binary\r\n*.pdf binary", "*.png binary\r\n*.pdf binary\r\nroles/*.yaml diff=charter"),
                                      ("*.png binary\n\n", "*.png binary\n\nroles/*.yaml diff=charter\n")] {
            try Data(original.utf8).write(to: URL(fileURLWithPath: attributes))
            #expect(try scratch.charter("hook", "install", "--diff", in: "acme").status == 0)
            #expect(FileManager.default.contents(atPath: attributes) == Data(installed.utf8), "\(original.debugDescription)")
            #expect(try scratch.git("check-attr", "diff", "roles/cto.yaml", in: "acme").stdout == "roles/cto.yaml: diff: charter\n")
            let again = try scratch.charter("hook", "install", "--diff", in: "acme")
            #expect(again.stdout.contains(".gitattributes already has"), "\(again)")
            #expect(try scratch.charter("hook", "uninstall", "--diff", in: "acme").status == 0)
            #expect(FileManager.default.contents(atPath: attributes) == Data(original.utf8), "\(original.debugDescription)")
        }
    }

    @Test func installingAgainAddsNothingAndUninstallKeepsTheRest() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.write("acme/.gitattributes", "*.png binary")
        #expect(try scratch.charter("hook", "install", "--diff", in: "acme").status == 0)
        let again = try scratch.charter("hook", "install", "--diff", in: "acme")
        #expect(again.stdout.contains(".gitattributes already has \"roles/*.yaml diff=charter\"\n"), "\(again)")
        #expect(try scratch.read("acme/.gitattributes") == "*.png binary\nroles/*.yaml diff=charter", "no final line break, as before")
        let setting = try scratch.git("config", "--local", "diff.charter.textconv", in: "acme").stdout
        #expect(setting == "c='\(Scratch.binary)'; [ -x \"$c\" ] || c=charter; \"$c\" textconv\n")
        #expect(try scratch.git("check-attr", "diff", "roles/cto.yaml", in: "acme").stdout == "roles/cto.yaml: diff: charter\n")

        let uninstall = try scratch.charter("hook", "uninstall", "--diff", in: "acme")
        #expect(uninstall.stdout == """
            removed the pre-commit hook .git/hooks/pre-commit
            removed the pre-merge-commit hook .git/hooks/pre-merge-commit
            removed "roles/*.yaml diff=charter" from .gitattributes
            removed diff.charter.textconv from the repository's git configuration

            """)
        #expect(try scratch.read("acme/.gitattributes") == "*.png binary")
        #expect(try scratch.git("config", "--local", "diff.charter.textconv", in: "acme").status == 1)

        // A .gitattributes that held only charter's line goes with it.
        #expect(try scratch.charter("hook", "install", "--diff", in: "acme").status == 0)
        try scratch.write("acme/.gitattributes", "roles/*.yaml diff=charter\n")
        #expect(try scratch.charter("hook", "uninstall", "--diff", in: "acme").status == 0)
        #expect(!FileManager.default.fileExists(atPath: scratch.path("acme/.gitattributes")))
    }
}
