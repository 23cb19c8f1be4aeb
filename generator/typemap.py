"""Python type expressions for schemas, as used in generated signatures.

Return types ("output") name the generated model classes. Argument types ("input") are wider, because callers
write literals: a model argument also takes a plain mapping, an enum takes its string values (`Literal[...]`),
lists take any sequence and objects any mapping.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from generator.document import deref, resolve_pointer
from generator.escape import literal

Role = Literal["input", "output"]
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
        self, document: dict[str, Any], models: ModelIndex, local_name: Callable[[str], str]
    ) -> None:
        self.document = document
        self.models = models
        self.local_name = local_name
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

    def _map_root(self, ptr: str | None, role: Role) -> PyType:
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

    def _map(self, node: Any, ptr: str, role: Role, acc: _Needs, depth: int) -> str:
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
            text = self._class(cls.name, cls.kind, cls.enum_values, role, acc)
            return self._nullable(text, node)
        return self._nullable(self._structural(node, ptr, role, acc, depth), node)

    def _class(self, name: str, kind: str, values: tuple[Any, ...], role: Role, acc: _Needs) -> str:
        if role == "input" and kind == "enum":
            literal = _literal(values, acc)
            if literal:
                return literal
        acc.models.add(name)
        local = self.local_name(name)
        if role == "input" and kind == "model":
            acc.typing.update({"Mapping", "Any"})
            return f"{local} | Mapping[{self._name('str', acc)}, Any]"
        return local

    def _nullable(self, text: str, node: dict[str, Any]) -> str:
        if (
            node.get("nullable") is True
            and text != "Any"
            and not text.endswith("| None")
            and text != "None"
        ):
            return f"{text} | None"
        return text

    def _structural(
        self, node: dict[str, Any], ptr: str, role: Role, acc: _Needs, depth: int
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
        self, kind: str, node: dict[str, Any], ptr: str, role: Role, acc: _Needs, depth: int
    ) -> str:
        scalar = scalar_type(kind, node.get("format"), role)
        if scalar is not None:
            return scalar if scalar == "None" else self._name(scalar, acc)
        if kind == "array":
            items = node.get("items")
            inner = (
                _any(acc)
                if items is None
                else self._map(items, f"{ptr}/items", role, acc, depth + 1)
            )
            if role == "input":
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
            if role == "input":
                acc.typing.add("Mapping")
                return f"Mapping[{key}, {value}]"
            return f"{self._name('dict', acc)}[{key}, {value}]"
        return _any(acc)


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
