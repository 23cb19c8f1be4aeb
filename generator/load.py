"""Stage 1: load an OpenAPI document from a file or URL (JSON, or YAML through the C safe loader)."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from generator import limits
from generator.errors import ClientgenError, UsageError, pointer
from generator.escape import shown
from generator.source import read_source


@dataclass(frozen=True)
class LoadedSpec:
    document: dict[str, Any]
    source: str
    sha256: str


def parse_document(raw: bytes, source: str, *, what: str = "spec") -> Any:
    """Parse JSON or YAML bytes into plain Python data with string keys."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{what} is not UTF-8 text (byte {exc.start} is invalid)",
            where=source,
            fix="save the document as UTF-8 JSON or YAML",
        ) from None
    stripped = text.lstrip()
    if not stripped:
        raise UsageError(f"{what} is empty", where=source, fix="check the file or URL")
    if stripped[0] in "{[":
        duplicates = _Duplicates()
        try:
            data = json.loads(text, object_pairs_hook=duplicates.collect)
        except json.JSONDecodeError as exc:
            if not source.endswith((".yaml", ".yml")):
                raise UsageError(
                    f"{what} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
                    where=f"{source}:{exc.lineno}:{exc.colno}",
                    fix="fix the JSON syntax at that position",
                ) from None
        except RecursionError:
            raise _too_deep(what, _deep_position(text, source)) from None
        else:
            check_depth(data, source, what)
            duplicates.refuse(data, source, what)
            return data
    # Here: JSON documents, the common case, never need YAML.
    import yaml

    from generator.load_yaml import load_yaml

    try:
        data, repeats = load_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        raise UsageError(
            f"{what} is not valid YAML: {exc.problem or exc.context} at line {line}, column {col}",
            where=f"{source}:{line}:{col}",
            fix="fix the YAML syntax at that position (quote strings that contain ': ' or start with special characters)",
        ) from None
    except yaml.YAMLError as exc:
        raise UsageError(
            f"{what} is not valid YAML: {exc}", where=source, fix="fix the YAML syntax"
        ) from None
    except RecursionError:
        raise _too_deep(what, _deep_position(text, source)) from None
    return _normalise(data, source, what, repeats)


def _normalise(
    data: Any, source: str, what: str, repeats: dict[int, tuple[str, int, int]]
) -> Any:
    """Make YAML data look like JSON data: string keys (`200:` is an int in YAML), ISO dates as strings, and
    no node shared (an alias becomes a copy of what it names).

    Iterative, so that deep documents do not hit the recursion limit, and bounded: nesting by
    `limits.MAX_DEPTH`, the nodes aliases add by `limits.MAX_ALIAS_NODES`; a recursive alias is refused, and
    so is a mapping that `repeats` a key (by the id of its dict: the key, its line and column).
    """
    if not isinstance(data, dict | list):
        return _scalar(data)
    alias_budget = limits.MAX_ALIAS_NODES
    seen: set[int] = set()
    root: list[Any] = [data]
    # (container, key, depth, where the container is): a location is (its container's location, its key,
    # the id of the node it holds), linked upwards, built only for objects and arrays.
    stack: list[tuple[Any, Any, int, _Where]] = [(root, 0, 0, None)]
    while stack:
        parent, key, depth, above = stack.pop()
        value = parent[key]
        here: _Where = None if parent is root else (above, key, id(value))
        if depth > limits.MAX_DEPTH:
            raise _too_deep(what, f"{source}#{_pointer(here)}")
        if id(value) in repeats:
            repeated, line, column = repeats[id(value)]
            raise ClientgenError(
                f"{what} sets key {shown(repeated)!r} twice in one mapping (line {line}, column {column}); "
                "YAML loaders keep only one of the two",
                where=f"{source}#{pointer(*_tokens(here), repeated)}",
                fix="remove or merge the repeated key",
            )
        if id(value) in seen:
            if _is_ancestor(id(value), above):
                raise ClientgenError(
                    f"{what} holds a recursive YAML alias: a node contains an alias to itself",
                    where=f"{source}#{_pointer(here)}",
                    fix="replace the alias with a copy of the node, or a `$ref` to it",
                )
            alias_budget -= 1 + len(value)
            if alias_budget < 0:
                raise ClientgenError(
                    f"{what}'s YAML aliases expand to more than {limits.MAX_ALIAS_NODES} nodes "
                    f"({limits.named('MAX_ALIAS_NODES')})",
                    where=f"{source}#{_pointer(here)}",
                    fix="remove repeated or nested YAML aliases (write the node once, or use a `$ref`)",
                )
        else:
            seen.add(id(value))
        fresh: dict[str, Any] | list[Any] = (
            {_key(k): v for k, v in value.items()} if isinstance(value, dict) else list(value)
        )
        parent[key] = fresh
        items = fresh.items() if isinstance(fresh, dict) else enumerate(fresh)
        for k, v in items:
            if isinstance(v, dict | list):
                stack.append((fresh, k, depth + 1, here))
            elif isinstance(v, _dt.date | bytes):
                fresh[k] = _scalar(v)  # type: ignore[index]
            elif type(v) not in _JSON_SCALARS:
                raise ClientgenError(
                    f"{what} holds {_NOT_JSON.get(type(v), type(v).__name__)}, which JSON cannot hold",
                    where=f"{source}#{_pointer((here, k, id(v)))}",
                    fix="write a mapping or a list instead",
                )
    return root[0]


_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})
# What the safe loader builds from the YAML tags JSON has no equivalent for.
_NOT_JSON: dict[type, str] = {set: "a YAML set (`!!set`)", tuple: "YAML pairs (`!!omap` or `!!pairs`)"}


class _Duplicates:
    """The objects of a JSON document that set a key twice: `json` keeps the last without a word (`paths` twice
    would leave only the second), so a spec could lose half its operations and still validate."""

    def __init__(self) -> None:
        self.found: dict[int, str] = {}

    def collect(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        data = dict(pairs)
        if len(data) != len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    self.found[id(data)] = key
                    break
                seen.add(key)
        return data

    def refuse(self, data: Any, source: str, what: str) -> None:
        """Raise for the first object of `data` found with a repeated key (nothing when none is)."""
        stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())] if self.found else []
        while stack:
            node, at = stack.pop()
            if isinstance(node, dict) and id(node) in self.found:
                key = self.found[id(node)]
                raise ClientgenError(
                    f"{what} sets key {shown(key)!r} twice in one object; JSON parsers keep only the last",
                    where=f"{source}#{pointer(*at, key)}",
                    fix="remove or merge the repeated key",
                )
            items = node.items() if isinstance(node, dict) else enumerate(node)
            stack.extend((v, (*at, k)) for k, v in items if isinstance(v, dict | list))


# A location in `_normalise`: None at the top, else (location above, key, id of the node found there).
_Where = tuple[Any, str | int, int] | None


def _is_ancestor(node_id: int, where: _Where) -> bool:
    while where is not None:
        where, _, ancestor = where
        if ancestor == node_id:
            return True
    return False


def _tokens(where: _Where) -> list[str | int]:
    tokens: list[str | int] = []
    while where is not None:
        where, key, _ = where
        tokens.append(key)
    return tokens[::-1]


def _pointer(where: _Where) -> str:
    return pointer(*_tokens(where))


def _scalar(value: Any) -> Any:
    if isinstance(value, _dt.datetime | _dt.date):
        return value.isoformat()
    if isinstance(value, bytes):  # !!binary
        return value.decode("latin-1")
    return value


_CONTAINERS = (dict, list)


def check_depth(data: Any, source: str, what: str) -> None:
    """Refuse a parsed document (JSON, or one an overlay changed) that nests deeper than `limits.MAX_DEPTH`:
    a walk level by level that keeps no locations (the common case costs little), then one that does, to the
    first node too deep."""
    level = [data] if isinstance(data, dict | list) else []
    depth = 0
    while level:
        if depth > limits.MAX_DEPTH:
            raise _too_deep(what, f"{source}#{_first_too_deep(data)}")
        below: list[Any] = []
        for value in level:
            # Exact types and a list, not a generator: twice as fast, and parsed data holds no subclasses.
            below += [
                v
                for v in (value.values() if isinstance(value, dict) else value)
                if type(v) in _CONTAINERS
            ]
        level = below
        depth += 1


def _first_too_deep(data: Any) -> str:
    """The pointer of the first node of `data` nested deeper than `limits.MAX_DEPTH` ("" if none is)."""
    stack: list[tuple[Any, int, _Where]] = [(data, 0, None)]
    while stack:
        value, depth, here = stack.pop()
        if depth > limits.MAX_DEPTH:
            return _pointer(here)
        items = value.items() if isinstance(value, dict) else enumerate(value)
        stack.extend((v, depth + 1, (here, k, 0)) for k, v in items if isinstance(v, dict | list))
    return ""


def _deep_position(text: str, source: str) -> str:
    """`source:line:column` of the first bracket nested deeper than `limits.MAX_DEPTH`, for a document too
    deep for the parser itself (JSON or YAML flow style): brackets inside quoted strings do not count."""
    depth = 0
    line, column = 1, 0
    quote = ""
    escaped = False
    for char in text:
        column += 1
        if char == "\n":
            line, column = line + 1, 0
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "{[":
            depth += 1
            if depth > limits.MAX_DEPTH:
                return f"{source}:{line}:{column}"
        elif char in "}]":
            depth -= 1
    return source


def _too_deep(what: str, where: str) -> ClientgenError:
    return ClientgenError(
        f"{what} nests deeper than {limits.MAX_DEPTH} levels ({limits.named('MAX_DEPTH')})",
        where=where,
        fix="flatten the document: move deeply nested schemas to `components/schemas` and `$ref` them",
    )


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, _dt.datetime | _dt.date):
        return key.isoformat()
    return str(key)


def load_spec(source: str, raw: bytes | None = None) -> LoadedSpec:
    """The spec at `source` (its bytes `raw` when they were read already)."""
    if raw is None:
        raw = read_source(source)
    document = parse_document(raw, source)
    if not isinstance(document, dict):
        raise ClientgenError(
            f"spec's top level is a {type(document).__name__}, not an object",
            where=f"{source}#/",
            fix="pass an OpenAPI 3.0 or 3.1 document",
        )
    check_openapi_version(document, source)
    return LoadedSpec(document=document, source=source, sha256=hashlib.sha256(raw).hexdigest())


def check_openapi_version(document: dict[str, Any], source: str) -> str:
    if "swagger" in document:
        raise ClientgenError(
            f"{source} is a Swagger {document.get('swagger')} document; clientgen reads OpenAPI 3.0 and 3.1",
            where=f"{source}#/swagger",
            fix="convert it first, e.g. `npx swagger2openapi spec.json -o spec.openapi.json` or the converter "
            "at https://converter.swagger.io, then generate from the converted file",
        )
    version = document.get("openapi")
    if not isinstance(version, str) or not version.startswith(("3.0", "3.1")):
        raise ClientgenError(
            f"unsupported or missing `openapi` version: {version!r}",
            where=f"{source}#/openapi",
            fix="clientgen reads OpenAPI 3.0.x and 3.1.x documents; set `openapi: 3.0.3` or `3.1.0`",
        )
    return version
