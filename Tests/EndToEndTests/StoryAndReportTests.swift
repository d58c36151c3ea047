import Foundation
import Testing

/// The sample company's ten years (Samples/build-story.sh), and its HTML report in a real browser.
@Suite("The sample story and the report")
struct StoryAndReportTests {
    static func story() throws -> (Scratch, String) {
        let scratch = try Scratch()
        let script = Scratch.packageRoot.appendingPathComponent("Samples/build-story.sh").path
        // The story's keys are the test-only keys of Tests/Fixtures/story-keys: the same story on every run.
        let keys = Scratch.packageRoot.appendingPathComponent("Tests/Fixtures/story-keys").path
        let built = try scratch.run("/usr/bin/env", ["bash", script, Scratch.binary, scratch.path("story")],
                                    environment: ["CHARTER_STORY_KEYS": keys])
        #expect(built.status == 0, "\(built)")
        return (scratch, "story/northwind")
    }

    @Test func theStoryIsTheCompanysGrowth() throws {
        let (scratch, repo) = try Self.story()
        let events = try scratch.charter("log", "--events", "--format", "json", in: repo)
        let json = try JSONSerialization.jsonObject(with: Data(events.stdout.utf8)) as? [String: Any]
        let kinds = (json?["commits"] as? [[String: Any]])?.compactMap { ($0["event"] as? String)?.split(separator: ":").first.map(String.init) }
        // Every commit reachable: the acquired company's founding is part of the history too.
        #expect(kinds == ["reorganization", "departure", "hire", "reorganization", "acquisition", "product-line", "hire", "founding", "founding"])
        let landed = try scratch.charter("log", "--events", "--first-parent", in: repo)
        #expect(landed.stdout.components(separatedBy: "event: founding").count == 2, "\(landed)")
        // The acquired company's own history is kept, and the audit after the integration has no error.
        let imported = try scratch.git("log", "--format=%(trailers:key=Imported-From,valueonly)", "HEAD~4^2", in: repo)
        #expect(imported.stdout.split(separator: "\n").count == 2)
        let audit = try scratch.charter("audit", in: repo)
        #expect(audit.status == 0, "\(audit)")
        #expect(audit.stdout.contains("0 remain at"))
        try scratch.expectFsckClean(repo)
        try scratch.expectStatusClean(repo)
        let blame = try scratch.charter("blame", "cpto", "--format", "json", in: repo)
        #expect(blame.stdout.contains("\"event\": \"hire: first CPO\""))
        // The CPTO, made in 2026, holds items that began in 2015.
        #expect(blame.stdout.contains("\"date\": \"2015-03-02T10:00:00+01:00\""), "\(blame)")
    }

    @Test func theReportRendersInABrowser() throws {
        let (scratch, repo) = try Self.story()
        let outcome = try scratch.charter("report", "--html", "../report.html", in: repo)
        #expect(outcome.status == 0, "\(outcome)")
        let html = try scratch.read("story/report.html")
        #expect(html.contains("<svg") && html.contains("Southgate") && html.contains("acquisition"))
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("@import"), "nothing from the network")
        #expect(Self.orgChartBoxes(in: html) == ["board", "ceo", "cpto", "southgate-cto", "vp-engineering"], "the org chart, as of HEAD")
        #expect(!html.contains("<script"), "no JavaScript")
        try Self.expectRenderedInABrowser("story/report.html", in: scratch)
    }

    /// `report --at` is the report of the last commit on or before the date: the organisation, the map
    /// and the timeline as they were then.
    @Test func theReportAtADateShowsTheOrganisationThen() throws {
        let (scratch, repo) = try Self.story()
        let outcome = try scratch.charter("report", "--html", "../2019.html", "--at", "2019-06-01", in: repo)
        #expect(outcome.status == 0 && outcome.stdout.hasSuffix("4 commits, 25 moves\n"), "\(outcome)")
        let html = try scratch.read("story/2019.html")
        #expect(Self.orgChartBoxes(in: html) == ["board", "ceo", "cpo", "cto"], "before the acquisition and the VP of Engineering")
        #expect(html.contains("Role charters as of 2019-04-15") && html.contains("<h2>The map as of 2019-04-15</h2>"))
        #expect(html.contains("Ines Duarte") && !html.contains("Lena Novak") && !html.contains("Southgate"))
        try Self.expectRenderedInABrowser("story/2019.html", in: scratch)

        let both = try scratch.charter("report", "--html", "../x.html", "--at", "2019-06-01", "--rev", "HEAD", in: repo)
        #expect(both.status == 2 && both.stderr.contains("give --rev or --at, not both"), "\(both)")
        let tooEarly = try scratch.charter("report", "--html", "../x.html", "--at", "2010-01-01", in: repo)
        #expect(tooEarly.status == 1 && tooEarly.stderr.contains("no commit on or before 2010-01-01"), "\(tooEarly)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("story/x.html")))
    }

    /// The ids in the org chart's boxes, in drawing order.
    static func orgChartBoxes(in html: String) -> [String] {
        guard let start = html.range(of: "<svg class=\"org\""), let end = html[start.upperBound...].range(of: "</svg>") else { return [] }
        return html[start.lowerBound..<end.upperBound].matches(of: /<text [^>]* class="id">([^<]*)<\/text>/).map { String($0.1) }
    }

    /// Renders the page in headless Chromium: it logs no error, and the screenshot is not blank.
    static func expectRenderedInABrowser(_ page: String, in scratch: Scratch, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let browser = try #require(chromium, "Chromium is missing: `make test` installs it", sourceLocation: sourceLocation)
        let png = scratch.path(page + ".png")
        let rendered = try scratch.run(browser, ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                                 "--enable-logging=stderr", "--window-size=1100,2600", "--screenshot=\(png)",
                                                 "file://" + scratch.path(page)])
        #expect(rendered.status == 0, "\(rendered)", sourceLocation: sourceLocation)
        let consoleErrors = rendered.stderr.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
        #expect(consoleErrors.isEmpty, "the page logged: \(consoleErrors)", sourceLocation: sourceLocation)
        let image = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG", sourceLocation: sourceLocation)
        // A blank 1100x2600 page compresses to a few kilobytes; charts and tables take far more.
        #expect(image.count > 60_000, "the page looks blank: \(image.count) bytes", sourceLocation: sourceLocation)
    }

    /// A long history keeps the page small: the timeline at a bounded resolution, the latest moves only.
    @Test func aLongHistoryMakesAReadablePage() throws {
        let scratch = try Scratch()
        let generator = Scratch.packageRoot.appendingPathComponent("Benchmarks/generate_history.py").path
        let generated = try scratch.run("/usr/bin/env", ["python3", generator, scratch.path("long"), "--commits", "1200", "--roles", "12", "--items", "12"])
        #expect(generated.status == 0, "\(generated)")
        let outcome = try scratch.charter("report", "--html", "../long.html", in: "long")
        #expect(outcome.stdout.hasSuffix("1200 commits, 1199 moves\n"), "\(outcome)")
        let html = try scratch.read("long.html")
        #expect(html.contains("… and 999 earlier moves"))
        #expect(html.utf8.count < 2_000_000, "\(html.utf8.count) bytes")
    }
}
