"""The library path: openapi-spec-validator's full validation, every problem located and made actionable.
Its semantic errors (unresolved path parameters, duplicate operationIds, bad defaults...) carry no location:
so each keyword validator stamps one leaving it unstamped with the node it looked at."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from jsonschema.exceptions import ValidationError
from jsonschema_path import SchemaPath
from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
from openapi_spec_validator.validation import exceptions
from openapi_spec_validator.validation.keywords import ValueValidator

import generator.validate.library_internals as internals
from generator.errors import Problem, pointer, split_pointer
from generator.escape import lone_surrogate_pointer
from generator.validate.compiled import metaschema_validator
from generator.validate.keywords import lookup, operation_label, shorten, unresolved_parameter
from generator.validate.shape import reference_problems, shape_problems

_PARAM_MESSAGE = re.compile(
    r"Path parameter '(?P<name>[^']*)' for '(?P<method>\w+)' operation in '(?P<url>.*)' was not resolved"
)
# Specs write ECMA-262 regexes; the validator checks them with Python's `re`, which rejects valid ECMA syntax
# such as `(?<name>...)`. The client never evaluates patterns, so this is reported but does not fail validation.
_REGEX_DIALECT = "is not a 'regex'"
# What to do about an error, by what its message says.
_FIXES = {
    _REGEX_DIALECT: "none needed: clients do not check patterns (Python's re rejects some valid ECMA-262 regexes)",
    "is not valid under any of the given schemas": "make this node match the OpenAPI schema for its position",
    "is not of type": "make this node match the OpenAPI schema for its position",
    "Additional properties are not allowed": "remove the unknown key, or prefix it with `x-` to make it an extension",
    "is a required property": "add the missing key",
}
_SURROGATE = "a lone surrogate (U+D800 to U+DFFF) here is no character, and the validator cannot read it"
_SURROGATE_FIX = "replace the `\\udXXX` escape with the character meant (a pair of escapes), with the overlay"
_UNWALKABLE = "a keyword of this node does not have the shape the OpenAPI schema gives it"
_FIXES[_UNWALKABLE] = "make this node match the OpenAPI schema for its position"
_TOO_DEEP = "the document nests too deeply (or has a `$ref` cycle the validator cannot follow)"


def library_problems(document: dict[str, Any], *, precheck: bool = True) -> list[Problem]:
    """Every problem openapi-spec-validator finds in the document, sorted by pointer. `precheck` puts the compiled
    metaschema check in front of the library's own (if the libraries are set up as it assumes)."""
    shapes = shape_problems(document)
    if shapes:  # the library's walk would end in an exception on each of them
        return shapes
    v30, v31 = _validators(precheck and internals.library_behaves_as_assumed())
    cls = v31 if str(document.get("openapi", "")).startswith("3.1") else v30
    errors: list[ValidationError] = []
    try:
        for error in cls(document).iter_errors():
            errors.append(error)
    except RecursionError:
        # A `$ref` cycle it follows without end (reported where it starts), or a document too deep for it.
        return reference_problems(document) or [Problem("", _TOO_DEEP)]
    except UnicodeEncodeError:  # the validator's regexes cannot read a lone surrogate
        return [Problem(lone_surrogate_pointer(document) or "", _SURROGATE, fix=_SURROGATE_FIX)]
    except Exception:
        # Its walk after the OpenAPI schema check assumes the shapes that check has just refused (`paths` a
        # list, an operation that is null...): those refusals, already listed, say what to fix. Else it met a
        # `$ref` that names nothing (its message would quote the whole document): the walk of every reference
        # locates it. With neither, the exception is a bug, to be reported as one.
        if not errors:
            located = reference_problems(document)
            if not located:
                raise
            return located
    return sorted({to_problem(error, document) for error in errors})


def _located(cls: Any, precheck: bool) -> type:
    is_value = isinstance(cls, type) and issubclass(cls, ValueValidator)

    class Located(internals.tuned(cls, metaschema_validator if precheck else None)):  # type: ignore[misc]
        def __call__(self, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
            where = next((a for a in args if isinstance(a, SchemaPath)), None)
            try:
                yield from self._located(where, *args, **kwargs)
            except UnicodeError:
                raise  # a lone surrogate: library_problems says where
            except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
                # Its walk indexes into nodes as their keywords should be (`oneOf: 0`, reached where no
                # metaschema check looked): the node it was walking is the problem, reported there.
                if where is None:
                    raise
                error = exceptions.OpenAPIValidationError(f"{_UNWALKABLE} ({type(exc).__name__}: {exc})")
                error.clientgen_parts = tuple(str(part) for part in where.parts)
                yield error

        def _located(self, where: Any, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
            for error in super().__call__(*args, **kwargs):
                # The innermost validator stamps first; schema errors carry a path relative to the schema.
                if where is not None and getattr(error, "clientgen_parts", None) is None:
                    # The validator re-creates other errors as this type on the way out, dropping the stamp.
                    if not isinstance(error, exceptions.OpenAPIValidationError):
                        error = exceptions.OpenAPIValidationError.create_from(error)
                    # A value validator checks the schema's `default`: its errors are about that value.
                    value = ("default",) if is_value else ()
                    error.clientgen_parts = (*where.parts, *value, *(str(p) for p in error.path))
                    # How many of those parts lead to the schema that holds the default.
                    error.clientgen_default = len(where.parts) if value else None
                yield error

    Located.__name__ = cls.__name__
    return Located


@cache
def _validators(precheck: bool) -> list[type]:
    """The 3.0 and 3.1 validator classes, located."""
    classes = []
    for base in (OpenAPIV30SpecValidator, OpenAPIV31SpecValidator):
        keywords = {}
        for name, cls in base.keyword_validators.items():
            if name in internals.EXTENSIBLE_MAP_VALIDATORS:
                cls = internals.skipping_extensions(cls, internals.EXTENSIBLE_MAP_VALIDATORS[name])
            keywords[name] = _located(cls, precheck)
        # No resolver handlers: the refs stage has refused or bundled every remote or file `$ref`.
        overrides = {"resolver_handlers": {}, "keyword_validators": keywords}
        classes.append(type("Clientgen" + base.__name__, (base,), overrides))
    return classes


def to_problem(error: ValidationError, document: dict[str, Any]) -> Problem:
    message = str(error.message)
    unresolved = isinstance(error, exceptions.UnresolvableParameterError)
    match = _PARAM_MESSAGE.match(message) if unresolved else None
    if match:
        return unresolved_parameter(document, match["url"], match["method"], match["name"])
    parts = [str(part) for part in getattr(error, "clientgen_parts", None) or error.absolute_path]
    fixes = [fix for words, fix in _FIXES.items() if words in message]
    fix = fixes[0] if fixes else "correct this node in the overlay"
    if isinstance(error, exceptions.DuplicateOperationIDError):
        fix = "give each operation a unique operationId in the overlay"
    holder = getattr(error, "clientgen_default", None)
    if isinstance(holder, int):
        # The validator names the schema by the path it walked; the default is written where `$ref`s lead.
        parts = [*_follow_refs(document, parts[:holder]), *parts[holder:]]
        message = f"the default does not match the schema: {message}"
        fix = "correct the `default` (or the schema) in the overlay"
    severity = "warning" if _REGEX_DIALECT in message else "error"
    return Problem(pointer(*parts), shorten(message), operation_label(document, parts), fix, severity)


def _follow_refs(document: dict[str, Any], parts: list[str]) -> list[str]:
    """The pointer tokens of the node `parts` walks to, through `$ref`s (as walked, if they cannot be followed)."""
    node: Any = document
    resolved: list[str] = []
    try:
        for token in [*parts, None]:
            # A `$ref` node stands for the node it names, unless it holds the next token itself.
            for _ in range(16):
                ref = node.get("$ref") if isinstance(node, dict) else None
                if not isinstance(ref, str) or token in node:
                    break
                node, resolved = lookup(document, ref), split_pointer(ref)
            if token is not None:
                node = node[int(token) if isinstance(node, list) else token]
                resolved.append(token)
    except (
        Exception
    ):  # a `$ref` the fast check does not follow either, or a step that leads nowhere
        return parts
    return resolved
