"""What the fast check and the library path assume about openapi-spec-validator's internals still holds.

generator/validate/library_internals.py names the libraries' private hooks and package-data files; the fast check
(generator/validate/compiled.py, keywords.py, defaults.py) replays what they check. Each test here fails, naming
what moved, when an upgrade changes one of those assumptions.
"""

from __future__ import annotations

import inspect
import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

import generator.validate.library_internals as internals
from generator.validate import compiled, defaults, keywords


def _formats_in(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["format"]} if isinstance(node.get("format"), str) else set()
        return found.union(*(_formats_in(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_formats_in(v) for v in node))
    return set()


def test_the_replayed_library_versions_are_the_ones_read() -> None:
    # keywords.py replays openapi_spec_validator/validation/keywords.py; defaults.py replays
    # openapi_schema_validator's validators, _keywords, _types and _format. Re-read them before changing this.
    assert version("openapi-spec-validator") == "0.9.0", (
        "re-read openapi-spec-validator's keywords.py"
    )
    assert version("openapi-schema-validator") == "0.9.0", "re-read openapi-schema-validator"


@pytest.mark.parametrize("oas", ["3.0", "3.1"])
def test_the_document_schema_file_is_the_one_the_library_loads(oas: str) -> None:
    from openapi_spec_validator import schemas

    path = internals.document_schema_file(oas)
    assert path.is_file(), f"openapi-spec-validator's OpenAPI {oas} schema moved from {path}"
    loaded = schemas.schema_v30 if oas == "3.0" else schemas.schema_v31
    assert internals.load_json(path) == dict(loaded), (
        f"{path} is not what the library validates with"
    )


def test_the_library_validates_documents_with_jsonschema_rs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from openapi_spec_validator import schemas, settings

    assert settings.ENV_PREFIX + "SCHEMA_VALIDATOR_BACKEND" == internals.BACKEND_SETTING, (
        "the backend setting was renamed"
    )
    monkeypatch.delenv(internals.BACKEND_SETTING, raising=False)
    assert schemas.get_validator_backend() == "jsonschema-rs", (
        "the default backend is no longer jsonschema-rs"
    )
    for oas, library_validator in (
        ("3.0", schemas.openapi_v30_schema_validator),
        ("3.1", schemas.openapi_v31_schema_validator),
    ):
        # The library wraps what `validator_cls_for(schema)(schema)` builds, as the fast check does.
        ours = compiled._document_validator(oas)
        assert type(library_validator._rs_validator) is type(ours), (
            f"the library builds its {oas} document validator differently"
        )


def test_the_draft4_metaschema_is_the_one_oas30_checks_schemas_with() -> None:
    from openapi_schema_validator import OAS30Validator

    path = internals.draft4_metaschema_file()
    assert path.is_file(), f"jsonschema-specifications' draft-04 metaschema moved from {path}"
    assert internals.load_json(path) == OAS30Validator.META_SCHEMA, (
        "OAS30Validator.META_SCHEMA changed"
    )


def test_the_oas31_dialect_and_vocabularies_are_the_library_s() -> None:
    from jsonschema.validators import Draft202012Validator
    from openapi_schema_validator import OAS31_BASE_DIALECT_ID, OAS31Validator
    from openapi_schema_validator._specifications import REGISTRY

    assert internals.OAS31_BASE_DIALECT_ID == OAS31_BASE_DIALECT_ID, (
        "the OAS 3.1 dialect id changed"
    )
    assert Draft202012Validator.META_SCHEMA["$id"] == internals.DRAFT202012_ID
    dialect, vocabulary = internals.oas31_dialect_files()
    assert internals.load_json(dialect) == OAS31Validator.META_SCHEMA, f"{dialect} moved or changed"
    for path in [vocabulary, *internals.draft202012_metaschema_files()]:
        contents = internals.load_json(path)
        assert REGISTRY.contents(contents["$id"]) == contents, (
            f"{path} is not what the registry holds"
        )
    loaded = {internals.load_json(p)["$id"] for p in internals.draft202012_metaschema_files()}
    held = {uri for uri in REGISTRY if uri.startswith("https://json-schema.org/draft/2020-12/")}
    assert loaded == held, "the 2020-12 vocabularies in the registry changed"
    resources = dict(internals.openapi_metaschema_resources())
    assert resources[OAS31_BASE_DIALECT_ID] == OAS31Validator.META_SCHEMA


def test_the_private_hooks_exist_with_the_signatures_used() -> None:
    from openapi_schema_validator import OAS30Validator, _regex
    from openapi_spec_validator import OpenAPIV30SpecValidator
    from openapi_spec_validator.validation import keywords as library_keywords
    from openapi_spec_validator.validation.registries import KeywordValidatorRegistry

    def parameters(function: Any) -> list[str]:
        return list(inspect.signature(function).parameters)

    v31 = library_keywords.OpenAPIV31SchemaValidator
    assert parameters(v31._get_validator_class_for_dialect) == ["self", "dialect_id"]
    assert parameters(v31._get_schema_dialect_id) == ["self", "schema", "schema_value"]
    schema_validator = library_keywords.SchemaValidator
    assert parameters(schema_validator._validate_schema_meta) == ["self", "schema", "schema_value"]
    assert library_keywords.OpenAPIV30SchemaValidator.schema_validator_cls is OAS30Validator
    instance = library_keywords.OpenAPIV30SchemaValidator(
        KeywordValidatorRegistry(OpenAPIV30SpecValidator.keyword_validators)
    )
    for name in internals.SCHEMA_ID_LISTS:
        assert isinstance(getattr(instance, name, None), list), f"SchemaValidator.{name} is gone"
    assert parameters(_regex.is_valid_regex) == ["pattern"]
    assert internals.library_regex_check() is _regex.is_valid_regex
    assert not _regex.has_ecma_regex(), "regress is installed: the library checks ECMA-262 regexes"
    assert internals.library_behaves_as_assumed()


def test_the_walk_replays_the_library_s_keyword_validators() -> None:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
    from openapi_spec_validator.validation import keywords as library_keywords

    replayed = {
        "__root__": library_keywords.RootValidator,
        "components": library_keywords.ComponentsValidator,
        "content": library_keywords.ContentValidator,
        "mediaType": library_keywords.MediaTypeValidator,
        "operation": library_keywords.OperationValidator,
        "parameter": library_keywords.ParameterValidator,
        "parameters": library_keywords.ParametersValidator,
        "paths": library_keywords.PathsValidator,
        "path": library_keywords.PathValidator,
        "response": library_keywords.OpenAPIV3ResponseValidator,
        "responses": library_keywords.ResponsesValidator,
        "schemas": library_keywords.SchemasValidator,
        "tags": library_keywords.TagsValidator,
    }
    for spec_validator, schema, default in (
        (OpenAPIV30SpecValidator, "OpenAPIV30SchemaValidator", "OpenAPIV30ValueValidator"),
        (OpenAPIV31SpecValidator, "OpenAPIV31SchemaValidator", "OpenAPIV31ValueValidator"),
    ):
        expected = {
            **replayed,
            "schema": getattr(library_keywords, schema),
            "default": getattr(library_keywords, default),
        }
        assert dict(spec_validator.keyword_validators) == expected, (
            f"{spec_validator.__name__} checks differently: update generator/validate/keywords.py"
        )
    assert tuple(library_keywords.PathValidator.OPERATIONS) == keywords.OPERATIONS


def test_the_default_check_knows_every_keyword_the_library_acts_on() -> None:
    from openapi_schema_validator import OAS30Validator, OAS31Validator, _keywords

    assert set(OAS30Validator.VALIDATORS) == defaults.OAS30_KEYWORDS, (
        "OAS30Validator's keywords changed"
    )
    assert set(OAS31Validator.VALIDATORS) == defaults.OAS31_KEYWORDS, (
        "OAS31Validator's keywords changed"
    )
    for cls in (OAS30Validator, OAS31Validator):
        for keyword in defaults.ANNOTATIONS & set(cls.VALIDATORS):
            assert cls.VALIDATORS[keyword] is _keywords.not_implemented, f"{keyword} now validates"


def test_the_library_s_format_checkers_know_only_formats_the_default_check_expects() -> None:
    from openapi_schema_validator import oas30_format_checker, oas31_format_checker

    for checker, known, replicated in (
        (oas30_format_checker, defaults.OAS30_KNOWN_FORMATS, defaults.OAS30_FORMATS),
        (oas31_format_checker, defaults.OAS31_KNOWN_FORMATS, defaults.OAS31_FORMATS),
    ):
        assert set(checker.checkers) <= known, "the library checks formats the default check passes"
        assert set(replicated) <= set(checker.checkers)
        samples = [
            None,
            True,
            False,
            0,
            1,
            -(2**31) - 1,
            2**31 - 1,
            2**31,
            2**63,
            -(2**63),
            1.5,
            "1",
            [],
            {},
        ]
        for name, check in replicated.items():
            for sample in samples:
                assert check(sample) == checker.conforms(sample, name), (name, sample)


def test_the_metaschemas_use_only_the_formats_the_compiled_check_replicates() -> None:
    from openapi_schema_validator import oas30_format_checker, oas31_format_checker

    files = [
        internals.draft4_metaschema_file(),
        *internals.draft202012_metaschema_files(),
        *internals.oas31_dialect_files(),
    ]
    used = set().union(*(_formats_in(json.loads(Path(f).read_text())) for f in files))
    assert used == set(compiled._METASCHEMA_FORMATS)
    # `regex` is replicated; the others are accepted because neither checker knows them.
    for checker in (oas30_format_checker, oas31_format_checker):
        assert used & set(checker.checkers) == {"regex"}
