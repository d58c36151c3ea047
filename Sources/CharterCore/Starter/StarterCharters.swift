/// The charters `charter init` writes for a company's stage, telling the product story:
/// an emerging company's CTO owns all four areas; a growing one adds a CPO who takes the why,
/// what and when of the product and its experience metrics, leaving the CTO the how and the
/// product's performance; at scale a VP of Engineering runs the delivery process for the CTO.
public enum StarterCharters {
    public static func charters(company name: String, stage: Company.Stage) -> (company: Company, roles: [Role]) {
        let company = Company(name: name, stage: stage, schema: Located(Schema.fourArea.id, at: SourceLocation(file: CharterTree.companyPath)),
                              external: ["ceo", "board"].map { Located($0, at: SourceLocation(file: CharterTree.companyPath)) })
        let roles: [Role] = switch stage {
        case .emerging:
            [role("cto", "Chief Technology Officer", reportsTo: "ceo", sides: Side.allCases,
                  decides: ["why", "what", "when", "how"], stage: stage)]
        case .growth:
            [role("cpo", "Chief Product Officer", reportsTo: "ceo", sides: [.product], decides: ["why", "what", "when"], stage: stage),
             role("cto", "Chief Technology Officer", reportsTo: "ceo", sides: [.technology, .delivery], decides: ["how"], stage: stage)]
        case .scale:
            [role("cpo", "Chief Product Officer", reportsTo: "ceo", sides: [.product], decides: ["why", "what", "when"], stage: stage),
             role("cto", "Chief Technology Officer", reportsTo: "ceo", sides: [.technology], decides: ["how"], stage: stage),
             role("vp-engineering", "VP of Engineering", reportsTo: "cto", sides: [.delivery], decides: [], stage: stage)]
        }
        return (company, roles)
    }

    // MARK: - The catalogue

    /// Which side of the product/technology split an item falls on.
    private enum Side: CaseIterable {
        /// The why, what and when: direction, roadmap, customers, experience metrics.
        case product
        /// The how: technology, architecture, product performance.
        case technology
        /// Running the development process: velocity, defects, cycle time.
        case delivery
    }

    private enum Kind { case responsibility, kpi }

    private struct Item {
        var area: String
        var kind: Kind
        var side: Side
        var id: String
        var text: String
        /// Only at these stages (all when empty).
        var stages: Set<Company.Stage> = []
        /// Consults the CPO where there is one.
        var consultsProduct = false
    }

    private static let catalogue: [Item] = [
        Item(area: "strategy", kind: .responsibility, side: .product, id: "product-vision",
             text: "Keep the product's direction in service of the company vision, and adjust it as conditions change."),
        Item(area: "strategy", kind: .responsibility, side: .product, id: "roadmap",
             text: "Build the product roadmap and share it across the company."),
        Item(area: "strategy", kind: .responsibility, side: .product, id: "product-plan",
             text: "Explain why the product is built, which features it includes, and when each phase is due."),
        Item(area: "strategy", kind: .responsibility, side: .technology, id: "delivery-approach",
             text: "Set the strategic approach to developing and delivering the product."),
        Item(area: "strategy", kind: .responsibility, side: .technology, id: "technology-leverage",
             text: "Decide how the team uses technology to improve products and services."),
        Item(area: "strategy", kind: .responsibility, side: .technology, id: "platform-roi",
             text: "Weigh the costs and returns of platforms and solutions before the company commits to them."),
        Item(area: "innovation", kind: .responsibility, side: .product, id: "market-direction",
             text: "Study customers and the market to choose where the product goes next."),
        Item(area: "innovation", kind: .responsibility, side: .product, id: "new-value-approaches",
             text: "Explore new ways of delivering value that stay true to the product vision."),
        Item(area: "innovation", kind: .responsibility, side: .technology, id: "enterprise-architecture",
             text: "Recommend the enterprise architecture and how work gets done."),
        Item(area: "innovation", kind: .responsibility, side: .technology, id: "technology-evaluation",
             text: "Adopt new technology only where it helps solve customers' real problems or the team deliver."),
        Item(area: "customers", kind: .responsibility, side: .product, id: "voice-of-customer",
             text: "Represent the customer inside the company, backed by research and analysis."),
        Item(area: "customers", kind: .responsibility, side: .product, id: "insight-sharing",
             text: "Share what customers teach us with marketing, sales and support leaders."),
        Item(area: "customers", kind: .responsibility, side: .product, id: "direct-customer-contact",
             text: "Get the product team talking with customers directly."),
        Item(area: "customers", kind: .responsibility, side: .technology, id: "customer-fit-technology",
             text: "Make the technology reflect the way customers want to interact with the product.",
             consultsProduct: true),
        Item(area: "metrics", kind: .responsibility, side: .product, id: "plan-progress",
             text: "Track progress against the product plan and the team's goals."),
        Item(area: "metrics", kind: .responsibility, side: .product, id: "portfolio-health",
             text: "Look across product lines at how well each one tracks toward the overall vision.",
             stages: [.scale]),
        Item(area: "metrics", kind: .responsibility, side: .technology, id: "usage-analysis",
             text: "Study how customers actually use the product."),
        Item(area: "metrics", kind: .responsibility, side: .delivery, id: "process-improvement",
             text: "Use development metrics to improve how the team builds and ships."),
        Item(area: "metrics", kind: .kpi, side: .product, id: "revenue-growth", text: "Revenue growth"),
        Item(area: "metrics", kind: .kpi, side: .product, id: "customer-growth", text: "Customer growth"),
        Item(area: "metrics", kind: .kpi, side: .product, id: "engagement", text: "Engagement"),
        Item(area: "metrics", kind: .kpi, side: .product, id: "retention", text: "Retention"),
        Item(area: "metrics", kind: .kpi, side: .technology, id: "product-performance",
             text: "Product performance against its specification"),
        Item(area: "metrics", kind: .kpi, side: .delivery, id: "team-velocity", text: "Team velocity"),
        Item(area: "metrics", kind: .kpi, side: .delivery, id: "defect-rate", text: "Product defects"),
        Item(area: "metrics", kind: .kpi, side: .delivery, id: "cycle-time", text: "Cycle time"),
    ]

    private static let mandates: [String: [Side: String]] = [
        "strategy": [.product: "The why, what and when of the product: its direction, roadmap and plan.",
                     .technology: "The how of the product: the approach to development and delivery."],
        "innovation": [.product: "Where the product should go next, judged by customers and the market.",
                       .technology: "Which technologies and ways of working make the team better at solving real problems."],
        "customers": [.product: "The customer's voice inside the company.",
                      .technology: "Technology that fits how customers want to work with the product."],
        "metrics": [.product: "The product experience: revenue, growth, engagement and retention.",
                    .technology: "Product performance: how well the product does what it is supposed to do.",
                    .delivery: "The health of the development process."],
    ]

    // MARK: - Building roles

    private static func role(_ id: String, _ title: String, reportsTo: String, sides: [Side], decides: [String],
                             stage: Company.Stage) -> Role {
        let file = "\(CharterTree.rolesPath)/\(id).yaml"
        let here = SourceLocation(file: file)
        let hasProductRole = stage != .emerging
        let areas = Schema.fourArea.areas.map { area -> AreaCharter in
            let items = catalogue.filter {
                $0.area == area.id && sides.contains($0.side) && ($0.stages.isEmpty || $0.stages.contains(stage))
            }
            let mandate = sides.compactMap { mandates[area.id]?[$0] }.joined(separator: " ")
            return AreaCharter(
                area: area.id, location: here, mandate: mandate.isEmpty ? nil : mandate,
                decides: decides.map { Located($0, at: here) },
                responsibilities: items.filter { $0.kind == .responsibility }.map { item in
                    let consults = item.consultsProduct && hasProductRole && id != "cpo" ? [Located("cpo", at: here)] : []
                    return Responsibility(id: item.id, text: item.text, consults: consults, location: here)
                },
                kpis: items.filter { $0.kind == .kpi }.map { KPI(id: $0.id, name: $0.text, location: here) })
        }
        return Role(id: id, file: file, location: here, title: title, holder: nil,
                    reportsTo: Located(reportsTo, at: here), areas: areas)
    }
}
