import ArgumentParser
import CharterCore

extension Charter {
    struct Completions: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the completion script for a shell: bash, zsh or fish.",
            discussion: """
                make install puts the three scripts where each shell looks for them under its prefix. By hand, \
                write the script where the shell reads it (for zsh, with fpath+=(~/.zfunc) before compinit):
                  charter completions bash > ~/.local/share/bash-completion/completions/charter
                  charter completions zsh > ~/.zfunc/_charter
                  charter completions fish > ~/.config/fish/completions/charter.fish
                Role ids (blame ROLE, show, --role, --approved-by) complete from the charter repository the \
                command line is in, or the one -C names.
                """)

        @Argument(help: ArgumentHelp("The shell.", valueName: "shell"))
        var shell: CompletionShell

        func run() {
            let script = Charter.completionScript(for: shell)
            Terminal.standardOutput.write(script.hasSuffix("\n") ? script : script + "\n")
        }
    }
}

extension CompletionShell: @retroactive ExpressibleByArgument {}

extension CompletionKind {
    /// The role ids of the charter repository that the words being completed are in, or name with
    /// `-C DIR`: the work tree's, HEAD's in a bare repository. Nothing outside a repository.
    static let roles = CompletionKind.custom { words, _, prefix in
        let directories = zip(words, words.dropFirst()).filter { $0.0 == "-C" }.flatMap { [$0.0, $0.1] }
        guard let workspace = try? GlobalOptions.parse(directories).workspace(),
              let tree = try? workspace.tree(workspace.current()) else { return [] }
        return tree.roleIDs.filter { $0.hasPrefix(prefix) }
    }
}
