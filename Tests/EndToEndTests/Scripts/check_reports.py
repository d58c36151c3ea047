"""Checks charter's reports with real validators: SARIF logs against the SARIF 2.1.0 JSON Schema and
JSON outputs against charter's own (jsonschema), JUnit XML against an XML Schema (xmlschema).

Usage: check_reports.py [--closed] SCHEMA FILE...   (SCHEMA: a .json JSON Schema or a .xsd XML Schema)
A JSON Schema may refer to the *.schema.json files beside it by their $id. --closed reads every object
schema that lists its properties as allowing no others, so that a field the schemas do not document
fails (the schemas themselves stay open to fields a later version adds).
Prints one line per file that does not validate, then how many were checked; exits 1 if any failed.
"""
import json
import pathlib
import sys

import jsonschema
import referencing
import xmlschema


def closed(schema):
    """The schema with `unevaluatedProperties: false` in every object schema that lists properties and
    says nothing of others."""
    if isinstance(schema, list):
        return [closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    schema = {key: closed(value) for key, value in schema.items()}
    if schema.get("type") == "object" and "properties" in schema and "additionalProperties" not in schema:
        schema.setdefault("unevaluatedProperties", False)
    return schema


def main() -> int:
    arguments = sys.argv[1:]
    close = arguments[:1] == ["--closed"]
    schema_path, *files = arguments[1:] if close else arguments
    if schema_path.endswith(".xsd"):
        schema = xmlschema.XMLSchema(schema_path)

        def errors(path):
            return [str(error.reason or error) for error in schema.iter_errors(path)]
    else:
        def load(path):
            with open(path, encoding="utf-8") as handle:
                document = json.load(handle)
            jsonschema.validators.validator_for(document).check_schema(document)
            return closed(document) if close else document

        document = load(schema_path)
        siblings = [load(path) for path in pathlib.Path(schema_path).parent.glob("*.schema.json")]
        registry = referencing.Registry().with_resources(
            (sibling["$id"], referencing.Resource.from_contents(sibling)) for sibling in siblings if "$id" in sibling)
        validator_class = jsonschema.validators.validator_for(document)
        validator = validator_class(document, registry=registry, format_checker=validator_class.FORMAT_CHECKER)

        def errors(path):
            with open(path, encoding="utf-8") as handle:
                log = json.load(handle)
            return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(log)]

    failed = 0
    for path in files:
        try:
            found = errors(path)
        except Exception as error:  # not even well-formed: the parser's word
            found = [f"{type(error).__name__}: {error}"]
        if found:
            failed += 1
            print(f"{path}: {'; '.join(found[:5])}")
    print(f"checked {len(files)} files against {schema_path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
