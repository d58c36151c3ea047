import CharterCore
import CharterGit

/// The self-contained HTML report: inline CSS and SVG, nothing loaded from the network.
struct ReportRenderer {
    struct Move {
        var date: String
        var commit: String
        var change: BoundaryChange
        var subject: String
        var event: String?
    }

    var company: String
    var asOf: String
    var commit: String
    var commits: Int
    var schema: Schema
    var timeline: BoundaryTimeline
    var today: CharterSet
    var moves: [Move]
    /// The short ids of the shallow boundary commits the history starts from, in a shallow clone.
    var shallowBoundaries: [String] = []

    /// The most recent moves listed; a long history's full list belongs to `charter log`.
    private static let movesShown = 200

    private static let palette = ["#1f77b4", "#d95f02", "#2ca02c", "#7570b3", "#e7298a", "#66a61e", "#e6ab02",
                                  "#a6761d", "#17becf", "#8c564b", "#bcbd22", "#525252"]

    /// Where a shallow clone's history starts: the report shows nothing of what came before.
    private var shallowNote: String {
        guard !shallowBoundaries.isEmpty else { return "" }
        return " · shallow history: from \(shallowBoundaries.map { "<code>\(escape($0))</code>" }.joined(separator: ", ")) on (git fetch --unshallow for the rest)"
    }

    func html() -> String {
        let roles = timeline.roles
        let colours = Dictionary(uniqueKeysWithValues: roles.enumerated().map { ($0.element, Self.palette[$0.offset % Self.palette.count]) })
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(company)) — role charters</title>
            <style>
            body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; margin: 0 auto; max-width: 1040px; padding: 24px; color: #222; background: #fff; }
            h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 20px; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
            h3 { font-size: 16px; margin: 20px 0 6px; } .meta { color: #666; margin: 0 0 16px; } figure { margin: 0; }
            .legend span { display: inline-block; margin: 0 14px 6px 0; } .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
            svg { width: 100%; height: auto; display: block; } svg text { font: 11px system-ui, "DejaVu Sans", sans-serif; fill: #444; }
            svg.org { width: auto; max-width: none; } svg.org text.id { font-weight: 600; fill: #222; } svg.org text.holder { fill: #777; }
            .scroll { overflow-x: auto; } table { border-collapse: collapse; width: 100%; font-size: 14px; }
            th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid #eee; } th { color: #555; font-weight: 600; }
            code { font: 13px ui-monospace, "DejaVu Sans Mono", monospace; } .event { color: #b3541e; fill: #b3541e; }
            @media print { body { max-width: none; padding: 0; } h2 { break-after: avoid; } section, figure { break-inside: avoid; } }
            </style></head><body>
            <h1>\(escape(company)): who owns what</h1>
            <p class="meta">Role charters as of \(escape(asOf)), commit <code>\(escape(commit))</code> · schema \(escape(schema.id)) · \(commits) commits · \(moves.count) moves\(shallowNote)</p>
            <div class="legend">\(roles.map { "<span><i class=\"swatch\" style=\"background:\(colours[$0]!)\"></i>\(escape($0))</span>" }.joined())</div>
            <h2>Reporting lines</h2>
            <p class="meta">Who reports to whom, as of \(escape(asOf)). External names are dashed; a role whose manager is unknown, or that a reporting cycle was cut at, is outlined in red.</p>
            <div class="scroll">\(OrgChartSVG.svg(OrgChart(today), colours: colours))</div>
            <h2>The boundary over time</h2>
            <p class="meta">Per area: how many responsibilities and KPIs each role held, and below, who held each decision right. Dashed lines mark company events.</p>

            """
        for area in schema.areas {
            out += "<figure><h3>\(escape(area.title))</h3>\(chart(area: area.id, colours: colours))</figure>\n"
        }
        out += "<h2>The map as of \(escape(asOf))</h2>\n"
        for area in schema.areas { out += map(area: area) }
        out += "<h2>Moves</h2>\n<div class=\"scroll\"><table><tr><th>date</th><th>commit</th><th>area</th><th>item</th><th>from → to</th><th>why</th></tr>\n"
        for move in moves.reversed().prefix(Self.movesShown) {
            let item = move.change.itemKind == .decision ? "decides \(move.change.item ?? "")" : move.change.item ?? ""
            let event = move.event.map { " <span class=\"event\">[\(escape($0))]</span>" } ?? ""
            out += "<tr><td>\(move.date)</td><td><code>\(escape(move.commit))</code></td><td>\(escape(move.change.area ?? ""))</td>"
                + "<td><code>\(escape(item))</code></td><td>\(escape(move.change.from ?? "")) → \(escape(move.change.to ?? ""))</td>"
                + "<td>\(escape(move.subject))\(event)</td></tr>\n"
        }
        out += "</table></div>\n"
        if moves.count > Self.movesShown {
            out += "<p class=\"meta\">… and \(moves.count - Self.movesShown) earlier moves: <code>charter log</code> lists them all.</p>\n"
        }
        return out + "</body></html>\n"

    }

    // MARK: - The chart

    private func chart(area: String, colours: [String: String]) -> String {
        let points = timeline.points
        guard let first = points.first, let last = points.last else { return "<p>No history.</p>" }
        let width = 960.0, left = 36.0, right = 12.0, top = 34.0, plot = 150.0, rowHeight = 13.0
        let rights = schema.decisionRights.map(\.id)
        let height = top + plot + 18 + Double(rights.count) * (rowHeight + 3) + 6
        // Positions in Double throughout: two Int64 times may differ by more than Int64 holds.
        let start = Double(first.time)
        let span = max(Double(last.time) - start, 1)
        // The last state extends a little past the last commit, so that it is visible.
        let end = Double(last.time) + span * 0.04
        func x(_ time: Double) -> Double { left + ((time - start) / (end - start)) * (width - left - right) }
        func x(_ time: Int64) -> Double { x(Double(time)) }
        let maxTotal = max(points.map { ($0.items[area] ?? [:]).values.reduce(0, +) }.max() ?? 1, 1)
        func y(_ count: Int) -> Double { top + plot - Double(count) / Double(maxTotal) * plot }

        var svg = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(area)) over time\">"
        svg += "<line x1=\"\(left)\" y1=\"\(top + plot)\" x2=\"\(width - right)\" y2=\"\(top + plot)\" stroke=\"#999\"/>"
        svg += "<text x=\"\(left - 6)\" y=\"\(y(maxTotal) + 4)\" text-anchor=\"end\">\(maxTotal)</text><text x=\"\(left - 6)\" y=\"\(top + plot)\" text-anchor=\"end\">0</text>"
        let edges = points.map { x($0.time) } + [x(end)]
        var below = [Int](repeating: 0, count: points.count)
        for role in timeline.roles {
            let counts = points.map { $0.items[area]?[role] ?? 0 }
            guard counts.contains(where: { $0 > 0 }) else { continue }
            let above = zip(below, counts).map(+)
            var path = "M\(fmt(edges[0])),\(fmt(y(below[0])))"
            for index in points.indices {
                path += " L\(fmt(edges[index])),\(fmt(y(above[index]))) L\(fmt(edges[index + 1])),\(fmt(y(above[index])))"
            }
            for index in points.indices.reversed() {
                path += " L\(fmt(edges[index + 1])),\(fmt(y(below[index]))) L\(fmt(edges[index])),\(fmt(y(below[index])))"
            }
            svg += "<path d=\"\(path) Z\" fill=\"\(colours[role] ?? "#999")\" fill-opacity=\"0.85\"><title>\(escape(role))</title></path>"
            below = above
        }
        for (row, right) in rights.enumerated() {
            let rowTop = top + plot + 18 + Double(row) * (rowHeight + 3)
            svg += "<text x=\"\(left - 6)\" y=\"\(fmt(rowTop + rowHeight - 2))\" text-anchor=\"end\">\(escape(right))</text>"
            for index in points.indices {
                let holders = points[index].decisions[area]?[right] ?? []
                let fill = holders.count == 1 ? colours[holders.first!] ?? "#999" : holders.isEmpty ? "#eee" : "#c0392b"
                let label = holders.isEmpty ? "nobody" : holders.sorted().joined(separator: " + ")
                svg += "<rect x=\"\(fmt(edges[index]))\" y=\"\(fmt(rowTop))\" width=\"\(fmt(max(edges[index + 1] - edges[index], 0.5) + 0.4))\" height=\"\(rowHeight)\" fill=\"\(fill)\"><title>\(escape(right)): \(escape(label))</title></rect>"
            }
        }
        // Events: a dashed line each, labelled with the event's kind (the full text on hover), on two
        // alternating rows so that close events stay readable.
        for (index, event) in timeline.events.enumerated() {
            let position = x(event.time)
            let anchor = position < left + 70 ? "start" : position > width - right - 70 ? "end" : "middle"
            let kind = String(event.text.prefix { $0 != ":" })
            svg += "<g><title>\(escape(event.text)) (\(day(event.time)))</title>"
            svg += "<line x1=\"\(fmt(position))\" y1=\"\(top - 4)\" x2=\"\(fmt(position))\" y2=\"\(fmt(height - 14))\" stroke=\"#b3541e\" stroke-dasharray=\"4 3\"/>"
            svg += "<text x=\"\(fmt(position))\" y=\"\(index % 2 == 0 ? top - 8 : top - 21)\" text-anchor=\"\(anchor)\" class=\"event\">\(escape(kind))</text></g>"
        }
        svg += "<text x=\"\(left)\" y=\"\(fmt(height))\">\(day(first.time))</text><text x=\"\(width - right)\" y=\"\(fmt(height))\" text-anchor=\"end\">\(day(last.time))</text>"
        return svg + "</svg>"
    }

    // MARK: - The map

    private func map(area: Schema.Area) -> String {
        var out = "<h3>\(escape(area.title))</h3><div class=\"scroll\"><table><tr><th>role</th><th>decides</th><th>responsibilities</th><th>KPIs</th></tr>\n"
        for role in today.roles {
            guard let part = role.area(area.id), !(part.decides.isEmpty && part.responsibilities.isEmpty && part.kpis.isEmpty) else { continue }
            out += "<tr><td><b>\(escape(role.id))</b><br>\(escape(role.title))</td><td>\(escape(part.decides.map(\.value).joined(separator: ", ")))</td>"
                + "<td>\(part.responsibilities.map { "<span title=\"\(escape($0.text))\"><code>\(escape($0.id))</code></span>" }.joined(separator: ", "))</td>"
                + "<td>\(part.kpis.map { "<code>\(escape($0.id))</code>" }.joined(separator: ", "))</td></tr>\n"
        }
        return out + "</table></div>\n"
    }

    // MARK: - Text

    private func escape(_ text: String) -> String { XMLText.escaped(text) }

    private func fmt(_ value: Double) -> String { String(Double(Int(value * 10)) / 10) }

    private func day(_ seconds: Int64) -> String { GitTime(seconds: seconds, offsetMinutes: 0).day }
}
