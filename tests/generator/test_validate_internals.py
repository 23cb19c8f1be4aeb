"""What the fast check and the library path assume about openapi-spec-validator's internals still holds.

generator/validate/library_internals.py names the libraries' private hooks and package-data files; the fast check
(generator/validate/compiled.py, keywords.py) replays what they check. Each test here fails, naming
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
from generator.validate import compiled, keywords


def _formats_in(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["format"]} if isinstance(node.get("format"), str) else set()
        return found.union(*(_formats_in(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_formats_in(v) for v in node))
    return set()


def test_the_replayed_library_versions_are_the_ones_read() -> None:
    # keywords.py replays openapi_spec_validator/validation/keywords.py; defaults.py's gates rest on
    # openapi_schema_validator's validators, _keywords, _types and _format. Re-read them before changing this.
    assert (
        version("openapi-spec-validator") == "0.9.0"
    ), "re-read openapi-spec-validator's keywords.py"
    assert version("openapi-schema-validator") == "0.9.0", "re-read openapi-schema-validator"


@pytest.mark.parametrize("oas", ["3.0", "3.1"])
def test_the_document_schema_file_is_the_one_the_library_loads(oas: str) -> None:
    from openapi_spec_validator import schemas

    path = internals.document_schema_file(oas)
    assert path.is_file(), f"openapi-spec-validator's OpenAPI {oas} schema moved from {path}"
    loaded = schemas.schema_v30 if oas == "3.0" else schemas.schema_v31
    assert internals.load_json(path) == dict(
        loaded
    ), f"{path} is not what the library validates with"


def test_the_library_validates_documents_with_jsonschema_rs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from openapi_spec_validator import schemas, settings

    assert (
        settings.ENV_PREFIX + "SCHEMA_VALIDATOR_BACKEND" == internals.BACKEND_SETTING
    ), "the backend setting was renamed"
    monkeypatch.delenv(internals.BACKEND_SETTING, raising=False)
    assert (
        schemas.get_validator_backend() == "jsonschema-rs"
    ), "the default backend is no longer jsonschema-rs"
    for oas, library_validator in (
        ("3.0", schemas.openapi_v30_schema_validator),
        ("3.1", schemas.openapi_v31_schema_validator),
    ):
        # The library wraps what `validator_cls_for(schema)(schema)` builds, as the fast check does.
        ours = compiled._document_validator(oas)
        assert type(library_validator._rs_validator) is type(
            ours
        ), f"the library builds its {oas} document validator differently"


def test_the_draft4_metaschema_is_the_one_oas30_checks_schemas_with() -> None:
    from openapi_schema_validator import OAS30Validator

    path = internals.draft4_metaschema_file()
    assert path.is_file(), f"jsonschema-specifications' draft-04 metaschema moved from {path}"
    assert (
        internals.load_json(path) == OAS30Validator.META_SCHEMA
    ), "OAS30Validator.META_SCHEMA changed"


def test_the_oas31_dialect_and_vocabularies_are_the_library_s() -> None:
    from jsonschema.validators import Draft202012Validator
    from openapi_schema_validator import OAS31_BASE_DIALECT_ID, OAS31Validator
    from openapi_schema_validator._specifications import REGISTRY

    assert (
        internals.OAS31_BASE_DIALECT_ID == OAS31_BASE_DIALECT_ID
    ), "the OAS 3.1 dialect id changed"
    assert Draft202012Validator.META_SCHEMA["$id"] == internals.DRAFT202012_ID
    *draft202012, dialect, vocabulary = internals.oas31_metaschema_files()
    assert internals.load_json(dialect) == OAS31Validator.META_SCHEMA, f"{dialect} moved or changed"
    for path in [vocabulary, *draft202012]:
        contents = internals.load_json(path)
        assert (
            REGISTRY.contents(contents["$id"]) == contents
        ), f"{path} is not what the registry holds"
    loaded = {internals.load_json(p)["$id"] for p in draft202012}
    held = {uri for uri in REGISTRY if uri.startswith("https://json-schema.org/draft/2020-12/")}
    assert loaded == held, "the 2020-12 vocabularies in the registry changed"


def test_the_private_hooks_exist_with_the_signatures_used() -> None:
    from jsonschema_path import SchemaPath
    from openapi_schema_validator import OAS30Validator, _regex
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
    from openapi_spec_validator.validation import keywords as library_keywords
    from openapi_spec_validator.validation.registries import KeywordValidatorRegistry

    def parameters(function: Any) -> list[str]:
        return list(inspect.signature(function).parameters)

    v31 = library_keywords.OpenAPIV31SchemaValidator
    assert parameters(v31._get_schema_dialect_id) == ["self", "schema", "schema_value"]
    schema_validator = library_keywords.SchemaValidator
    assert parameters(schema_validator._validate_schema_meta) == ["self", "schema", "schema_value"]
    assert parameters(schema_validator._collect_properties) == ["self", "schema"]
    operation_validator = library_keywords.OperationValidator
    assert parameters(operation_validator._get_path_params_from_url) == ["self", "url"]
    assert library_keywords.OpenAPIV30SchemaValidator.schema_validator_cls is OAS30Validator
    assert OAS30Validator.META_SCHEMA["id"] == internals.DRAFT4_ID
    for spec_validator in (OpenAPIV30SpecValidator, OpenAPIV31SpecValidator):
        registry = KeywordValidatorRegistry(spec_validator.keyword_validators)
        for name in internals.SCHEMA_ID_LISTS:
            assert isinstance(getattr(registry["schema"], name, None), list), f"{name} is gone"
    # The library path's compiled metaschema check asks the library which dialect a 3.1 schema has.
    document = {"openapi": "3.1.0", "jsonSchemaDialect": internals.DRAFT202012_ID}
    keyword = KeywordValidatorRegistry(OpenAPIV31SpecValidator.keyword_validators)["schema"]
    schema = SchemaPath.from_dict(document)
    assert keyword._get_schema_dialect_id(schema, {}) == internals.DRAFT202012_ID
    assert keyword._get_schema_dialect_id(schema, {"$schema": "x"}) == "x"
    with pytest.raises(ValueError):
        keyword._get_schema_dialect_id(schema, {"$schema": 1})
    tuned = internals.tuned(type(keyword), None)(KeywordValidatorRegistry({}))
    assert all(
        isinstance(getattr(tuned, name), internals.IdSet) for name in internals.SCHEMA_ID_LISTS
    )
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
        assert (
            dict(spec_validator.keyword_validators) == expected
        ), f"{spec_validator.__name__} checks differently: update generator/validate/keywords.py"
    assert tuple(library_keywords.PathValidator.OPERATIONS) == keywords.OPERATIONS


def test_the_library_s_value_check_differs_from_json_schema_only_where_the_default_check_knows() -> (
    None
):
    from openapi_schema_validator import OAS30Validator, OAS31Validator, _keywords

    # openapi-schema-validator's own keyword functions: defaults.py's gates and keywords account for each.
    oas30_own = {"type", "allOf", "oneOf", "anyOf", "items", "required", "additionalProperties"}
    for cls, expected in (
        (OAS30Validator, {*oas30_own, "format", "pattern"}),
        (OAS31Validator, {"pattern"}),
    ):
        own = {k for k, f in cls.VALIDATORS.items() if f.__module__ == _keywords.__name__}
        annotations = {k for k in own if cls.VALIDATORS[k] is _keywords.not_implemented}
        assert (
            own - annotations == expected
        ), f"{cls.__name__} checks differently: re-read compiled.py's DefaultCheck"
    assert set(OAS30Validator.VALIDATORS) == {
        *("multipleOf", "maximum", "minimum", "maxLength", "minLength", "pattern", "maxItems"),
        *("minItems", "uniqueItems", "maxProperties", "minProperties", "enum", "type", "allOf"),
        *("oneOf", "anyOf", "not", "items", "properties", "required", "additionalProperties"),
        *("format", "$ref", "discriminator", "readOnly", "writeOnly", "xml", "externalDocs"),
        *("example", "deprecated"),
    }, "OAS30Validator's keywords changed: re-read compiled.py's DefaultCheck"


def test_the_replicated_formats_check_as_the_library_s_checkers_do() -> None:
    from openapi_schema_validator import oas30_format_checker, oas31_format_checker

    samples = [
        *(None, True, False, 0, 1, -(2**31) - 1, 2**31 - 1, 2**31, 2**63, -(2**63), 1.5, "1"),
        *([], {}, "YWJj", "abc", "\u00e9", "a@b", "[", "(?P<n>a)", "(?<n>a)", "2020-01-01"),
    ]
    # Every other format the default check rejects, whatever the library does with it.
    for checker in (oas30_format_checker, oas31_format_checker):
        for name, ours in compiled.LIBRARY_FORMATS.items():
            for sample in samples:
                assert ours(sample) == checker.conforms(sample, name), (name, sample)


def test_the_metaschemas_use_only_the_formats_the_compiled_check_replicates() -> None:
    from openapi_schema_validator import oas30_format_checker, oas31_format_checker

    files = [
        internals.draft4_metaschema_file(),
        *internals.oas31_metaschema_files(),
    ]
    used = set().union(*(_formats_in(json.loads(Path(f).read_text())) for f in files))
    assert used == {"regex", "uri", "uri-reference"} and used <= set(compiled.LIBRARY_FORMATS)
    # `regex` is replicated; the others are accepted because neither checker knows them.
    for checker in (oas30_format_checker, oas31_format_checker):
        assert used & set(checker.checkers) == {"regex"}


def test_collected_properties_are_the_library_s_and_a_recursive_schema_ends() -> None:
    from jsonschema_path import SchemaPath
    from openapi_spec_validator import OpenAPIV30SpecValidator
    from openapi_spec_validator.validation.registries import KeywordValidatorRegistry

    registry = KeywordValidatorRegistry(OpenAPIV30SpecValidator.keyword_validators)
    library = registry["schema"]
    tuned = internals.tuned(type(library), None)(registry)
    schemas = {
        "A": {
            "properties": {"a": {}},
            "allOf": [{"$ref": "#/components/schemas/B"}, {"items": {"properties": {"c": {}}}}],
        },
        "B": {
            "properties": {"b": {}},
            "not": {"properties": {"d": {}}},
            "anyOf": [{"$ref": "#/components/schemas/C"}],
        },
        "C": {"oneOf": [{"properties": {"e": {}}}]},
        "L": {
            "type": "array",
            "items": {"allOf": [{"$ref": "#/components/schemas/L"}]},
            "properties": {"f": {}},
        },
    }
    root = SchemaPath.from_dict({"components": {"schemas": schemas}}) / "components" / "schemas"
    assert (
        tuned._collect_properties(root / "A")
        == library._collect_properties(root / "A")
        == set("abcde")
    )
    assert tuned._collect_properties(root / "L") == {"f"}
    with pytest.raises(RecursionError):
        library._collect_properties(root / "L")
