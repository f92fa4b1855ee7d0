#!/usr/bin/env python3
"""Checks docs/openapi.yaml, and real answers of the server against it.

    check-openapi.py SPEC [SAMPLES.jsonl]

The spec must be valid OpenAPI 3.0. Each sample line is
{"method": "GET", "path": "/api/v1/slos/{name}", "status": 200, "body": <JSON or null>}:
the operation must document that status, and a JSON body must match the documented
schema *strictly*: an object may hold only the properties its schema lists (unless the
schema says additionalProperties), so a field the server writes but the document does
not describe fails, as does a missing required one or a wrong type. Prints every
mismatch and exits 1 if there is any.
"""
import copy
import json
import sys

import yaml
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate


def resolve(node, spec, seen=()):
    """The schema with every $ref replaced by what it names (the spec has no cycles)."""
    if isinstance(node, dict):
        if "$ref" in node:
            ref = node["$ref"]
            if ref in seen:
                raise SystemExit(f"cyclic $ref {ref}")
            target = spec
            for part in ref.lstrip("#/").split("/"):
                target = target[part]
            return resolve(target, spec, seen + (ref,))
        return {key: resolve(value, spec, seen) for key, value in node.items()}
    if isinstance(node, list):
        return [resolve(item, spec, seen) for item in node]
    return node


def strict(schema):
    """Objects that list their properties allow no others."""
    if isinstance(schema, dict):
        schema = {key: strict(value) for key, value in schema.items()}
        if "properties" in schema and "additionalProperties" not in schema:
            schema["additionalProperties"] = False
        return schema
    if isinstance(schema, list):
        return [strict(item) for item in schema]
    return schema


def main():
    with open(sys.argv[1]) as file:
        spec = yaml.safe_load(file)
    validate(copy.deepcopy(spec))
    if len(sys.argv) < 3:
        print("the OpenAPI document is valid")
        return 0
    problems = []
    checked = 0
    with open(sys.argv[2]) as file:
        for number, line in enumerate(file, 1):
            sample = json.loads(line)
            method, path, status = sample["method"].lower(), sample["path"], str(sample["status"])
            where = f"{sample['method']} {path} → {status}"
            operation = spec.get("paths", {}).get(path, {}).get(method)
            if operation is None:
                problems.append(f"{where}: not in the document")
                continue
            responses = operation.get("responses", {})
            response = responses.get(status) or responses.get(status[0] + "XX") or responses.get("default")
            if response is None:
                problems.append(f"{where}: status not documented (documented: {', '.join(sorted(responses))})")
                continue
            response = resolve(response, spec)
            schema = response.get("content", {}).get("application/json", {}).get("schema")
            if schema is None or sample.get("body") is None:
                checked += 1
                continue
            validator = OAS30Validator(strict(schema))
            for error in sorted(validator.iter_errors(sample["body"]), key=lambda e: list(e.absolute_path)):
                at = "/".join(str(part) for part in error.absolute_path) or "(body)"
                problems.append(f"{where}: {at}: {error.message[:300]}")
            checked += 1
    for problem in problems:
        print(problem)
    print(f"{checked} answers checked against the document, {len(problems)} mismatches")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
