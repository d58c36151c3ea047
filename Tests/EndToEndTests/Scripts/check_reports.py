"""Checks charter's reports with real validators: SARIF logs against the SARIF 2.1.0 JSON Schema
(jsonschema), JUnit XML against an XML Schema (xmlschema).

Usage: check_reports.py SCHEMA FILE...   (SCHEMA: a .json JSON Schema or a .xsd XML Schema)
Prints one line per file that does not validate, then how many were checked; exits 1 if any failed.
"""
import json
import sys

import jsonschema
import xmlschema


def main() -> int:
    schema_path, files = sys.argv[1], sys.argv[2:]
    if schema_path.endswith(".xsd"):
        schema = xmlschema.XMLSchema(schema_path)

        def errors(path):
            return [str(error.reason or error) for error in schema.iter_errors(path)]
    else:
        with open(schema_path, encoding="utf-8") as handle:
            document = json.load(handle)
        validator_class = jsonschema.validators.validator_for(document)
        validator_class.check_schema(document)
        validator = validator_class(document, format_checker=validator_class.FORMAT_CHECKER)

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
