"""Stage 1: load an OpenAPI document from a file or URL (JSON, or YAML through the C safe loader)."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from generator.errors import ClientgenError, UsageError
from generator.source import read_source

# YAML aliases let a tiny file describe a huge tree ("billion laughs"). Normalisation walks the tree without
# sharing, so it stops past this many nodes; the largest real specs we know (Microsoft Graph, 20 MB) stay well
# below it.
MAX_NODES = 30_000_000


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
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            if not source.endswith((".yaml", ".yml")):
                raise UsageError(
                    f"{what} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
                    where=f"{source}:{exc.lineno}:{exc.colno}",
                    fix="fix the JSON syntax at that position",
                ) from None
        except RecursionError:
            raise UsageError(
                f"{what} nests too deeply to parse", where=source, fix="check the document"
            ) from None
    import yaml  # here: JSON documents, the common case, never need it

    # The C loader is ~20x faster on multi-megabyte specs; fall back only where libyaml is missing.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)
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
        raise UsageError(
            f"{what} nests too deeply to parse", where=source, fix="check the document"
        ) from None
    return _normalise(data, source, what)


def _normalise(data: Any, source: str, what: str) -> Any:
    """Make YAML data look like JSON data: string keys (`200:` is an int in YAML), ISO dates as strings.

    Iterative, so that deep documents do not hit the recursion limit, and bounded (see MAX_NODES).
    """
    budget = MAX_NODES

    def convert(value: Any) -> Any:
        if isinstance(value, _dt.datetime | _dt.date):
            return value.isoformat()
        if isinstance(value, bytes):  # !!binary
            return value.decode("latin-1")
        return value

    root: list[Any] = [data]
    stack: list[tuple[Any, Any]] = [(root, 0)]
    while stack:
        parent, key = stack.pop()
        value = parent[key]
        budget -= 1
        if budget < 0:
            raise ClientgenError(
                f"{what} expands to more than {MAX_NODES} nodes (YAML aliases?)",
                where=source,
                fix="remove recursive or repeated YAML aliases",
            )
        if isinstance(value, dict):
            fresh: dict[str, Any] = {}
            for k, v in value.items():
                fresh[_key(k)] = v
            parent[key] = fresh
            stack.extend((fresh, k) for k in fresh)
        elif isinstance(value, list):
            fresh_list = list(value)
            parent[key] = fresh_list
            stack.extend((fresh_list, i) for i in range(len(fresh_list)))
        else:
            parent[key] = convert(value)
    return root[0]


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
