import CharterCore
import Testing

@Suite("Conflict markers and charter paths")
struct ConflictMarkersTests {
    @Test("markers at the start of a line", arguments: [
        "a: 1\n<<<<<<< HEAD\nb: 2\n=======\nb: 3\n>>>>>>> topic\n",
        "<<<<<<<\n",
        "a: 1\n||||||| base\n",
        "a: 1\n=======\r\n",
        "a: 1\n>>>>>>>\ttopic",
    ])
    func markersAreFound(_ text: String) {
        #expect(ConflictMarkers.present(in: Array(text.utf8)))
    }

    @Test("lines that are not markers", arguments: [
        "", "a: 1\n", "  <<<<<<< indented\n", "text: a ======= b\n", "========\n", "<<<<<<<<\n", "======\n", "<<<<<<=\n",
    ])
    func otherLinesAreNot(_ text: String) {
        #expect(!ConflictMarkers.present(in: Array(text.utf8)))
    }

    @Test func onlyCharterFilesAreLookedAt() {
        let conflicted = CharterTree.Entry.file(Array("=======\n".utf8))
        let tree = CharterTree(entries: ["roles/cto.yaml": conflicted, "roles/.cto.yaml.swp": conflicted,
                                         "charter.yaml": .file(Array("company: Acme\n".utf8)), "schema.yaml": conflicted])
        #expect(tree.filesWithConflictMarkers == ["roles/cto.yaml", "schema.yaml"])
    }

    @Test func charterPaths() {
        for path in ["charter.yaml", "schema.yaml", "charter.schema.json", "roles/cto.yaml", "roles/notes.txt"] {
            #expect(CharterTree.isCharterPath(path), "\(path)")
        }
        for path in ["README", "roles", "roles/", "roles/.gitkeep", "roles/sub/cto.yaml", "org/charter.yaml"] {
            #expect(!CharterTree.isCharterPath(path), "\(path)")
        }
    }
}
