"""Lenient mode, between validation and analysis: a schema with a problem confined to it becomes an open
model, so that one bad schema costs that schema and not the run.

An operation with a problem is skipped by analysis, where its shape is read; a schema is read by
datamodel-code-generator, which gives up on the whole spec for one schema it cannot read (a `properties` that
is a list, an `allOf` that inherits from itself), so it is replaced here, before anything reads it. Values
inside a schema (`default`, `example`) are data: a wrong one is reported and left as it is.
"""

from __future__ import annotations

import copy
from typing import Any

from generator.document import SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_VALUES, resolve_pointer
from generator.errors import Problem, pointer, split_pointer

_VALUE_KEYWORDS = frozenset({"default", "example", "examples", "enum", "const"})
# The keywords a degraded schema keeps: they describe it, and no reader can choke on them when they are text.
_KEPT_TEXT = ("title", "description")


def open_schema(schema: Any) -> dict[str, Any]:
    """What a schema that cannot be modelled becomes: an object with any properties if it looked like an
    object, else a schema any JSON value matches; its title and description kept."""
    kept = {k: schema[k] for k in _KEPT_TEXT if isinstance(schema, dict) and isinstance(schema.get(k), str)}
    looks_like_object = isinstance(schema, dict) and (
        schema.get("type") == "object" or any(k in schema for k in ("properties", "allOf", "required"))
    )
    if looks_like_object:
        return {**kept, "type": "object", "additionalProperties": True}
    return kept


def degraded_schema_warning(where: str, why: str) -> Problem:
    return Problem(
        where,
        f"schema modelled as an open model (any JSON of its kind) because: {why}",
        fix="correct the schema with the overlay to get its model back",
        severity="warning",
    )


def enclosing_schema(tokens: list[str]) -> int:
    """How many of a pointer's tokens lead to the innermost schema that holds the node they name (0: none
    does): a component schema, or the `schema` of a parameter, header or media type, and the subschemas down
    from there."""
    if tokens[:2] == ["components", "schemas"] and len(tokens) > 2:
        at = 3
    elif "schema" in tokens and tokens[:1] in (["paths"], ["components"], ["webhooks"]):
        at = tokens.index("schema") + 1
    else:
        return 0
    while at < len(tokens):
        step = 2 if tokens[at] in SCHEMA_MAPS | SCHEMA_LISTS else 1 if tokens[at] in SCHEMA_VALUES else 0
        if step == 0 or at + step > len(tokens):
            break
        at += step
    return at


def degrade_schemas(
    document: dict[str, Any], problems: list[Problem]
) -> tuple[dict[str, Any], list[Problem]]:
    """The document with each schema that has an error in its shape (the innermost schema holding the
    problem) made an open schema, and a located warning for each; the document itself when there is none.
    A wrong value (`default`, `example`) is data: reported, and left as it is."""
    reasons: dict[tuple[str, ...], str] = {}
    for problem in problems:
        tokens = split_pointer(problem.pointer)
        depth = enclosing_schema(tokens)
        if problem.is_error and depth and tokens[-1] not in _VALUE_KEYWORDS and "default" not in tokens:
            reasons.setdefault(tuple(tokens[:depth]), problem.message)
    if not reasons:
        return document, []
    degraded = copy.deepcopy(document)
    warnings: list[Problem] = []
    done: list[tuple[str, ...]] = []
    for where, why in sorted(reasons.items()):  # a schema before those inside it
        if any(where[: len(outer)] == outer for outer in done):
            continue
        try:
            parent = resolve_pointer(degraded, pointer(*where[:-1]))
            key: Any = int(where[-1]) if isinstance(parent, list) else where[-1]
            parent[key] = open_schema(parent[key])
        except (KeyError, IndexError, ValueError, TypeError):
            continue  # not there as the pointer says (the problem is the validator's to explain)
        done.append(where)
        warnings.append(degraded_schema_warning(pointer(*where), why))
    return degraded, warnings
