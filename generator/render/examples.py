"""Argument values for the calls the client's README shows, built from the schemas (so that they type-check).

An argument whose schema has no plain literal (a date, a file, a free-form union) makes its operation unfit for
an example; `call_arguments` then answers None and the README picks another operation.
"""

from __future__ import annotations

import json
from typing import Any

from generator.document import deref, resolve_pointer
from generator.errors import ClientgenError, escape_pointer_token
from generator.escape import literal
from generator.ir import Operation
from generator.typemap import union_members

# String formats the models type as something other than `str`.
_NOT_STR = frozenset({"date", "date-time", "time", "binary", "byte", "uuid", "duration", "decimal"})
_DEPTH = 4


def literal_for(document: dict[str, Any], ptr: str, name: str, depth: int = 0) -> str | None:
    """A Python literal the schema at `ptr` accepts (a dict literal for an object), or None."""
    if depth > _DEPTH or not ptr:
        return None
    try:
        node, where = deref(document, _node(document, ptr), ptr)
    except (KeyError, ClientgenError):
        return None
    if not isinstance(node, dict):
        return None
    for key in ("oneOf", "anyOf"):
        if isinstance(node.get(key), list) and node[key]:
            kept = [
                i
                for i, m in enumerate(node[key])
                if not (isinstance(m, dict) and m.get("type") == "null")
            ]
            if not kept:
                return None
            return literal_for(document, f"{where}/{key}/{kept[0]}", name, depth + 1)
    if isinstance(node.get("allOf"), list) and len(node["allOf"]) == 1:
        return literal_for(document, f"{where}/allOf/0", name, depth + 1)
    kind = node.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else None
    enum = node.get("enum")
    if isinstance(enum, list) and enum:
        value = enum[0]
        return (
            _python(value) if isinstance(value, str | int) and not isinstance(value, bool) else None
        )
    example = node.get("example")
    if kind == "string":
        if node.get("format") in _NOT_STR:
            return None
        return _python(example) if isinstance(example, str) and example else _python(name)
    if kind == "integer":
        return repr(example) if isinstance(example, int) and not isinstance(example, bool) else "1"
    if kind == "number":
        return "1.0"
    if kind == "boolean":
        return "True"
    if kind == "array" and isinstance(node.get("items"), dict):
        item = literal_for(document, f"{where}/items", name, depth + 1)
        return f"[{item}]" if item is not None else None
    if kind == "object" or "properties" in node:
        properties = node.get("properties") or {}
        entries = []
        for key in node.get("required") or []:
            if key not in properties or not key.isidentifier():
                return None
            at = f"{where}/properties/{escape_pointer_token(key)}"
            value = literal_for(document, at, key, depth + 1)
            if value is None:
                return None
            entries.append(f"{_python(key)}: {value}")
        return "{" + ", ".join(entries) + "}"
    return None


def call_arguments(op: Operation, document: dict[str, Any], skip: int = 0) -> str | None:
    """The required arguments of a call to the operation (the first `skip` path parameters left out)."""
    positional = [p for p in op.parameters if p.location == "path"][skip:]
    arguments = []
    for param in positional:
        value = literal_for(document, param.schema, param.py_name)
        if value is None:
            return None
        arguments.append(value)
    for param in op.parameters:
        if param.location != "path" and param.required:
            value = literal_for(document, param.schema, param.py_name)
            if value is None:
                return None
            arguments.append(f"{param.py_name}={value}")
    if op.body is not None:
        if op.body.fields is None:
            if not op.body.required:
                return ", ".join(arguments)
            value = literal_for(document, op.body.schema or "", op.body.py_name)
            if value is None:
                return None
            arguments.append(f"{op.body.py_name}={value}")
        else:
            for field in op.body.fields:
                if not field.required:
                    continue
                value = (
                    f'b"{field.py_name}"'
                    if field.is_file
                    else literal_for(document, field.schema, field.py_name)
                )
                if value is None:
                    return None
                arguments.append(f"{field.py_name}={value}")
    return ", ".join(arguments)


def strip_parentheses(annotation: str) -> str:
    """An annotation as a reader writes it: without the parentheses black needs around a long union."""
    if (
        annotation.startswith("(")
        and annotation.endswith(")")
        and len(union_members(annotation[1:-1])) > 1
    ):
        return annotation[1:-1]
    return annotation


def _node(document: dict[str, Any], ptr: str) -> Any:
    return resolve_pointer(document, ptr.removeprefix("#"))


def _python(value: str | int) -> str:
    """A literal as black writes it (double quotes): JSON's string escapes are Python's too."""
    if isinstance(value, str) and not value.isprintable():
        # JSON leaves line separators and lone surrogates raw; repr escapes every one of them.
        return literal(value)
    return json.dumps(value, ensure_ascii=False)
