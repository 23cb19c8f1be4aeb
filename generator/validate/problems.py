"""openapi-spec-validator's errors as located, actionable Problems."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from generator.document import HTTP_METHODS
from generator.errors import Problem, pointer, split_pointer

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

_PARAM_MESSAGE = re.compile(
    r"Path parameter '(?P<name>[^']*)' for '(?P<method>\w+)' operation in '(?P<url>.*)' was not resolved"
)

# Specs write ECMA-262 regexes; the validator checks them with Python's `re`, which rejects valid ECMA syntax
# such as `(?<name>...)`. The client never evaluates patterns, so this is reported but does not fail validation.
_REGEX_DIALECT = "is not a 'regex'"


def to_problem(error: ValidationError, document: dict[str, Any]) -> Problem:
    from openapi_spec_validator.validation.exceptions import UnresolvableParameterError

    message = str(error.message)
    if isinstance(error, UnresolvableParameterError):
        m = _PARAM_MESSAGE.match(message)
        if m:
            url, method, name = m["url"], m["method"], m["name"]
            op = document.get("paths", {}).get(url, {}).get(method, {})
            declared = any(
                isinstance(p, dict) and p.get("name") == name and p.get("in") == "path"
                for p in op.get("parameters") or []
            )
            if declared:
                text = (
                    f"path parameter '{name}' is declared but does not appear in the path template"
                )
                fix = f"remove it, or add `{{{name}}}` to the path"
            else:
                text = f"path parameter '{name}' appears in the path but is not declared"
                fix = f"declare `{{name: {name}, in: path, required: true, schema: {{type: string}}}}` in the operation's parameters"
            return Problem(
                pointer("paths", url, method, "parameters"),
                text,
                _operation_label(document, ["paths", url, method]),
                fix,
            )
    parts = list(getattr(error, "clientgen_parts", None) or [str(p) for p in error.absolute_path])
    fix = _fix_for(error, message)
    holder = getattr(error, "clientgen_default", None)
    if isinstance(holder, int):
        # The validator names the schema by the path it walked; the default is written where `$ref`s lead.
        parts = [*_follow_refs(document, parts[:holder]), *parts[holder:]]
        message = f"the default does not match the schema: {message}"
        fix = "correct the `default` (or the schema) in the overlay"
    severity = "warning" if _REGEX_DIALECT in message else "error"
    return Problem(
        pointer(*parts), _shorten(message), _operation_label(document, parts), fix, severity
    )


def _follow_refs(document: dict[str, Any], parts: list[str]) -> list[str]:
    """The pointer tokens of the node `parts` walks to, through `$ref`s (unchanged if it cannot be followed)."""
    parts = [str(p) for p in parts]
    node: Any = document
    resolved: list[str] = []
    for token in [*parts, None]:
        for _ in range(16):
            ref = node.get("$ref") if isinstance(node, dict) else None
            if (
                not isinstance(ref, str)
                or not ref.startswith("#")
                or (token is not None and token in node)
            ):
                break
            resolved = split_pointer(ref)
            node = document
            for step in resolved:
                node = node.get(step) if isinstance(node, dict) else None
        if token is None:
            break
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return parts
        resolved.append(token)
    return resolved


def _fix_for(error: ValidationError, message: str) -> str:
    from openapi_spec_validator.validation.exceptions import DuplicateOperationIDError

    if _REGEX_DIALECT in message:
        return "none needed: clients do not check patterns (Python's re rejects some valid ECMA-262 regexes)"
    if isinstance(error, DuplicateOperationIDError):
        return "give each operation a unique operationId in the overlay"
    if "is not valid under any of the given schemas" in message or "is not of type" in message:
        return "make this node match the OpenAPI schema for its position"
    if "Additional properties are not allowed" in message:
        return "remove the unknown key, or prefix it with `x-` to make it an extension"
    if "is a required property" in message:
        return "add the missing key"
    return "correct this node in the overlay"


def _shorten(message: str, limit: int = 300) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _operation_label(document: dict[str, Any], parts: list[str] | tuple[str, ...]) -> str:
    if len(parts) >= 3 and parts[0] == "paths" and parts[2] in HTTP_METHODS:
        url, method = parts[1], parts[2]
        op = document.get("paths", {}).get(url, {})
        op = op.get(method) if isinstance(op, dict) else None
        op_id = op.get("operationId") if isinstance(op, dict) else None
        label = f"{method.upper()} {url}"
        return f"{label} ({op_id})" if isinstance(op_id, str) else label
    return ""
