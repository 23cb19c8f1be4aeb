"""One small spec pair per classification rule (tests/changelog/pairs/<rule>/{old,new}.yaml), plus inline
documents for edge cases. Each test lists every entry the pair must produce, so a change that adds noise fails
as surely as one that misses something."""

from __future__ import annotations

from typing import Any

import pytest

from generator.changelog import Changelog, diff_documents, diff_specs
from tests.changelog.changes import PAIRS, entries, inline_spec


def diff_pair(name: str) -> Changelog:
    return diff_specs(str(PAIRS / name / "old.yaml"), str(PAIRS / name / "new.yaml"))


def test_operations_added_removed_renamed() -> None:
    assert entries(diff_pair("operations")) == {
        ("operation.removed", "client.models.delete", True),
        # Same method and path, another operationId: reported, but callers are unaffected.
        ("operation.renamed", "client.models.retrieve", False),
        # Same operationId under a new path, and a new Python name with it.
        ("operation.renamed", "client.jobs.list", True),
        # Same method and path, but the generated name changed (the path gained a child resource).
        ("operation.renamed", "client.models.activate", True),
        ("operation.added", "client.models.activate.status.retrieve", False),
    }


def test_moved_operation_names_old_and_new_place() -> None:
    moved = next(c for c in diff_pair("operations").changes if c.python_name == "client.jobs.list")
    assert moved.detail == (
        "moved from GET /jobs to GET /tasks (operationId listJobs); now called `client.tasks.list`"
    )
    assert moved.pointer == "/paths/~1tasks/get"


def test_parameters() -> None:
    assert entries(diff_pair("parameters")) == {
        ("parameter.added", "client.models.list(project=)", True),  # new required
        ("parameter.added", "client.models.list(page_size=)", False),  # new optional
        ("parameter.removed", "client.models.list(cursor=)", True),
        ("parameter.required", "client.models.list(order=)", True),  # optional -> required
        ("parameter.required", "client.models.list(x_region=)", False),  # required -> optional
        ("parameter.type", "client.models.list(limit=)", True),
    }


def test_request_body_fields() -> None:
    assert entries(diff_pair("request_body")) == {
        ("request.field.added", "CreateModel.region", True),  # new required
        ("request.field.added", "CreateModel.color", False),  # new optional
        # An inline body: its fields are keyword arguments of the generated method.
        ("request.field.added", "client.jobs.create(retries=)", False),
        ("request.field.removed", "CreateModel.tags", True),
        ("request.field.type", "CreateModel.size", True),
        ("request.field.required", "CreateModel.owner", True),
        ("request.field.required", "CreateModel.team", False),
        ("request.field.nullable", "CreateModel.notes", False),  # callers may now send None
        ("request.field.nullable", "CreateModel.label", True),  # callers may no longer send None
        # `id` is new but readOnly: callers never send it, so it is not reported.
    }


def test_response_fields() -> None:
    assert entries(diff_pair("response_fields")) == {
        ("response.field.added", "Model.color", False),
        ("response.field.added", "Model.stats.mean", False),
        ("response.field.added", "client.jobs.list().data[].progress", False),
        ("response.field.removed", "Model.name", True),
        ("response.field.type", "Model.size", True),
        ("response.field.nullable", "Model.nickname", True),  # readers may now get None
        ("response.field.nullable", "Model.deleted_at", False),
        ("response.field.required", "Model.created", True),  # may now be missing
        ("response.field.required", "Model.owner", False),
    }


def test_removed_response_field_is_breaking() -> None:
    changelog = diff_pair("response_field_removed")
    assert [c.as_json() for c in changelog.changes] == [
        {
            "kind": "response.field.removed",
            "breaking": True,
            "python_name": "Model.owned_by",
            "pointer": "/components/schemas/Model/properties/owned_by",
            "detail": "field `owned_by` was removed; code reading it breaks",
        }
    ]
    assert changelog.summary == "1 breaking, 0 non-breaking"


def test_enums() -> None:
    changelog = diff_pair("enums")
    assert entries(changelog) == {
        ("parameter.enum.added", "client.models.list(sort=)", False),
        ("request.enum.added", "CreateModel.size", False),
        ("request.enum.removed", "CreateModel.size", True),
        ("response.enum.added", "Model.state", False),
        # A named enum schema is reported under its own (class) name.
        ("response.enum.removed", "Status", True),
    }
    response_added = next(c for c in changelog.changes if c.kind == "response.enum.added")
    assert "accept values they do not list" in response_added.detail


def test_auth() -> None:
    assert entries(diff_pair("auth")) == {
        # The client sends its key on every call that needs one: no caller code changes.
        ("auth.added", "client", False),
        ("auth.removed", "client.private.retrieve", False),
        # Same key, different transport (bearer -> X-API-Key header): most likely a different credential.
        ("auth.scheme", "client", True),
    }


def test_schema_walk_refs_allof_unions_and_cycles() -> None:
    assert entries(diff_pair("schemas")) == {
        # Node is recursive and returned by two operations: walked once, reported once.
        ("response.field.added", "Node.weight", False),
        # Base's new field reaches Pet through allOf.
        ("response.field.added", "Pet.born", False),
        # A union that gains a member: callers may send more (fine), readers may receive more (breaking).
        ("request.field.type", "client.pets.create(pet=)", False),
        ("response.field.type", "Pet.friend", True),
        # A member both versions share is still compared inside, in each role it plays.
        ("request.field.added", "Cat.lives", False),
        ("response.field.added", "Cat.lives", False),
        # LoopA/LoopB (an allOf cycle, and a dangling $ref in the new one) produce nothing and no crash.
    }


def test_invalid_specs_still_diff() -> None:
    changelog = diff_pair("invalid")
    assert entries(changelog) == {
        ("response.field.removed", "client.models.retrieve().id", True),
        # Lenient analysis skips this operation (a parameter in no valid location), so the client gains no
        # method: it is reported as left out, under its HTTP name, with analysis' reason.
        ("operation.skipped", "GET /extra", False),
    }
    skipped = next(c for c in changelog.changes if c.kind == "operation.skipped")
    assert skipped.pointer == "/paths/~1extra/get"
    assert "unsupported location 'nowhere'" in skipped.detail


def test_same_spec_has_no_changes() -> None:
    spec = str(PAIRS / "unchanged" / "spec.yaml")
    changelog = diff_specs(spec, spec)
    assert changelog.changes == ()
    assert changelog.summary == "0 breaking, 0 non-breaking"


def test_old_overlay_applies_to_old_side_only() -> None:
    pair = PAIRS / "response_field_removed"
    changelog = diff_specs(
        str(pair / "old.yaml"), str(pair / "new.yaml"), old_overlay=pair / "old.overlay.yaml"
    )
    assert changelog.changes == ()


# ---------------------------------------------------------------------------------------------- inline cases


def _returns(schema: Any) -> dict[str, Any]:
    content = {"application/json": {"schema": schema}}
    return {"responses": {"200": {"description": "ok", "content": content}}}


def _takes(schema: Any, media: str = "application/json", required: bool = False) -> dict[str, Any]:
    return {
        "requestBody": {"required": required, "content": {media: {"schema": schema}}},
        "responses": {"204": {"description": "ok"}},
    }


def test_openapi_31_null_spellings_are_nullability_not_type() -> None:
    old = inline_spec(
        {"/a": {"get": _returns({"$ref": "#/components/schemas/A"})}},
        {
            "A": {
                "type": "object",
                "properties": {"x": {"type": "string"}, "y": {"$ref": "#/components/schemas/B"}},
            },
            "B": {"type": "object"},
        },
    )
    new = inline_spec(
        {"/a": {"get": _returns({"$ref": "#/components/schemas/A"})}},
        {
            "A": {
                "type": "object",
                "properties": {
                    "x": {"type": ["string", "null"]},
                    "y": {"anyOf": [{"$ref": "#/components/schemas/B"}, {"type": "null"}]},
                },
            },
            "B": {"type": "object"},
        },
    )
    assert entries(diff_documents(old, new)) == {
        ("response.field.nullable", "A.x", True),
        ("response.field.nullable", "A.y", True),
    }


def test_request_body_added_removed_and_reshaped() -> None:
    fields = {"type": "object", "properties": {"q": {"type": "string"}}}
    old = inline_spec(
        {
            "/a": {"post": {"responses": {"204": {"description": "ok"}}}},
            "/b": {"post": _takes(fields)},
            "/c": {"post": _takes(fields)},
            "/d": {"post": _takes({"type": "array", "items": {"type": "string"}})},
        }
    )
    new = inline_spec(
        {
            "/a": {"post": _takes({**fields, "required": ["q"]})},
            "/b": {"post": {"responses": {"204": {"description": "ok"}}}},
            "/c": {"post": _takes({"type": "string", "format": "binary"}, "image/png", True)},
            "/d": {"post": _takes({"type": "array", "items": {"type": "string"}}, required=True)},
        }
    )
    assert entries(diff_documents(old, new)) == {
        ("request.added", "client.a.create", True),  # with a required field
        ("request.removed", "client.b.create", True),
        # From keyword arguments to one raw `body` argument.
        ("request.media_type", "client.c.create", True),
        # The body argument as analysis names it; keyword-only, like every argument but path parameters.
        ("request.type", "client.c.create(body=)", True),
        ("request.required", "client.c.create", True),
        # A body passed whole (an array) became required.
        ("request.required", "client.d.create", True),
    }


def test_response_appears_and_disappears() -> None:
    empty = {"responses": {"204": {"description": "ok"}}}
    old = inline_spec({"/a/{id}": {"get": empty}, "/b/{id}": {"get": _returns({"type": "string"})}})
    new = inline_spec({"/a/{id}": {"get": _returns({"type": "string"})}, "/b/{id}": {"get": empty}})
    assert entries(diff_documents(old, new)) == {
        ("response.type", "client.a.retrieve()", False),
        ("response.type", "client.b.retrieve()", True),
    }


def test_array_items_are_compared_through_the_array() -> None:
    old = inline_spec(
        {"/a/{id}": {"get": _returns({"type": "array", "items": {"type": "string"}})}}
    )
    new = inline_spec(
        {"/a/{id}": {"get": _returns({"type": "array", "items": {"type": "integer"}})}}
    )
    (change,) = diff_documents(old, new).changes
    assert (change.kind, change.python_name, change.breaking) == (
        "response.field.type",
        "client.a.retrieve()[]",
        True,
    )
    assert change.detail == "type changed from str to int"


def test_self_referencing_schemas_terminate() -> None:
    schemas = {
        "A": {
            "type": "object",
            "properties": {
                # A pointer to itself, a map of itself, and a long allOf chain back to itself.
                "x": {"$ref": "#/components/schemas/A/properties/x"},
                "m": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/A"}},
                "c": {"allOf": [{"$ref": "#/components/schemas/C0"}]},
            },
        },
        **{f"C{i}": {"allOf": [{"$ref": f"#/components/schemas/C{i + 1}"}]} for i in range(200)},
        "C200": {"allOf": [{"$ref": "#/components/schemas/A"}]},
    }
    changed = {**schemas, "A": {**schemas["A"], "required": ["x"]}}
    old = inline_spec({"/a": {"get": _returns({"$ref": "#/components/schemas/A"})}}, schemas)
    new = inline_spec({"/a": {"get": _returns({"$ref": "#/components/schemas/A"})}}, changed)
    assert entries(diff_documents(old, new)) == {("response.field.required", "A.x", False)}


@pytest.mark.parametrize(
    "garbage",
    [
        {"openapi": "3.0.0", "paths": [], "components": []},
        {"openapi": "3.0.0", "info": "x", "paths": {"/x": 5, "/y": {"get": []}}},
        {
            "openapi": "3.0.0",
            "paths": {
                "/z": {
                    "get": {
                        "parameters": "nope",
                        "requestBody": 5,
                        "responses": {"200": {"content": {"application/json": {"schema": 7}}}},
                    }
                }
            },
            "components": {"schemas": []},
        },
    ],
)
def test_garbage_does_not_crash(garbage: dict[str, Any]) -> None:
    valid = inline_spec({"/z": {"get": _returns({"type": "string"})}})
    assert isinstance(diff_documents(garbage, valid), Changelog)
    assert isinstance(diff_documents(valid, garbage), Changelog)


def test_order_is_breaking_first_then_by_area() -> None:
    changes = diff_pair("request_body").changes
    breaking = [c.breaking for c in changes]
    assert breaking == sorted(breaking, reverse=True)
    assert list(changes) == sorted(changes, key=lambda c: c.sort_key())
