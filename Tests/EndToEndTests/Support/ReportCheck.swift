import Foundation
import Testing

/// `Scripts/check_reports.py`: charter's outputs judged by real validators (jsonschema, xmlschema).
enum ReportCheck {
    static let script = Scratch.packageRoot.appendingPathComponent("Tests/EndToEndTests/Scripts/check_reports.py").path

    /// The script's verdict on `files` against `schema`; `closed` also fails a field the schemas do not list.
    static func run(_ files: [String], against schema: URL, closed: Bool = false, in scratch: Scratch) throws -> Outcome {
        try scratch.run("/usr/bin/env", ["python3", script] + (closed ? ["--closed"] : []) + [schema.path] + files)
    }

    static func expectValid(files: [String], against schema: URL, closed: Bool = false, in scratch: Scratch,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        let outcome = try run(files, against: schema, closed: closed, in: scratch)
        #expect(outcome.status == 0 && outcome.stdout.hasSuffix("checked \(files.count) files against \(schema.path)\n"),
                "\(outcome)", sourceLocation: sourceLocation)
    }

    /// Writes each output to a file of its own in `scratch`, and expects them all valid.
    static func expectValid(_ outputs: [String], against schema: URL, closed: Bool = false, in scratch: Scratch,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        var files: [String] = []
        for (index, output) in outputs.enumerated() {
            let name = "report-\(UUID().uuidString)-\(index)"
            try scratch.write(name, output)
            files.append(scratch.path(name))
        }
        try expectValid(files: files, against: schema, closed: closed, in: scratch, sourceLocation: sourceLocation)
    }
}
