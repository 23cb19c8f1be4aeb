"""openapi-schema-validator's own value check, the reference the fast default check is compared against."""

from __future__ import annotations

from typing import Any


def library_validator(oas31: bool, schemas: dict[str, Any], name: str) -> Any:
    """The library's validator for schemas[name] read where it stands, `$ref`s resolved among `schemas`."""
    from openapi_schema_validator import (  # here: only the tests that compare against it pay the import
        OAS30Validator,
        OAS31Validator,
        oas30_format_checker,
        oas31_format_checker,
    )

    cls, formats = (
        (OAS31Validator, oas31_format_checker) if oas31 else (OAS30Validator, oas30_format_checker)
    )
    root = {"$ref": f"#/components/schemas/{name}", "components": {"schemas": schemas}}
    return cls(root, format_checker=formats)
