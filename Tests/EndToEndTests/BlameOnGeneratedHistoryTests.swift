import Foundation
import Testing

/// Blame on a history made by the benchmark generator, against what the generator did: every item
/// exists from the founding commit, in the role its id names, and each later commit's subject says
/// which item moved from which role to which. The last move of an item into the CTO is its arrival.
@Suite("charter blame on a generated history")
struct BlameOnGeneratedHistoryTests {
    @Test func arrivalsAndOriginsMatchTheGeneratorsMoves() throws {
        let scratch = try Scratch()
        try scratch.generateHistory("history", commits: 300, roles: 8, items: 16)

        let log = try scratch.git("log", "--format=%H%x09%s", in: "history").stdout.split(separator: "\n")
        let founding = String(log.last!.split(separator: "\t")[0])
        var lastArrival: [String: (commit: String, from: String)] = [:]  // newest first: keep the first seen
        for line in log {
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            let words = parts[1].split(separator: " ").map(String.init)  // Move ITEM from GIVER to TAKER
            guard words.count == 6, words[0] == "Move", words[5] == "cto", lastArrival[words[1]] == nil else { continue }
            lastArrival[words[1]] = (parts[0], words[3])
        }

        let outcome = try scratch.charter("blame", "cto", "--format", "json", in: "history")
        #expect(outcome.status == 0, "\(outcome)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.count > 10)
        for item in items where item["itemKind"] as? String != "decision" {
            let id = try #require(item["item"] as? String)
            let origin = item["origin"] as? [String: Any]
            #expect(origin?["commit"] as? String == founding, "\(id)")
            // Ids are ROLE-ARE-NN, or kpi-ROLE-NN for KPIs, where ROLE is cto, cpo or lead-NN.
            let parts = id.split(separator: "-")
            let originalRole = (id.hasPrefix("kpi-") ? parts.dropFirst().dropLast() : parts.dropLast(2)).joined(separator: "-")
            #expect(origin?["role"] as? String == originalRole, "\(id)")
            if let arrival = lastArrival[id] {
                #expect(item["commit"] as? String == arrival.commit, "\(id)")
                #expect(item["how"] as? String == "moved", "\(id)")
                #expect(item["from"] as? String == arrival.from, "\(id)")
            } else {
                #expect(item["commit"] as? String == founding, "\(id) never moved, so it came with the founding")
                #expect(item["how"] as? String == "added", "\(id)")
            }
        }
        let decisions = items.filter { $0["itemKind"] as? String == "decision" }
        #expect(decisions.count == 4)
        #expect(decisions.allSatisfy { $0["commit"] as? String == founding && $0["how"] as? String == "granted" })
    }
}
