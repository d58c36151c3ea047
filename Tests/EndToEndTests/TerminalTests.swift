import Foundation
import Testing

/// Colour and progress on a terminal, through `script`, which gives the command a pseudo-terminal.
@Suite("Terminal output")
struct TerminalTests {
    static let hasScript = FileManager.default.isExecutableFile(atPath: "/usr/bin/script")

    func onTerminal(_ scratch: Scratch, _ command: String, environment: [String: String] = [:]) throws -> Outcome {
        try scratch.run("/usr/bin/script", ["-qec", "\(Scratch.binary) \(command)", "/dev/null"], in: "acme", environment: environment)
    }

    @Test(.enabled(if: hasScript)) func colourOnATerminalOnly() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.edit("acme/roles/cto.yaml", replacing: "title: Chief Technology Officer", with: "titel: Chief Technology Officer")
        let coloured = try onTerminal(scratch, "validate", environment: ["TERM": "xterm"])
        #expect(coloured.stdout.contains("\u{1B}[1;31merror[unknown-key]\u{1B}[0m"), "\(coloured)")
        let plain = try onTerminal(scratch, "validate", environment: ["TERM": "xterm", "NO_COLOR": "1"])
        #expect(!plain.stdout.contains("\u{1B}["), "NO_COLOR turns colour off")
        #expect(plain.stdout.contains("error[unknown-key]"))
        let piped = try scratch.charter("validate", in: "acme", environment: ["TERM": "xterm"])
        #expect(!piped.stdout.contains("\u{1B}["), "no colour into a pipe")
    }

    @Test(.enabled(if: hasScript)) func progressOnlyOnATerminal() throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        for round in 0..<3 {
            try scratch.edit("acme/roles/cto.yaml", replacing: round == 0 ? "title: Chief Technology Officer\n" : "title: CTO \(round - 1)\n",
                             with: "title: CTO \(round)\n")
            #expect(try scratch.charter("commit", "-m", "Round \(round)", in: "acme").status == 0)
        }
        // Under `script`, stderr reaches the terminal too: the count and its closing line show there.
        let shown = try onTerminal(scratch, "audit")
        #expect(shown.stdout.contains("auditing: 4 commits, done"), "\(shown)")
        let piped = try scratch.charter("audit", in: "acme")
        #expect(!piped.stderr.contains("auditing"))
    }
}
