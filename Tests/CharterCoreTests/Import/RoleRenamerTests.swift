@testable import CharterCore
import Testing

@Suite("Renaming an acquired company's roles")
struct RoleRenamerTests {
    @Test func renamesTheRoleAndItsOwnReferencesKeepingEverythingElse() throws {
        let original = """
            # Globex's CTO — comments stay
            role: cto
            title: Chief Technology Officer
            reports-to: cpo   # a role of theirs
            areas:
              strategy:
                responsibilities:
                - id: roadmap
                  text: Their roadmap.
                  consults: [cpo, 'cfo', ceo]
              innovation: {}
              customers:
                responsibilities:
                  - {id: voice, text: Voice., consults: ["cpo"]}
              metrics: {}

            """
        let renamed = try #require(RoleRenamer.rename(Array(original.utf8), prefix: "globex", theirRoles: ["cto", "cpo", "cfo"]))
        #expect(String(decoding: renamed, as: UTF8.self) == """
            # Globex's CTO — comments stay
            role: globex-cto
            title: Chief Technology Officer
            reports-to: globex-cpo   # a role of theirs
            areas:
              strategy:
                responsibilities:
                - id: roadmap
                  text: Their roadmap.
                  consults: [globex-cpo, globex-cfo, ceo]
              innovation: {}
              customers:
                responsibilities:
                  - {id: voice, text: Voice., consults: [globex-cpo]}
              metrics: {}

            """)
    }

    @Test func externalNamesAndUnreadableFilesAreLeftAlone() {
        let external = Array("role: cpo\ntitle: T\nreports-to: ceo\nareas: {}\n".utf8)
        #expect(RoleRenamer.rename(external, prefix: "acq", theirRoles: ["cpo"]).map { String(decoding: $0, as: UTF8.self) }
                == "role: acq-cpo\ntitle: T\nreports-to: ceo\nareas: {}\n")
        #expect(RoleRenamer.rename(Array("role: [unclosed\n".utf8), prefix: "acq", theirRoles: []) == nil)
        #expect(RoleRenamer.rename(Array("role: Not An Id\n".utf8), prefix: "acq", theirRoles: []) == nil)
    }
}
