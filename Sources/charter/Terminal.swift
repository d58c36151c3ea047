import Foundation

/// One output stream, and whether it gets colour: only on a terminal, never with `NO_COLOR`
/// or `TERM=dumb`.
struct Terminal {
    let handle: FileHandle
    let colour: Bool

    static let standardOutput = Terminal(handle: .standardOutput, descriptor: STDOUT_FILENO)
    static let standardError = Terminal(handle: .standardError, descriptor: STDERR_FILENO)

    private init(handle: FileHandle, descriptor: Int32) {
        self.handle = handle
        let environment = ProcessInfo.processInfo.environment
        self.colour = isatty(descriptor) == 1 && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    func write(_ text: String) {
        handle.write(Data(text.utf8))
    }

    // MARK: - Styles

    func error(_ text: String) -> String { styled(text, "1;31") }
    func warning(_ text: String) -> String { styled(text, "1;33") }
    func success(_ text: String) -> String { styled(text, "32") }
    func bold(_ text: String) -> String { styled(text, "1") }
    func dim(_ text: String) -> String { styled(text, "2") }
    func accent(_ text: String) -> String { styled(text, "36") }

    private func styled(_ text: String, _ code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
