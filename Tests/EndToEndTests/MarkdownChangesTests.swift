import Foundation
import Testing

/// The Markdown tables of boundary changes: `charter log` shows each commit's changes with the
/// details `charter diff` shows (field, before → after, rewording, the commit a move across commits
/// left from), repository text escaped and kept inside its cell, long texts cut.
@Suite("Markdown tables of changes")
struct MarkdownChangesTests {
    /// A text with a pipe and a line break, which would end the cell and the row.
    static let hostileText = "Keep the direction | adjust it\nas conditions change."
    /// A text longer than a cell shows: 269 characters.
    static let longText = Array(repeating: "Explain the plan.", count: 15).joined(separator: " ")

    /// Founding; the CPO gives up the roadmap ("Tidy"); then one commit that gives the roadmap to the
    /// CTO (a move across commits), retitles the CPO, rewords two items (one with a pipe and a line
    /// break, one long), moves the retention KPI and moves platform ROI with a new wording.
    static func history() throws -> (Scratch, removal: String) {
        let scratch = try Scratch()
        try scratch.initRepository()
        try scratch.edit("acme/roles/cpo.yaml", replacing: TrustTests.roadmap, with: "")
        #expect(try scratch.charter("commit", "-m", "Tidy", in: "acme", environment: HistoryTests.dates("2021-01-01")).status == 0)
        let removal = String(try scratch.head(in: "acme").prefix(7))
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: delivery-approach\n", with: TrustTests.roadmap + "    - id: delivery-approach\n")
        try scratch.edit("acme/roles/cpo.yaml", replacing: "title: Chief Product Officer", with: "title: Head of Product")
        try scratch.edit("acme/roles/cpo.yaml",
                         replacing: "text: Keep the product's direction in service of the company vision, and adjust it as conditions change.",
                         with: "text: \(OutputEscapingTests.yaml(hostileText))")
        try scratch.edit("acme/roles/cpo.yaml",
                         replacing: "text: Explain why the product is built, which features it includes, and when each phase is due.",
                         with: "text: \(longText)")
        try scratch.edit("acme/roles/cpo.yaml", replacing: "    - id: retention\n      name: Retention\n", with: "")
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: cycle-time\n", with: "    - id: retention\n      name: Retention\n    - id: cycle-time\n")
        try scratch.edit("acme/roles/cto.yaml", replacing: "    - id: platform-roi\n      text: Weigh the costs and returns of platforms and solutions before the company commits to them.\n", with: "")
        try scratch.edit("acme/roles/cpo.yaml", replacing: "    - id: product-plan\n",
                         with: "    - id: platform-roi\n      text: Weigh the costs and returns of platforms and solutions.\n    - id: product-plan\n")
        let commit = try scratch.charter("commit", "-m", "Engineering plans", in: "acme", environment: HistoryTests.dates("2021-02-01"))
        #expect(commit.status == 0, "\(commit)")
        return (scratch, removal)
    }

    @Test func logShowsTheDetailsDiffShows() throws {
        let (scratch, removal) = try Self.history()
        let head = String(try scratch.head(in: "acme").prefix(7))
        let log = try scratch.charter("log", "-n", "1", "--format", "markdown", in: "acme")
        #expect(log.status == 0, "\(log)")
        let cut = Self.longText.prefix(200) + "… (269 characters)"
        let tables = """

            #### Roles

            | change | item | roles | details |
            |---|---|---|---|
            | field-changed | `cpo title` | cpo | Chief Product Officer → Head of Product |

            #### Strategy

            | change | item | roles | details |
            |---|---|---|---|
            | moved | `platform-roi` | cto → cpo | reworded: Weigh the costs and returns of platforms and solutions before the company commits to them. → Weigh the costs and returns of platforms and solutions. |
            | moved | `roadmap` | cpo → cto | left cpo in `\(removal)` |
            | reworded | `product-plan` | cpo | Explain why the product is built, which features it includes, and when each phase is due. → \(cut) |
            | reworded | `product-vision` | cpo | Keep the product's direction in service of the company vision, and adjust it as conditions change. → Keep the direction \\| adjust it as conditions change. |

            #### Metrics

            | change | item | roles | details |
            |---|---|---|---|
            | moved | `retention [kpi]` | cpo → cto |  |

            """
        #expect(log.stdout == """
            ### `\(head)` 2021-02-01 — Ada Founder: Engineering plans

            - 6 changes: 3 moved, 2 reworded, 1 field changed

            """ + tables, "\(log)")
        // diff shows the same rows: one rendering.
        let diff = try scratch.charter("diff", "HEAD~1", "HEAD", "--format", "markdown", in: "acme")
        #expect(diff.stdout.hasSuffix("6 changes: 3 moved, 2 reworded, 1 field changed\n" + tables), "\(diff)")
        // JSON keeps the long text whole and the line break as it is.
        let json = try scratch.charter("log", "-n", "1", "--format", "json", in: "acme").stdout
        #expect(json.contains("\"after\": \"\(Self.longText)\""), "\(json)")
        #expect(json.contains("\"after\": \"Keep the direction | adjust it\\nas conditions change.\""), "\(json)")
    }
}
