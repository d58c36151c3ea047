import CharterCore

/// The org chart as a Mermaid flowchart, top-down: a node per role or external name (`n1`, `n2`, … in
/// chart order, so that no id of charter's can clash with Mermaid's keywords), labelled with its id,
/// title and holder; an edge from each boss to each report. Labels are double-quoted and escaped by
/// `MermaidText`; `<br/>` between their lines is charter's own.
enum MermaidRenderer {
    static func render(_ org: OrgReport, to out: Terminal) {
        let entries = org.chart.entries
        let names = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($0.element.node.id, "n\($0.offset + 1)") })
        var text = "flowchart TD\n"
        for (node, _) in entries {
            text += "    \(names[node.id]!)[\"\(label(node))\"]\n"
        }
        for case let (node, boss?) in entries {
            text += "    \(names[boss]!) --> \(names[node.id]!)\n"
        }
        let styles = [("external", "stroke-dasharray: 4 3", { (node: OrgChart.Node) in node.kind == .external }),
                      ("detached", "stroke: #c0392b, stroke-width: 2px", { (node: OrgChart.Node) in node.detachment != nil })]
        for (style, css, applies) in styles {
            let styled = entries.filter { applies($0.node) }.map { names[$0.node.id]! }
            if !styled.isEmpty { text += "    classDef \(style) \(css)\n    class \(styled.joined(separator: ",")) \(style)\n" }
        }
        out.write(text)
    }

    /// `cto<br/>Chief Technology Officer<br/>Dana Reyes`, each part escaped.
    private static func label(_ node: OrgChart.Node) -> String {
        let lines = [node.id, node.kind == .external ? "(external)" : node.title ?? "", node.holder, node.detachmentNote]
        return lines.compactMap { $0.map(MermaidText.escaped) }.joined(separator: "<br/>")
    }
}
