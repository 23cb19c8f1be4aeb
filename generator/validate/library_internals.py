"""Every reach into the validation libraries' internals, private hooks and package data: they offer no public
way to check schemas faster or decide validity without importing them. test_validate_internals.py fails, naming
what moved, when an upgrade moves one."""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from generator.document import is_data_keyword
from generator.validate.keywords import template_parameters

# openapi_schema_validator exports the first, but importing it imports jsonschema and the whole library.
OAS31_BASE_DIALECT_ID = "https://spec.openapis.org/oas/3.1/dialect/base"
DRAFT202012_ID = "https://json-schema.org/draft/2020-12/schema"
DRAFT4_ID = "http://json-schema.org/draft-04/schema#"
# The libraries change what they check when these are importable: `regress` makes openapi-schema-validator
# check `regex` formats and `pattern`s as ECMA-262, `rfc3987`/`rfc3986_validator` give jsonschema's format
# checker `uri` and `uri-reference` formats. The fast check replicates the behaviour without them.
FORMAT_PACKAGES = ("regress", "rfc3987", "rfc3986_validator")
# openapi-spec-validator's setting (pydantic-settings, case-insensitive) that picks the document schema's backend.
BACKEND_SETTING = "OPENAPI_SPEC_VALIDATOR_SCHEMA_VALIDATOR_BACKEND"
JSONSCHEMA_RS_BACKENDS = ("", "auto", "jsonschema-rs")
# SchemaValidator's lists of schema ids, tested on every schema: quadratic, about 12 s of GitHub's spec.
SCHEMA_ID_LISTS = ("visited_schema_ids", "meta_checked_schema_ids")


def _package_dir(name: str) -> Path:
    # Found without importing the package: that is the cost the fast check avoids.
    spec = importlib.util.find_spec(name)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations:
        raise FileNotFoundError(f"package {name} is not installed")
    return Path(locations[0])


def document_schema_file(version: str) -> Path:
    """The OpenAPI schema (`version` "3.0" or "3.1") openapi-spec-validator checks whole documents against."""
    return _package_dir("openapi_spec_validator") / f"resources/schemas/v{version}/schema.json"


def draft4_metaschema_file() -> Path:
    """The draft-04 metaschema OAS30Validator.check_schema checks 3.0 schemas against."""
    return _package_dir("jsonschema_specifications") / "schemas/draft4/metaschema.json"


def oas31_metaschema_files() -> list[Path]:
    """The 2020-12 metaschema and vocabularies, as the libraries' registries hold them, then the OAS 3.1 base
    dialect and vocabulary, which OAS31Validator.check_schema checks 3.1 schemas with."""
    draft202012 = _package_dir("jsonschema_specifications") / "schemas/draft202012"
    oas31 = _package_dir("openapi_schema_validator") / "schemas/oas3.1"
    files = [draft202012 / "metaschema.json", *sorted((draft202012 / "vocabularies").iterdir())]
    return [*files, oas31 / "metaschema.json", oas31 / "vocabularies/base"]


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def library_behaves_as_assumed() -> bool:
    """False when a setting or an optional package changes what the libraries check."""
    for key, value in os.environ.items():
        if key.upper() == BACKEND_SETTING and value.strip().lower() not in JSONSCHEMA_RS_BACKENDS:
            return False
    return all(importlib.util.find_spec(name) is None for name in FORMAT_PACKAGES)


# The library walks every key of the Paths and Responses objects as a path or a response, and so follows a `$ref`
# inside an extension's value (data, which may name a file it cannot read); the specification makes an `x-` key
# there an extension. Its keyword validators of those objects, and the one each hands an entry to.
EXTENSIBLE_MAP_VALIDATORS = {"paths": "path_validator", "responses": "response_validator"}


def skipping_extensions(cls: type, delegate: str) -> type:
    """Keyword validator class `cls` of a map whose entries it hands to `self.<delegate>`, without the map's
    extensions (the library's own loop, less those)."""

    class SkippingExtensions(cls):  # type: ignore[misc]
        def __call__(self, mapping: Any) -> Any:
            validate_entry = getattr(self, delegate)
            for key, value in mapping.items():
                if not is_data_keyword(key):
                    yield from validate_entry(key, value)

    SkippingExtensions.__name__ = cls.__name__
    return SkippingExtensions


class IdSet(set[int]):
    """A set that stands in for a list of SchemaValidator's: it takes `append`."""

    append = set.add


@cache
def tuned(cls: type, compiled_metaschema: Callable[[str], Any] | None) -> type:
    """Keyword validator class `cls` with IdSets; given `compiled_metaschema(dialect)`, a validator accepting only
    what the library's metaschema check accepts (or None), that check is skipped where it does."""

    class Tuned(cls):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            for name in SCHEMA_ID_LISTS:
                if isinstance(getattr(self, name, None), list):
                    setattr(self, name, IdSet())

        def _get_path_params_from_url(self, url: str) -> Any:
            return iter(sorted(template_parameters(url)))  # see template_parameters

        def _collect_properties(self, schema: Any) -> set[str]:
            # The library's, which recurses without end through a valid recursive schema (`L: {type: array,
            # items: {allOf: [{$ref: L}]}}`): here each schema is entered once per collection, which leaves the
            # names found unchanged (a schema reached twice adds what it added the first time).
            entered: set[int] = set()

            def collect(node: Any) -> set[str]:
                # Only what has the shape the keyword needs: a document may hold `oneOf: 0`, which the
                # metaschema check reports (the library's own collection ended in a KeyError there).
                value = node.read_value()
                if not isinstance(value, dict) or id(value) in entered:
                    return set()
                entered.add(id(value))
                properties = value.get("properties")
                names = set(properties) if isinstance(properties, dict) else set()
                for keyword in ("allOf", "anyOf", "oneOf"):
                    if isinstance(value.get(keyword), list):
                        for branch in node / keyword:
                            names |= collect(branch)
                for keyword in ("items", "not"):
                    if isinstance(value.get(keyword), dict):
                        names |= collect(node / keyword)
                return names

            return collect(schema)

        def _validate_schema_meta(self, schema: Any, schema_value: Any) -> Any:
            if compiled_metaschema is not None:
                try:
                    # 3.0 schemas are checked against draft 4 (OAS30Validator.META_SCHEMA); 3.1 ones against
                    # their `$schema` or the document's dialect, which the library picks privately.
                    dialect_of = getattr(self, "_get_schema_dialect_id", lambda *_: DRAFT4_ID)
                    compiled = compiled_metaschema(dialect_of(schema, schema_value))
                    if compiled is not None and compiled.is_valid(schema_value):
                        return None
                except (
                    Exception
                ):  # a `$schema` that is no string, a value jsonschema-rs cannot take...
                    pass  # the library checks
            return super()._validate_schema_meta(schema, schema_value)

    Tuned.__name__ = cls.__name__
    return Tuned
