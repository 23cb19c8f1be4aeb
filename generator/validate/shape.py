"""Structural checks before the library's: shapes it assumes without checking, each made a located problem.

openapi-spec-validator checks a document against the OpenAPI schema, then walks it assuming what that schema
cannot say: that a `$ref` names something, and something of the kind its position needs (a Parameter Object
where a parameter belongs, not a schema), that path templates close their braces, that no schema inherits
from itself. A document that breaks one of those ends the library's walk in a KeyError or a ValueError, or its
message embeds the whole document. These checks run first and report each such place with its JSON pointer.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.document import (
    HTTP_METHODS,
    Location,
    document_reference_holders,
    resolve_pointer,
    schema_component,
)
from generator.errors import Problem, pointer
from generator.escape import shown
from generator.validate.keywords import operation_label

# A path template: literal text and `{name}` expressions, no brace left open, nested or empty.
_PATH_TEMPLATE = re.compile(r"(?:[^{}]|\{[^{}]+\})*")
# The kinds of object a `$ref` may stand for by where it is, and what each must hold for the library's walk
# (and the analysis after it) to read it: keys and the type of their values.
_NEEDS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "Parameter Object": {"name": str, "in": str},
    "Request Body Object": {"content": dict},
    "Response Object": {},
    "Path Item Object": {},
}
_REF_FIX = "point the `$ref` at an existing node (`#/components/{section}/Name`), or add the component"
_LONGEST_SHOWN = 120


def shape_problems(document: dict[str, Any]) -> list[Problem]:
    """Every place where the document breaks a shape the validator assumes, that a look at its paths and
    components finds (cheap enough for every run), sorted by pointer."""
    problems = [*_path_template_problems(document), *_positional_reference_problems(document)]
    problems += _inheritance_cycles(document)
    return sorted(set(problems))


def reference_problems(document: dict[str, Any]) -> list[Problem]:
    """Every reference that names nothing, or starts a cycle of references, anywhere in the document: a walk
    of the whole document, made only once the library has tripped over one (its message would quote the whole
    document, or it recursed without end); a reference where it never looks is the analysis's to report."""
    problems: set[Problem] = set()
    chains: dict[str, str] = {}  # local reference -> "" (it leads to a node), "dangling" or "cycle"
    for where, holder in document_reference_holders(document):
        ref = holder.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            fault = chains.get(ref)
            if fault is None:
                fault = chains[ref] = _chain_fault(document, ref)
            if fault:
                problems.add(_reference_problem(document, where, ref, fault))
    return sorted(problems)


def _chain_fault(document: dict[str, Any], ref: str) -> str:
    passed: list[str] = []
    while ref not in passed:
        passed.append(ref)
        try:
            target = resolve_pointer(document, ref[1:])
        except KeyError:
            return "dangling" if len(passed) == 1 else ""  # a later link is reported where it stands
        following = target.get("$ref") if isinstance(target, dict) else None
        if not isinstance(following, str) or not following.startswith("#"):
            return ""
        ref = following
    return "cycle"


def _reference_problem(document: dict[str, Any], where: Location, ref: str, fault: str) -> Problem:
    label = operation_label(document, [str(token) for token in where])
    section = where[1] if where[:1] == ("components",) and len(where) > 1 else "schemas"
    if fault == "cycle":
        message = f"$ref `{_short(ref)}` starts a cycle of references that never reaches a node"
        fix = "point one `$ref` of the cycle at a real schema (or object)"
    else:
        message = f"$ref `{_short(ref)}` points at nothing in this document"
        fix = _REF_FIX.format(section=section)
    return Problem(pointer(*where, "$ref"), message, label, fix)


def _short(text: str) -> str:
    text = shown(text)
    return text if len(text) <= _LONGEST_SHOWN else text[: _LONGEST_SHOWN - 1] + "…"


def _path_template_problems(document: dict[str, Any]) -> Iterator[Problem]:
    paths = document.get("paths")
    if not isinstance(paths, dict):
        return
    for template in paths:
        if not template.startswith("x-") and not _PATH_TEMPLATE.fullmatch(template):
            yield Problem(
                pointer("paths", template),
                f"path template `{_short(template)}` leaves a brace unclosed, nests one or names nothing",
                fix="write each path parameter as `{name}` (rename the path with the overlay)",
            )


def position_kind(where: Location) -> str:
    """The kind of object a `$ref` at `where` stands for, when its position tells ("" for the rest)."""
    in_operation = len(where) >= 3 and where[-3] in HTTP_METHODS
    listed = len(where) >= 2 and where[-2] == "parameters" and isinstance(where[-1], int)
    if listed and (in_operation or (len(where) == 4 and where[0] == "paths")):
        return "Parameter Object"
    if len(where) >= 2 and where[-1] == "requestBody" and where[-2] in HTTP_METHODS:
        return "Request Body Object"
    if in_operation and where[-2] == "responses":
        return "Response Object"
    if len(where) == 2 and where[0] == "paths":
        return "Path Item Object"
    if len(where) == 3 and where[0] == "components":
        return _COMPONENT_KINDS.get(str(where[1]), "")
    return ""


_COMPONENT_KINDS = {
    "parameters": "Parameter Object",
    "requestBodies": "Request Body Object",
    "responses": "Response Object",
}


def _positional_reference_problems(document: dict[str, Any]) -> Iterator[Problem]:
    """References where a parameter, request body, response or path item belongs, that name nothing or
    something of another kind (the validator indexes into what they name)."""
    # A reference is looked up once per kind: large specs name the same few responses thousands of times.
    verdicts: dict[tuple[str, str], str] = {}
    for where, holder in _positioned_holders(document):
        ref = holder.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#"):
            continue  # external references were bundled or refused before validation
        kind = position_kind(where)
        verdict = verdicts.get((ref, kind))
        if verdict is None:
            verdict = verdicts[ref, kind] = _verdict(document, ref, kind)
        if verdict == "dangling":
            yield _reference_problem(document, where, ref, "dangling")
        elif verdict:
            message = f"$ref `{_short(ref)}` names no {kind}, which belongs here"
            needs = ", ".join(f"`{key}`" for key in _NEEDS[kind]) or "an object"
            fix = f"point it at a {kind} (one with {needs}), e.g. under #/components/"
            label = operation_label(document, [str(token) for token in where])
            yield Problem(pointer(*where, "$ref"), message, label, fix + _SECTIONS[kind])


def _verdict(document: dict[str, Any], ref: str, kind: str) -> str:
    """"dangling", "other kind" or "" (fine) for a reference at a position of `kind`."""
    try:
        target = resolve_pointer(document, ref[1:])
    except KeyError:
        return "dangling"
    return "other kind" if kind and not _holds(target, _NEEDS[kind]) else ""


def _positioned_holders(document: dict[str, Any]) -> Iterator[tuple[Location, dict[str, Any]]]:
    """The objects at the positions `position_kind` knows, with their locations."""
    paths = document.get("paths")
    for path, item in paths.items() if isinstance(paths, dict) else ():
        if not isinstance(item, dict) or path.startswith("x-"):
            continue
        yield ("paths", path), item
        yield from _listed(item.get("parameters"), ("paths", path, "parameters"))
        for method in HTTP_METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            at = ("paths", path, method)
            yield from _listed(operation.get("parameters"), (*at, "parameters"))
            if isinstance(operation.get("requestBody"), dict):
                yield (*at, "requestBody"), operation["requestBody"]
            yield from _mapped(operation.get("responses"), (*at, "responses"))
    components = document.get("components")
    for section in _COMPONENT_KINDS:
        yield from _mapped(components.get(section) if isinstance(components, dict) else None, ("components", section))


def _listed(nodes: Any, at: Location) -> Iterator[tuple[Location, dict[str, Any]]]:
    for index, node in enumerate(nodes if isinstance(nodes, list) else []):
        if isinstance(node, dict):
            yield (*at, index), node


def _mapped(nodes: Any, at: Location) -> Iterator[tuple[Location, dict[str, Any]]]:
    for name, node in nodes.items() if isinstance(nodes, dict) else ():
        if isinstance(node, dict) and not name.startswith("x-"):
            yield (*at, name), node


_SECTIONS = {
    "Parameter Object": "parameters",
    "Request Body Object": "requestBodies",
    "Response Object": "responses",
    "Path Item Object": "pathItems (3.1)",
}


def _holds(target: Any, needs: dict[str, type | tuple[type, ...]]) -> bool:
    if isinstance(target, dict) and isinstance(target.get("$ref"), str):
        return True  # a chain: its last link is checked where it stands
    return isinstance(target, dict) and all(isinstance(target.get(k), t) for k, t in needs.items())


def _inheritance_cycles(document: dict[str, Any]) -> Iterator[Problem]:
    """Component schemas that inherit from themselves through `allOf` `$ref`s: the validator recurses without
    end, and no class can be its own base."""
    components = document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if not isinstance(schemas, dict):
        return
    bases: dict[str, list[tuple[int, str]]] = {}
    for name, schema in schemas.items():
        parts = schema.get("allOf") if isinstance(schema, dict) else None
        for index, part in enumerate(parts if isinstance(parts, list) else []):
            target = schema_component(part.get("$ref") if isinstance(part, dict) else None)
            if target is not None:
                bases.setdefault(name, []).append((index, target))
    for chain in _cycles(bases):
        start = chain[0]
        following = chain[1] if len(chain) > 1 else start
        index = next(i for i, target in bases[start] if target == following)
        through = " -> ".join(_short(name) for name in [*chain, start])
        yield Problem(
            pointer("components", "schemas", start, "allOf", index, "$ref"),
            f"schema inherits from itself through allOf: {through}",
            fix="remove the `$ref` that closes the cycle (a schema cannot extend itself)",
        )


def _cycles(bases: dict[str, list[tuple[int, str]]]) -> Iterator[list[str]]:
    """A cycle per back edge of one depth-first search over `bases`, each name entered once (linear: specs
    have thousands of schemas in deep hierarchies), each cycle starting where it was entered."""
    state: dict[str, int] = {}  # 1 while on the trail, 2 once done
    for root in sorted(bases):
        if root in state:
            continue
        trail: list[str] = [root]
        state[root] = 1
        pending: list[Iterator[tuple[int, str]]] = [iter(bases[root])]
        while pending:
            step = next(pending[-1], None)
            if step is None:
                pending.pop()
                state[trail.pop()] = 2
            elif state.get(step[1]) == 1:
                yield trail[trail.index(step[1]) :]
            elif step[1] not in state:
                state[step[1]] = 1
                trail.append(step[1])
                pending.append(iter(bases.get(step[1], [])))
