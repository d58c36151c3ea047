import CharterCore

/// The org chart as inline SVG for the HTML report, drawn from `OrgChartLayout`: a box per role or
/// external name with its id, title and holder (each fitted to the box, whole in its tooltip), a stripe
/// in the role's colour, external names dashed, a root whose boss is unknown or on a cycle outlined
/// red; orthogonal edges from each boss down to its reports. Content is escaped by `XMLText`.
enum OrgChartSVG {
    /// The characters of a line that fit a box at the report's font size; a longer line is squeezed
    /// to the box's width (`textLength`), and one longer than `longestLine` is cut with `…` first.
    private static let fittingLine = 28, longestLine = 40

    static func svg(_ chart: OrgChart, colours: [String: String]) -> String {
        let layout = OrgChartLayout(chart)
        let width = number(layout.width), height = number(layout.height)
        var svg = "<svg class=\"org\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"reporting lines\">"
        for edge in layout.edges {
            let path = edge.points.enumerated().map { "\($0.offset == 0 ? "M" : "L")\(number($0.element.x)),\(number($0.element.y))" }
            svg += "<path d=\"\(path.joined(separator: " "))\" fill=\"none\" stroke=\"#999\"/>"
        }
        for box in layout.boxes { svg += self.box(box, colour: colours[box.node.id] ?? "#999") }
        return svg + "</svg>"
    }

    private static func box(_ box: OrgChartLayout.Box, colour: String) -> String {
        let node = box.node, x = box.x, y = box.y
        let external = node.kind == .external
        let stroke = node.detachment != nil ? "#c0392b\" stroke-width=\"2" : external ? "#999\" stroke-dasharray=\"4 3" : "#bbb"
        let lines = [node.id, external ? "external" : node.title ?? "", node.holder ?? ""]
        let tooltip = lines.filter { !$0.isEmpty }.joined(separator: ", ") + (node.detachmentNote.map { " — \($0)" } ?? "")
        var svg = "<g><title>\(XMLText.escaped(tooltip))</title>"
        svg += "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(box.width))\" height=\"\(number(box.height))\" rx=\"6\" "
            + "fill=\"\(external ? "#f6f6f6" : "#fff")\" stroke=\"\(stroke)\"/>"
        if !external {
            svg += "<rect x=\"\(number(x + 1))\" y=\"\(number(y + 6))\" width=\"4\" height=\"\(number(box.height - 12))\" fill=\"\(colour)\"/>"
        }
        for (index, line) in lines.enumerated() where !line.isEmpty {
            let style = index == 0 ? " class=\"id\"" : index == 2 ? " class=\"holder\"" : ""
            let shown = line.count > longestLine ? line.prefix(longestLine - 1) + "…" : line
            let squeeze = shown.count > fittingLine ? " textLength=\"\(number(box.width - 20))\" lengthAdjust=\"spacingAndGlyphs\"" : ""
            svg += "<text x=\"\(number(x + 12))\" y=\"\(number(y + 18 + Double(index) * 15))\"\(style)\(squeeze)>\(XMLText.escaped(shown))</text>"
        }
        return svg + "</g>"
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
