import Foundation
import Testing

/// The sample company's ten years (Samples/build-story.sh), and its HTML report in a real browser.
@Suite("The sample story and the report")
struct StoryAndReportTests {
    static func story() throws -> (Scratch, String) {
        let scratch = try Scratch()
        let script = Scratch.packageRoot.appendingPathComponent("Samples/build-story.sh").path
        let built = try scratch.run("/usr/bin/env", ["bash", script, Scratch.binary, scratch.path("story")])
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

        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let browser = try #require(chromium, "Chromium is missing: `make test` installs it")
        let png = scratch.path("report.png")
        let rendered = try scratch.run(browser, ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                                 "--enable-logging=stderr", "--window-size=1100,2600", "--screenshot=\(png)",
                                                 "file://" + scratch.path("story/report.html")])
        #expect(rendered.status == 0, "\(rendered)")
        let consoleErrors = rendered.stderr.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
        #expect(consoleErrors.isEmpty, "the page logged: \(consoleErrors)")
        let image = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(image.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a PNG")
        // A blank 1100x2600 page compresses to a few kilobytes; charts and tables take far more.
        #expect(image.count > 60_000, "the page looks blank: \(image.count) bytes")
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
