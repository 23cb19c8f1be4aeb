"""Python type expressions for schemas, as used in generated signatures.

Return types ("output") name the generated model classes. Argument types ("input") are wider, because callers
write literals: a model argument also takes its request params type (a `TypedDict` of the wire keys, `FooParam`),
an enum its string values (`Literal[...]`), lists take any sequence and free-form objects any mapping. Inside a
params type ("param"), nested objects are params types only, as in openai's `*Param` types.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from generator.document import deref, resolve_pointer
from generator.errors import ClientgenError, escape_pointer_token
from generator.escape import literal

Role = Literal["input", "output"]
# Where a type is written: a method's argument ("input"), a response ("output"), a params `TypedDict` key ("param").
Mode = Literal["input", "output", "param"]
# JSON types and the string formats kept as rich types, as Python types: the one table that generation, the
# models' input (`generator.models`) and the changelog's type labels all read.
JSON_TYPES = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "null": "None",
}
STRING_FORMATS = {"date-time": "datetime", "date": "date", "binary": "bytes"}
_MAX_DEPTH = 24
_MAX_LITERALS = 64
# Names of types that a method or child resource of the same name hides inside a class body (`def list(...)`
# makes `list[Pet]` in the next signature the method): there they are spelled `builtins.list`, `_date`...
BUILTIN_TYPES = frozenset({"list", "dict", "str", "int", "float", "bool", "bytes"})
DATETIME_TYPES = frozenset({"date", "datetime"})
SHADOWABLE = BUILTIN_TYPES | DATETIME_TYPES
Import = tuple[str, str, str | None]  # (module, name or "" for `import module`, alias)


@dataclass(frozen=True)
class PyType:
    text: str
    models: frozenset[str] = frozenset()
    typing: frozenset[str] = frozenset()
    stdlib: frozenset[str] = frozenset()
    imports: frozenset[Import] = frozenset()


@dataclass
class _Needs:
    """What a type expression being built needs imported."""

    models: set[str] = field(default_factory=set)
    typing: set[str] = field(default_factory=set)
    stdlib: set[str] = field(default_factory=set)
    imports: set[Import] = field(default_factory=set)


def spell(name: str, shadowed: frozenset[str], imports: set[Import], stdlib: set[str]) -> str:
    """How to write the builtin or datetime type `name` where the names in `shadowed` are hidden."""
    if name not in shadowed:
        if name in DATETIME_TYPES:
            stdlib.add(name)
        return name
    if name in DATETIME_TYPES:
        imports.add(("datetime", name, "_" + name))
        return "_" + name
    imports.add(("builtins", "", None))
    return f"builtins.{name}"


class ModelClassInfo(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def enum_values(self) -> tuple[Any, ...]: ...


class ModelIndex(Protocol):
    """Which model class a schema pointer became (the models stage's index)."""

    def class_for(self, ptr: str) -> ModelClassInfo | None: ...


@dataclass(frozen=True)
class ObjectShape:
    """The keys a request object can carry: its properties (allOf merged, readOnly left out) and what else.

    `extra` is None for a closed object, "" when any further key is allowed, else the pointer of the schema every
    further value has (`additionalProperties`).
    """

    properties: tuple[tuple[str, str], ...]  # (wire name, schema pointer), in the spec's order
    required: frozenset[str]
    extra: str | None


@dataclass
class _Merged:
    properties: dict[str, str]
    required: set[str]
    extras: list[str]


ANY = PyType("Any", typing=frozenset({"Any"}))


def scalar_type(kind: str, fmt: object, role: Role) -> str | None:
    """The Python type of a scalar JSON type (None for arrays, objects and unknown types).

    A binary string is `bytes` when read from a response; callers may pass it as text.
    """
    if kind == "string":
        rich = STRING_FORMATS.get(fmt) if isinstance(fmt, str) else None
        return "str" if rich is None or (rich == "bytes" and role == "input") else rich
    return JSON_TYPES.get(kind)


class TypeMapper:
    """Maps schema pointers to type expressions; `local_name` renames model classes that would clash locally."""

    def __init__(
        self,
        document: dict[str, Any],
        models: ModelIndex,
        local_name: Callable[[str], str],
        params_name: Callable[[str, str], str | None] = lambda model, ptr: None,
    ) -> None:
        self.document = document
        self.models = models
        self.local_name = local_name
        # The params `TypedDict` of a model class (given its schema) that is an object with properties.
        self.params_name = params_name
        self._shapes: dict[str, ObjectShape | None] = {}
        # Set while rendering a class whose methods or attributes hide some of SHADOWABLE.
        self.shadowed: frozenset[str] = frozenset()

    def _name(self, name: str, acc: _Needs) -> str:
        return spell(name, self.shadowed, acc.imports, acc.stdlib)

    def is_array(self, ptr: str) -> bool:
        try:
            node, _ = deref(
                self.document, resolve_pointer(self.document, ptr.removeprefix("#")), ptr
            )
        except Exception:
            return False
        return isinstance(node, dict) and node.get("type") == "array"

    def output(self, ptr: str | None) -> PyType:
        return self._map_root(ptr, "output")

    def input(self, ptr: str | None) -> PyType:
        return self._map_root(ptr, "input")

    def param(self, ptr: str | None) -> PyType:
        """The type of a value inside a params `TypedDict`."""
        return self._map_root(ptr, "param")

    def object_shape(self, ptr: str) -> ObjectShape | None:
        """The keys of the object schema at `ptr`; None when it declares no properties (free-form, or no object)."""
        if ptr not in self._shapes:
            merged = _Merged({}, set(), [])
            try:
                self._merge(self._node(ptr), ptr, merged, set())
            except (KeyError, ClientgenError):
                merged.properties.clear()
            extras, keys = set(merged.extras), merged.properties
            extra = merged.extras[0] if len(extras) == 1 else "" if extras else None
            required = frozenset(merged.required & keys.keys())
            self._shapes[ptr] = ObjectShape(tuple(keys.items()), required, extra) if keys else None
        return self._shapes[ptr]

    def _merge(self, node: Any, ptr: str, merged: _Merged, seen: set[str]) -> None:
        node, ptr = deref(self.document, node, ptr)
        if not isinstance(node, dict) or ptr in seen or len(seen) > _MAX_DEPTH:
            return
        seen.add(ptr)
        props = node.get("properties")
        for wire, prop in (props if isinstance(props, dict) else {}).items():
            if not (isinstance(prop, dict) and prop.get("readOnly") is True):  # never sent
                merged.properties.setdefault(wire, f"{ptr}/properties/{escape_pointer_token(wire)}")
        listed = node.get("required")
        merged.required.update(k for k in _listed(listed) if isinstance(k, str))
        extra = node.get("additionalProperties")
        # Keys the params type cannot list (any key, a oneOf's variants): callers must be able to send them.
        if extra is True or extra == {} or isinstance(node.get("oneOf") or node.get("anyOf"), list):
            merged.extras.append("")
        elif isinstance(extra, dict):
            merged.extras.append(f"{ptr}/additionalProperties")
        for index, member in enumerate(_listed(node.get("allOf"))):
            self._merge(member, f"{ptr}/allOf/{index}", merged, seen)

    def _node(self, ptr: str) -> Any:
        return resolve_pointer(self.document, ptr.removeprefix("#"))

    def _map_root(self, ptr: str | None, role: Mode) -> PyType:
        if not ptr:
            return ANY
        acc = _Needs()
        try:
            node = resolve_pointer(self.document, ptr.removeprefix("#"))
        except KeyError:
            return ANY
        text = self._map(node, ptr, role, acc, 0)
        if text == "Any":
            acc.typing.add("Any")
        return PyType(
            text,
            frozenset(acc.models),
            frozenset(acc.typing),
            frozenset(acc.stdlib),
            frozenset(acc.imports),
        )

    def _map(self, node: Any, ptr: str, role: Mode, acc: _Needs, depth: int) -> str:
        if depth > _MAX_DEPTH:
            return _any(acc)
        try:
            node, ptr = deref(self.document, node, ptr)
        except Exception:  # an unresolvable $ref types as Any rather than failing the whole client
            return _any(acc)
        if not isinstance(node, dict) or not node:  # `true`, `{}` or not a schema at all
            return _any(acc)
        cls = self.models.class_for(ptr)
        if cls is not None and cls.kind in ("model", "enum", "alias"):
            return self._nullable(self._class(cls, ptr, role, acc, depth), node)
        return self._nullable(self._structural(node, ptr, role, acc, depth), node)

    def _class(self, cls: ModelClassInfo, ptr: str, role: Mode, acc: _Needs, depth: int) -> str:
        name, local = cls.name, self.local_name(cls.name)
        texts = [] if role == "param" and cls.kind == "model" else [local]
        acc.models.update([name] if texts else [])
        if role == "output" or cls.kind == "alias":
            return local
        if cls.kind == "enum":  # a plain value and the enum's member both type-check
            return _union([_literal(cls.enum_values, acc) or "", local], acc)
        shape = self.object_shape(ptr)
        params = self.params_name(name, ptr) if shape else None
        if params is None or shape is None:
            acc.typing.update({"Mapping", "Any"})
            return _union([*texts, f"Mapping[{self._name('str', acc)}, Any]"], acc)
        acc.models.add(params)
        texts.insert(0, self.local_name(params))
        if shape.extra is not None:
            extra = self._node(shape.extra) if shape.extra else {}
            value = self._map(extra, shape.extra, role, acc, depth + 1)
            acc.typing.add("Mapping")
            texts.append(f"Mapping[{self._name('str', acc)}, {value}]")
        return _union(texts, acc)

    def _nullable(self, text: str, node: dict[str, Any]) -> str:
        if (
            node.get("nullable") is True
            and text not in ("Any", "None")
            and not text.endswith("| None")
        ):
            return f"{text} | None"
        return text

    def _structural(
        self, node: dict[str, Any], ptr: str, role: Mode, acc: _Needs, depth: int
    ) -> str:
        for values in ((node["const"],) if "const" in node else None, node.get("enum")):
            literal = _literal(tuple(values), acc) if isinstance(values, list | tuple) else None
            if literal:
                return literal
        for key in ("oneOf", "anyOf"):
            members = node.get(key)
            if isinstance(members, list) and members:
                return _union(
                    [
                        self._map(m, f"{ptr}/{key}/{i}", role, acc, depth + 1)
                        for i, m in enumerate(members)
                    ],
                    acc,
                )
        all_of = node.get("allOf")
        if isinstance(all_of, list) and len(all_of) == 1:
            return self._map(all_of[0], f"{ptr}/allOf/0", role, acc, depth + 1)
        kinds = node.get("type")
        declared = [kinds] if isinstance(kinds, str) else kinds if isinstance(kinds, list) else []
        texts = [self._type(k, node, ptr, role, acc, depth) for k in declared if isinstance(k, str)]
        if texts:
            return _union(texts, acc)
        # No type: what the keywords imply.
        if "properties" in node or "additionalProperties" in node or isinstance(all_of, list):
            return self._type("object", node, ptr, role, acc, depth)
        if "items" in node:
            return self._type("array", node, ptr, role, acc, depth)
        return _any(acc)

    def _type(
        self, kind: str, node: dict[str, Any], ptr: str, role: Mode, acc: _Needs, depth: int
    ) -> str:
        scalar = scalar_type(kind, node.get("format"), "output" if role == "output" else "input")
        if scalar is not None:
            return scalar if scalar == "None" else self._name(scalar, acc)
        if kind == "array":
            items = node.get("items")
            inner = (
                _any(acc)
                if items is None
                else self._map(items, f"{ptr}/items", role, acc, depth + 1)
            )
            if role != "output":
                acc.typing.add("Sequence")
                return f"Sequence[{inner}]"
            return f"{self._name('list', acc)}[{inner}]"
        if kind == "object":
            extra = node.get("additionalProperties")
            typed = isinstance(extra, dict) and extra and not node.get("properties")
            value = (
                self._map(extra, f"{ptr}/additionalProperties", role, acc, depth + 1)
                if typed
                else _any(acc)
            )
            key = self._name("str", acc)
            if role != "output":
                acc.typing.add("Mapping")
                return f"Mapping[{key}, {value}]"
            return f"{self._name('dict', acc)}[{key}, {value}]"
        return _any(acc)


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _any(acc: _Needs) -> str:
    acc.typing.add("Any")
    return "Any"


def _literal(values: tuple[Any, ...], acc: _Needs) -> str | None:
    if not values or len(values) > _MAX_LITERALS:
        return None
    parts = []
    has_none = False
    for value in values:
        if value is None:
            has_none = True
            continue
        if isinstance(value, bool | int | str):
            parts.append(literal(value))
        else:
            return None
    if not parts:
        return "None"
    acc.typing.add("Literal")
    text = f"Literal[{', '.join(dict.fromkeys(parts))}]"
    return f"{text} | None" if has_none else text


def _union(texts: list[str], acc: _Needs) -> str:
    flat: list[str] = []
    for text in texts:
        for part in union_members(text):
            if part not in flat:
                flat.append(part)
    if "Any" in flat:
        return _any(acc)
    if "None" in flat:
        flat = [p for p in flat if p != "None"] + ["None"]
    return " | ".join(flat) if flat else "Any"


def union_members(text: str) -> list[str]:
    """Top-level `|` members of a type expression (brackets and string literals respected)."""
    parts: list[str] = []
    depth = 0
    quote = ""
    escaped = False
    start = 0
    for index, char in enumerate(text):
        if quote:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == quote:
                quote = ""
            continue
        if char in "'\"":
            quote = char
        elif char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(text[start:index].strip())
            start = index + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]
