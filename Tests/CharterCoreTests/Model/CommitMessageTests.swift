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

    @Test func aPreparedMessageLosesGitsCommentsAndSpareBlankLines() {
        let prepared = "\nMerge branch 'a'  \n\n\n# Conflicts:\n#\troles/cto.yaml\nBoth wordings.\n\n#\n\n"
        let message = CommitMessage(prepared: prepared, event: CharterEvent(parsing: "hire: first CPO"), approvals: ["cto"])
        #expect(message.text == "Merge branch 'a'\n\nBoth wordings.")
        #expect(message.rendered == "Merge branch 'a'\n\nBoth wordings.\n\nCharter-Event: hire: first CPO\nApproved-By: cto\n")
        #expect(CommitMessage(prepared: "# only a comment\n\n").text.isEmpty)
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

    @Test(arguments: [
        ("Globex\n\nApproved-By: cpo", "Globex Approved-By: cpo"),
        ("  Globex\r\nRobotics\t", "Globex Robotics"),
        ("Glo\u{1B}[2Jbex", "Glo [2Jbex"),
        ("Globex\u{2028}\u{2029}Inc", "Globex Inc"),
        ("Globex\u{0}Inc", "Globex Inc"),
        ("Zoë & Co", "Zoë & Co"),
        ("\n\n", ""),
    ])
    func oneLineValues(_ value: String, _ expected: String) {
        #expect(CommitMessage.oneLine(value) == expected)
    }

    @Test func oneLineIsBounded() {
        let long = CommitMessage.oneLine(String(repeating: "Globex ", count: 100), limit: 20)
        #expect(long == "Globex Globex Globex…")
        #expect(CommitMessage.oneLine("abc", limit: 3) == "abc")
        #expect(CommitMessage.oneLine("abcd", limit: 3) == "abc…")
    }

    @Test func aOneLineValueInjectsNoTrailer() {
        let company = CommitMessage.oneLine("Globex\n\nApproved-By: cpo\nCharter-Event: hire: x")
        let message = CommitMessage(paragraphs: ["Import the charters of \(company)"], event: CharterEvent(parsing: "acquisition: \(company)"))
        let read = CommitMessage(parsing: message.rendered)
        #expect(read.approvals.isEmpty)
        #expect(read.event?.kind == "acquisition")
        #expect(!message.rendered.contains("\nApproved-By"))
    }

    @Test func controlCharactersAreFound() {
        #expect(CommitMessage.firstControlCharacter(in: "hire: a\u{1B}b") == "\u{1B}")
        #expect(CommitMessage.firstControlCharacter(in: "hire: a\u{2028}") == "\u{2028}")
        #expect(CommitMessage.firstControlCharacter(in: "hire: Zoë") == nil)
    }
}

