import Foundation
import Testing

/// What a finished process printed and how it exited.
struct Outcome: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

/// A scratch folder with a fixed, isolated environment: its own HOME (so no personal git
/// configuration leaks in), a fixed identity and fixed dates. Removed when the test ends.
final class Scratch {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `charter` binary under test: `CHARTER_BINARY`, else the debug build of this package.
    static let binary: String = ProcessInfo.processInfo.environment["CHARTER_BINARY"]
        ?? packageRoot.appendingPathComponent(".build/debug/charter").path

    let root: URL
    var environment: [String: String]

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("charter-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": root.path,
            "XDG_CONFIG_HOME": root.appendingPathComponent(".config").path,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Ada Founder", "GIT_AUTHOR_EMAIL": "ada@acme.example",
            "GIT_COMMITTER_NAME": "Ada Founder", "GIT_COMMITTER_EMAIL": "ada@acme.example",
            "GIT_AUTHOR_DATE": "2020-01-15T09:00:00+01:00", "GIT_COMMITTER_DATE": "2020-01-15T09:00:00+01:00",
            "TZ": "UTC", "LANG": "C.UTF-8",
        ]
        // Sanitizer settings reach the binary under test (`make asan`, `make tsan`).
        for (key, value) in ProcessInfo.processInfo.environment where key.hasSuffix("SAN_OPTIONS") {
            environment[key] = value
        }
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// Runs `charter` with `arguments` in `directory` (relative to the scratch root).
    @discardableResult
    func charter(_ arguments: String..., in directory: String = "", environment extra: [String: String] = [:]) throws -> Outcome {
        try run(Self.binary, arguments, in: directory, environment: extra)
    }

    /// Runs the git CLI, the independent witness.
    @discardableResult
    func git(_ arguments: String..., in directory: String) throws -> Outcome {
        try run("/usr/bin/env", ["git"] + arguments, in: directory)
    }

    func run(_ executable: String, _ arguments: [String], in directory: String = "", environment extra: [String: String] = [:]) throws -> Outcome {
        let process = try start(executable, arguments, in: directory, environment: extra)
        return process.finish()
    }

    /// Starts a process without waiting, for tests that race several.
    func start(_ executable: String, _ arguments: [String], in directory: String = "",
               environment extra: [String: String] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory.isEmpty ? root : root.appendingPathComponent(directory)
        process.environment = environment.merging(extra) { $1 }
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Running(process: process, stdout: stdout, stderr: stderr)
    }

    struct Running {
        let process: Process
        let stdout: Pipe
        let stderr: Pipe

        func finish() -> Outcome {
            // Read both pipes to the end before waiting, so a full pipe never blocks the child.
            let group = DispatchGroup()
            nonisolated(unsafe) var errorData = Data()
            DispatchQueue.global().async(group: group) { errorData = stderr.fileHandleForReading.readDataToEndOfFile() }
            let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
            group.wait()
            process.waitUntilExit()
            return Outcome(status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
                           stderr: String(decoding: errorData, as: UTF8.self))
        }
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }

    func write(_ relative: String, _ content: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content.utf8).write(to: url)
    }

    /// Replaces the first occurrence of `old` in a file; fails the test if it is not there.
    func edit(_ relative: String, replacing old: String, with new: String,
              sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = try read(relative)
        #expect(text.contains(old), "\(relative) does not contain \(old.debugDescription)", sourceLocation: sourceLocation)
        try write(relative, text.replacingOccurrences(of: old, with: new, options: [], range: text.range(of: old)))
    }

    /// The path of a program on PATH.
    static func program(_ name: String) -> String? {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The subcommands of the binary under test, from its own definitions (those the manual page
    /// and the completion scripts are generated from).
    func subcommands() throws -> [String] {
        let dump = try charter("--experimental-dump-help")
        let json = try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any]
        let commands = try #require((json?["command"] as? [String: Any])?["subcommands"] as? [[String: Any]])
        return commands.compactMap { $0["commandName"] as? String }
    }

    /// A new charter repository made by `charter init`.
    func initRepository(_ name: String = "acme", stage: String = "growth") throws {
        let outcome = try charter("init", name, "--company", "Acme Robotics", "--stage", stage)
        #expect(outcome.status == 0, "\(outcome)")
    }

    /// A history made by the benchmark generator (`Benchmarks/generate_history.py`) in `name`, with the
    /// charters in `folder` of the repository (its root by default).
    func generateHistory(_ name: String, commits: Int, roles: Int, items: Int, folder: String = "",
                         sourceLocation: SourceLocation = #_sourceLocation) throws {
        let generator = Self.packageRoot.appendingPathComponent("Benchmarks/generate_history.py").path
        let generated = try run("/usr/bin/env", ["python3", generator, path(name), "--commits", "\(commits)",
                                                 "--roles", "\(roles)", "--items", "\(items)", "--folder", folder])
        #expect(generated.status == 0, "\(generated)", sourceLocation: sourceLocation)
    }

    /// The commit id HEAD names, by the git CLI.
    func head(in directory: String) throws -> String {
        try git("rev-parse", "HEAD", in: directory).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `git fsck --strict` exits 0 and reports no errors.
    func expectFsckClean(_ directory: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fsck = try git("fsck", "--strict", "--no-dangling", in: directory)
        #expect(fsck.status == 0 && fsck.stderr.isEmpty && fsck.stdout.isEmpty, "\(fsck)", sourceLocation: sourceLocation)
    }

    /// `git status --porcelain` prints nothing.
    func expectStatusClean(_ directory: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let status = try git("status", "--porcelain", in: directory)
        #expect(status.status == 0 && status.stdout.isEmpty, "\(status)", sourceLocation: sourceLocation)
    }
}
