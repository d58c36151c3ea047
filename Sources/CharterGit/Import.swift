import CLibGit2
import CharterCore
import Foundation

/// What `importCharters` did.
public struct ImportResult {
    /// The merge commit that joined the imported history to the branch.
    public var merge: ObjectID
    public var branch: String?
    /// How many of the acquired company's commits were rewritten.
    public var importedCommits: Int
    /// The imported roles, as they are now named.
    public var roles: [String]
    /// The acquired company's name, from its charter.yaml.
    public var company: String
}

/// Why an import could not go ahead.
public enum ImportError: Error, CustomStringConvertible {
    case prefixInUse(prefix: String, roles: [String])
    case prefixAlreadyImported(prefix: String)
    case uncommittedChanges
    case nothingToImport(source: String)
    case fileInTheWay(path: String)
    case sourceMissing(source: String)
    case sourceNotARepository(source: String)
    case sourceUnreachable(source: String, reason: String)
    /// The source is this repository, or a clone of it: its history shares our root commit.
    case importingItself(source: String)
    /// The source is a shallow clone: the history an import keeps is not all there.
    case shallowSource(source: String)
    /// The charters after the import would break the rules; nothing was written.
    case wouldNotValidate(ValidationReport)

    public var description: String {
        switch self {
        case .prefixInUse(let prefix, let roles):
            "prefix '\(prefix)' collides with existing roles: \(roles.joined(separator: ", ")); choose another --prefix"
        case .prefixAlreadyImported(let prefix): "a company was already imported with prefix '\(prefix)' (refs/imports/\(prefix))"
        case .uncommittedChanges: "the charters have uncommitted changes; commit them before importing"
        case .nothingToImport(let source): "\(source) has no charter roles to import"
        case .fileInTheWay(let path): "\(path) exists in the work tree; move it away before importing"
        case .sourceMissing(let source): "\(source) does not exist; expected the path or URL of the acquired company's charter repository"
        case .sourceNotARepository(let source): "\(source) is not a git repository; expected the acquired company's charter repository"
        case .sourceUnreachable(let source, let reason):
            "cannot fetch \(source): \(reason); expected a reachable git repository (a path, file://, https:// or ssh:// URL)"
        case .importingItself(let source):
            "\(source) is this repository or a clone of it (their histories share a root commit); import another company's charters"
        case .shallowSource(let source):
            "\(source) is a shallow clone: the commits before its shallow boundary are not in it, and an import keeps the acquired company's whole history; run `git fetch --unshallow` there first"
        case .wouldNotValidate(let report):
            "the charters after the import would be invalid (\(report.findings.errorCount) error(s)); nothing was written"
        }
    }
}

extension Repository {
    /// Brings another company's charter history in: fetches it (a path or any URL libgit2 can fetch)
    /// into `refs/imports/<prefix>`, rewrites each of its commits so that its roles live at
    /// `roles/<prefix>-<id>.yaml` (ids and references renamed, author, dates and message kept, an
    /// `Imported-From:` trailer added), and joins the result to the current branch with a merge commit
    /// that also records the import in charter.yaml. The branch moves by compare-and-swap; the work
    /// tree and index gain the new files.
    public func importCharters(from source: String, prefix: String, event: String, author: Identity, committer: Identity)
        throws -> ImportResult {
        guard let root = charterDirectory else { throw RepositoryError.bareRepository(path: gitDirectory) }
        // An import writes its own merge: it cannot conclude one in progress, nor come in the middle of another operation.
        if let operation = operationInProgress { throw RepositoryError.operationInProgress(operation) }
        let head = try head()
        guard let headCommit = head.commit else { throw RepositoryError.noCommitsYet }
        let headTree = try charterTree(at: headCommit)
        let existing = headTree.roleEntryNames.filter { $0.hasPrefix(prefix + "-") }
        if !existing.isEmpty { throw ImportError.prefixInUse(prefix: prefix, roles: existing.map { String($0.dropLast(5)) }) }
        let workTree = try workTreeCharters()
        if Repository.changedRoleFiles(headTree, workTree).map({ !$0.isEmpty }) ?? true
            || Repository.identity(workTree.entries[CharterTree.companyPath]) != Repository.identity(headTree.entries[CharterTree.companyPath]) {
            throw ImportError.uncommittedChanges
        }
        let reference = "refs/imports/\(prefix)"
        var existingRef = git_oid()
        if git_reference_name_to_id(&existingRef, pointer, reference) == 0 { throw ImportError.prefixAlreadyImported(prefix: prefix) }
        let base = ImportBase(head: head, commit: headCommit, tree: headTree, workTreeRoot: root)

        // A repository on this machine is checked before anything is fetched: nothing is written when it is refused.
        let local = Self.localPath(of: source)
        if let local {
            let other = try Self.openSource(local, named: source)
            if !other.shallowBoundary.isEmpty { throw ImportError.shallowSource(source: source) }
            guard let otherTip = try other.head().commit else { throw ImportError.nothingToImport(source: source) }
            try checkImport(of: otherTip, in: other, onto: base, source: source, prefix: prefix)
        }
        let tip = try fetch(source, into: reference)
        do {
            if local == nil { try checkImport(of: tip, in: self, onto: base, source: source, prefix: prefix) }
            return try merge(tip, onto: base, source: source, prefix: prefix, event: event, author: author, committer: committer)
        } catch {
            // A failed import leaves no trace: the fetched history's reference goes too.
            _ = reference.withCString { git_reference_remove(pointer, $0) }
            throw error
        }
    }

    /// Where an import lands: the branch as it was read, its commit and charters, and the work tree.
    private struct ImportBase {
        var head: Head
        var commit: ObjectID
        var tree: CharterTree
        var workTreeRoot: String
    }

    /// The path of a source on this machine (a path or a `file://` URL), nil for a remote URL.
    private static func localPath(of source: String) -> String? {
        if source.hasPrefix("file://") { return String(source.dropFirst("file://".count)) }
        return source.hasPrefix("/") ? source : nil
    }

    /// Opens a source on this machine, or says why it cannot be one.
    private static func openSource(_ path: String, named source: String) throws -> Repository {
        guard FileManager.default.fileExists(atPath: path) else { throw ImportError.sourceMissing(source: source) }
        Git.start()
        var pointer: OpaquePointer?
        guard git_repository_open_ext(&pointer, path, GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue, nil) == 0, let pointer else {
            throw ImportError.sourceNotARepository(source: source)
        }
        return try Repository(owning: pointer)
    }

    /// Refuses an import of this repository into itself, and one whose result would not validate,
    /// from the source's tip (in `source`, this repository once fetched) before anything is rewritten.
    private func checkImport(of tip: ObjectID, in source: Repository, onto base: ImportBase, source name: String,
                             prefix: String) throws {
        if !(try source.rootCommits(from: tip)).isDisjoint(with: try rootCommits(from: base.commit)) {
            throw ImportError.importingItself(source: name)
        }
        let report = try importedCharters(tip, in: source, onto: base, prefix: prefix)
        if !report.isValid { throw ImportError.wouldNotValidate(report) }
    }

    /// The commits without parents in the history of `tip`.
    func rootCommits(from tip: ObjectID) throws -> Set<ObjectID> {
        let walk = try RevisionWalk(self, from: tip, firstParent: false)
        var roots: Set<ObjectID> = []
        while let id = try walk.next() {
            if try Commit(id, in: self).info.parents.isEmpty { roots.insert(id) }
        }
        return roots
    }

    /// The charters the merge would hold, validated as the merge will be, with the import recorded:
    /// our charters, the source tip's roles renamed as the rewrite renames them, and charter.yaml
    /// recording the import. Read from `source`; nothing is written.
    private func importedCharters(_ tip: ObjectID, in source: Repository, onto base: ImportBase,
                                  prefix: String) throws -> ValidationReport {
        let theirs = try source.charterTree(at: tip, in: try source.charterFolder(of: tip))
        // Their role files, as the rewrite takes them: plain files named <role-id>.yaml.
        let files = theirs.roleEntryNames.compactMap { name -> (name: String, blob: String)? in
            guard name.hasSuffix(".yaml"), case .blob(let id)? = theirs.entries["\(CharterTree.rolesPath)/\(name)"] else { return nil }
            return (name, id)
        }
        let theirRoles = Set(files.map { String($0.name.dropLast(5)) })
        guard !theirRoles.isEmpty else { throw ImportError.nothingToImport(source: prefix) }
        var merged = base.tree
        var brought = CharterTree(entries: [CharterTree.rolesPath: .directory])
        brought.entries[CharterTree.schemaPath] = base.tree.entries[CharterTree.schemaPath]
        for (name, id) in files {
            let bytes = try source.blobContent(try ObjectID(hex: id))
            let path = HistoryRewriter.path(ofRoleFile: name, prefix: prefix)
            let renamed = CharterTree.Entry.file(HistoryRewriter.renamed(bytes, prefix: prefix, theirRoles: theirRoles))
            merged.entries[path] = renamed
            brought.entries[path] = renamed
        }
        let company = Self.companyLabel(Self.companyName(in: try source.companyFile(theirs)), prefix: prefix)
        merged.entries[CharterTree.companyPath] = .file(Self.recordingImport(try companyFile(base.tree), prefix: prefix, company: company))
        let cache = DecodeCache()
        let arriving = try CharterValidator.load(brought, cache: cache, read: readBlob).charters
        let recorded = try RecordedImports(self, upTo: [base.commit], cache: cache).imports(at: base.commit)
            + [RecordedImport(prefix: prefix, commit: "", brought: arriving)]
        return try CharterValidator.validate(merged, cache: cache, read: readBlob) { recorded }
    }

    /// The acquired company's name as charter writes it (messages, charter.yaml): one line, bounded;
    /// the prefix when it has none.
    static func companyLabel(_ name: String?, prefix: String) -> String {
        name.map { CommitMessage.oneLine($0) }.flatMap { $0.isEmpty ? nil : $0 } ?? prefix
    }

    /// The company name charter.yaml's bytes give, when they can be read.
    static func companyName(in bytes: [UInt8]) -> String? {
        CharterValidator.load(CharterTree(entries: [CharterTree.companyPath: .file(bytes)])).charters.company?.name
    }

    /// Rewrites the fetched history and joins it to the branch.
    private func merge(_ tip: ObjectID, onto base: ImportBase, source: String, prefix: String, event: String,
                       author: Identity, committer: Identity) throws -> ImportResult {
        let root = base.workTreeRoot
        var rewriter = HistoryRewriter(repository: self, prefix: prefix, from: try charterFolder(of: tip))
        let newTip = try rewriter.rewrite(from: tip)
        let importedTree = try Commit(newTip, in: self).charterRoot()
        guard let rolesEntry = importedTree.entry(named: CharterTree.rolesPath) else { throw ImportError.nothingToImport(source: source) }
        let roleEntries = try Tree(rolesEntry.id, in: self).entries
        guard !roleEntries.isEmpty else { throw ImportError.nothingToImport(source: source) }
        for entry in roleEntries where FileManager.default.fileExists(atPath: root + "roles/" + entry.name) {
            throw ImportError.fileInTheWay(path: charterFolder.repositoryPath("roles/" + entry.name))
        }

        // charter.yaml records the import, so that its overlaps read as integration work.
        // The acquired company writes its own name: in what this company records (message, reflog,
        // charter.yaml) it is one line, so it can begin no paragraph or trailer of the merge.
        let company = Self.companyLabel(rewriter.companyName, prefix: prefix)
        let roleNames = roleEntries.map { CommitMessage.oneLine(String($0.name.dropLast(5)), limit: 80) }
        let charterBytes = try companyFile(base.tree)
        let recorded = Self.recordingImport(charterBytes, prefix: prefix, company: company)
        var changes = try roleEntries.map { entry throws(GitError) in Change.upsert(path: "roles/\(entry.name)", blob: entry.id) }
        changes.append(.upsert(path: CharterTree.companyPath, blob: try writeBlob(recorded)))
        changes = changes.map { $0.inside(charterFolder) }
        let headCommit = try Commit(base.commit, in: self)
        let mergedTree = try updatedTree(try headCommit.tree(), with: changes)

        let message = CommitMessage(
            paragraphs: ["Import the charters of \(company) as \(prefix)-*",
                         "\(company)'s roles join as \(roleNames.joined(separator: ", ")), with their history. Responsibilities both companies hold are integration work until one role keeps each."],
            event: CharterEvent(parsing: "acquisition: \(CommitMessage.oneLine(event))")).rendered + "Charter-Import: \(prefix)\n"
        let merge = try writeCommit(tree: mergedTree, parents: [headCommit, try Commit(newTip, in: self)], message: message,
                                    author: author, committer: committer)
        let branch = try moveHead(base.head, to: merge, reflog: "merge: import \(company)")

        // The work tree and the index catch up with the branch.
        for entry in roleEntries {
            try Data(try blobContent(entry.id)).write(to: URL(fileURLWithPath: root + "roles/" + entry.name))
        }
        try Data(recorded).write(to: URL(fileURLWithPath: root + CharterTree.companyPath))
        try updateIndex(with: changes)
        return ImportResult(merge: merge, branch: branch, importedCommits: rewriter.rewritten.count,
                            roles: roleEntries.map { String($0.name.dropLast(5)) }, company: company)
    }

    /// Fetches `source`'s HEAD into `reference` through libgit2 (no hooks run) and returns its commit.
    private func fetch(_ source: String, into reference: String) throws -> ObjectID {
        var remote: OpaquePointer?
        if git_remote_create_anonymous(&remote, pointer, source) < 0 {
            throw ImportError.sourceUnreachable(source: source, reason: Git.lastError(-1, "").message)
        }
        defer { git_remote_free(remote) }
        var options = git_fetch_options()
        try Git.check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "prepare the fetch")
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        let refspec = strdup("+HEAD:\(reference)")
        defer { free(refspec) }
        var specs: [UnsafeMutablePointer<CChar>?] = [refspec]
        let rc = specs.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var array = git_strarray(strings: buffer.baseAddress, count: 1)
            return git_remote_fetch(remote, &array, &options, "charter import")
        }
        if rc < 0 { throw ImportError.sourceUnreachable(source: source, reason: Git.lastError(-1, "").message) }
        var id = git_oid()
        // An empty repository has no HEAD to fetch: nothing arrives.
        guard git_reference_name_to_id(&id, pointer, reference) == 0 else { throw ImportError.nothingToImport(source: source) }
        return ObjectID(id)
    }

    /// charter.yaml's bytes in a charter tree; none when it is missing or over the size limit.
    func companyFile(_ tree: CharterTree) throws -> [UInt8] {
        guard case .blob(let id)? = tree.entries[CharterTree.companyPath],
              case .bytes(let bytes) = try readBlob(id, maxBytes: InputLimits.standard.maxBytes) else { return [] }
        return bytes
    }

    /// charter.yaml with the import added to `imports:`: appended as text when the key is new
    /// (comments and layout kept), written out again when it exists.
    static func recordingImport(_ bytes: [UInt8], prefix: String, company: String) -> [UInt8] {
        let report = CharterValidator.load(CharterTree(entries: [CharterTree.companyPath: .file(bytes)]))
        if var parsed = report.charters.company, !parsed.imports.isEmpty {
            parsed.imports.append(Company.Import(prefix: prefix, company: company))
            return Array(CharterWriter.yaml(for: parsed).utf8)
        }
        var text = String(decoding: bytes, as: UTF8.self)
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        let quoted = "'" + company.replacingOccurrences(of: "'", with: "''") + "'"
        return Array((text + "imports:\n- prefix: \(prefix)\n  company: \(quoted)\n").utf8)
    }
}

/// Rewrites an imported history, oldest commit first, so that its roles carry the prefix.
struct HistoryRewriter {
    let repository: Repository
    let prefix: String
    /// Where the imported history keeps its charters; the rewritten history keeps them in the repository's.
    let sourceFolder: CharterFolder
    /// Original commit id to rewritten commit id.
    private(set) var rewritten: [ObjectID: ObjectID] = [:]
    /// Original blob id (with the role names it was renamed against) to rewritten blob id.
    private var blobs: [String: ObjectID] = [:]
    /// The acquired company's name, from the newest charter.yaml it has.
    private(set) var companyName: String?

    init(repository: Repository, prefix: String, from sourceFolder: CharterFolder) {
        self.repository = repository
        self.prefix = prefix
        self.sourceFolder = sourceFolder
    }

    mutating func rewrite(from tip: ObjectID) throws -> ObjectID {
        let walk = try RevisionWalk(repository, from: tip, firstParent: false, oldestFirst: true)
        var last = tip
        while let id = try walk.next() {
            let commit = try Commit(id, in: repository)
            let info = commit.info
            let tree = try rewrittenTree(try commit.charterRoot(in: sourceFolder))
            let parents = try info.parents.map { parent in
                guard let mapped = rewritten[parent] else { throw GitError(code: -1, operation: "import", message: "parent \(parent) not rewritten") }
                return mapped
            }
            let message = info.message.hasSuffix("\n") ? info.message : info.message + "\n"
            let trailer = CommitMessage(parsing: message).text == message.trimmingCharacters(in: .whitespacesAndNewlines) ? "\n" : ""
            let rewrittenMessage = message + trailer + "Imported-From: \(id)\n"
            // Author and committer are copied from the original header byte for byte: names, emails,
            // dates and offsets exactly as the acquired company recorded them.
            let header = Self.rawHeader(of: commit)
            guard let author = Self.field("author", in: header), let committer = Self.field("committer", in: header) else {
                throw GitError(code: -1, operation: "rewrite commit \(id)", message: "no author or committer line")
            }
            let newID = try repository.writeCommit(tree: tree, parents: parents, author: author, committer: committer,
                                                   message: rewrittenMessage)
            rewritten[id] = newID
            last = newID
        }
        return last
    }

    /// The header lines of a commit object, as stored.
    private static func rawHeader(of commit: Commit) -> [UInt8] {
        guard let header = git_commit_raw_header(commit.pointer) else { return [] }
        return Array(UnsafeRawBufferPointer(start: header, count: strlen(header)))
    }

    /// The value of the first header line `key value` (continuation lines, which begin with a space, never match).
    private static func field(_ key: String, in header: [UInt8]) -> [UInt8]? {
        let prefix = Array((key + " ").utf8)
        return header.split(separator: 10, omittingEmptySubsequences: true)
            .first { $0.starts(with: prefix) }.map { Array($0.dropFirst(prefix.count)) }
    }

    /// A tree holding only the charters, in the repository's charter folder, each role file renamed and rewritten.
    private mutating func rewrittenTree(_ root: Tree) throws -> ObjectID {
        if let company = root.entry(named: CharterTree.companyPath),
           case .bytes(let bytes) = try repository.readBlob(company.id.description, maxBytes: InputLimits.standard.maxBytes),
           let name = Repository.companyName(in: bytes) {
            companyName = name
        }
        // The company and schema files stay, so each imported commit is still judged by its own rules.
        var changes: [Repository.Change] = [CharterTree.companyPath, CharterTree.schemaPath].compactMap { path in
            guard let entry = root.entry(named: path), entry.mode == GIT_FILEMODE_BLOB else { return nil }
            return .upsert(path: path, blob: entry.id)
        }
        if let roles = root.entry(named: CharterTree.rolesPath), roles.mode == GIT_FILEMODE_TREE {
            let entries = try Tree(roles.id, in: repository).entries.filter {
                ($0.mode == GIT_FILEMODE_BLOB || $0.mode == GIT_FILEMODE_BLOB_EXECUTABLE) && $0.name.hasSuffix(".yaml")
            }
            let theirRoles = Set(entries.map { String($0.name.dropLast(5)) })
            let key = theirRoles.sorted().joined(separator: ",")
            for entry in entries {
                let cacheKey = entry.id.description + "|" + key
                let blob: ObjectID
                if let cached = blobs[cacheKey] {
                    blob = cached
                } else {
                    blob = try repository.writeBlob(Self.renamed(try repository.blobContent(entry.id), prefix: prefix, theirRoles: theirRoles))
                    blobs[cacheKey] = blob
                }
                changes.append(.upsert(path: Self.path(ofRoleFile: entry.name, prefix: prefix), blob: blob))
            }
        }
        return try repository.updatedTree(nil, with: changes.map { $0.inside(repository.charterFolder) })
    }

    /// Where a role file of theirs (`cto.yaml`) lives after the import: `roles/<prefix>-cto.yaml`.
    static func path(ofRoleFile name: String, prefix: String) -> String {
        "\(CharterTree.rolesPath)/\(RoleRenamer.prefixed(String(name.dropLast(5)), prefix)).yaml"
    }

    /// A role file of theirs renamed for its new home; kept as it is when it cannot be read as a charter.
    static func renamed(_ bytes: [UInt8], prefix: String, theirRoles: Set<String>) -> [UInt8] {
        RoleRenamer.rename(bytes, prefix: prefix, theirRoles: theirRoles) ?? bytes
    }
}
