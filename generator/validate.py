"""Stage 3: validate with openapi-spec-validator and report every problem with a JSON pointer.

The validator's semantic errors (unresolved path parameters, duplicate operationIds, bad defaults...) carry no
location of their own. Each keyword validator is wrapped so that an error leaving it without a location is
stamped with the node that validator was looking at; the innermost validator wins, which gives the most precise
pointer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

from generator.cache import Cache
from generator.document import HTTP_METHODS
from generator.errors import Problem, pointer, split_pointer

__all__ = ["HTTP_METHODS", "validate_cached", "validate_document"]


class _IdSet(list[int]):
    """A list with set-speed membership tests.

    openapi-spec-validator keeps the ids of schemas it has visited in plain lists and tests membership on every
    schema, which is quadratic: about 12 s of GitHub's spec. This keeps its list interface.
    """

    def __init__(self) -> None:
        super().__init__()
        self._members: set[int] = set()

    def append(self, item: int) -> None:
        self._members.add(item)
        super().append(item)

    def __contains__(self, item: object) -> bool:
        return item in self._members


@cache
def _compiled_metaschema(validator_cls: type) -> Any:
    """`validator_cls`'s metaschema compiled by jsonschema-rs, or None when it cannot be.

    openapi-spec-validator checks every component schema against its dialect's metaschema with the pure-Python
    `jsonschema`, which resolves the 2020-12 metaschema's `$dynamicRef`s anew for every node: 0.7 s of the Oxen
    server spec's 0.9 s validation. The library offers no hook for this, hence a compiled check in front of it.
    Formats are checked as the library's own check does (its `regex` function) or more strictly (`uri`...).
    """
    import jsonschema_rs
    from openapi_schema_validator._regex import is_valid_regex
    from openapi_schema_validator._specifications import REGISTRY

    try:
        openapi = [(uri, REGISTRY.contents(uri)) for uri in REGISTRY if "spec.openapis.org" in uri]
        return jsonschema_rs.validator_for(
            validator_cls.META_SCHEMA,  # type: ignore[attr-defined]
            registry=jsonschema_rs.Registry(openapi),
            validate_formats=True,
            formats={"regex": is_valid_regex},
            offline=True,
        )
    except Exception:  # an unusual dialect: the library's own check alone
        return None


def _surely_valid_schema(keyword: Any, schema: Any, value: Any) -> bool:
    """True when the compiled metaschema accepts the schema; anything else goes to the library's own check.

    Only a pass is trusted: the compiled check is at least as strict as the library's (it checks `uri` formats
    the library skips), and a failure is re-checked by the library so its error message is the one reported.
    """
    if hasattr(keyword, "_get_validator_class_for_dialect"):  # 3.1: a schema may name its own `$schema`
        try:
            validator_cls = keyword._get_validator_class_for_dialect(
                keyword._get_schema_dialect_id(schema, value)
            )
        except ValueError:
            return False
    else:
        validator_cls = getattr(keyword, "schema_validator_cls", None)
    compiled = _compiled_metaschema(validator_cls) if validator_cls is not None else None
    if compiled is None:
        return False
    try:
        return bool(compiled.is_valid(value))
    except Exception:  # a value jsonschema-rs cannot take (a YAML date, say)
        return False


def _located(cls: Any) -> type:
    from openapi_spec_validator.validation.keywords import SchemaValidator, ValueValidator

    is_value = isinstance(cls, type) and issubclass(cls, ValueValidator)
    is_schema = isinstance(cls, type) and issubclass(cls, SchemaValidator)

    class Located(cls):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            for name in ("visited_schema_ids", "meta_checked_schema_ids"):
                if isinstance(getattr(self, name, None), list):
                    setattr(self, name, _IdSet())

        if is_schema:

            def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
                if _surely_valid_schema(self, schema, schema_value):
                    return None
                return super()._validate_schema_meta(schema, schema_value)

        def __call__(self, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
            from jsonschema_path import SchemaPath
            from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

            where = next((a for a in args if isinstance(a, SchemaPath)), None)
            for error in super().__call__(*args, **kwargs):
                # The innermost validator stamps first; schema errors carry a path relative to the schema.
                if where is not None and getattr(error, "clientgen_parts", None) is None:
                    if not isinstance(error, OpenAPIValidationError):
                        # The validator re-creates other errors as this type on the way out, which would
                        # drop the stamp.
                        error = OpenAPIValidationError.create_from(error)
                    # A value validator checks the schema's `default`: its errors are about that value.
                    value = ("default",) if is_value else ()
                    error.clientgen_parts = (*where.parts, *value, *(str(p) for p in error.path))
                    # How many of those parts lead to the schema that holds the default.
                    error.clientgen_default = len(where.parts) if value else None
                yield error

    Located.__name__ = cls.__name__
    return Located


def _validator_class(base: Any) -> type:
    # No resolver handlers: the validator must never fetch a remote or file `$ref` (the refs stage has already
    # refused or bundled them).
    return type(
        "Clientgen" + base.__name__,
        (base,),
        {
            "resolver_handlers": {},
            "keyword_validators": {k: _located(c) for k, c in base.keyword_validators.items()},
        },
    )


@cache
def _validators() -> tuple[type, type]:
    """The 3.0 and 3.1 validator classes, built on first use (openapi-spec-validator is slow to import)."""
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    return _validator_class(OpenAPIV30SpecValidator), _validator_class(OpenAPIV31SpecValidator)


_PARAM_MESSAGE = re.compile(
    r"Path parameter '(?P<name>[^']*)' for '(?P<method>\w+)' operation in '(?P<url>.*)' was not resolved"
)


def validate_cached(document: dict[str, Any], cache: Cache) -> list[Problem]:
    """Every validation problem in the document, from the cache when these bytes were validated before.

    It runs in the main process while the model worker builds the models: the parent has nothing else to do
    until they come back, and a third process would only compete with that worker for the cores.
    """
    if not cache.enabled:
        return validate_document(document)
    key = cache.key("validate-v4", json.dumps(document, ensure_ascii=False, separators=(",", ":")))
    hit = cache.get("validate", key)
    if hit is not None:
        return [Problem(**item) for item in json.loads(hit)]
    problems = validate_document(document)
    cache.put("validate", key, json.dumps([p.__dict__ for p in problems]).encode())
    return problems


def validate_document(document: dict[str, Any]) -> list[Problem]:
    """Every validation problem in the document, sorted by pointer (empty when valid)."""
    version = str(document.get("openapi", ""))
    v30, v31 = _validators()
    cls = v31 if version.startswith("3.1") else v30
    problems: set[Problem] = set()
    try:
        errors = list(cls(document).iter_errors())
    except RecursionError:
        return [
            Problem(
                "",
                "the document nests too deeply (or has a `$ref` cycle the validator cannot follow)",
            )
        ]
    for error in errors:
        problems.add(_to_problem(error, document))
    return sorted(problems)


def _to_problem(error: ValidationError, document: dict[str, Any]) -> Problem:
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


# Specs write ECMA-262 regexes; the validator checks them with Python's `re`, which rejects valid ECMA syntax
# such as `(?<name>...)`. The client never evaluates patterns, so this is reported but does not fail validation.
_REGEX_DIALECT = "is not a 'regex'"


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


def problems_by_pointer(problems: list[Problem]) -> Callable[[str], list[Problem]]:
    """Look up the problems at or under a JSON pointer (used by lenient mode to decide what to skip)."""

    def under(ptr: str) -> list[Problem]:
        prefix = split_pointer(ptr)
        return [p for p in problems if split_pointer(p.pointer)[: len(prefix)] == prefix]

    return under
