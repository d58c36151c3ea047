import CharterCore

/// The org chart as a Graphviz digraph (`dot -Tsvg`), top-down: a box per role or external name, its
/// node id the charter's id, labelled with id, title and holder; an edge from each boss to each report.
/// Every id and label is double-quoted and escaped by `DOTText`; `\n` between label lines is charter's own.
enum DOTRenderer {
    static func render(_ org: OrgReport, to out: Terminal) {
        let entries = org.chart.entries
        var text = "digraph org {\n    rankdir=TB;\n    node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
        for (node, _) in entries {
            var attributes = ["label=\"\(label(node))\""]
            if node.kind == .external { attributes.append("style=\"rounded,dashed\"") }
            if node.detachment != nil { attributes.append("color=\"#c0392b\"") }
            text += "    \(quoted(node.id)) [\(attributes.joined(separator: ", "))];\n"
        }
        for case let (node, boss?) in entries {
            text += "    \(quoted(boss)) -> \(quoted(node.id));\n"
        }
        out.write(text + "}\n")
    }

    private static func quoted(_ text: String) -> String { "\"\(DOTText.escaped(text))\"" }

    /// `cto\nChief Technology Officer\nDana Reyes`, each part escaped.
    private static func label(_ node: OrgChart.Node) -> String {
        let lines = [node.id, node.kind == .external ? "(external)" : node.title ?? "", node.holder, node.detachmentNote]
        return lines.compactMap { $0.map(DOTText.escaped) }.joined(separator: "\\n")
    }
}
