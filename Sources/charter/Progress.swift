import Foundation

/// A count of commits on stderr while a long walk runs, only when stderr is a terminal.
final class Progress {
    private let label: String
    private let enabled: Bool
    private var count = 0
    private var lastShown = Date.distantPast

    init(label: String) {
        self.label = label
        self.enabled = isatty(STDERR_FILENO) == 1
    }

    func tick() {
        count += 1
        guard enabled, Date().timeIntervalSince(lastShown) > 0.2 else { return }
        lastShown = Date()
        Terminal.standardError.write("\r\(label): \(count) commits")
    }

    func done() {
        guard enabled, lastShown != .distantPast else { return }
        Terminal.standardError.write("\r\(label): \(count) commits, done\n")
    }
}
