"""Inline schemas become component schemas before datamodel-code-generator sees them, identical ones once.

Left inline, datamodel-code-generator names them by concatenation (`FineTuneRunFineTuneScriptFineTuneSchema`)
and makes one class per occurrence (the same status enum four times). Here every inline schema that would get a
class (an object with properties, an `allOf` of several parts, a string or integer enum) moves into
`components/schemas` under the name `generator.models.naming` chooses, and its place keeps a `$ref` to it with
what belongs to the field (description, default, nullable, readOnly, writeOnly, deprecated).

Identical means: the same after removing documentation (description, title, examples, `xml`, `x-` extensions the
modeller does not read), with enum values and `required` compared as sets: an enum is the set of values it
allows, and a client that accepts `a, b` accepts `b, a`. One use speaks for all (the one with the most
descriptions, then the first by pointer): its member order and field documentation are kept; the class keeps a
description only when all its uses agree on it. Only inline schemas collapse: two named component schemas stay
two classes, whatever their shape (each is a name the API's authors chose, documented and evolving on its own;
an alias `B = A` would print as `A` and lose `B`'s documentation), and an inline schema identical to a named one
uses the named class.

Members of a union with a discriminator stay inline: their `$ref` names would become implicit discriminator
values.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from generator.document import SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_VALUES
from generator.errors import escape_pointer_token, pointer, split_pointer
from generator.identifiers import words
from generator.models.naming import ITEM, claim_first, class_name_of, group_candidates

# Where a group's `$ref` points until the group has its name.
_GROUP_REF = "#/x-clientgen-group/"
_SCHEMAS_REF = "#/components/schemas/"
# What stays with the field when its schema moves.
_USE_SITE = ("description", "nullable", "default", "readOnly", "writeOnly", "deprecated")
# `xml` only shapes XML, which a JSON client never reads or writes.
_DOCUMENTATION = frozenset(
    {"description", "title", "example", "examples", "externalDocs", "$comment", "xml"}
)
# Extensions datamodel-code-generator reads: they change the class, so they are structure.
_MODELLER_EXTENSIONS = (
    "x-python-",
    "x-enum-varnames",
    "x-enumNames",
    "x-enum-field-as-literal",
    "x-datamodel-code-generator-",
    "x-is-",
    "x-propertyNames",
)
_MAX_DEPTH = 64


@dataclass(frozen=True)
class Hoisted:
    """The component schemas to model, and where the hoisted ones came from."""

    schemas: dict[str, Any]
    # Component name -> the original pointers it also stands for (every use of a hoisted schema).
    stands_for: dict[str, tuple[str, ...]]
    # Hoisted component name -> the component whose module holds its class (itself when shared).
    owners: dict[str, str]


@dataclass
class _Use:
    ptr: str
    parent: str  # "c:<component name>" or "u:<index of the enclosing use>"
    tail: tuple[str, ...]
    owner: str
    key: str = ""
    body: dict[str, Any] = field(default_factory=dict)


def hoist_inline_schemas(schemas: dict[str, Any], taken: Collection[str]) -> Hoisted:
    """`schemas` with their inline schemas hoisted; `taken` lists every component name of the document."""
    return _Hoister(schemas, taken).run()


class _Hoister:
    def __init__(self, schemas: dict[str, Any], taken: Collection[str]) -> None:
        self.schemas = schemas
        # The classes of components spelled otherwise (`pet` -> `Pet`) are taken too.
        self.taken = {*taken, *schemas} | {class_name_of(name) for name in [*taken, *schemas]}
        self.uses: list[_Use] = []

    def run(self) -> Hoisted:
        roots: dict[str, Any] = {}
        named: dict[str, str] = {}  # structure key -> the least component name of that shape
        for name, schema in self.schemas.items():
            context = _Context(parent=f"c:{name}", owner=name, tail=())
            roots[name] = self._children(
                schema, "#" + pointer("components", "schemas", name), context, 0
            )
            if isinstance(roots[name], dict):
                key = structure_key(roots[name])
                named[key] = min(named.get(key, name), name)
        groups: dict[str, list[_Use]] = {}
        for use in self.uses:
            groups.setdefault(use.key, []).append(use)
        names = self._names(groups, named)
        out = dict(roots)
        stands_for: dict[str, list[str]] = {}
        owners: dict[str, str] = {}
        for key, uses in sorted(groups.items(), key=lambda item: names[item[0]]):
            name = names[key]
            stands_for.setdefault(name, []).extend(use.ptr for use in uses)
            if key in named:
                continue
            # The best documented use speaks for all (then the first by pointer).
            uses.sort(key=lambda use: (-_descriptions(use.body), use.ptr))
            body = dict(uses[0].body)
            if len({use.body.get("description") for use in uses}) > 1:
                body.pop("description", None)
            out[name] = body
            homes = {use.owner for use in uses}
            owners[name] = homes.pop() if len(homes) == 1 else name
        moved = {
            ptr: _SCHEMAS_REF + escape_pointer_token(n)
            for n, ptrs in stands_for.items()
            for ptr in ptrs
        }
        group_refs = {
            _GROUP_REF + key: _SCHEMAS_REF + escape_pointer_token(n) for key, n in names.items()
        }
        resolved = {name: _refs_replaced(schema, group_refs, moved) for name, schema in out.items()}
        return Hoisted(
            schemas=resolved,
            stands_for={n: tuple(sorted(p)) for n, p in sorted(stands_for.items())},
            owners=dict(sorted(owners.items())),
        )

    def _visit(self, node: Any, ptr: str, context: _Context, depth: int) -> Any:
        if depth > _MAX_DEPTH or not hoistable(node):
            return self._children(node, ptr, context, depth)
        index = len(self.uses)
        use = _Use(ptr, context.parent, context.tail, context.owner)
        self.uses.append(use)
        inner = _Context(parent=f"u:{index}", owner=context.owner, tail=())
        rewritten = self._children(node, ptr, inner, depth)
        use.body = {k: v for k, v in rewritten.items() if k not in _USE_SITE or k == "description"}
        use.key = structure_key(use.body)
        return {"$ref": _GROUP_REF + use.key, **{k: node[k] for k in _USE_SITE if k in node}}

    def _children(self, node: Any, ptr: str, context: _Context, depth: int) -> Any:
        """The node with its inline schemas hoisted (the node itself stays)."""
        if depth > _MAX_DEPTH or not isinstance(node, dict) or "$ref" in node:
            return node
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                value = {
                    name: self._visit(
                        schema,
                        f"{ptr}/properties/{escape_pointer_token(name)}",
                        context.then(*words(str(name))),
                        depth + 1,
                    )
                    for name, schema in value.items()
                }
            elif key == "items" and isinstance(value, dict):
                value = self._visit(value, f"{ptr}/items", context.then(ITEM), depth + 1)
            elif key == "additionalProperties" and isinstance(value, dict):
                value = self._visit(
                    value, f"{ptr}/additionalProperties", context.then("value"), depth + 1
                )
            elif (
                key in ("oneOf", "anyOf")
                and isinstance(value, list)
                and "discriminator" not in node
            ):
                value = [
                    self._visit(
                        m, f"{ptr}/{key}/{i}", context.then(*variant_words(value, i)), depth + 1
                    )
                    for i, m in enumerate(value)
                ]
            elif key == "allOf" and isinstance(value, list):
                # Its parts are the class itself (or its bases), never classes of their own.
                value = [
                    self._children(m, f"{ptr}/allOf/{i}", context, depth + 1)
                    for i, m in enumerate(value)
                ]
            out[key] = value
        return out

    def _names(self, groups: dict[str, list[_Use]], named: dict[str, str]) -> dict[str, str]:
        """Each group's class name: parents before children, the clash rule of `naming`."""
        names = {key: named[key] for key in groups if key in named}
        pending = sorted(key for key in groups if key not in named)
        while pending:
            ready: list[tuple[list[str], str]] = []
            waiting: list[str] = []
            for key in pending:
                parents = [self._parent_name(use.parent, names) for use in groups[key]]
                if any(parent is None for parent in parents):
                    waiting.append(key)
                    continue
                uses = [(p or "", use.tail) for p, use in zip(parents, groups[key], strict=True)]
                enum = "enum" in groups[key][0].body
                ready.append((group_candidates(uses, enum=enum), key))
            # Never empty: a parent's key contains its child's, so no use is inside itself.
            if not ready:
                raise AssertionError("inline schemas nest in a cycle")
            for candidates, key in sorted(ready):
                names[key] = claim_first(candidates, self.taken)
            pending = waiting
        return names

    def _parent_name(self, parent: str, names: dict[str, str]) -> str | None:
        kind, _, value = parent.partition(":")
        if kind == "c":
            return class_name_of(value)
        return names.get(self.uses[int(value)].key)


@dataclass(frozen=True)
class _Context:
    parent: str
    owner: str
    tail: tuple[str, ...]

    def then(self, *tokens: str) -> _Context:
        return _Context(self.parent, self.owner, self.tail + tokens)


def hoistable(node: Any) -> bool:
    """Whether datamodel-code-generator would make a class of this inline schema."""
    if not isinstance(node, dict) or "$ref" in node:
        return False
    properties = node.get("properties")
    if isinstance(properties, dict) and properties:
        return True
    all_of = node.get("allOf")
    # `allOf: [{$ref: X}, {description: ...}]` is X documented, not a class of its own; datamodel-code-generator
    # decides what else is one, so it keeps those parts inline.
    if isinstance(all_of, list) and sum(1 for part in all_of if _structural(part)) > 1:
        return True
    values = node.get("enum")
    return (
        isinstance(values, list)
        and bool(values)
        and (all(isinstance(v, str) for v in values) or all(type(v) is int for v in values))
    )


def _structural(part: Any) -> bool:
    """Whether an `allOf` part makes it a class: a `$ref`, or properties (anything else only refines a field)."""
    if not isinstance(part, dict):
        return False
    properties = part.get("properties")
    return "$ref" in part or (isinstance(properties, dict) and bool(properties))


def variant_words(members: list[Any], index: int) -> tuple[str, ...]:
    """What names one member of a union among the others that get classes (nothing when it is the only one)."""
    classes = [i for i, m in enumerate(members) if hoistable(m)]
    if len(classes) < 2 or index not in classes:
        return ()
    member = members[index]
    own = _property_names(member)
    others = set().union(*(_property_names(members[i]) for i in classes if i != index))
    unique = own - others
    if unique:
        required = member.get("required")
        required_unique = unique & set(required) if isinstance(required, list) else set()
        return tuple(words(min(required_unique or unique))) or ("variant", str(index + 1))
    title = member.get("title")
    if isinstance(title, str) and words(title):
        return tuple(words(title))
    return ("variant", str(index + 1))


def _descriptions(node: Any) -> int:
    if isinstance(node, list):
        return sum(_descriptions(item) for item in node)
    if not isinstance(node, dict):
        return 0
    own = 1 if isinstance(node.get("description"), str) else 0
    return own + sum(_descriptions(value) for value in node.values())


def _property_names(node: dict[str, Any]) -> set[str]:
    properties = node.get("properties")
    required = node.get("required")
    found = {str(name) for name in properties} if isinstance(properties, dict) else set()
    if isinstance(required, list):
        found.update(r for r in required if isinstance(r, str))
    return found


def structure_key(schema: Any) -> str:
    """A digest of the schema without its documentation; equal for identical schemas (see the module doc)."""
    text = json.dumps(_structure(schema, 0), sort_keys=True, separators=(",", ":"), default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _structure(schema: Any, depth: int) -> Any:
    if depth > _MAX_DEPTH or not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _DOCUMENTATION or (
            isinstance(key, str)
            and key.startswith("x-")
            and not key.startswith(_MODELLER_EXTENSIONS)
        ):
            continue
        if key in SCHEMA_MAPS and isinstance(value, dict):
            value = {str(name): _structure(v, depth + 1) for name, v in value.items()}
        elif key in SCHEMA_LISTS and isinstance(value, list):
            value = [_structure(v, depth + 1) for v in value]
        elif key in SCHEMA_VALUES:
            value = _structure(value, depth + 1)
        elif key in ("enum", "required") and isinstance(value, list):
            value = sorted(value, key=_sort_text)
        # YAML allows keys that are not strings; JSON cannot sort them among strings.
        out[str(key)] = value
    return out


def _sort_text(value: Any) -> str:
    try:
        return json.dumps(value, sort_keys=True, default=repr)
    except TypeError:  # a map whose keys are not all strings
        return repr(value)


def _refs_replaced(node: Any, group_refs: dict[str, str], moved: dict[str, str]) -> Any:
    """Group placeholders replaced by component `$ref`s; `$ref`s into a hoisted schema follow it."""
    if isinstance(node, list):
        return [_refs_replaced(item, group_refs, moved) for item in node]
    if not isinstance(node, dict):
        return node
    out = {k: _refs_replaced(v, group_refs, moved) for k, v in node.items()}
    ref = out.get("$ref")
    if isinstance(ref, str):
        out["$ref"] = group_refs.get(ref) or _relocated(ref, moved)
    return out


def _relocated(ref: str, moved: dict[str, str]) -> str:
    """A `$ref` into an inline schema that moved, pointed at where it is now (the deepest move first)."""
    for _ in range(_MAX_DEPTH):
        if not ref.startswith(_SCHEMAS_REF) or not moved:
            return ref
        tokens = split_pointer(ref)
        for size in range(len(tokens), 3, -1):
            prefix = "#" + pointer(*tokens[:size])
            if prefix in moved:
                ref = moved[prefix] + pointer(*tokens[size:])
                break
        else:
            return ref
    return ref
