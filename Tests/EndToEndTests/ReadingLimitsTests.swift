import Foundation
import Testing

/// The worst shapes of YAML a role file can hold just under the 1 MiB limit, through both readers:
/// each reads in well under a second (in a release build; the bound here is a debug build's, and
/// the quadratic reading this guards against took minutes), from the work tree and from a commit.
@Suite("Reading is linear in the input size")
struct ReadingLimitsTests {
    /// Just under PRODUCT.md's 1 MiB limit.
    static let size = (1 << 20) - 1_024
    /// A debug build under a busy test runner; a release build reads each of these in under 0.3 s.
    static let secondsPerFile = 10.0

    /// One shape: the text it appends to a valid role file, given a budget in bytes.
    struct Shape: CustomTestStringConvertible, Sendable {
        var name: String
        /// Whether the file starts with a block scalar, which the fast reader leaves to libyaml.
        var throughLibYAML: Bool
        var text: @Sendable (Int) -> String

        var testDescription: String { "\(name) (\(throughLibYAML ? "libyaml" : "fast reader"))" }
    }

    /// `head`, then `item(0)`, `item(1)`, ... joined by `separator`, then `tail`, within `budget` bytes.
    static func repeated(_ head: String, _ separator: String = "", _ tail: String, budget: Int,
                         _ item: (Int) -> String) -> String {
        var text = head
        var size = head.utf8.count + tail.utf8.count
        for index in 0... {
            let piece = (index == 0 ? "" : separator) + item(index)
            guard size + piece.utf8.count <= budget else { break }
            text += piece
            size += piece.utf8.count
        }
        return text + tail
    }

    static let kinds: [(String, @Sendable (Int) -> String)] = [
        ("one-line flow sequence", { repeated("x-a: [", ", ", "]\n", budget: $0) { String($0) } }),
        ("one-line flow mapping", { repeated("x-a: {", ", ", "}\n", budget: $0) { "k\($0): v" } }),
        ("block sequence", { repeated("x-a:\n", "", "", budget: $0) { "- \($0)\n" } }),
        ("top-level keys", { repeated("", "", "", budget: $0) { "x-k\($0): v\n" } }),
        ("nested mapping", { repeated("x-a:\n", "", "", budget: $0) { "  k\($0): v\n" } }),
        ("sequence of mappings", { repeated("x-a:\n", "", "", budget: $0) { "- id: i\($0)\n  text: t\n" } }),
        ("comment lines", { repeated("", "", "x-end: v\n", budget: $0) { _ in "#\n" } }),
        ("block scalar lines", { repeated("x-t: |\n", "", "", budget: $0) { _ in "  a\n" } }),
        ("one long plain line", { "x-t: " + String(repeating: "a", count: $0 - 6) + "\n" }),
        ("one long quoted line", { "x-t: \"" + String(repeating: "a", count: $0 - 8) + "\"\n" }),
        ("deep flow nesting", {
            repeated("x-d: [", ", ", "]\n", budget: $0) { _ in String(repeating: "[", count: 30) + "1" + String(repeating: "]", count: 30) }
        }),
        ("deep block nesting", {
            repeated("", "", "", budget: $0) { index in
                "x-deep-\(index):\n" + (1..<31).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n") + " v\n"
            }
        }),
    ]

    static let shapes: [Shape] = kinds.flatMap { name, text in
        [Shape(name: name, throughLibYAML: false, text: text), Shape(name: name, throughLibYAML: true, text: text)]
    }

    /// A block scalar first: the fast reader gives the whole file to libyaml.
    static let libyamlPrefix = "x-via-libyaml: |\n  block\n"

    /// cto.yaml of a new repository, grown to just under the limit by `shape`.
    static func grow(_ base: String, by shape: @Sendable (Int) -> String, throughLibYAML: Bool) -> String {
        let prefix = throughLibYAML ? libyamlPrefix : ""
        let text = base + prefix + shape(size - base.utf8.count - prefix.utf8.count)
        return text
    }

    /// Runs `charter` with `arguments`, checking it finished within the bound.
    static func timed(_ scratch: Scratch, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> Outcome {
        let started = Date()
        let outcome = try scratch.run(Scratch.binary, arguments, in: "acme")
        let seconds = Date().timeIntervalSince(started)
        #expect(seconds < secondsPerFile, "charter \(arguments.joined(separator: " ")) took \(seconds) s", sourceLocation: sourceLocation)
        return outcome
    }

    @Test("each worst shape just under 1 MiB reads fast, from the work tree and from a commit", arguments: shapes)
    func worstShape(_ shape: Shape) throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        let text = Self.grow(try scratch.read("acme/roles/cto.yaml"), by: shape.text, throughLibYAML: shape.throughLibYAML)
        #expect(text.utf8.count <= Self.size && text.utf8.count > Self.size - 2_000)
        try scratch.write("acme/roles/cto.yaml", text)

        let fromWorkTree = try Self.timed(scratch, ["validate"])
        #expect(fromWorkTree.status == 0, "\(fromWorkTree)")
        #expect(fromWorkTree.stdout.contains("valid: 2 roles, 0 errors"), "\(fromWorkTree)")

        try scratch.git("commit", "-qam", "Grow cto.yaml to \(text.utf8.count) bytes", in: "acme")
        let fromCommit = try Self.timed(scratch, ["validate", "--rev", "HEAD"])
        #expect(fromCommit.status == 0, "\(fromCommit)")
        #expect(fromCommit.stdout.contains("valid: 2 roles, 0 errors"), "\(fromCommit)")
    }

    /// Refusals at the very end of a file just under the limit: found as fast, located on the last line.
    @Test("a refusal at the end of a file just under 1 MiB is found fast and located", arguments: [
        ("duplicate key after 80,000 keys", "x-k0: again\n", "duplicate-key"),
        ("key over 1,024 characters", String(repeating: "k", count: 1_100) + ": v\n", "yaml-syntax"),
        ("NUL escape", "x-nul: \"\\0\"\n", "binary-content"),
        ("unclosed flow sequence", "x-open: [1, 2\n", "yaml-syntax"),
    ])
    func refusalAtTheEnd(_ what: String, _ last: String, _ code: String) throws {
        let scratch = try Scratch()
        try scratch.initRepository()
        let base = try scratch.read("acme/roles/cto.yaml")
        let keys = Self.repeated("", "", "", budget: Self.size - base.utf8.count - last.utf8.count) { "x-k\($0): v\n" }
        let text = base + keys + last
        let lastLine = text.utf8.count { $0 == UInt8(ascii: "\n") }
        try scratch.write("acme/roles/cto.yaml", text)
        try scratch.git("commit", "-qam", "End cto.yaml with \(what)", in: "acme")

        for arguments in [["validate", "--format", "json"], ["validate", "--rev", "HEAD", "--format", "json"]] {
            let outcome = try Self.timed(scratch, arguments)
            #expect(outcome.status == 1, "\(what): \(outcome)")
            let json = try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any]
            let findings = (json?["findings"] as? [[String: Any]]) ?? []
            #expect(findings.count == 1, "\(what): \(findings)")
            #expect(findings.first?["code"] as? String == code, "\(what): \(findings)")
            #expect(findings.first?["file"] as? String == "roles/cto.yaml")
            // An unclosed collection is found where the file ends, past the last line.
            #expect((lastLine...lastLine + 1).contains(findings.first?["line"] as? Int ?? 0), "\(what): \(findings)")
        }
    }
}
