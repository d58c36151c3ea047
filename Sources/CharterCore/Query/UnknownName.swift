/// A name given on the command line that names nothing there is: an area the schema in force does not
/// have, a role or an item no commit read ever held, a command charter does not have. A usage error
/// (exit 2), said with the closest names there are (`EditDistance`), so that a typo never passes as
/// a question with no answer.
public struct UnknownName: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case area, role, item, command
        case roleOrExternalName = "role or external name"
    }

    public var kind: Kind
    public var name: String
    /// How it was given, when an option or `--` gave it: `--area`, `--role`, `--item`, `-- roles/cfo.yaml`.
    public var option: String?
    /// Where it was looked for: `in the schema in force`, `in the history read`, `at 1a2b3c4`.
    public var scope: String
    /// The names within reach of `name`, closest first.
    public var closest: [String]
    /// Every name there is, sorted, when there are few enough to list and none is close; else empty.
    public var known: [String]

    /// Names beyond this many are not listed: a hint says where to find them.
    public static let listLimit = 12

    public init(_ kind: Kind, _ name: String, option: String? = nil, scope: String, among names: some Collection<String>) {
        self.kind = kind
        self.name = name
        self.option = option
        self.scope = scope
        closest = EditDistance.closest(to: name, among: names, limit: 3)
        known = closest.isEmpty && names.count <= Self.listLimit ? Set(names).sorted() : []
    }

    /// Refuses `name` unless it is one of `names`.
    public static func check(_ kind: Kind, _ name: String, option: String? = nil, scope: String,
                             among names: some Collection<String>) throws(UnknownName) {
        guard !names.contains(name) else { return }
        throw UnknownName(kind, name, option: option, scope: scope, among: names)
    }

    /// `--area stratgy: no area 'stratgy' in the schema in force; did you mean 'strategy'?`
    public var description: String {
        let quoted = { (names: [String]) in names.map { "'\($0)'" } }
        let what = kind == .command ? "'\(name)' is not a charter command" : "no \(kind.rawValue) '\(name)' \(scope)"
        var text = (option.map { "\($0): " } ?? "") + what
        if !closest.isEmpty {
            let names = quoted(closest)
            text += "; did you mean " + (names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " or " + names.last!) + "?"
        } else if !known.isEmpty {
            text += " (\(kind == .command ? "commands" : kind.plural): \(known.joined(separator: ", ")))"
        }
        return text
    }

    /// Where to look when nothing is close and the names are too many to list.
    public var hint: String? {
        guard closest.isEmpty, known.isEmpty else { return nil }
        switch kind {
        case .area: return "charter schema lists the areas"
        case .role, .roleOrExternalName, .item: return "charter show lists who holds what"
        case .command: return "charter --help lists the commands"
        }
    }
}

extension UnknownName.Kind {
    var plural: String {
        switch self {
        case .area: "areas"
        case .role: "roles"
        case .item: "items"
        case .command: "commands"
        case .roleOrExternalName: "names"
        }
    }
}
