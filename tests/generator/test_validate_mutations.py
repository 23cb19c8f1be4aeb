"""Valid documents broken on purpose: the fast check must never vouch for one the library finds fault with.

Seeded (random.Random) and bounded: targeted mutations once each, then random combinations, on the Oxen specs
with their overlays and on two small valid fixtures; and random schema/default pairs for the default check
against openapi-schema-validator itself.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import pytest

from generator.validate.compiled import FastCheck, known_problems
from tests.generator.test_validate_fast import FIXTURES, OXEN, library_verdict, load_with_overlay
from tests.library_validator import library_validator

BASES = {
    "hub": (OXEN[0], OXEN[0].with_name("oxen_hub_api.overlay.yaml")),
    "server": (OXEN[1], OXEN[1].with_name("oxen_server_openapi.overlay.yaml")),
    "params30": (FIXTURES / "params.yaml", None),
    "types31": (FIXTURES / "types31.yaml", None),
}
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def surely_valid(document: dict[str, Any]) -> bool:
    """Whether the fast check vouches for the document: it knows every problem, and there is none."""
    return known_problems(document) == []


@cache
def _base(name: str) -> dict[str, Any]:
    spec, overlay = BASES[name]
    document = load_with_overlay(spec, overlay)
    assert surely_valid(copy.deepcopy(document)), f"{name} must start valid"
    return document


def _operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [item[m] for item in document.get("paths", {}).values() for m in METHODS if m in item]


def _nodes(node: Any) -> Iterator[Any]:
    yield node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for child in children:
        yield from _nodes(child)


def _visited_schemas(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Component schemas and their properties: schemas the library always visits."""
    schemas = [
        s for s in document.get("components", {}).get("schemas", {}).values() if isinstance(s, dict)
    ]
    properties = [p for s in schemas for p in (s.get("properties") or {}).values()]
    return [s for s in schemas + properties if isinstance(s, dict) and "$ref" not in s]


_MISMATCH = {
    "string": 5,
    "integer": "five",
    "number": [],
    "boolean": "no",
    "array": {},
    "object": [],
}


def _typed(document: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in _visited_schemas(document) if isinstance(s.get("type"), str)]


def bad_default(rng: random.Random, document: dict[str, Any]) -> bool:
    schema = rng.choice(_typed(document))
    schema["default"] = _MISMATCH[schema["type"]]
    return True


def null_default(rng: random.Random, document: dict[str, Any]) -> bool:
    candidates = [s for s in _typed(document) if not s.get("nullable")]
    rng.choice(candidates)["default"] = None
    return True


def out_of_range_default(rng: random.Random, document: dict[str, Any]) -> bool:
    schema = rng.choice(_visited_schemas(document))
    schema.clear()
    schema.update(
        {"type": "integer", "format": "int32", "maximum": 10, "default": rng.choice([2**31, 11])}
    )
    return True


def object_default(rng: random.Random, document: dict[str, Any]) -> bool:
    objects = [s for s in _visited_schemas(document) if s.get("properties")]
    schema = rng.choice(objects)
    schema["required"] = [rng.choice(sorted(schema["properties"]))]
    schema["default"] = {}  # 3.0 lets a readOnly or writeOnly property be missing
    return True


def duplicate_operation_id(rng: random.Random, document: dict[str, Any]) -> bool:
    first, second = rng.sample(_operations(document), 2)
    first["operationId"] = second["operationId"] = "same"
    return True


def undeclared_path_parameter(rng: random.Random, document: dict[str, Any]) -> bool:
    url = rng.choice(sorted(document["paths"]))
    document["paths"][url + "/{undeclared}"] = document["paths"].pop(url)
    return True


def absent_path_parameter(rng: random.Random, document: dict[str, Any]) -> bool:
    operation = rng.choice(_operations(document))
    ghost = {"name": "ghost", "in": "path", "required": True, "schema": {"type": "string"}}
    operation.setdefault("parameters", []).append(ghost)
    return True


def duplicate_parameter(rng: random.Random, document: dict[str, Any]) -> bool:
    operation = rng.choice([o for o in _operations(document) if o.get("parameters")])
    operation["parameters"].append(copy.deepcopy(rng.choice(operation["parameters"])))
    return True


def wrong_type(rng: random.Random, document: dict[str, Any]) -> bool:
    operation = rng.choice(_operations(document))
    schema = rng.choice(_visited_schemas(document))
    change = rng.choice(["title", "responses", "operationId", "type", "minLength", "required"])
    if change == "title":
        document["info"]["title"] = 5
    elif change in ("responses", "operationId"):
        operation[change] = [] if change == "responses" else 7
    else:
        schema[change] = {"type": "objec", "minLength": -1, "required": "name"}[change]
    return True


def dangling_ref(rng: random.Random, document: dict[str, Any]) -> bool:
    refs = [n for n in _nodes(document) if isinstance(n, dict) and isinstance(n.get("$ref"), str)]
    rng.choice(refs)["$ref"] = "#/components/schemas/NoSuchSchema"
    return True


def bad_metaschema_keyword(rng: random.Random, document: dict[str, Any]) -> bool:
    schema = rng.choice(_visited_schemas(document))
    keyword, value = rng.choice(
        [
            ("pattern", "["),
            ("pattern", "^(?<name>x)$"),
            ("minimum", "0"),
            ("enum", []),
            ("properties", []),
            ("items", 5),
            ("discriminator", "kind"),
            ("maxItems", -1),
        ]
    )
    schema[keyword] = value
    return True


def required_without_property(rng: random.Random, document: dict[str, Any]) -> bool:
    schema = rng.choice(list(document["components"]["schemas"].values()))
    schema.setdefault("allOf", [{"type": "object"}])
    schema["required"] = [*schema.get("required", []), "no_such_property"]
    return True


def duplicate_tag(rng: random.Random, document: dict[str, Any]) -> bool:
    document["tags"] = [*document.get("tags", []), {"name": "twice"}, {"name": "twice"}]
    return True


def ref_cycle(rng: random.Random, document: dict[str, Any]) -> bool:
    schemas = document["components"]["schemas"]
    name = rng.choice(sorted(schemas))
    schemas[name] = rng.choice(
        [
            {"$ref": f"#/components/schemas/{name}"},
            {"allOf": [{"items": {"$ref": f"#/components/schemas/{name}"}}]},
        ]
    )
    # A schema that names itself breaks the document; an array of itself is a valid recursive schema (the
    # library's own properties collection recursed through it without end: library_internals.tuned mends it).
    return "$ref" in schemas[name]


def unknown_dialect(rng: random.Random, document: dict[str, Any]) -> bool:
    if rng.random() < 0.5:
        # Only the schemas a walk starts from are checked against their dialect.
        roots = [s for s in document["components"]["schemas"].values() if "$ref" not in s]
        rng.choice(roots)["$schema"] = "https://example.com/dialect"
    else:
        document["jsonSchemaDialect"] = "https://example.com/dialect"
    return True


MUTATIONS: dict[str, Callable[[random.Random, dict[str, Any]], bool]] = {
    f.__name__: f
    for f in (
        bad_default,
        null_default,
        out_of_range_default,
        object_default,
        duplicate_operation_id,
        undeclared_path_parameter,
        absent_path_parameter,
        duplicate_parameter,
        wrong_type,
        dangling_ref,
        bad_metaschema_keyword,
        required_without_property,
        duplicate_tag,
        ref_cycle,
        unknown_dialect,
    )
}


def _objection(document: dict[str, Any]) -> Any:
    """What the library reports (problems or what it raised), or None when it finds nothing."""
    verdict = library_verdict(document)
    return verdict or None


@pytest.mark.parametrize("base", list(BASES))
@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_a_targeted_mutation_is_never_vouched_for(base: str, mutation: str) -> None:
    document = copy.deepcopy(_base(base))
    try:
        breaks = MUTATIONS[mutation](random.Random(f"{base}/{mutation}"), document)
    except (IndexError, ValueError, KeyError):
        pytest.skip(f"{base} has nothing {mutation} applies to")
    objection = _objection(document)
    # These can land where the library does not look (or on what it allows): they need not break anything.
    unsure = (
        "object_default",
        "dangling_ref",
        "required_without_property",
        "bad_metaschema_keyword",
    )
    if breaks and mutation not in unsure:
        assert objection is not None, "the mutation was meant to break the document"
    if objection is not None:
        assert not surely_valid(copy.deepcopy(document))


@pytest.mark.parametrize("base", list(BASES))
def test_random_mutations_are_never_vouched_for(base: str) -> None:
    objected = 0
    rounds = 12 if base in ("hub", "server") else 40
    for seed in range(rounds):
        rng = random.Random(seed)
        document = copy.deepcopy(_base(base))
        for name in rng.sample(sorted(MUTATIONS), rng.randint(1, 2)):
            try:
                MUTATIONS[name](rng, document)
            except (IndexError, ValueError, KeyError):
                continue
        objection = _objection(document)
        if objection is not None:
            objected += 1
            assert not surely_valid(copy.deepcopy(document)), (seed, objection)
    assert objected > rounds // 2, "most mutations should break the document"


_FORMATS = [
    *("int32", "int64", "float", "double", "password", "binary", "byte", "regex", "email", "uri"),
    *("date", "date-time", "uuid", "mine"),
]
# Python's re and jsonschema-rs's engine disagree on some: `$` before a final newline, `\s` and U+FEFF, `\d` and
# other scripts' digits, named groups.
_PATTERNS = ["^[a-z]+$", "^a$", r"^\s$", r"^\d$", "^(?P<n>a)", "b|c"]


def _random_schema(rng: random.Random, oas31: bool, depth: int = 0) -> dict[str, Any]:
    """A random schema made mostly of what the default check lets through, with the gates' keywords now and then."""
    kind = rng.choice(["string", "integer", "number", "boolean", "array", "object", None])
    schema: dict[str, Any] = {}
    if kind is not None:
        schema["type"] = [kind, "null"] if oas31 and rng.random() < 0.3 else kind
    if not oas31 and rng.random() < 0.3:
        schema["nullable"] = True
    if kind in ("integer", "number", None):
        for keyword in rng.sample(["minimum", "maximum"], rng.randint(0, 2)):
            schema[keyword] = rng.choice([0, 1, 2, 0.5, 10])
        if rng.random() < 0.1:
            schema["multipleOf"] = rng.choice([2, 0.1, 0.5])
        if rng.random() < 0.3:
            flag = rng.choice(["exclusiveMinimum", "exclusiveMaximum"])
            schema[flag] = rng.choice([True, False]) if not oas31 else rng.choice([0, 1, 2])
    if rng.random() < 0.3:
        schema["format"] = rng.choice(_FORMATS)
    if kind in ("string", None):
        for keyword in rng.sample(["minLength", "maxLength", "pattern"], rng.randint(0, 2)):
            schema[keyword] = (
                rng.choice(_PATTERNS) if keyword == "pattern" else rng.choice([0, 1, 3])
            )
    if rng.random() < 0.2:
        schema["enum"] = rng.sample([1, True, 1.0, "a", None, 0, False, [1], {"a": 1}], 3)
    if oas31 and rng.random() < 0.1:
        schema["const"] = rng.choice([1, True, "a", None, 1.0])
    if depth < 2 and kind in ("array", None) and rng.random() < 0.5:
        schema["items"] = _random_schema(rng, oas31, depth + 1)
        schema.update(rng.choice([{}, {"uniqueItems": True}, {"minItems": 1, "maxItems": 2}]))
    if depth < 2 and kind in ("object", None) and rng.random() < 0.6:
        schema["properties"] = {n: _random_schema(rng, oas31, depth + 1) for n in ("a", "b")}
        if rng.random() < 0.5:
            schema["properties"]["a"][rng.choice(["readOnly", "writeOnly"])] = True
        schema["required"] = rng.sample(["a", "b", "c"], rng.randint(1, 2))
        schema["additionalProperties"] = rng.choice([True, False, {"type": "string"}])
        if rng.random() < 0.1:
            schema["patternProperties"] = {rng.choice(_PATTERNS): {"type": "integer"}}
    if depth < 2 and rng.random() < 0.25:
        keyword = rng.choice(["allOf", "anyOf", "allOf", "anyOf", "oneOf", "not"])
        branches = [_random_schema(rng, oas31, depth + 1) for _ in range(2)]
        schema[keyword] = branches[0] if keyword == "not" else branches
        if not oas31 and keyword != "not" and rng.random() < 0.2:
            schema["discriminator"] = {"propertyName": "a"}
    if depth > 0 and rng.random() < 0.15:
        # A reference, alone or with a sibling that checks (3.0's draft 4 would ignore it) or does not.
        schema = {"$ref": f"#/components/schemas/S{rng.randint(0, 2)}"}
        schema.update(rng.choice([{}, {"maxLength": 1}, {"description": "d"}, {"type": "string"}]))
    if rng.random() < 0.04:
        schema.update(rng.choice(_RARE))
    return schema


# The other gates' keywords.
_RARE: list[dict[str, Any]] = [
    {"$id": "https://example.com/s"},
    {"id": "https://example.com/s"},
    {"$schema": "http://json-schema.org/draft-07/schema#"},
    {"if": {"type": "string"}, "then": {"minLength": 2}},
    {"unevaluatedProperties": False},
    {"contains": {"type": "integer"}, "maxContains": 1},
    {"items": [{"type": "string"}]},
    {"type": "null"},
]

_VALUES = [
    *(None, True, False, 0, 1, -1, 1.0, 1.5, 0.3, 2**31, -(2**31) - 1, 2**63),
    *("", "a", "abc", "A1", "a\n", "\ufeff", "\u0663", "YWJj", "\u00e9", "a@b", "2020-02-30"),
    *("[", "b"),
    *([], [1], [1, 1], [1, True], [1, 1.0], ["a", "b"], [None]),
    *({}, {"a": 1}, {"a": "x", "b": None}, {"b": 2}, {"a": "x", "b": 1, "c": "z"}, {"c": 1.5}),
    *({"a": None}, {"\ufeff": 1}, {"a": "abc", "b": "b"}, {"a": 2**31}),
]


@pytest.mark.parametrize("oas31", [False, True], ids=["3.0", "3.1"])
def test_the_default_check_passes_only_defaults_the_library_accepts(oas31: bool) -> None:
    """jsonschema-rs behind the gates against the library's own value check, `$ref`s between schemas included."""
    rng = random.Random(31 if oas31 else 30)
    passed = undecided = 0
    for _ in range(300):
        components = {"schemas": {f"S{i}": _random_schema(rng, oas31, 1) for i in range(3)}}
        for _ in range(4):
            schema = components["schemas"]["Root"] = _random_schema(rng, oas31)
            check = FastCheck({"components": components}, oas31)
            library = library_validator(oas31, components["schemas"], "Root")
            for value in rng.sample(_VALUES, 6):
                try:
                    check.check_default(schema, value)
                except Exception:
                    undecided += 1
                    continue
                passed += 1
                errors = list(library.iter_errors(value))
                assert not errors, (schema, components, value, errors[0].message)
    assert passed > 300 and undecided > 1000, (passed, undecided)
