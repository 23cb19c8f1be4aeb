"""Every reach into the validation libraries' internals: private hooks and package-data locations.

openapi-spec-validator and openapi-schema-validator offer no public way to do what clientgen needs (check
schemas faster, decide validity without importing them), so this module names the private functions and files
involved, and nothing else in the package does. tests/generator/test_validate_internals.py fails, naming what
moved, when an upgrade changes any of them.

Locations are found with `importlib.util.find_spec`, which does not execute the package: importing
openapi_spec_validator is the cost the compiled fast check exists to avoid.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

# openapi_schema_validator exports these, but importing it imports jsonschema and the whole library.
OAS31_BASE_DIALECT_ID = "https://spec.openapis.org/oas/3.1/dialect/base"
DRAFT202012_ID = "https://json-schema.org/draft/2020-12/schema"

# The libraries change what they check when these are importable: `regress` makes openapi-schema-validator
# check `regex` formats and `pattern`s as ECMA-262, `rfc3987`/`rfc3986_validator` give jsonschema's format
# checker `uri` and `uri-reference` formats. The fast check replicates the behaviour without them.
FORMAT_PACKAGES = ("regress", "rfc3987", "rfc3986_validator")

# openapi-spec-validator's setting (pydantic-settings, case-insensitive) that picks the document schema's backend.
BACKEND_SETTING = "OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND"
JSONSCHEMA_RS_BACKENDS = ("", "auto", "jsonschema-rs")


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations:
        raise FileNotFoundError(f"package {name} is not installed")
    return Path(locations[0])


def document_schema_file(version: str) -> Path:
    """The OpenAPI schema (`version` "3.0" or "3.1") openapi-spec-validator checks whole documents against."""
    return (
        _package_dir("openapi_spec_validator")
        / "resources"
        / "schemas"
        / f"v{version}"
        / "schema.json"
    )


def draft4_metaschema_file() -> Path:
    """The draft-04 metaschema OAS30Validator.check_schema checks 3.0 schemas against."""
    return _package_dir("jsonschema_specifications") / "schemas" / "draft4" / "metaschema.json"


def draft202012_metaschema_files() -> list[Path]:
    """The 2020-12 metaschema and its vocabularies, as the libraries' registries hold them."""
    root = _package_dir("jsonschema_specifications") / "schemas" / "draft202012"
    return [root / "metaschema.json", *sorted((root / "vocabularies").iterdir())]


def oas31_dialect_files() -> list[Path]:
    """The OAS 3.1 base dialect and its vocabulary, which OAS31Validator.check_schema checks 3.1 schemas with."""
    root = _package_dir("openapi_schema_validator") / "schemas" / "oas3.1"
    return [root / "metaschema.json", root / "vocabularies" / "base"]


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def library_behaves_as_assumed() -> bool:
    """False when a setting or an optional package changes what the libraries check."""
    for key, value in os.environ.items():
        if key.upper() == BACKEND_SETTING and value.strip().lower() not in JSONSCHEMA_RS_BACKENDS:
            return False
    return all(importlib.util.find_spec(name) is None for name in FORMAT_PACKAGES)


# The library path's overrides: these import the libraries, and are only called once they are imported.


def schema_validator_class(keyword: Any, schema: Any, value: Any) -> Any:
    """The jsonschema validator class the library checks `value` (at SchemaPath `schema`) with, or None.

    3.1 schemas may name their own dialect with `$schema`; the library picks the class in private methods.
    """
    if hasattr(keyword, "_get_validator_class_for_dialect"):
        try:
            return keyword._get_validator_class_for_dialect(
                keyword._get_schema_dialect_id(schema, value)
            )
        except ValueError:
            return None
    return getattr(keyword, "schema_validator_cls", None)


def openapi_metaschema_resources() -> list[tuple[str, Any]]:
    """The OpenAPI dialects and vocabularies (URI, contents) in openapi-schema-validator's registry."""
    from openapi_schema_validator._specifications import REGISTRY

    return [(uri, REGISTRY.contents(uri)) for uri in REGISTRY if "spec.openapis.org" in uri]


def library_regex_check() -> Callable[[str], bool]:
    """The function openapi-schema-validator checks `regex` formats with."""
    from openapi_schema_validator._regex import is_valid_regex

    return is_valid_regex


class IdSet(list[int]):
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


SCHEMA_ID_LISTS = ("visited_schema_ids", "meta_checked_schema_ids")


def use_id_sets(keyword: Any) -> None:
    """Swap a SchemaValidator's bookkeeping lists for IdSets (a no-op on other keyword validators)."""
    for name in SCHEMA_ID_LISTS:
        if isinstance(getattr(keyword, name, None), list):
            setattr(keyword, name, IdSet())


@cache
def with_metaschema_precheck(cls: type, surely_valid: Callable[[Any, Any, Any], bool]) -> type:
    """SchemaValidator subclass `cls` whose metaschema check is skipped where `surely_valid` accepts the schema.

    `surely_valid(keyword, schema_path, schema_value)` must only accept what the library's check accepts.
    """

    class PreChecked(cls):  # type: ignore[misc]
        def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
            if surely_valid(self, schema, schema_value):
                return None
            return super()._validate_schema_meta(schema, schema_value)

    PreChecked.__name__ = cls.__name__
    return PreChecked
