"""The library path: openapi-spec-validator's full validation, every problem located with a JSON pointer.

The validator's semantic errors (unresolved path parameters, duplicate operationIds, bad defaults...) carry no
location of their own. Each keyword validator is wrapped so that an error leaving it without a location is
stamped with the node that validator was looking at; the innermost validator wins, which gives the most precise
pointer.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

import generator.validate.library_internals as internals
from generator.errors import Problem
from generator.validate.problems import to_problem

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError


def library_problems(document: dict[str, Any], *, precheck: bool = True) -> list[Problem]:
    """Every problem openapi-spec-validator finds in the document, sorted by pointer.

    `precheck` puts the compiled metaschema check in front of the library's own; the problems are the same
    without it, only slower to find.
    """
    version = str(document.get("openapi", ""))
    v30, v31 = _validators(precheck)
    cls = v31 if version.startswith("3.1") else v30
    try:
        errors = list(cls(document).iter_errors())
    except RecursionError:
        return [
            Problem(
                "",
                "the document nests too deeply (or has a `$ref` cycle the validator cannot follow)",
            )
        ]
    return sorted({to_problem(error, document) for error in errors})


@cache
def _compiled_metaschema(validator_cls: type) -> Any:
    """`validator_cls`'s metaschema compiled by jsonschema-rs, or None when it cannot be.

    openapi-spec-validator checks every component schema against its dialect's metaschema with the pure-Python
    `jsonschema`, which resolves the 2020-12 metaschema's `$dynamicRef`s anew for every node: 0.7 s of the Oxen
    server spec's 0.9 s validation. The library offers no hook for this, hence a compiled check in front of it.
    Formats are checked as the library's own check does (its `regex` function) or more strictly (`uri`...).
    """
    import jsonschema_rs

    try:
        return jsonschema_rs.validator_for(
            validator_cls.META_SCHEMA,  # type: ignore[attr-defined]
            registry=jsonschema_rs.Registry(internals.openapi_metaschema_resources()),
            validate_formats=True,
            formats={"regex": internals.library_regex_check()},
            offline=True,
        )
    except Exception:  # an unusual dialect: the library's own check alone
        return None


def _surely_valid_schema(keyword: Any, schema: Any, value: Any) -> bool:
    """True when the compiled metaschema accepts the schema; anything else goes to the library's own check.

    Only a pass is trusted: the compiled check is at least as strict as the library's (it checks `uri` formats
    the library skips), and a failure is re-checked by the library so its error message is the one reported.
    """
    validator_cls = internals.schema_validator_class(keyword, schema, value)
    compiled = _compiled_metaschema(validator_cls) if validator_cls is not None else None
    if compiled is None:
        return False
    try:
        return bool(compiled.is_valid(value))
    except Exception:  # a value jsonschema-rs cannot take (a YAML date, say)
        return False


def _located(cls: Any, precheck: bool) -> type:
    from openapi_spec_validator.validation.keywords import SchemaValidator, ValueValidator

    is_value = isinstance(cls, type) and issubclass(cls, ValueValidator)
    is_schema = isinstance(cls, type) and issubclass(cls, SchemaValidator)
    base = (
        internals.with_metaschema_precheck(cls, _surely_valid_schema)
        if is_schema and precheck
        else cls
    )

    class Located(base):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            internals.use_id_sets(self)

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


def _validator_class(base: Any, precheck: bool) -> type:
    # No resolver handlers: the validator must never fetch a remote or file `$ref` (the refs stage has already
    # refused or bundled them).
    return type(
        "Clientgen" + base.__name__,
        (base,),
        {
            "resolver_handlers": {},
            "keyword_validators": {
                k: _located(c, precheck) for k, c in base.keyword_validators.items()
            },
        },
    )


@cache
def _validators(precheck: bool) -> tuple[type, type]:
    """The 3.0 and 3.1 validator classes, built on first use (openapi-spec-validator is slow to import)."""
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    return (
        _validator_class(OpenAPIV30SpecValidator, precheck),
        _validator_class(OpenAPIV31SpecValidator, precheck),
    )
