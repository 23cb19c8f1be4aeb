"""One spec version as the generated client sees it: the API generation makes of it (`generator.analyze`, lenient),
what its schemas mean to Python code, and the places that hold values, named as Python code spells them.

Analysis hoists inline request and response schemas into `components/schemas`; reports point into the spec the
reviewer has, so those pointers are translated back through `Api.origins`, and schemas are read from the document
as it was given, never raising (a spec bump that breaks a `$ref` must still diff). Scalar type labels come from
`generator.typemap.scalar_type`: a binary string is `bytes` when a response returns it, `str` when it is sent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from generator import typemap
from generator.analyze import analyze, operation_keys
from generator.analyze.context import obj
from generator.config import Target, default_target
from generator.document import follow_refs, resolve_pointer
from generator.errors import Problem, pointer, split_pointer
from generator.ir import Operation

# Bounds the walk through pathological specs (deep nesting, long allOf chains); real schemas stay far below.
MAX_SCHEMA_DEPTH = 64
NONE_LABEL = typemap.JSON_TYPES["null"]
# The JSON type of a value, for a schema that only lists its values (`enum`, `const`).
JSON_TYPE_OF_VALUE = {bool: "boolean", int: "integer", float: "number", str: "string"}
# Names operations like `clientgen generate --spec` (nothing is generated, so its paths are never used).
GENERIC_TARGET = default_target(
    spec=Path(), overlay=None, package="client", output_dir=Path(), lenient=True, all_schemas=True
)

Schema = tuple[Any, str]  # a schema as the spec has it, and its JSON pointer (no leading `#`)
# Who produces the data at a place in the spec: the caller sends parameters and request bodies and reads responses.
Role = Literal["parameter", "request", "response"]


class SpecVersion:
    """One version of the spec: its document as given, and the API generation makes of it."""

    def __init__(self, document: dict[str, Any], naming: Target | None) -> None:
        self.document = document
        target = GENERIC_TARGET
        if naming is not None:
            # Overrides for operations this version lacks are simply not needed here (`generate` rejects them);
            # streaming configuration may not match an old version at all; unused schemas are never read.
            present = operation_keys(document, naming)
            names = {key: value for key, value in naming.names.items() if key in present}
            # Pagination declared for operations this version lacks is left out too; scopes name no API change.
            pages = {key: value for key, value in naming.pagination.items() if key in present}
            target = replace(
                naming,
                names=names,
                streaming={},
                pagination=pages,
                scopes=(),
                lenient=True,
                all_schemas=True,
            )
        self.api = api = analyze(document, target, lenient=True)
        self.operations = {(op.method, op.path): op for op in api.operations}
        # What lenient analysis left out of the client (an operation, or a whole path item), by spec pointer.
        self.skipped = {p.pointer.removeprefix("#"): p for p in api.skipped}
        info = obj(document.get("info"))
        self.label = f"{info.get('title') or 'spec'} {info.get('version') or '?'}"
        self._shapes: dict[tuple[typemap.Role, str], Shape] = {}
        self._building: list[tuple[typemap.Role, str]] = []

    def schema(self, ptr: str | None, missing: str) -> Schema:
        """The raw schema at an analysis pointer, and its spec pointer; `missing` names the place when there is no
        schema (an undeclared path parameter, a media type without one), which reads as `Any`."""
        if not ptr:
            return (None, missing.removeprefix("#"))
        ptr = "#" + ptr.removeprefix("#")
        for hoisted, origin in self.api.origins.items():
            if ptr == hoisted or ptr.startswith(hoisted + "/"):
                ptr = origin + ptr[len(hoisted) :]
                break
        where = ptr.removeprefix("#")
        try:
            return (resolve_pointer(self.document, where), where)
        except KeyError:
            return (None, where)

    def operation_object(self, op: Operation) -> dict[str, Any]:
        try:
            return obj(resolve_pointer(self.document, op.pointer))
        except KeyError:
            return {}

    def skipped_at(self, op: Operation) -> Problem | None:
        """Why analysis left the operation out of the client, if it did (it or its whole path item)."""
        return self.skipped.get(op.pointer) or self.skipped.get(pointer("paths", op.path))

    def shape(self, role: Role, schema: Schema) -> Shape:
        """What a schema means to Python code where it plays `role`: built once per typemap role, and guarded
        against `$ref` cycles (`Node.children: list[Node]`, `A: allOf: [B]`, `B: allOf: [A]`)."""
        raw, ptr = schema[0], schema[1].removeprefix("#")
        key = (_typed_as(role), ptr)
        if key in self._shapes:
            return self._shapes[key]
        if key in self._building or len(self._building) > MAX_SCHEMA_DEPTH:
            # A cycle: the schema contains itself. Its name, if any, is all a label needs.
            _, where, name = follow(self.document, raw, ptr)
            return opaque(where, name or "recursive schema")
        self._building.append(key)
        self._shapes[key] = self._build(role, raw, ptr)
        self._building.pop()
        return self._shapes[key]

    def _build(self, role: Role, raw: Any, ptr: str) -> Shape:
        node, where, name = follow(self.document, raw, ptr)
        if not isinstance(node, dict):
            return opaque(where, "Any")  # `true`, or not a schema at all
        if isinstance(node.get("$ref"), str):
            return opaque(where, f"unresolvable $ref {node['$ref']}")
        declared = node.get("type")  # one type, or a list of them
        types = [t for t in _listed(declared) or [declared] if isinstance(t, str)]
        if types == ["null"]:
            return replace(opaque(where, NONE_LABEL), nullable=True)
        nullable = node.get("nullable") is True or "null" in types
        types = [t for t in types if t != "null"]
        alternatives: list[tuple[Shape, Schema]] = []
        for keyword in ("oneOf", "anyOf"):
            for index, member in enumerate(_listed(node.get(keyword))):
                schema = (member, f"{where}/{keyword}/{index}")
                made = self.shape(role, schema)
                if made.label == NONE_LABEL:
                    nullable = True  # `anyOf: [X, {type: null}]` is how 3.1 spells a nullable X
                    continue
                # A nullable member makes the union nullable (3.0 spells it so without a top-level type).
                nullable = nullable or made.nullable
                alternatives.append((made, schema))
        all_of = [
            self.shape(role, (member, f"{where}/allOf/{index}"))
            for index, member in enumerate(_listed(node.get("allOf")))
        ]
        own_properties = obj(node.get("properties"))
        read_only, write_only = node.get("readOnly") is True, node.get("writeOnly") is True
        # A wrapper of exactly one schema (`allOf: [$ref]` to add a description, `X | null`) means that schema.
        inner = None
        if not own_properties and len(alternatives) + len(all_of) == 1:
            if alternatives:
                inner = alternatives[0][0]
            elif types in ([], ["object"]):
                inner = all_of[0]
        if inner is not None:
            inner = replace(
                inner,
                nullable=nullable or inner.nullable,
                read_only=read_only or inner.read_only,
                write_only=write_only or inner.write_only,
            )
            return _named(inner, name)
        properties = {wire: schema for part in all_of for wire, schema in part.properties}
        for wire, prop in own_properties.items():
            properties[wire] = (prop, f"{where}/properties/{pointer(wire)[1:]}")
        required = {wire for part in all_of for wire in part.required}
        required.update(wire for wire in _listed(node.get("required")) if isinstance(wire, str))
        items = (node["items"], f"{where}/items") if "items" in node else None
        extra = node.get("additionalProperties")
        values = (extra, f"{where}/additionalProperties") if isinstance(extra, dict) else None
        enum: tuple[Any, ...] | None = None
        if isinstance(node.get("enum"), list):
            enum = tuple(v for v in node["enum"] if v is not None)
            nullable = nullable or None in node["enum"]
        elif "const" in node:
            enum = (node["const"],)
        # A union is labelled by its members, anything else by its types: declared, or implied by other keywords.
        labels = {made.label for made, _ in alternatives}
        if alternatives:
            types = []
        elif not types and (properties or values is not None or all_of):
            types = ["object"]
        elif not types and items is not None:
            types = ["array"]
        elif not types:
            types = [JSON_TYPE_OF_VALUE.get(type(enum[0]), "any") if enum else "any"]
        for kind in types:
            if kind == "array":
                labels.add(f"list[{self.shape(role, items).label if items else 'Any'}]")
            elif kind == "object" and values is not None and not properties:
                labels.add(f"dict[str, {self.shape(role, values).label}]")
            elif kind == "object":
                labels.add("object")
            else:
                labels.add(typemap.scalar_type(kind, node.get("format"), _typed_as(role)) or "Any")
        # Union members are matched across versions by their type label; two inline objects in one union
        # cannot be told apart that way, so only uniquely labelled members are compared member by member.
        counts = Counter(made.label for made, _ in alternatives)
        union = [(made.label, schema) for made, schema in alternatives if counts[made.label] == 1]
        built = Shape(
            pointer=where,
            label=" | ".join(sorted(labels)),
            members=frozenset(labels),
            nullable=nullable,
            enum=enum,
            properties=tuple(sorted(properties.items())),
            required=frozenset(required),
            items=items,
            values=values,
            union=tuple(sorted(union)),
            read_only=read_only,
            write_only=write_only,
        )
        return _named(built, name)


def python_call(op: Operation) -> str:
    return f"client.{op.call_name}"


def follow(document: dict[str, Any], node: Any, ptr: str) -> tuple[Any, str, str | None]:
    """`document.follow_refs`, with the pointer as reports write it and the first component schema passed (the
    Python class callers see). A `$ref` that cannot be followed is returned as it is."""
    node, where, passed = follow_refs(document, node, ptr)
    components = (split_pointer(ref) for ref in passed)
    names = (tokens[2] for tokens in components if len(tokens) == 3 and tokens[:2] == _SCHEMAS)
    return node, where.removeprefix("#") if passed else ptr, next(names, None)


_SCHEMAS = ["components", "schemas"]


@dataclass(frozen=True)
class Shape:
    """A schema as Python code deals with it: its type `label` (`str`, `list[Model]`, `Model`, `int | str`, `object`
    for an inline object...), the `members` of a union, else {label} (so that a type only widening or narrowing is
    a subset test), the class `name` its fields are reported under, and the parts inside."""

    pointer: str
    label: str
    members: frozenset[str]
    name: str | None = None
    nullable: bool = False
    enum: tuple[Any, ...] | None = None
    properties: tuple[tuple[str, Schema], ...] = ()  # by wire name, own and merged from allOf
    required: frozenset[str] = frozenset()
    items: Schema | None = None
    values: Schema | None = None  # additionalProperties, when it is a schema
    union: tuple[tuple[str, Schema], ...] = ()  # the members whose label is unique within the union
    read_only: bool = False
    write_only: bool = False

    @property
    def container(self) -> str | None:
        """`list` or `dict` for an unnamed array or map: compared through its items, not its label."""
        if self.name is None and self.items is not None and self.label.startswith("list["):
            return "list"
        if self.name is None and self.values is not None and self.label.startswith("dict["):
            return "dict"
        return None


def opaque(ptr: str, label: str) -> Shape:
    return Shape(pointer=ptr, label=label, members=frozenset({label}))


@dataclass(frozen=True)
class Place:
    """A place that holds a value, named as Python code spells it: `client.models.list(limit=)`,
    `ChatCompletionRequest.stream`, `client.models.retrieve().owner.name`."""

    role: Role
    name: str
    # Set for an inline request body whose fields the generated method takes as keyword arguments: the method,
    # and the argument name of each field (wire name -> Python name, as analysis named them).
    keyword_arguments_of: str | None = None
    argument_names: Mapping[str, str] = field(default_factory=dict)
    is_root: bool = True

    @property
    def sent_by_caller(self) -> bool:
        return self.role != "response"

    def kind(self, what: str) -> str:
        return f"{self.role}.{what}" if self.is_root else f"{self.role}.field.{what}"

    def field(self, wire: str) -> Place:
        if self.keyword_arguments_of is None:
            return self.element(f".{wire}")
        argument = self.argument_names.get(wire, wire)
        return Place(self.role, f"{self.keyword_arguments_of}({argument}=)", is_root=False)

    def element(self, suffix: str) -> Place:
        return Place(self.role, self.name + suffix, is_root=False)


def _named(shape: Shape, name: str | None) -> Shape:
    """A component schema is known to callers by the name of its class."""
    if name is None:
        return shape
    return replace(shape, label=name, members=frozenset({name}), name=name)


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _typed_as(role: Role) -> typemap.Role:
    """Generation types what callers send (parameters, request bodies) as inputs, what they receive as outputs."""
    return "output" if role == "response" else "input"
