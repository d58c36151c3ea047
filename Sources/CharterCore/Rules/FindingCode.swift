/// Every kind of finding `charter` reports. The raw value is the stable code users see
/// (`error[overlap]`) and scripts match on.
public enum FindingCode: String, Sendable, Codable, CaseIterable {
    // MARK: - Input limits and YAML
    case fileTooLarge = "file-too-large"
    case notUTF8 = "not-utf8"
    case binaryContent = "binary-content"
    case emptyFile = "empty-file"
    case yamlSyntax = "yaml-syntax"
    case yamlAlias = "yaml-alias"
    case yamlTag = "yaml-tag"
    case duplicateKey = "duplicate-key"
    case tooDeep = "too-deep"
    case multipleDocuments = "multiple-documents"

    // MARK: - Repository layout
    case missingFile = "missing-file"
    case notARegularFile = "not-a-regular-file"
    case invalidFileName = "invalid-file-name"
    case leftoverFile = "leftover-file"
    case noRoles = "no-roles"

    // MARK: - Structure of one file
    case unknownKey = "unknown-key"
    case missingKey = "missing-key"
    case wrongType = "wrong-type"
    case invalidValue = "invalid-value"
    case invalidID = "invalid-id"
    case roleFileMismatch = "role-file-mismatch"
    case missingArea = "missing-area"
    case unknownArea = "unknown-area"
    case unknownDecisionRight = "unknown-decision-right"
    case kpisNotAllowed = "kpis-not-allowed"
    case duplicateID = "duplicate-id"
    case schemaMismatch = "schema-mismatch"

    // MARK: - Boundary rules across roles
    case overlap
    case deciderConflict = "decider-conflict"
    case undecided
    case uncoveredArea = "uncovered-area"
    case kpiOverlap = "kpi-overlap"
    case unknownReference = "unknown-reference"
    case reportingCycle = "reporting-cycle"
    /// An overlap that came with an import: integration work, not yet an error.
    case pendingIntegration = "pending-integration"
    /// An `imports:` entry in charter.yaml that no import in the history made.
    case unrecordedImport = "unrecorded-import"
    /// A role that newly continues a name that was no role of the commit before (`continues:`).
    case invalidLineage = "invalid-lineage"
    /// A `keys:` entry that is not an OpenSSH public key charter verifies.
    case invalidKey = "invalid-key"

    /// What the code finds, in a few words (a rule's title in SARIF output).
    public var summary: String {
        switch self {
        case .fileTooLarge: "A charter file over 1 MiB"
        case .notUTF8: "A charter file that is not UTF-8"
        case .binaryContent: "A charter file with NUL bytes"
        case .emptyFile: "An empty charter file"
        case .yamlSyntax: "A YAML syntax error"
        case .yamlAlias: "A YAML anchor or alias"
        case .yamlTag: "A YAML tag"
        case .duplicateKey: "A key repeated in a mapping"
        case .tooDeep: "Nesting deeper than 32 levels"
        case .multipleDocuments: "More than one YAML document in a file"
        case .missingFile: "A required charter file is missing"
        case .notARegularFile: "A link or a folder in roles/"
        case .invalidFileName: "A role file not named <role-id>.yaml"
        case .leftoverFile: "An editor's or a merge tool's leftover in roles/"
        case .noRoles: "No role charter at all"
        case .unknownKey: "A key the charter format does not know"
        case .missingKey: "A required key is missing"
        case .wrongType: "A value of the wrong type"
        case .invalidValue: "A value that is not allowed"
        case .invalidID: "An id that breaks the id syntax"
        case .roleFileMismatch: "A role id that differs from its file name"
        case .missingArea: "A schema area missing from a role"
        case .unknownArea: "An area the schema does not have"
        case .unknownDecisionRight: "A decision right the schema does not have"
        case .kpisNotAllowed: "KPIs in an area that allows none"
        case .duplicateID: "An id used twice in one role"
        case .schemaMismatch: "charter.yaml names another schema than the one in force"
        case .overlap: "A responsibility owned by more than one role"
        case .deciderConflict: "A decision right held by more than one role in an area"
        case .undecided: "A decision right nobody holds in an area"
        case .uncoveredArea: "An area with no responsibility in any role"
        case .kpiOverlap: "A KPI tracked by more than one role"
        case .unknownReference: "A reference to a role or name that does not exist"
        case .reportingCycle: "Roles that report to each other in a cycle"
        case .pendingIntegration: "An overlap an import brought, still to integrate"
        case .unrecordedImport: "An imports: entry that no recorded import made"
        case .invalidLineage: "A role that continues a role that did not exist"
        case .invalidKey: "A key that is not an OpenSSH public key charter verifies"
        }
    }

    /// The schema rule that sets the code's severity, for the boundary rules a schema can tune.
    public var rule: Rule? {
        switch self {
        case .overlap: .singleOwner
        case .deciderConflict: .oneDecider
        case .undecided: .undecidedRight
        case .uncoveredArea: .coverage
        case .kpiOverlap: .kpiOwner
        case .unknownReference: .references
        case .reportingCycle: .reportingCycle
        default: nil
        }
    }

    /// One line on what to do about it.
    public var hint: String {
        switch self {
        case .fileTooLarge: "charter files are limited to 1 MiB; split the role or shorten its texts"
        case .notUTF8: "save the file as UTF-8"
        case .binaryContent: "charter files are text; remove the NUL bytes or \\0 escapes, or replace the file"
        case .emptyFile: "a charter file holds one YAML mapping; see README.md for the format"
        case .yamlSyntax: "fix the YAML syntax at this position"
        case .yamlAlias: "anchors (&) and aliases (*) are not allowed; write the value out in full"
        case .yamlTag: "YAML tags (!, !!) are not allowed; remove the tag, quote the value if it is text"
        case .duplicateKey: "each key may appear once in a mapping; merge or remove the repeated key"
        case .tooDeep: "charter files nest at most 32 levels; flatten the structure"
        case .multipleDocuments: "a charter file holds exactly one YAML document; remove the extra '---' sections"
        case .missingFile: "run `charter init` to create a charter repository, or add the missing file"
        case .notARegularFile: "roles/ holds plain files only, one <role-id>.yaml per role; no links or folders"
        case .invalidFileName: "name role files <role-id>.yaml, with an id of lower-case letters, digits and '-'"
        case .leftoverFile: "delete it, or add its pattern to .gitignore so that git does not commit it either"
        case .noRoles: "add at least one role charter under roles/"
        case .unknownKey: "check the spelling; keys of your own must begin with 'x-'"
        case .missingKey: "add the required key"
        case .wrongType: "change the value to the expected type; quote text that looks like a number or a boolean"
        case .invalidValue: "use one of the allowed values"
        case .invalidID: "ids are lower-case: a letter, then up to 62 letters, digits or '-'"
        case .roleFileMismatch: "the role id must equal the file name: rename the file or change `role:`"
        case .missingArea: "every schema area must be present, even if it only holds `responsibilities: []`"
        case .unknownArea: "use only the areas of the schema in force (`charter schema` lists them)"
        case .unknownDecisionRight: "decision rights are those of the schema in force (why, what, when, how)"
        case .kpisNotAllowed: "KPIs belong in an area whose schema allows them (metrics)"
        case .duplicateID: "give each item in a role its own id"
        case .schemaMismatch: "make charter.yaml `schema:` name the schema in force, or remove the key"
        case .overlap: "a responsibility has exactly one owner: keep it in one role, and use `consults:` in the other"
        case .deciderConflict: "a decision right in an area belongs to one role; remove it from all but one"
        case .undecided: "give the decision right to one role in this area"
        case .uncoveredArea: "add at least one responsibility for this area to some role"
        case .kpiOverlap: "a KPI is tracked by exactly one role; keep it in one role"
        case .unknownReference: "name an existing role id, or a name listed under `external:` in charter.yaml"
        case .reportingCycle: "break the cycle: one of these roles must report elsewhere"
        case .pendingIntegration: "integrate the import: decide which role keeps it, and remove it from the other"
        case .unrecordedImport: "imports are recorded by `charter import`; remove the entry, or import the company"
        case .invalidLineage: "`continues:` names the roles of the commit before that this role renames, merges or splits off from"
        case .invalidKey: "paste the public key line (`cat ~/.ssh/id_ed25519.pub`): ssh-ed25519 or ecdsa-sha2-nistp256"
        }
    }
}
