// The fuzz target over loading and validation. Built for fuzzing (`make fuzz`: coverage, AddressSanitizer,
// libFuzzer's driver), libFuzzer feeds it inputs; built normally, `CharterFuzz FILE|DIR...` replays inputs,
// so a crash the fuzzer finds can be reproduced, fixed, and kept in Fuzz/corpus.
import CharterCore
@_spi(Fuzzing) import CharterCore
import Foundation

/// A small valid repository the input joins, as a role file, as the schema and as the company file.
private let base: [String: String] = [
    "charter.yaml": "company: Fuzz Co\nstage: growth\nexternal: [ceo]\n",
    "roles/cpo.yaml": """
        role: cpo
        title: Chief Product Officer
        reports-to: ceo
        areas:
          strategy: {decides: [why, what, when], responsibilities: [{id: roadmap, text: The roadmap.}]}
          innovation: {decides: [why, what, when], responsibilities: [{id: market, text: The market.}]}
          customers: {decides: [why, what, when], responsibilities: [{id: voice, text: The customer.}]}
          metrics: {decides: [why, what, when], kpis: [{id: retention, name: Retention}]}

        """,
    "roles/cto.yaml": """
        role: cto
        title: Chief Technology Officer
        reports-to: ceo
        areas:
          strategy:
            decides: [how]
            responsibilities:
            - id: platform
              text: Platforms.
          innovation: {decides: [how]}
          customers: {decides: [how]}
          metrics:
            decides: [how]
            responsibilities:
            - id: usage
              text: Usage.

        """,
]

private func tree(with bytes: [UInt8], at path: String) -> CharterTree {
    var tree = CharterTree(entries: [CharterTree.rolesPath: .directory])
    for (name, text) in base { tree.entries[name] = .file(Array(text.utf8)) }
    tree.entries[path] = .file(bytes)
    return tree
}

/// One input: the fast parser must agree with libyaml, and reading it anywhere must not crash.
func fuzzOne(_ bytes: [UInt8]) {
    guard YAMLReader.fastParserAgreesWithLibYAML(bytes) else {
        fatalError("the fast parser and libyaml disagree on \(String(decoding: bytes, as: UTF8.self).debugDescription)")
    }
    for path in ["roles/fuzz.yaml", "roles/cto.yaml", CharterTree.schemaPath, CharterTree.companyPath] {
        let report = CharterValidator.validate(tree(with: bytes, at: path))
        for finding in report.findings where finding.location.line < 1 || finding.location.column < 1 {
            fatalError("finding without a position: \(finding)")
        }
    }
}

/// libFuzzer's callback.
private func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzOne(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

#if FUZZING
/// libFuzzer's driver, from `libclang_rt.fuzzer_no_main` (the Makefile links it): SwiftPM gives an
/// executable's `main` to the module, so libFuzzer is started from there rather than with its own `main`.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@main
struct FuzzDriver {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzerTestOneInput(data, size) })
    }
}
#else
@main
struct CorpusReplay {
    static func main() {
        let manager = FileManager.default
        var count = 0
        for argument in CommandLine.arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: argument, isDirectory: &isDirectory) else { continue }
            let files = isDirectory.boolValue
                ? ((try? manager.contentsOfDirectory(atPath: argument)) ?? []).sorted().map { argument + "/" + $0 } : [argument]
            for file in files {
                guard let data = manager.contents(atPath: file) else { continue }
                fuzzOne(Array(data))
                count += 1
            }
        }
        print("replayed \(count) inputs")
    }
}
#endif
