"""Loads the vendored ORUK v3.0 schemas and validates API responses against them."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parent / "oruk_schema"
PAGING_KEYS = [
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
    "contents",
]


@cache
def load(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text())


@cache
def _registry() -> Registry:
    # taxonomy.json refers to "taxonomy_term.json" by relative name.
    return Registry().with_resources(
        [
            (name, Resource.from_contents(load(name), default_specification=DRAFT202012))
            for name in ("taxonomy.json", "taxonomy_term.json")
        ]
    )


def errors(instance: object, schema: dict) -> list[str]:
    validator = Draft202012Validator(schema, registry=_registry(), format_checker=FormatChecker())
    return [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(instance)
    ]


def page_schema(item_schema: dict) -> dict:
    """The ORUK paging envelope (openapi.json components.schemas.Page) around `item_schema`."""
    page = load("openapi.json")["components"]["schemas"]["Page"]
    return {
        "allOf": [page],
        "type": "object",
        "required": PAGING_KEYS,
        "properties": {"contents": {"type": "array", "items": item_schema}},
    }


def assert_valid(instance: object, schema: dict) -> None:
    found = errors(instance, schema)
    assert found == [], found
