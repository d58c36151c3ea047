import ArgumentParser

/// The output formats. Each command offers some of them, declared in its `OutputFormats`.
enum OutputFormat: String, ExpressibleByArgument, Sendable {
    case text, json, markdown, github, junit, sarif, mermaid, dot

    /// What `--format`'s help says after the name, where the name alone does not say it.
    var gloss: String? {
        switch self {
        case .github: "workflow annotations"
        case .junit: "JUnit XML"
        case .sarif: "SARIF 2.1.0"
        case .mermaid: "a Mermaid flowchart"
        case .dot: "Graphviz"
        default: nil
        }
    }
}

/// The formats a command offers, each with the renderer that writes the command's result in it.
/// Declared once per command, so that `--format`'s help, the refusal of another format (a usage
/// error) and the dispatch cannot disagree:
///
///     static let formats: OutputFormats<HistoryAudit> = [.text: TextRenderer.render, .json: JSONRenderer.render]
struct OutputFormats<Result>: ExpressibleByDictionaryLiteral, Sendable {
    typealias Render = @Sendable (Result, Terminal) -> Void

    private let renderers: [(format: OutputFormat, render: Render)]

    init(dictionaryLiteral renderers: (OutputFormat, Render)...) {
        self.renderers = renderers.map { (format: $0.0, render: $0.1) }
    }

    /// `Output format: text, json or github (workflow annotations).`
    var help: ArgumentHelp { ArgumentHelp("Output format: \(phrase).") }

    /// `text, json or github (workflow annotations)`: the formats, each with its gloss.
    var phrase: String {
        let names = renderers.map { $0.format.rawValue + ($0.format.gloss.map { " (\($0))" } ?? "") }
        return "\(names.dropLast().joined(separator: ", ")) or \(names.last!)"
    }

    /// The formats' names.
    var names: [String] { renderers.map(\.format.rawValue) }

    /// The formats' names, for shell completion.
    var completion: CompletionKind { .list(names) }

    func offers(_ format: OutputFormat) -> Bool { renderers.contains { $0.format == format } }

    /// Rejects a format the command does not offer, as a usage error.
    func check(_ format: OutputFormat) throws {
        guard offers(format) else {
            throw ValidationError("--format \(format.rawValue) is not available here; use \(renderers.map(\.format.rawValue).joined(separator: ", "))")
        }
    }

    /// Writes `result` in `format`, which `check` accepted.
    func render(_ result: Result, as format: OutputFormat, to terminal: Terminal = .standardOutput) {
        guard let renderer = renderers.first(where: { $0.format == format }) else {
            preconditionFailure("--format \(format.rawValue) was not checked")
        }
        renderer.render(result, terminal)
    }
}
