import CharterCore
import Testing

@Suite("Ownership queries (charter who)")
struct OwnershipQueryTests {
    /// The growth stage's starter charters: a CPO and a CTO.
    static let growth: CharterSet = {
        let (company, roles) = StarterCharters.charters(company: "Acme", stage: .growth)
        return CharterSet(company: company, schema: .fourArea, roles: roles.sorted { $0.id < $1.id })
    }()

    static func labels(_ query: String, in charters: CharterSet = growth) throws -> [String] {
        try OwnershipQuery(query).matches(in: charters).map { "\($0.label)@\($0.owner?.id ?? "nobody")" }
    }

    @Test func anExactIDComesFirst() throws {
        // Ids that hold the word before texts that do, each rank in schema order of the areas.
        let matches = try OwnershipQuery("plan").matches(in: Self.growth)
        #expect(matches.map(\.item) == ["product-plan", "plan-progress"])
        #expect(matches.map(\.rank) == [.id, .id])
        let exact = try OwnershipQuery("Product-Plan").matches(in: Self.growth)
        #expect(exact.first?.item == "product-plan" && exact.first?.rank == .exact)
        #expect(exact.dropFirst().allSatisfy { $0.rank != .exact })
    }

    @Test func everyWordMustMatchCaseInsensitively() throws {
        #expect(try Self.labels("ROADMAP company") == ["roadmap@cpo"])
        #expect(try Self.labels("roadmap engineering") == [])
        // Words match anywhere, in any order, across the id and the text.
        #expect(try Self.labels("customers  interact\ttechnology") == ["customer-fit-technology@cto"])
    }

    @Test func kpisMatchByNameToo() throws {
        let matches = try OwnershipQuery("defects").matches(in: CharterSet(company: nil, schema: .fourArea,
            roles: StarterCharters.charters(company: "Acme", stage: .scale).roles))
        #expect(matches.map(\.item) == ["defect-rate"] && matches.first?.itemKind == .kpi && matches.first?.rank == .text)
        #expect(matches.first?.owner?.id == "vp-engineering")
    }

    @Test func aResponsibilityCarriesItsConsultsAndTheAreasDeciders() throws {
        let match = try #require(try OwnershipQuery("customer-fit-technology").matches(in: Self.growth).first)
        #expect(match.consults == ["cpo"] && match.area == "customers" && match.owner?.title == "Chief Technology Officer")
        #expect(match.deciders.map { "\($0.right): \($0.roles.joined(separator: "+"))" } == ["why: cpo", "what: cpo", "when: cpo", "how: cto"])
        #expect(match.key == "responsibility:customer-fit-technology")
    }

    @Test func aDecisionRightByAreaAndRight() throws {
        let matches = try OwnershipQuery("strategy/what").matches(in: Self.growth)
        #expect(matches.map(\.label) == ["strategy/what"])
        let match = try #require(matches.first)
        #expect(match.itemKind == .decision && match.rank == .exact && match.owner?.id == "cpo")
        #expect(match.key == "decision:strategy/what" && match.text.hasPrefix("What gets built"))
    }

    @Test func aBareRightIsExactInEveryAreaBeforeTheTextsThatSayIt() throws {
        let matches = try OwnershipQuery("how").matches(in: Self.growth)
        #expect(matches.prefix(4).map(\.label) == ["strategy/how", "innovation/how", "customers/how", "metrics/how"])
        #expect(matches.prefix(4).allSatisfy { $0.rank == .exact && $0.owner?.id == "cto" })
        #expect(matches.dropFirst(4).allSatisfy { $0.rank == .text && $0.itemKind != .decision } && matches.count > 4)
    }

    @Test func anAreaNamesItsRightsByID() throws {
        let matches = try OwnershipQuery("strategy").matches(in: Self.growth)
        #expect(matches.prefix(4).map(\.label) == ["strategy/why", "strategy/what", "strategy/when", "strategy/how"])
        #expect(matches.prefix(4).allSatisfy { $0.rank == .id })
        // The rights' meanings are not searched: "features" is in what's, and matches no decision.
        #expect(try OwnershipQuery("features").matches(in: Self.growth).allSatisfy { $0.itemKind != .decision })
    }

    @Test func aRightNobodyHoldsHasNoOwnerAndTwoHoldersTwoMatches() throws {
        let undecided = CharterValidator.validate(try Fixtures.repository("undecided")).charters
        let unheld = try OwnershipQuery("metrics/when").matches(in: undecided)
        #expect(unheld.count == 1 && unheld.first?.owner == nil && unheld.first?.deciders.first { $0.right == "when" }?.roles == [])
        let overlap = CharterValidator.validate(try Fixtures.repository("overlap")).charters
        #expect(try Self.labels("roadmap", in: overlap) == ["roadmap@cpo", "roadmap@cto"])
    }

    @Test(arguments: ["", "   ", "\t\n"]) func anEmptyQueryIsRefused(_ text: String) {
        #expect(throws: OwnershipQueryError.empty) { try OwnershipQuery(text) }
    }

    @Test func theQueryKeepsItsTextAndLowerCasesItsWords() throws {
        let query = try OwnershipQuery("  Road MAP ")
        #expect(query.text == "Road MAP" && query.words == ["road", "map"])
    }

    @Test func nothingMatchedSuggestsTheClosestIDs() throws {
        #expect(try OwnershipQuery("roadmpa").closestIDs(in: Self.growth) == ["roadmap"])
        #expect(try OwnershipQuery("stratgy/waht").closestIDs(in: Self.growth).first == "strategy/what")
        #expect(try OwnershipQuery("prodct vison").closestIDs(in: Self.growth) == ["product-vision"])
        #expect(try OwnershipQuery("retension").closestIDs(in: Self.growth) == ["retention"])
        #expect(try OwnershipQuery("zzzzzzzz").closestIDs(in: Self.growth) == [])
    }

    @Test(arguments: [("roadmap", "roadmap", 0), ("roadmpa", "roadmap", 1), ("", "abc", 3), ("kitten", "sitting", 3),
                      ("ab", "ba", 1), ("ca", "abc", 3)])
    func editDistance(_ one: String, _ other: String, _ distance: Int) {
        #expect(EditDistance.between(one, other) == distance)
        #expect(EditDistance.between(other, one) == distance)
    }

    @Test func theClosestNamesComeClosestFirstThenByName() {
        #expect(EditDistance.closest(to: "cto", among: ["cpo", "cfo", "ceo", "vp-engineering", "cto"], limit: 3) == ["cto", "ceo", "cfo"])
    }
}
