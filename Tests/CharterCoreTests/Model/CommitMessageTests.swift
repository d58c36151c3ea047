import CharterCore
import Testing

@Suite("Commit messages and trailers")
struct CommitMessageTests {
    @Test func eventParsing() {
        #expect(CharterEvent(parsing: "acquisition: Globex")?.description == "acquisition: Globex")
        #expect(CharterEvent(parsing: "hire:first CPO")?.description == "hire: first CPO")
        #expect(CharterEvent(parsing: "product-line: Robots: the sequel")?.text == "Robots: the sequel")
        #expect(CharterEvent(parsing: "no colon") == nil)
        #expect(CharterEvent(parsing: "Hire: x") == nil)
        #expect(CharterEvent(parsing: "hire:") == nil)
        #expect(CharterEvent(parsing: "hire: a\nb") == nil)
    }

    @Test func trailersFormTheLastParagraph() {
        let message = CommitMessage(paragraphs: ["Move the roadmap to the CPO", "  The first CPO starts Monday.  "],
                                    event: CharterEvent(parsing: "hire: first CPO"), approvals: ["cto", "cpo", "cto"])
        #expect(message.subject == "Move the roadmap to the CPO")
        #expect(message.rendered == """
            Move the roadmap to the CPO

            The first CPO starts Monday.

            Charter-Event: hire: first CPO
            Approved-By: cto
            Approved-By: cpo

            """)
    }

    @Test func noTrailers() {
        #expect(CommitMessage(paragraphs: ["Fix a typo"]).rendered == "Fix a typo\n")
    }

    @Test func parsingReadsTrailersBack() {
        let written = CommitMessage(paragraphs: ["Move the roadmap", "Because the CPO starts.", "Second paragraph."],
                                    event: CharterEvent(parsing: "hire: first CPO"), approvals: ["cto", "cpo"])
        let read = CommitMessage(parsing: written.rendered)
        #expect(read == written)
        #expect(read.body == "Because the CPO starts.\n\nSecond paragraph.")
    }

    @Test func parsingWithoutTrailersOrBody() {
        let read = CommitMessage(parsing: "Fix a typo\n")
        #expect(read.text == "Fix a typo")
        #expect(read.body.isEmpty)
        #expect(read.event == nil)
        #expect(CommitMessage(parsing: "Subject\n\nJust prose: with a colon.\n").event == nil)
        #expect(CommitMessage(parsing: "Subject\n\nSigned-off-by: A <a@x>\napproved-by: cpo\n").approvals == ["cpo"])
        #expect(CommitMessage(parsing: "Only trailers?\n\nApproved-By: cto").body.isEmpty)
    }
}
