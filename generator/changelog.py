"""`clientgen diff`: what changed between two versions of a spec, seen from a caller of the generated client.

Both sides go through `load` -> `overlay` -> `refs` (never `validate`: a spec bump that breaks validation must still
diff) and `analyze`, which only supplies the Python names (`client.models.retrieve`, keyword argument names). The
comparison itself walks the raw documents, so that pointers in the report point into the specs the reviewer has.

Every change is classified for an *existing* caller: breaking when code that works against the old client can
fail against the new one (a new required argument, a removed response field), non-breaking otherwise. Callers
send parameters and request bodies and read responses, so the same schema change can be breaking on one side and
harmless on the other (a field that becomes nullable); schemas are compared in the role they play.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from generator.analyze import IGNORED_HEADERS, analyze
from generator.config import Target, default_target
from generator.document import resolve_pointer
from generator.errors import ClientgenError, pointer, split_pointer
from generator.ir import Api, AuthScheme
from generator.naming import snake
from generator.validate import HTTP_METHODS

# Who produces the data at a place in the spec: the caller sends parameters and request bodies and reads
# responses. The classification of most schema changes depends on it.
Role = Literal["parameter", "request", "response"]
_SENT_BY_CALLER: frozenset[Role] = frozenset({"parameter", "request"})

# Report sections, in reading order; the first part of every `kind` is one of these.
_AREAS = ("operation", "parameter", "request", "response", "auth")

# Bounds the walk through pathological specs (deep nesting, long allOf chains); real schemas stay far below.
_MAX_SCHEMA_DEPTH = 64


class DiffError(ClientgenError):
    """Any failure of `clientgen diff`. Exit code 2, because exit code 1 means "something is breaking"."""

    exit_code = 2


@dataclass(frozen=True)
class Change:
    """One change, as the report shows it.

    `pointer` is a JSON pointer into the new spec, or into the old one for something that was removed.
    """

    kind: str
    breaking: bool
    python_name: str
    pointer: str
    detail: str

    def sort_key(self) -> tuple[bool, int, str, str, str, str]:
        area = self.kind.split(".", 1)[0]
        rank = _AREAS.index(area) if area in _AREAS else len(_AREAS)
        return (not self.breaking, rank, self.kind, self.python_name, self.pointer, self.detail)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "breaking": self.breaking,
            "python_name": self.python_name,
            "pointer": self.pointer,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Changelog:
    old_label: str
    new_label: str
    changes: tuple[Change, ...]

    @property
    def breaking(self) -> list[Change]:
        return [c for c in self.changes if c.breaking]

    @property
    def non_breaking(self) -> list[Change]:
        return [c for c in self.changes if not c.breaking]

    @property
    def summary(self) -> str:
        return f"{len(self.breaking)} breaking, {len(self.non_breaking)} non-breaking"


# ---------------------------------------------------------------------------------------------- entry points


def diff_specs(
    old_source: str,
    new_source: str,
    *,
    old_overlay: Path | None = None,
    new_overlay: Path | None = None,
    naming: Target | None = None,
) -> Changelog:
    """Load both specs (files or URLs, each with its optional overlay) and compare them.

    `naming` is a target whose naming rules (`strip_prefixes`, `[names]`) name the operations; without it the
    generic rules of `clientgen generate --spec` apply.
    """
    old_document = _load(old_source, old_overlay)
    new_document = _load(new_source, new_overlay)
    return diff_documents(old_document, new_document, naming=naming)


def diff_documents(
    old_document: dict[str, Any], new_document: dict[str, Any], *, naming: Target | None = None
) -> Changelog:
    old = _Side.read(old_document, naming)
    new = _Side.read(new_document, naming)
    differ = _Differ(old, new)
    differ.run()
    # The same place can be reached twice (a `$ref` to an inline schema of another operation): report it once.
    unique = {(c.kind, c.python_name, c.pointer, c.detail): c for c in differ.changes}
    return Changelog(
        old_label=old.label,
        new_label=new.label,
        changes=tuple(sorted(unique.values(), key=Change.sort_key)),
    )


def _load(source: str, overlay: Path | None) -> dict[str, Any]:
    # Imported here: the pipeline module also loads the model generator and black, which a diff never uses.
    from generator.pipeline import prepare

    try:
        _, _, document = prepare(source, overlay, allow_external_refs=False)
    except ClientgenError as exc:
        fix = exc.fix
        if fix and "--allow-external-refs" in fix:
            # The generic advice names an option `diff` does not have: it compares documents as they are.
            fix = "inline the referenced schema with an overlay (--overlay / --old-overlay)"
        raise DiffError(exc.what, where=exc.where, fix=fix) from exc
    return document


# ---------------------------------------------------------------------------------------------- one side


@dataclass(frozen=True)
class _Operation:
    method: str
    path: str
    pointer: str
    node: dict[str, Any]
    operation_id: str | None
    call: str
    # (location, wire name) -> (raw parameter, its pointer, Python argument name)
    parameters: dict[tuple[str, str], tuple[dict[str, Any], str, str]]

    @property
    def key(self) -> tuple[str, str]:
        return (self.method, self.path)

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"


@dataclass
class _Side:
    document: dict[str, Any]
    api: Api | None
    operations: dict[tuple[str, str], _Operation]
    schemas: _Shapes

    @classmethod
    def read(cls, document: dict[str, Any], naming: Target | None) -> _Side:
        api = _analyze(document, naming)
        return cls(
            document=document,
            api=api,
            operations=_operations(document, api),
            schemas=_Shapes(document),
        )

    @property
    def label(self) -> str:
        info = _obj(self.document.get("info"))
        title, version = str(info.get("title") or "spec"), str(info.get("version") or "?")
        return f"{title} {version}"


def _analyze(document: dict[str, Any], naming: Target | None) -> Api | None:
    """The generator's view of the document, for Python names only; None when even lenient analysis fails."""
    target = _naming_target(document, naming)
    try:
        return analyze(document, target, lenient=True)
    except ClientgenError:
        # Names then fall back to "METHOD /path": an invalid spec still gets its changelog.
        return None


def _naming_target(document: dict[str, Any], naming: Target | None) -> Target:
    if naming is None:
        return default_target(
            spec=Path("/nonexistent/spec.json"),
            overlay=None,
            package="client",
            output_dir=Path("/nonexistent"),
            lenient=True,
        )
    # A target's overrides name operations of *its* spec version; an override for an operation this version
    # does not have would be an error in `generate`, here it is simply not needed. Streaming configuration does
    # not affect names and may not match an old version at all.
    present = {f"{method.upper()} {path}" for path, method, _, _ in _raw_operations(document)}
    return replace(
        naming,
        names={key: value for key, value in naming.names.items() if key in present},
        streaming={},
        lenient=True,
    )


def _raw_operations(
    document: dict[str, Any],
) -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(path, method, operation, path item) of every operation object, sorted by path then method."""
    found = []
    paths = _obj(document.get("paths"))
    for path in sorted(paths):
        item = _follow(document, paths[path], pointer("paths", path)).node
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                found.append((path, method, operation, item))
    return found


def _operations(document: dict[str, Any], api: Api | None) -> dict[tuple[str, str], _Operation]:
    analyzed = {(op.method, op.path): op for op in api.operations} if api else {}
    found: dict[tuple[str, str], _Operation] = {}
    for path, method, node, item in _raw_operations(document):
        op_ptr = pointer("paths", path, method)
        known = analyzed.get((method, path))
        # The generator skips what it cannot generate (lenient mode); such an operation keeps its HTTP name.
        call = f"client.{known.call_name}" if known else f"{method.upper()} {path}"
        arg_names: dict[tuple[str, str], str] = (
            {(p.location, p.wire_name): p.py_name for p in known.parameters} if known else {}
        )
        parameters: dict[tuple[str, str], tuple[dict[str, Any], str, str]] = {}
        sources = (
            (item.get("parameters"), pointer("paths", path)),
            (node.get("parameters"), op_ptr),
        )
        for declared, base in sources:
            if not isinstance(declared, list):
                continue
            for index, raw in enumerate(declared):
                resolved = _follow(document, raw, f"{base}/parameters/{index}")
                param = resolved.node
                if not isinstance(param, dict):
                    continue
                location, wire = param.get("in"), param.get("name")
                if not isinstance(location, str) or not isinstance(wire, str):
                    continue
                if location == "header" and wire.lower() in IGNORED_HEADERS:
                    continue  # the client sets these itself; callers never pass them
                key = (location, wire)
                py_name = arg_names.get(key) or snake(wire, prefix="p")
                # Operation-level parameters override path-level ones with the same name and location.
                parameters[key] = (param, resolved.pointer, py_name)
        operation_id = node.get("operationId")
        found[(method, path)] = _Operation(
            method=method,
            path=path,
            pointer=op_ptr,
            node=node,
            operation_id=operation_id if isinstance(operation_id, str) else None,
            call=call,
            parameters=parameters,
        )
    return found


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


# ---------------------------------------------------------------------------------------------- schemas


@dataclass(frozen=True)
class _Followed:
    node: Any
    pointer: str
    # The components/schemas entry the chain of $refs reached first: the Python class callers see.
    name: str | None = None
    broken_ref: str | None = None


def _follow(document: dict[str, Any], node: Any, ptr: str) -> _Followed:
    """Follow `$ref`s; unlike `document.deref` never raise, because invalid specs must still diff."""
    name: str | None = None
    seen: set[str] = set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if not ref.startswith("#") or ref in seen:
            return _Followed({}, ptr, name, ref)
        seen.add(ref)
        try:
            node = resolve_pointer(document, ref[1:])
        except KeyError:
            return _Followed({}, ptr, name, ref)
        ptr = ref[1:]
        tokens = split_pointer(ptr)
        if name is None and len(tokens) == 3 and tokens[:2] == ["components", "schemas"]:
            name = tokens[2]
    return _Followed(node, ptr, name)


@dataclass(frozen=True)
class _Shape:
    """What a schema means to Python code: a type label plus the parts a comparison descends into."""

    pointer: str
    # `str`, `list[Model]`, `Model`, `int | str`, `object` (an inline object), ...
    label: str
    # The alternatives of a union, else {label}: whether a type only widened or narrowed is a subset test.
    members: frozenset[str]
    # The component schema's name: its fields are reported as `Name.field`.
    name: str | None = None
    nullable: bool = False
    enum: tuple[Any, ...] | None = None
    # (wire name, raw schema, pointer), own and merged from allOf.
    properties: tuple[tuple[str, Any, str], ...] = ()
    required: frozenset[str] = frozenset()
    items: tuple[Any, str] | None = None
    # additionalProperties, when it is a schema.
    values: tuple[Any, str] | None = None
    # (label, raw schema, pointer) of the union members whose label is unique within the union.
    union: tuple[tuple[str, Any, str], ...] = ()
    read_only: bool = False
    write_only: bool = False
    # A plain object with properties: as a request body, the generated method takes its fields as keyword
    # arguments (generator.analyze expands it), so whether the body itself is required no longer matters.
    expandable: bool = False

    @property
    def container(self) -> str | None:
        """`list` or `dict` for an unnamed array or map: compared through its items, not its label."""
        if self.name is None and self.items is not None and self.label.startswith("list["):
            return "list"
        if self.name is None and self.values is not None and self.label.startswith("dict["):
            return "dict"
        return None


def _opaque(ptr: str, label: str) -> _Shape:
    return _Shape(pointer=ptr, label=label, members=frozenset({label}))


class _Shapes:
    """Shapes of one document's schemas, memoised by pointer (shared schemas are built once) and guarded
    against `$ref` cycles (`Node.children: list[Node]`, `A: allOf: [B]`, `B: allOf: [A]`)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self._cache: dict[str, _Shape] = {}
        self._building: list[str] = []

    def shape(self, raw: Any, ptr: str) -> _Shape:
        cached = self._cache.get(ptr)
        if cached is not None:
            return cached
        if ptr in self._building or len(self._building) > _MAX_SCHEMA_DEPTH:
            # A cycle: the schema contains itself. Its name, if any, is all a label needs.
            followed = _follow(self.document, raw, ptr)
            return _opaque(followed.pointer, followed.name or "recursive schema")
        self._building.append(ptr)
        try:
            made = self._build(raw, ptr)
        finally:
            self._building.pop()
        self._cache[ptr] = made
        return made

    def _build(self, raw: Any, ptr: str) -> _Shape:
        followed = _follow(self.document, raw, ptr)
        where, name = followed.pointer, followed.name
        if followed.broken_ref is not None:
            return _opaque(where, f"unresolvable $ref {followed.broken_ref}")
        node = followed.node
        if not isinstance(node, dict):
            return _opaque(where, "Any")  # `true`, or not a schema at all
        nullable = node.get("nullable") is True
        declared = node.get("type")
        types = [
            t
            for t in (declared if isinstance(declared, list) else [declared])
            if isinstance(t, str)
        ]
        if types == ["null"]:
            return replace(_opaque(where, "None"), nullable=True)
        if "null" in types:
            nullable = True
            types = [t for t in types if t != "null"]
        alternatives: list[tuple[_Shape, Any, str]] = []
        for keyword in ("oneOf", "anyOf"):
            members = node.get(keyword)
            for index, member in enumerate(members if isinstance(members, list) else []):
                member_ptr = f"{where}/{keyword}/{index}"
                made = self.shape(member, member_ptr)
                if made.label == "None":
                    nullable = True  # `anyOf: [X, {type: null}]` is how 3.1 spells a nullable X
                else:
                    # A union with a nullable member accepts null as a whole (`oneOf: [{type: string,
                    # nullable: true}, ...]` is how 3.0 spells it without a top-level type).
                    nullable = nullable or made.nullable
                    alternatives.append((made, member, member_ptr))
        all_of_raw = node.get("allOf")
        all_of = [
            self.shape(member, f"{where}/allOf/{index}")
            for index, member in enumerate(all_of_raw if isinstance(all_of_raw, list) else [])
        ]
        own_properties = _obj(node.get("properties"))
        read_only, write_only = node.get("readOnly") is True, node.get("writeOnly") is True
        # A wrapper around exactly one schema (`allOf: [$ref]` to add a description, or a union of one type
        # and null) means that schema.
        wrapped = None
        if len(alternatives) == 1 and not all_of and not own_properties:
            wrapped = alternatives[0][0]
        elif (
            len(all_of) == 1
            and not alternatives
            and not own_properties
            and types in ([], ["object"])
        ):
            wrapped = all_of[0]
        if wrapped is not None:
            label = name or wrapped.label
            return replace(
                wrapped,
                label=label,
                members=frozenset({label}) if name else wrapped.members,
                name=name or wrapped.name,
                nullable=nullable or wrapped.nullable,
                read_only=read_only or wrapped.read_only,
                write_only=write_only or wrapped.write_only,
            )
        properties: dict[str, tuple[Any, str]] = {}
        required: set[str] = set()
        for part in all_of:
            properties.update((wire, (raw, p)) for wire, raw, p in part.properties)
            required.update(part.required)
        for wire, prop in own_properties.items():
            properties[wire] = (prop, f"{where}/properties/{pointer(wire)[1:]}")
        names = node.get("required")
        required.update(n for n in (names if isinstance(names, list) else []) if isinstance(n, str))
        items = (node["items"], f"{where}/items") if "items" in node else None
        extra = node.get("additionalProperties")
        values = (extra, f"{where}/additionalProperties") if isinstance(extra, dict) else None
        enum: tuple[Any, ...] | None = None
        if isinstance(node.get("enum"), list):
            enum = tuple(v for v in node["enum"] if v is not None)
            nullable = nullable or None in node["enum"]
        elif "const" in node:
            enum = (node["const"],)
        if alternatives:
            member_labels = frozenset(made.label for made, _, _ in alternatives)
        else:
            member_labels = frozenset(
                self._type_label(t, node, where, items, values, properties)
                for t in (types or [self._implied_type(node, items, values, properties, all_of)])
            )
        label = name or " | ".join(sorted(member_labels))
        # Union members are matched across versions by their type label; two inline objects in one union
        # cannot be told apart that way, so only uniquely labelled members are compared member by member.
        by_label: dict[str, list[tuple[Any, str]]] = {}
        for made, member, member_ptr in alternatives:
            by_label.setdefault(made.label, []).append((member, member_ptr))
        union = tuple(
            (member_label, found[0][0], found[0][1])
            for member_label, found in sorted(by_label.items())
            if len(found) == 1
        )
        return _Shape(
            pointer=where,
            label=label,
            members=frozenset({label}) if name else member_labels,
            name=name,
            nullable=nullable,
            enum=enum,
            properties=tuple((wire, raw, p) for wire, (raw, p) in sorted(properties.items())),
            required=frozenset(required),
            items=items,
            values=values,
            union=union,
            read_only=read_only,
            write_only=write_only,
            expandable=bool(properties) and not alternatives and types in ([], ["object"]),
        )

    @staticmethod
    def _implied_type(
        node: dict[str, Any],
        items: tuple[Any, str] | None,
        values: tuple[Any, str] | None,
        properties: dict[str, Any],
        all_of: list[_Shape],
    ) -> str:
        if properties or values is not None or all_of:
            return "object"
        if items is not None:
            return "array"
        if isinstance(node.get("enum"), list):
            listed = [v for v in node["enum"] if v is not None]
            return _json_type(listed[0]) if listed else "any"
        if "const" in node:
            return _json_type(node["const"])
        return "any"

    def _type_label(
        self,
        kind: str,
        node: dict[str, Any],
        where: str,
        items: tuple[Any, str] | None,
        values: tuple[Any, str] | None,
        properties: dict[str, Any],
    ) -> str:
        # The Python types the generator maps these to (see generator.typemap).
        if kind == "string":
            return {"date-time": "datetime", "date": "date", "binary": "bytes"}.get(
                str(node.get("format")), "str"
            )
        if kind == "array":
            return f"list[{self.shape(*items).label if items else 'Any'}]"
        if kind == "object":
            if values is not None and not properties:
                return f"dict[str, {self.shape(*values).label}]"
            return "object"
        return {"integer": "int", "number": "float", "boolean": "bool"}.get(kind, "Any")


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "any"


def _show(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------- comparison


@dataclass(frozen=True)
class _Slot:
    """A place that holds a value, named as Python code spells it: `client.models.list(limit=)`,
    `ChatCompletionRequest.stream`, `client.models.retrieve().owner.name`."""

    role: Role
    name: str
    is_root: bool = True
    # Set for an inline request body whose fields the generated method takes as keyword arguments.
    keyword_arguments_of: str | None = None

    def field(self, wire: str, owner: str | None) -> _Slot:
        if owner is not None:
            name = f"{owner}.{wire}"
        elif self.keyword_arguments_of is not None:
            name = f"{self.keyword_arguments_of}({wire}=)"
        else:
            name = f"{self.name}.{wire}"
        return _Slot(self.role, name, is_root=False)

    def element(self, owner: str | None, suffix: str) -> _Slot:
        return _Slot(self.role, f"{owner or self.name}{suffix}", is_root=False)

    def kind(self, what: str) -> str:
        return f"{self.role}.{what}" if self.is_root else f"{self.role}.field.{what}"

    @property
    def sent_by_caller(self) -> bool:
        return self.role in _SENT_BY_CALLER


@dataclass
class _Differ:
    old: _Side
    new: _Side
    changes: list[Change] = field(default_factory=list)
    # Named schemas already compared in a role: a schema shared by many operations is reported once, and a
    # recursive schema is not walked forever.
    _compared: set[tuple[Role, str, str]] = field(default_factory=set)

    def add(self, kind: str, breaking: bool, python_name: str, ptr: str, detail: str) -> None:
        self.changes.append(Change(kind, breaking, python_name, ptr.removeprefix("#"), detail))

    # ------------------------------------------------------------------------------------------ operations

    def run(self) -> None:
        old_ops, new_ops = self.old.operations, self.new.operations
        removed = sorted(set(old_ops) - set(new_ops))
        added = sorted(set(new_ops) - set(old_ops))
        moves = self._moves([old_ops[k] for k in removed], [new_ops[k] for k in added])
        moved_from = {old.key for old, _ in moves}
        moved_to = {new.key for _, new in moves}
        for key in removed:
            if key not in moved_from:
                op = old_ops[key]
                self.add(
                    "operation.removed",
                    True,
                    op.call,
                    op.pointer,
                    f"operation {op.label} was removed; calls to it fail",
                )
        for key in added:
            if key not in moved_to:
                op = new_ops[key]
                self.add("operation.added", False, op.call, op.pointer, f"new operation {op.label}")
        for old, new in moves:
            renamed = old.call != new.call
            detail = f"moved from {old.label} to {new.label} (operationId {old.operation_id})"
            if renamed:
                detail += f"; now called `{new.call}`"
            self.add("operation.renamed", renamed, old.call, new.pointer, detail)
            self.operation(old, new)
        for key in sorted(set(old_ops) & set(new_ops)):
            old, new = old_ops[key], new_ops[key]
            if old.call != new.call:
                self.add(
                    "operation.renamed",
                    True,
                    old.call,
                    new.pointer,
                    f"{new.label} is now called `{new.call}`",
                )
            elif old.operation_id != new.operation_id:
                self.add(
                    "operation.renamed",
                    False,
                    new.call,
                    new.pointer,
                    f"operationId changed from {old.operation_id} to {new.operation_id}; "
                    "the Python name is unchanged",
                )
            self.operation(old, new)
        self.auth()

    @staticmethod
    def _moves(
        removed: list[_Operation], added: list[_Operation]
    ) -> list[tuple[_Operation, _Operation]]:
        """Removed and added operations that share an operationId (unique on both sides): one that moved."""

        def by_id(ops: Iterable[_Operation]) -> dict[str, _Operation]:
            counts: dict[str, list[_Operation]] = {}
            for op in ops:
                if op.operation_id:
                    counts.setdefault(op.operation_id, []).append(op)
            return {op_id: found[0] for op_id, found in counts.items() if len(found) == 1}

        gone, new = by_id(removed), by_id(added)
        return [(gone[op_id], new[op_id]) for op_id in sorted(set(gone) & set(new))]

    def operation(self, old: _Operation, new: _Operation) -> None:
        self.parameters(old, new)
        self.request_body(old, new)
        self.response(old, new)

    def parameters(self, old: _Operation, new: _Operation) -> None:
        for key in sorted(set(old.parameters) | set(new.parameters)):
            location, wire = key
            if key not in new.parameters:
                _, ptr, py_name = old.parameters[key]
                self.add(
                    "parameter.removed",
                    True,
                    _argument(old.call, py_name, location),
                    ptr,
                    f"{location} parameter `{wire}` was removed; callers passing it get a TypeError",
                )
                continue
            param, ptr, py_name = new.parameters[key]
            argument = _argument(new.call, py_name, location)
            required = location == "path" or param.get("required") is True
            if key not in old.parameters:
                label = self.new.schemas.shape(*_parameter_schema(param, ptr)).label
                self.add(
                    "parameter.added",
                    required,
                    argument,
                    ptr,
                    f"new {'required' if required else 'optional'} {location} parameter `{wire}` ({label})",
                )
                continue
            old_param, old_ptr, _ = old.parameters[key]
            was_required = location == "path" or old_param.get("required") is True
            if required != was_required:
                self.add(
                    "parameter.required",
                    required,
                    argument,
                    ptr,
                    f"`{wire}` is now required" if required else f"`{wire}` is now optional",
                )
            self.schema(
                _parameter_schema(old_param, old_ptr),
                _parameter_schema(param, ptr),
                _Slot("parameter", argument),
            )

    def request_body(self, old: _Operation, new: _Operation) -> None:
        before = _request_body(self.old.document, old)
        after = _request_body(self.new.document, new)
        if before is None and after is None:
            return
        if after is None:
            assert before is not None
            self.add(
                "request.removed",
                True,
                new.call,
                before.pointer,
                "the request body was removed; callers passing its fields get a TypeError",
            )
            return
        shape = self.new.schemas.shape(*after.schema)
        if before is None:
            required_fields = sorted(
                self._visible(self.new, shape, "request").keys() & shape.required
            )
            breaking = after.required or bool(required_fields)
            detail = f"new request body ({after.media_type}, {shape.label})"
            if required_fields:
                detail += " with required fields " + ", ".join(f"`{f}`" for f in required_fields)
            self.add("request.added", breaking, new.call, after.pointer, detail)
            return
        if before.media_type != after.media_type:
            # json, form and multipart bodies take the same keyword arguments; a switch to or from a raw body
            # (binary, text) changes the method's signature.
            breaking = _structured(before.media_type) != _structured(after.media_type)
            self.add(
                "request.media_type",
                breaking,
                new.call,
                after.pointer,
                f"request body media type changed from {before.media_type} to {after.media_type}",
            )
        expanded = _structured(after.media_type) and shape.expandable
        if not expanded and after.required and not before.required:
            self.add(
                "request.required",
                True,
                new.call,
                after.pointer,
                "the request body is now required",
            )
        slot = _Slot(
            "request",
            f"{new.call}(body)",
            keyword_arguments_of=new.call if expanded and shape.name is None else None,
        )
        self.schema(before.schema, after.schema, slot)

    def response(self, old: _Operation, new: _Operation) -> None:
        before = _response_schema(self.old.document, old)
        after = _response_schema(self.new.document, new)
        returns = f"{new.call}()"
        if before is None and after is None:
            return
        if before is None:
            assert after is not None
            label = self.new.schemas.shape(*after).label
            self.add("response.type", False, returns, after[1], f"now returns {label} (was None)")
            return
        if after is None:
            label = self.old.schemas.shape(*before).label
            self.add(
                "response.type",
                True,
                returns,
                before[1],
                f"now returns None (was {label}); code reading the result breaks",
            )
            return
        self.schema(before, after, _Slot("response", returns))

    # ------------------------------------------------------------------------------------------ schemas

    def schema(self, before: tuple[Any, str], after: tuple[Any, str], slot: _Slot) -> None:
        old = self.old.schemas.shape(*before)
        new = self.new.schemas.shape(*after)
        self.shapes(old, new, slot)

    def shapes(self, old: _Shape, new: _Shape, slot: _Slot) -> None:
        if old.nullable != new.nullable:
            # Callers may now send None (fine) or must stop sending it; readers may now receive None.
            breaking = new.nullable != slot.sent_by_caller
            detail = "now nullable (may be None)" if new.nullable else "no longer nullable"
            if slot.sent_by_caller and not new.nullable:
                detail += "; callers passing None break"
            elif not slot.sent_by_caller and new.nullable:
                detail += "; code reading it must handle None"
            self.add(slot.kind("nullable"), breaking, slot.name, new.pointer, detail)
        same_container = old.container is not None and old.container == new.container
        if old.label != new.label and not same_container:
            # Callers can keep sending what they sent if the accepted types only grew; readers keep working
            # if what they can receive only shrank.
            if slot.sent_by_caller:
                compatible = old.members <= new.members
            else:
                compatible = new.members <= old.members
            self.add(
                slot.kind("type"),
                not compatible,
                slot.name,
                new.pointer,
                f"type changed from {old.label} to {new.label}",
            )
            # The members both versions of a union share can still change inside.
            self.union_members(old, new, slot, owner=None)
            return
        owner: str | None = None
        if old.name is not None and new.name is not None:
            key = (slot.role, old.pointer, new.pointer)
            if key in self._compared:
                return
            self._compared.add(key)
            owner = new.name
        self.enum(old, new, slot, owner)
        self.fields(old, new, slot, owner)
        if old.items is not None and new.items is not None:
            self.schema(old.items, new.items, slot.element(owner, "[]"))
        if old.values is not None and new.values is not None:
            self.schema(old.values, new.values, slot.element(owner, "{}"))
        self.union_members(old, new, slot, owner)

    def union_members(self, old: _Shape, new: _Shape, slot: _Slot, owner: str | None) -> None:
        old_members = {label: (raw, ptr) for label, raw, ptr in old.union}
        for label, raw, ptr in new.union:
            if label in old_members:
                before = self.old.schemas.shape(*old_members[label])
                after = self.new.schemas.shape(raw, ptr)
                if old.nullable and new.nullable:
                    # Null is accepted by the union on both sides; where it is spelled does not matter.
                    after = replace(after, nullable=before.nullable)
                self.shapes(before, after, slot.element(owner, ""))

    def enum(self, old: _Shape, new: _Shape, slot: _Slot, owner: str | None) -> None:
        if old.enum is None or new.enum is None:
            return
        name = owner or slot.name
        before = {_show(v): v for v in old.enum}
        after = {_show(v): v for v in new.enum}
        for shown in sorted(after.keys() - before.keys()):
            note = (
                "callers may send it"
                if slot.sent_by_caller
                else "non-breaking: the generated enums accept values they do not list, so existing "
                "readers keep working"
            )
            self.add(
                f"{slot.role}.enum.added",
                False,
                name,
                new.pointer,
                f"enum value {shown} added ({note})",
            )
        for shown in sorted(before.keys() - after.keys()):
            note = (
                "callers sending it break"
                if slot.sent_by_caller
                else "the generated enum loses the member; code that names it breaks"
            )
            self.add(
                f"{slot.role}.enum.removed",
                True,
                name,
                old.pointer,
                f"enum value {shown} removed ({note})",
            )

    def fields(self, old: _Shape, new: _Shape, slot: _Slot, owner: str | None) -> None:
        before = self._visible(self.old, old, slot.role)
        after = self._visible(self.new, new, slot.role)
        for wire in sorted(before.keys() | after.keys()):
            child = slot.field(wire, owner)
            if wire not in after:
                consequence = (
                    "callers passing it break" if slot.sent_by_caller else "code reading it breaks"
                )
                self.add(
                    child.kind("removed"),
                    True,
                    child.name,
                    before[wire][1],
                    f"field `{wire}` was removed; {consequence}",
                )
                continue
            raw, ptr = after[wire]
            is_required = wire in new.required
            if wire not in before:
                added = self.new.schemas.shape(raw, ptr)
                kind_of = "required" if is_required else "optional"
                type_text = added.label + (" | None" if added.nullable else "")
                self.add(
                    child.kind("added"),
                    slot.sent_by_caller and is_required,
                    child.name,
                    ptr,
                    f"new {kind_of} field `{wire}` ({type_text})",
                )
                continue
            was_required = wire in old.required
            if is_required != was_required:
                if slot.sent_by_caller:
                    breaking = is_required
                    detail = f"`{wire}` is now {'required' if is_required else 'optional'}"
                else:
                    # Optional response fields are generated as `X | None = None`.
                    breaking = not is_required
                    detail = (
                        f"`{wire}` is now always present"
                        if is_required
                        else f"`{wire}` is now optional (may be None); code reading it must handle None"
                    )
                self.add(child.kind("required"), breaking, child.name, ptr, detail)
            self.schema(before[wire], after[wire], child)

    @staticmethod
    def _visible(side: _Side, shape: _Shape, role: Role) -> dict[str, tuple[Any, str]]:
        """Fields callers deal with: a readOnly field is never sent, a writeOnly one never received."""
        visible = {}
        for wire, raw, ptr in shape.properties:
            prop = side.schemas.shape(raw, ptr)
            if (prop.read_only and role in _SENT_BY_CALLER) or (
                prop.write_only and role == "response"
            ):
                continue
            visible[wire] = (raw, ptr)
        return visible

    # ------------------------------------------------------------------------------------------ auth

    def auth(self) -> None:
        old_global = _scheme_names(self.old.document.get("security"))
        new_global = _scheme_names(self.new.document.get("security"))
        # The generated client sends its API key on every call that needs one, so a requirement that appears or
        # disappears changes no caller code: the report says so, and CI does not fail on it.
        for scheme in sorted(new_global - old_global):
            self.add(
                "auth.added",
                False,
                "client",
                "/security",
                f"every operation without its own `security` now requires `{scheme}`; the client sends "
                "its API key automatically, make sure one is configured",
            )
        for scheme in sorted(old_global - new_global):
            self.add(
                "auth.removed",
                False,
                "client",
                "/security",
                f"operations without their own `security` no longer require `{scheme}`",
            )
        for key in sorted(set(self.old.operations) & set(self.new.operations)):
            old, new = self.old.operations[key], self.new.operations[key]
            if "security" not in old.node and "security" not in new.node:
                continue  # covered by the global entries above
            before = _scheme_names(old.node.get("security", self.old.document.get("security")))
            after = _scheme_names(new.node.get("security", self.new.document.get("security")))
            for scheme in sorted(after - before):
                self.add(
                    "auth.added",
                    False,
                    new.call,
                    new.pointer + "/security",
                    f"now requires `{scheme}`; the client sends its API key automatically",
                )
            for scheme in sorted(before - after):
                self.add(
                    "auth.removed",
                    False,
                    new.call,
                    new.pointer + "/security",
                    f"no longer requires `{scheme}`",
                )
        old_scheme = self.old.api.auth if self.old.api else None
        new_scheme = self.new.api.auth if self.new.api else None
        if old_scheme != new_scheme:
            # Going from no credentials to some (or back) changes nothing callers write; sending the same key in
            # a different way usually means a different kind of credential.
            breaking = old_scheme is not None and new_scheme is not None
            self.add(
                "auth.scheme",
                breaking,
                "client",
                "/components/securitySchemes",
                f"the API key is now sent {_describe_scheme(new_scheme)} "
                f"(before: {_describe_scheme(old_scheme)})",
            )


@dataclass(frozen=True)
class _Body:
    media_type: str
    required: bool
    schema: tuple[Any, str]
    pointer: str


def _media_kind(media_type: str) -> str:
    media = media_type.lower().split(";", 1)[0].strip()
    if media == "application/json" or media.endswith("+json"):
        return "json"
    if media.startswith("multipart/"):
        return "multipart"
    if media == "application/x-www-form-urlencoded":
        return "form"
    if media == "text/event-stream":
        return "sse"
    return "raw"


# The generator's preferences (generator.analyze): the report compares the media type the client uses.
_REQUEST_MEDIA_PREFERENCE = ("json", "multipart", "form", "raw", "sse")
_RESPONSE_MEDIA_PREFERENCE = ("json", "sse", "raw", "multipart", "form")


def _structured(media_type: str) -> bool:
    """Whether the generated method takes the body's fields as keyword arguments (else the body whole)."""
    return _media_kind(media_type) in ("json", "multipart", "form")


def _preferred(content: dict[str, Any], preference: tuple[str, ...]) -> str:
    return min(content, key=lambda media: (preference.index(_media_kind(media)), media))


def _request_body(document: dict[str, Any], op: _Operation) -> _Body | None:
    if "requestBody" not in op.node:
        return None
    body = _follow(document, op.node["requestBody"], op.pointer + "/requestBody")
    content = _obj(_obj(body.node).get("content"))
    if not content:
        return None
    media = _preferred(content, _REQUEST_MEDIA_PREFERENCE)
    media_ptr = f"{body.pointer}/content/{pointer(media)[1:]}"
    schema = _obj(content[media]).get("schema")
    return _Body(
        media_type=media,
        required=_obj(body.node).get("required") is True,
        schema=(schema, media_ptr + "/schema"),
        pointer=media_ptr,
    )


def _response_schema(document: dict[str, Any], op: _Operation) -> tuple[Any, str] | None:
    """The schema of what the generated method returns: the first 2xx response with content."""
    responses = _obj(op.node.get("responses"))
    for code in sorted(str(c) for c in responses if str(c).startswith("2")):
        response = _follow(document, responses[code], f"{op.pointer}/responses/{code}")
        content = _obj(_obj(response.node).get("content"))
        if not content:
            continue
        media = _preferred(content, _RESPONSE_MEDIA_PREFERENCE)
        schema_ptr = f"{response.pointer}/content/{pointer(media)[1:]}/schema"
        return (_obj(content[media]).get("schema"), schema_ptr)
    return None


def _parameter_schema(param: dict[str, Any], ptr: str) -> tuple[Any, str]:
    if "schema" in param:
        return (param["schema"], ptr + "/schema")
    content = _obj(param.get("content"))
    if content:
        media = sorted(content)[0]
        return (_obj(content[media]).get("schema"), f"{ptr}/content/{pointer(media)[1:]}/schema")
    return (None, ptr + "/schema")


def _argument(call: str, py_name: str, location: str) -> str:
    # Path parameters are positional in the generated methods, the others keyword-only.
    return f"{call}({py_name})" if location == "path" else f"{call}({py_name}=)"


def _scheme_names(security: Any) -> set[str]:
    names: set[str] = set()
    for requirement in security if isinstance(security, list) else []:
        names.update(str(name) for name in _obj(requirement))
    return names


def _describe_scheme(scheme: AuthScheme | None) -> str:
    if scheme is None:
        return "not at all, no authentication was declared"
    return {
        "bearer": "as `Authorization: Bearer <key>`",
        "basic": "with HTTP basic auth",
        "header": f"in the `{scheme.name}` header",
        "query": f"in the `{scheme.name}` query parameter",
        "cookie": f"in the `{scheme.name}` cookie",
    }[scheme.kind]


# ---------------------------------------------------------------------------------------------- output


def render_text(changelog: Changelog) -> str:
    lines = [f"{changelog.old_label} -> {changelog.new_label}"]
    if not changelog.changes:
        lines.append("No changes a caller of the generated client would notice.")
    for title, group in (
        ("Breaking", changelog.breaking),
        ("Non-breaking", changelog.non_breaking),
    ):
        if not group:
            continue
        lines.append("")
        lines.append(f"{title} ({len(group)}):")
        lines.extend(f"  {c.python_name}: {c.detail}  [{c.kind}]" for c in group)
    lines.append("")
    lines.append(changelog.summary)
    return "\n".join(lines)


def render_markdown(changelog: Changelog) -> str:
    lines = [f"### API changes: {changelog.old_label} → {changelog.new_label}", ""]
    lines.append(f"**{changelog.summary}**")
    if changelog.changes:
        lines += ["", "| | Python | Change | Details | Spec |", "| --- | --- | --- | --- | --- |"]
        for change in changelog.changes:
            flag = "**breaking**" if change.breaking else "non-breaking"
            lines.append(
                f"| {flag} | `{_cell(change.python_name)}` | {change.kind} | {_cell(change.detail)} "
                f"| `{_cell(change.pointer)}` |"
            )
    return "\n".join(lines)


def _cell(text: str) -> str:
    # Pipes end a table cell even inside backticks (union types: `int | str`).
    return text.replace("|", "\\|").replace("\n", " ")


def render_json(changelog: Changelog) -> str:
    return json.dumps([c.as_json() for c in changelog.changes], indent=2, ensure_ascii=False)


# `clientgen diff --format NAME`: text for a terminal, markdown for a PR or CHANGELOG, json for tools.
RENDERERS: dict[str, Callable[[Changelog], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}
