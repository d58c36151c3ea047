/// The built-in four-area schema, the same bytes as `Schemas/four-area.yaml`
/// (a test fails when the two drift apart).
enum BuiltinSchema {
    static let path = "Schemas/four-area.yaml"

    static let text = """
# The four-area schema: the built-in default for every charter repository.
# A repository replaces it with a schema.yaml of its own in this same format.
# Product and technology leadership split along four areas; in each, decision rights
# answer why, what, when and how. A growing company moves the boundary between roles
# area by area, so the schema names the areas, the rights and how strictly each rule applies.
schema: four-area
version: 1
title: Four-area product and technology leadership

decision-rights:
  why: Why the product exists and where it is heading, in service of the company's vision.
  what: What gets built - the features, requirements and scope of each release.
  when: When it ships - the phases, sequencing and dates of the product plan.
  how: How it is built and delivered - technology, architecture, platforms and process.

areas:
  strategy:
    title: Strategy
    questions:
      - Why are we building this product, and does its direction still serve the company's vision?
      - Who builds and shares the roadmap - the plan of what is built and when?
      - How will technology be used to develop and deliver the product, and which platforms pay off?
  innovation:
    title: Innovation
    questions:
      - Which direction should the product take next, judged by customers and the market rather than by what is technically possible?
      - Which new technologies and ways of working would make the team better at solving customers' real problems?
  customers:
    title: Customers
    questions:
      - Who represents the customer inside the company and shares what research has learned?
      - How does technology reflect the way customers want to interact with the product?
  metrics:
    title: Metrics
    kpis: true
    questions:
      - How well does the company deliver a complete product experience - revenue, growth, engagement, retention?
      - How well does the product do what it is supposed to do, and how healthy is the development process?

# error: the charter is invalid; warning: reported, still valid; off: not checked.
rules:
  single-owner: error
  one-decider: error
  undecided-right: warning
  coverage: error
  kpi-owner: error
  references: error
  reporting-cycle: error

"""
}
