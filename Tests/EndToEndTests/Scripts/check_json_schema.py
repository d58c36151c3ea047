"""Checks role charters against charter.schema.json with a real JSON Schema validator.

Usage: check_json_schema.py SCHEMA (valid|invalid):FILE...
Prints one line per file that the validator judged differently than expected; exits 1 if any.
"""
import json
import sys

import jsonschema
import yaml


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    wrong = 0
    for argument in sys.argv[2:]:
        expectation, path = argument.split(":", 1)
        with open(path, encoding="utf-8") as handle:
            document = yaml.safe_load(handle)
        errors = list(validator.iter_errors(document))
        if (expectation == "valid") != (not errors):
            wrong += 1
            detail = "; ".join(error.message for error in errors) or "no error"
            print(f"{path}: expected {expectation}, validator says: {detail}")
    print(f"checked {len(sys.argv) - 2} files against {sys.argv[1]}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
