import Foundation
import Testing

@Suite("charter completions")
struct CompletionsTests {
    /// The shell's own syntax check, without running the script.
    static let syntaxCheck = ["bash": ["-n"], "zsh": ["-n"], "fish": ["--no-execute"]]

    @Test(arguments: ["bash", "zsh", "fish"])
    func theScriptParsesInItsShellAndKnowsEveryCommand(_ shell: String) throws {
        let scratch = try Scratch()
        let outcome = try scratch.charter("completions", shell)
        #expect(outcome.status == 0 && outcome.stderr.isEmpty, "\(outcome)")
        #expect(outcome.stdout.hasSuffix("\n"))
        for command in try scratch.subcommands() {
            #expect(outcome.stdout.contains(command), "\(shell) script lacks \(command)")
        }
        #expect(outcome.stdout.contains("max-count") && outcome.stdout.contains("approved-by"))
        try scratch.write("charter.\(shell)", outcome.stdout)
        let binary = try #require(Scratch.program(shell), "\(shell) is missing: `make test` installs it")
        let check = try scratch.run(binary, try #require(Self.syntaxCheck[shell]) + [scratch.path("charter.\(shell)")])
        #expect(check.status == 0 && check.stderr.isEmpty, "\(check)")
    }

    @Test(arguments: [["tcsh"], [], ["bash", "zsh"]])
    func anythingButOneKnownShellIsAUsageError(_ arguments: [String]) throws {
        let outcome = try Scratch().run(Scratch.binary, ["completions"] + arguments)
        #expect(outcome.status == 2 && outcome.stdout.isEmpty, "\(outcome)")
        #expect(outcome.stderr.contains("Usage: charter completions <shell>"))
    }

    /// bash completes a role id from the roles/ of the repository the command line is in, or that -C
    /// names after the command: the script asks charter, with the arguments bash gives it on TAB.
    @Test func bashCompletesRoleIDsFromTheRepository() throws {
        let scratch = try Scratch()
        try scratch.initRepository(stage: "scale")
        try scratch.write("completion.bash", try scratch.charter("completions", "bash").stdout)
        func complete(_ line: String, in directory: String) throws -> [String] {
            let driver = """
                source completion.bash
                COMP_LINE=\(Scratch.binary)' \(line)'; COMP_POINT=${#COMP_LINE}
                read -ra COMP_WORDS <<< "$COMP_LINE"; [[ $COMP_LINE == *' ' ]] && COMP_WORDS+=('')
                COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
                _charter "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
                printf '%s\\n' "${COMPREPLY[@]}"
                """
            let outcome = try scratch.run("/bin/bash", ["-c", driver.replacingOccurrences(of: "completion.bash", with: scratch.path("completion.bash"))],
                                          in: directory)
            #expect(outcome.status == 0 && outcome.stderr.isEmpty, "\(outcome)")
            return outcome.stdout.split(separator: "\n").map(String.init)
        }
        #expect(try complete("blame ", in: "acme") == ["cpo", "cto", "vp-engineering"])
        #expect(try complete("log --role c", in: "acme") == ["cpo", "cto"])
        #expect(try complete("commit -C acme --approved-by v", in: "") == ["vp-engineering"])
        #expect(try complete("blame ", in: "") == [])
    }
}
