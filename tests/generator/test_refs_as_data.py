"""A `$ref` in data (an extension's value, an example) is a value: never fetched, refused, rewritten, followed or
validated as a reference; a `$ref` where a reference can be (also under a property *named* `example` or `x-thing`)
still is one. The rule lives in `generator.document`; refusal, bundling, usage and validation all go through it.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from servers.fault import FaultServer, json_reply

from generator.analyze import analyze
from generator.config import default_target
from generator.document import document_reference_holders, in_data, reference_holders
from generator.errors import ClientgenError, pointer
from generator.inputs import read_inputs
from generator.load import load_spec
from generator.refs import check_or_bundle, find_external_refs
from generator.usage import used_schemas
from generator.validate import validate_document
from generator.validate.compiled import known_problems
from generator.validate.library import library_problems

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "data_refs"
SPEC30 = FIXTURES / "data_refs30.yaml"
SPEC31 = FIXTURES / "data_refs31.json"
SPECS = [SPEC30, SPEC31]
NAMED_EXTERNAL = FIXTURES / "named_external30.yaml"
# The fixtures' data URLs: a host that never resolves, replaced by the recording server's where it matters.
DATA_HOST = "http://clientgen.invalid"
# The keyword beside the default of each fixture's `Pet.kind` that sends its validation to the library.
_UNDECIDABLE = {SPEC30: "oneOf", SPEC31: "not"}


def every_ref_holder(node: Any, where: tuple[str | int, ...] = ()) -> list[str]:
    """The pointer of every object holding a `$ref` string, data or not: what a naive walk finds."""
    found = []
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            found.append(pointer(*where))
        for key, value in node.items():
            found += every_ref_holder(value, (*where, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found += every_ref_holder(item, (*where, index))
    return found


def reference_pointers(document: Any) -> set[str]:
    return {pointer(*at) for at, holder in reference_holders(document) if "$ref" in holder}


@pytest.mark.parametrize(
    ("ptr", "data"),
    [
        ("/paths/~1pets/get/x-codeSamples/0/source", True),
        ("/paths/x-internal-paths", True),
        ("/paths/~1pets/get/responses/x-error-notes", True),
        ("/paths/~1pets/get/responses/200/headers/x-rate-limit", False),  # a header's name
        ("/paths/~1pets/get/responses/200/content/application~1json/example/0", True),
        ("/paths/~1pets/get/parameters/0/example", True),
        (
            "/paths/~1pets/get/parameters/1/examples/shared",
            True,
        ),  # a reference to an Example Object
        ("/paths/~1pets/get/parameters/1/schema", False),
        ("/components/examples/Limit/value", True),
        ("/components/x-shared", True),
        ("/components/schemas/x-thing", False),  # a component's name
        ("/components/schemas/Pet/example/nested", True),
        ("/components/schemas/Pet/x-codegen", True),
        ("/components/schemas/Pet/properties/example", False),  # a property's name
        ("/components/schemas/Pet/properties/x-thing/properties/examples/items", False),
        ("/components/schemas/Pet/properties/kind/x-doc", True),
        ("/components/schemas/Pet/allOf/0/examples/0", True),
        ("/components/schemas/Pet/properties/example/example", True),
        ("/webhooks/x-pet-born/post/requestBody", False),  # a webhook's name
        ("/x-tagGroups/0/x-more", True),
        ("#/info/x-logo", True),
    ],
)
def test_which_positions_are_data(ptr: str, data: bool) -> None:
    assert in_data(ptr) is data


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_the_walk_finds_exactly_the_refs_outside_data(spec: Path) -> None:
    document = load_spec(str(spec)).document
    every = set(every_ref_holder(document))
    references = reference_pointers(document)
    assert references == {ptr for ptr in every if not in_data(ptr)}
    # The fixture has both kinds in numbers, the real references under names that look like data keywords.
    assert len(every - references) >= 20
    pet = "/components/schemas/Pet/properties"
    assert {f"{pet}/example", f"{pet}/examples/items", f"{pet}/x-thing"} <= references


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
@pytest.mark.parametrize("allow_external_refs", [False, True])
def test_data_refs_are_neither_refused_nor_fetched_nor_changed(
    spec: Path, allow_external_refs: bool
) -> None:
    # Every file a data `$ref` names is missing and every URL's host unknown: reading one would fail.
    inputs = read_inputs(str(spec), None, allow_external_refs=allow_external_refs)
    assert find_external_refs(inputs.document) == []
    assert inputs.document == load_spec(str(spec)).document


def test_a_real_external_ref_under_a_data_like_name_is_still_refused() -> None:
    with pytest.raises(ClientgenError) as refused:
        read_inputs(str(NAMED_EXTERNAL), None, allow_external_refs=False)
    assert "'shared.yaml#/components/schemas/Tag' is not fetched (and 1 more)" in refused.value.what
    assert refused.value.where == (
        f"{NAMED_EXTERNAL}#/components/schemas/Pet/properties/example/$ref"
    )


def test_bundling_rewrites_real_refs_and_leaves_data_as_written() -> None:
    original = load_spec(str(NAMED_EXTERNAL)).document
    bundled = read_inputs(str(NAMED_EXTERNAL), None, allow_external_refs=True).document
    schemas = bundled["components"]["schemas"]
    for name in ("example", "x-thing"):
        assert schemas["Pet"]["properties"][name] == {"$ref": "#/components/schemas/Tag"}
    # The copied schema's own data (a missing file, an unknown host) came along untouched.
    assert schemas["Tag"]["example"] == {"$ref": "./examples/shared_tag.json"}
    assert schemas["Tag"]["x-source"] == {"$ref": f"{DATA_HOST}/tag.yaml"}
    for key in ("example", "x-codegen"):
        assert schemas["Pet"][key] == original["components"]["schemas"]["Pet"][key]
    assert bundled["paths"] == original["paths"]
    assert validate_document(bundled) == []


def _kept_in_an_extension(tag_ref: str) -> dict[str, Any]:
    """A schema kept under an `x-` key and named by a real reference: structure, not data."""
    media = {"application/json": {"schema": {"$ref": "#/x-lib/Pet"}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "kept", "version": "1"},
        "paths": {
            "/pets": {"get": {"responses": {"200": {"description": "ok", "content": media}}}}
        },
        "x-lib": {
            "Pet": {
                "type": "object",
                "properties": {"tag": {"$ref": tag_ref}},
                "x-note": {"$ref": "./notes/pet.md"},
            },
            "Unnamed": {"$ref": "./never.yaml"},
        },
    }


def test_data_that_a_reference_names_is_structure(tmp_path: Path) -> None:
    document = _kept_in_an_extension("shared.yaml#/components/schemas/Tag")
    assert find_external_refs(document) == [
        ("/x-lib/Pet/properties/tag/$ref", "shared.yaml#/components/schemas/Tag")
    ]
    with pytest.raises(ClientgenError, match="is not fetched"):
        check_or_bundle(document, str(tmp_path / "spec.json"), allow_external=False)
    shutil.copy(FIXTURES / "shared.yaml", tmp_path / "shared.yaml")
    bundled = check_or_bundle(document, str(tmp_path / "spec.json"), allow_external=True)
    pet = bundled["x-lib"]["Pet"]
    assert pet["properties"]["tag"] == {"$ref": "#/components/schemas/Tag"}
    assert pet["x-note"] == {"$ref": "./notes/pet.md"}
    assert bundled["x-lib"]["Unnamed"] == {"$ref": "./never.yaml"}
    assert "Tag" in bundled["components"]["schemas"]
    assert validate_document(bundled) == []
    # A cycle of references through data is walked once.
    cyclic = _kept_in_an_extension("#/x-lib/Pet")
    assert [pointer(*at) for at, _ in document_reference_holders(cyclic)].count("/x-lib/Pet") == 1


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_usage_follows_no_ref_in_data(spec: Path) -> None:
    document = load_spec(str(spec)).document
    api = analyze(
        document, default_target(spec=spec, overlay=None, package="dr", output_dir=Path())
    )
    # `Unused` is named only from data (a code sample, an example), as is `Missing` in 3.0.
    assert api.unused_schemas == ("Unused",)
    assert "Pet" in used_schemas(api.document, api.operations)


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_the_library_validates_data_refs_the_compiled_check_defers(spec: Path) -> None:
    document = load_spec(str(spec)).document
    # The fixtures' `kind` has a default beside oneOf (3.0) or not (3.1): the compiled check defers.
    assert known_problems(copy.deepcopy(document)) is None
    assert library_problems(copy.deepcopy(document)) == []
    assert validate_document(document) == []


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_the_compiled_check_decides_data_refs_alone(spec: Path) -> None:
    document = load_spec(str(spec)).document
    del document["components"]["schemas"]["Pet"]["properties"]["kind"][_UNDECIDABLE[spec]]
    assert known_problems(copy.deepcopy(document)) == []
    assert library_problems(document) == []


def test_extensions_of_paths_and_responses_are_not_walked_by_either_check() -> None:
    # Read as a path item and a response, these would fail: an unresolvable `$ref`, an undeclared parameter.
    by_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    operation = {"parameters": [by_id], "responses": {"200": {"description": "ok"}}}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "extensions", "version": "1"},
        "paths": {
            "x-drafts": {"$ref": "#/nowhere"},
            "x-draft": {"get": operation},
            "/a": {"get": {"responses": {"200": {"description": "ok"}, "x-b": {"$ref": "#/no"}}}},
        },
    }
    assert known_problems(copy.deepcopy(document)) == []
    assert library_problems(document) == []


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_with_external_refs_allowed_only_real_references_reach_the_network(
    spec: Path, tmp_path: Path, server: FaultServer
) -> None:
    document = json.loads(json.dumps(load_spec(str(spec)).document).replace(DATA_HOST, server.url))
    pet = document["components"]["schemas"]["Pet"]
    # Data in the schema of a default, which the validation checks compile, names the server too.
    pet["properties"]["kind"]["x-doc"] = {"$ref": f"{server.url}/docs/kind.md"}
    # One real reference, under a property named like a data keyword: the positive control.
    pet["properties"]["x-thing"] = {"$ref": f"{server.url}/schemas/tag.json#/Tag"}
    path = tmp_path / spec.with_suffix(".json").name
    path.write_text(json.dumps(document))
    server.script(
        json_reply({"Tag": {"type": "object", "properties": {"label": {"type": "string"}}}})
    )

    bundled = read_inputs(str(path), None, allow_external_refs=True).document
    assert [(r.method, r.path) for r in server.requests] == [("GET", "/schemas/tag.json")]
    # The document has a `Tag` of its own.
    assert bundled["components"]["schemas"]["Pet"]["properties"]["x-thing"] == {
        "$ref": "#/components/schemas/Tag2"
    }
    assert validate_document(bundled) == []  # by the library: see the test above
    del bundled["components"]["schemas"]["Pet"]["properties"]["kind"][_UNDECIDABLE[spec]]
    assert known_problems(bundled) == []  # the compiled check alone
    assert server.count == 1


def test_data_refs_an_overlay_adds_are_data_too(tmp_path: Path) -> None:
    overlay = tmp_path / "samples.overlay.yaml"
    overlay.write_text(
        "overlay: 1.0.0\ninfo: {title: samples, version: '1'}\nactions:\n"
        "  - target: $.paths['/pets'].get\n"
        "    update:\n      x-codeSamples:\n        - {lang: Go, source: {$ref: ./samples/list.go}}\n"
        "  - target: $.components.schemas.Pet.properties\n"
        "    update:\n      x-other: {$ref: 'shared.yaml#/components/schemas/Tag'}\n"
    )
    with pytest.raises(
        ClientgenError
    ) as refused:  # the property the overlay adds is a real reference
        read_inputs(str(SPEC30), overlay, allow_external_refs=False)
    assert refused.value.where == f"{SPEC30}#/components/schemas/Pet/properties/x-other/$ref"
    shutil.copy(FIXTURES / "shared.yaml", tmp_path / "shared.yaml")
    spec = tmp_path / SPEC30.name
    shutil.copy(SPEC30, spec)
    document = read_inputs(str(spec), overlay, allow_external_refs=True).document
    samples = document["paths"]["/pets"]["get"]["x-codeSamples"]
    assert samples[-1] == {"lang": "Go", "source": {"$ref": "./samples/list.go"}}
    assert document["components"]["schemas"]["Pet"]["properties"]["x-other"] == {
        "$ref": "#/components/schemas/Tag2"
    }


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_the_other_format_reads_the_same(spec: Path, tmp_path: Path) -> None:
    """3.0 as JSON, 3.1 as YAML: the fixtures' documents in the format they are not written in."""
    import yaml

    document = load_spec(str(spec)).document
    other = tmp_path / (spec.stem + (".yaml" if spec.suffix == ".json" else ".json"))
    other.write_text(yaml.safe_dump(document) if other.suffix == ".yaml" else json.dumps(document))
    assert read_inputs(str(other), None, allow_external_refs=True).document == document


def test_the_library_still_hands_paths_and_responses_to_the_validators_named() -> None:
    """library_internals.skipping_extensions calls these by name: an upgrade that renames one fails here."""
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    from generator.validate import library_internals

    for base in (OpenAPIV30SpecValidator, OpenAPIV31SpecValidator):
        for name, delegate in library_internals.EXTENSIBLE_MAP_VALIDATORS.items():
            cls = base.keyword_validators[name]
            assert isinstance(getattr(cls, delegate, None), property), f"{cls.__name__}.{delegate}"
