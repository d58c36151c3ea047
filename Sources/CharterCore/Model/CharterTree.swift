/// The files of a charter repository as bytes, from the work tree or from a git revision.
/// The core reads nothing else: it never touches the file system or git itself.
public struct CharterTree: Sendable {
    public enum Entry: Sendable, Equatable {
        /// A regular file's content.
        case file([UInt8])
        /// A regular file stored as a git blob, not read yet: its object id.
        case blob(id: String)
        /// A regular file too large to read; only its size is known.
        case oversized(Int)
        case symlink
        case directory
        /// Anything else: a submodule, a socket, a device.
        case other
    }

    public static let companyPath = "charter.yaml"
    public static let schemaPath = "schema.yaml"
    public static let rolesPath = "roles"
    public static let jsonSchemaPath = "charter.schema.json"

    /// What reading a blob gives: its bytes, or only its size when it is over the limit.
    public enum BlobContent: Sendable {
        case bytes([UInt8])
        case oversized(Int)
    }

    /// Entries by repository path: `charter.yaml`, `schema.yaml`, `roles`, and each `roles/<name>`.
    public var entries: [String: Entry]

    public init(entries: [String: Entry] = [:]) { self.entries = entries }

    /// The path of the file a role with this id is read from.
    public static func roleFile(_ id: String) -> String { "\(rolesPath)/\(id).yaml" }

    /// The names inside `roles/`, sorted.
    public var roleEntryNames: [String] {
        entries.keys.filter { $0.hasPrefix(Self.rolesPath + "/") }.map { String($0.dropFirst(Self.rolesPath.count + 1)) }.sorted()
    }

    /// The ids of the roles the tree holds, by file name.
    public var roleIDs: [String] {
        roleEntryNames.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }
    }

    /// Whether a name in `roles/` is ignored: hidden files (editor swap files, `.gitkeep`).
    public static func isIgnoredRoleEntry(_ name: String) -> Bool { name.hasPrefix(".") }

    /// The `.gitignore` pattern of an editor's or a merge tool's leftover in `roles/` that `name` matches
    /// (`cto.yaml~`, `#cto.yaml#`, `cto.yaml.orig`, git mergetool's `cto_BACKUP_123.yaml`); nil for any
    /// other name. A leftover is neither read nor committed: it is only warned about (`leftover-file`).
    public static func leftoverPattern(of name: String) -> String? {
        if name.hasSuffix("~") { return "*~" }
        if name.count > 1, name.hasPrefix("#"), name.hasSuffix("#") { return "#*#" }
        for suffix in [".orig", ".rej", ".bak", ".tmp", ".swp"] where name.hasSuffix(suffix) { return "*" + suffix }
        for stage in ["BACKUP", "BASE", "LOCAL", "REMOTE"] where name.contains("_\(stage)_") { return "*_\(stage)_*" }
        return nil
    }

    /// Whether `charter commit` writes the file at `path` (a path in the charter folder): charter.yaml,
    /// schema.yaml, charter.schema.json, or a file directly in `roles/` that is neither hidden nor a leftover.
    public static func isCharterPath(_ path: String) -> Bool {
        if [companyPath, schemaPath, jsonSchemaPath].contains(path) { return true }
        guard path.hasPrefix(rolesPath + "/") else { return false }
        let name = path.dropFirst(rolesPath.count + 1)
        return !name.isEmpty && !name.contains("/") && !isIgnoredRoleEntry(String(name)) && leftoverPattern(of: String(name)) == nil
    }
}
