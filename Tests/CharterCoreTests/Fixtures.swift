import CharterCore
import Foundation

/// The fixture folders beside this file, and the package root above them.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(path)))
    }

    /// A fixture repository (`Fixtures/repos/<name>`) read into a `CharterTree`.
    static func repository(_ name: String) throws -> CharterTree {
        try tree(at: folder.appendingPathComponent("repos/\(name)"))
    }

    static func tree(at root: URL) throws -> CharterTree {
        var tree = CharterTree()
        let manager = FileManager.default
        for path in [CharterTree.companyPath, CharterTree.schemaPath] {
            let url = root.appendingPathComponent(path)
            if manager.fileExists(atPath: url.path) { tree.entries[path] = .file(Array(try Data(contentsOf: url))) }
        }
        let roles = root.appendingPathComponent(CharterTree.rolesPath)
        if manager.fileExists(atPath: roles.path) {
            tree.entries[CharterTree.rolesPath] = .directory
            for name in try manager.contentsOfDirectory(atPath: roles.path) {
                tree.entries["roles/\(name)"] = .file(Array(try Data(contentsOf: roles.appendingPathComponent(name))))
            }
        }
        return tree
    }

    /// The compact, simplified form of findings that tests compare: `code@file:line:column`.
    static func summary(_ findings: [Finding]) -> [String] {
        findings.map { "\($0.severity == .warning ? "warning " : "")\($0.code.rawValue)@\($0.location)" }
    }
}
