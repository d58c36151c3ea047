import CLibGit2
import CharterCore
import Foundation

extension Repository {
    /// The charter files staged in the index, what `git commit` is about to record, as blob ids: the
    /// same shape as a commit's (`charterTree(at:)`), read from the index file `GIT_INDEX_FILE` names
    /// (git names one to its hooks: `git commit -a` and `git commit PATH` commit an index of their own),
    /// else the repository's. Entries added with `git add -N` are left out, as git's commit leaves
    /// them out; a charter file the index holds as a conflict is `unmergedCharterFiles`.
    public func stagedCharterTree(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(RepositoryError) -> CharterTree {
        let index: Index
        do {
            // A relative GIT_INDEX_FILE is relative to the work tree's root, as git reads it (git runs
            // from there), whatever the current folder.
            if let file = environment["GIT_INDEX_FILE"], !file.isEmpty {
                index = try Index(file: file.hasPrefix("/") ? file : (workingDirectory ?? "") + file, of: self)
            } else {
                index = try Index(of: self)
            }
        } catch {
            throw .git(error)
        }
        var tree = CharterTree()
        var unmerged: [String] = []
        for path in [CharterTree.companyPath, CharterTree.schemaPath, CharterTree.rolesPath] {
            for entry in index.entries(withPrefix: charterFolder.repositoryPath(path)) where !entry.intentToAdd {
                guard let charterPath = charterFolder.charterPath(entry.path) else { continue }
                if charterPath != path {
                    guard path == CharterTree.rolesPath, charterPath.hasPrefix(path + "/") else { continue }
                    tree.entries[path] = .directory
                    let inner = charterPath.dropFirst(path.count + 1)
                    if let slash = inner.firstIndex(of: "/") {
                        tree.entries[path + "/" + inner[..<slash]] = .directory
                        continue
                    }
                }
                if entry.stage > 0 {
                    if CharterTree.isCharterPath(charterPath), unmerged.last != entry.path { unmerged.append(entry.path) }
                    continue
                }
                tree.entries[charterPath] = Self.charterEntry(Tree.Entry(name: charterPath, id: entry.id, mode: entry.mode))
            }
        }
        if !unmerged.isEmpty { throw .unmergedCharterFiles(unmerged) }
        return tree
    }
}
