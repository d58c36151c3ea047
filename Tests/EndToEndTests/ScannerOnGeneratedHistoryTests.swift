@testable import CharterCore
import Foundation
import Testing

/// Every role file of a history made by the benchmark generator, read by the canonical role scanner
/// and by the reference path (`YAMLReader` then `RoleDecoder`): the same role, locations included.
@Suite("Canonical role scanner on a generated history")
struct ScannerOnGeneratedHistoryTests {
    @Test func everyRoleBlobReadsAsTheDecoderReadsIt() throws {
        let scratch = try Scratch()
        try scratch.generateHistory("history", commits: 200, roles: 8, items: 16)
        // Each role blob once, with the path it was first seen at, then their contents in that order.
        let listed = try scratch.run("/bin/sh", ["-c", "git rev-list --objects --all -- roles | grep ' roles/' > ../blobs.txt && "
                                                   + "cut -d' ' -f1 ../blobs.txt | git cat-file --batch > ../contents"], in: "history")
        #expect(listed.status == 0, "\(listed)")
        let paths = try scratch.read("blobs.txt").split(separator: "\n").map { String($0.split(separator: " ")[1]) }
        let contents = Array(try Data(contentsOf: URL(fileURLWithPath: scratch.path("contents"))))
        var offset = 0
        var latest: [String: Role] = [:]
        for path in paths {
            // `<id> blob <size>\n<content>\n`
            let header = contents[offset...].firstIndex(of: 10)!
            let size = Int(String(decoding: contents[offset..<header], as: UTF8.self).split(separator: " ")[2])!
            let bytes = Array(contents[(header + 1)..<(header + 1 + size)])
            offset = header + 2 + size
            let stem = String(path.dropFirst("roles/".count).dropLast(".yaml".count))
            // Each version scanned sharing the texts of the version of its file read before it, as a walk does.
            let scanned = CanonicalRoleScanner.role(in: bytes, file: path, fileStem: stem, schema: .fourArea, limits: .standard,
                                                    sharingTextsWith: latest[path])
            latest[path] = scanned
            let log = FindingLog()
            let reference = (try? YAMLReader.read(bytes)).flatMap {
                RoleDecoder.decode($0, file: path, fileStem: stem, schema: .fourArea, log: log)
            }
            #expect(scanned != nil, "the scanner should read the generator's canonical \(path)")
            #expect(scanned == reference && log.findings.isEmpty, "\(path)")
        }
        #expect(paths.count > 200)
    }
}
