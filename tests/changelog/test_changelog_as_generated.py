"""The changelog compares the client generation makes: the response it returns, the names analysis gives, the
type labels of `generator.typemap`, the operations lenient analysis skips. Each test lists every entry it expects.
"""

from __future__ import annotations

from typing import Any

import pytest

from generator import typemap
from generator.changelog import Changelog, DiffError, diff_documents, diff_specs
from tests.changelog.changes import PAIRS, entries, inline_spec


def only(changelog: Changelog) -> tuple[str, str, bool, str, str]:
    (change,) = changelog.changes
    return (change.kind, change.python_name, change.breaking, change.pointer, change.detail)


def json_content(schema: Any) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


MODEL = {"$ref": "#/components/schemas/Model"}


def model(*names: str) -> dict[str, Any]:
    return {"Model": {"type": "object", "properties": {n: {"type": "string"} for n in names}}}


# ---------------------------------------------------------------------------------------------- responses


def test_response_only_declared_as_default_is_what_the_method_returns() -> None:
    # Generation falls back to `default` when no 2xx response has content; so does the changelog.
    op = {"get": {"responses": {"default": {"description": "ok", "content": json_content(MODEL)}}}}
    old = inline_spec({"/models/{id}": op}, model("id", "name"))
    new = inline_spec({"/models/{id}": op}, model("id"))
    assert only(diff_documents(old, new)) == (
        "response.field.removed",
        "Model.name",
        True,
        "/components/schemas/Model/properties/name",
        "field `name` was removed; code reading it breaks",
    )


def test_default_response_is_ignored_when_a_2xx_response_exists() -> None:
    # A 204 makes the method return None: what `default` (an error, here) describes is not returned.
    def op(schema: dict[str, Any]) -> dict[str, Any]:
        default = {"description": "error", "content": json_content(schema)}
        return {"delete": {"responses": {"204": {"description": "ok"}, "default": default}}}

    old = inline_spec({"/models/{id}": op(MODEL)}, model("id", "name"))
    new = inline_spec({"/models/{id}": op({"type": "string"})}, model("id"))
    assert diff_documents(old, new).changes == ()


def test_response_moving_from_default_to_200_changes_nothing() -> None:
    response = {"description": "ok", "content": json_content(MODEL)}
    old = inline_spec({"/models/{id}": {"get": {"responses": {"default": response}}}}, model("id"))
    new = inline_spec({"/models/{id}": {"get": {"responses": {"200": response}}}}, model("id"))
    assert diff_documents(old, new).changes == ()


def test_response_format_is_the_one_generation_picks() -> None:
    # JSON wins over an event stream; when JSON goes, the method returns a stream of the chunks instead.
    chunk = {"type": "object", "properties": {"delta": {"type": "string"}}}
    both = {"application/json": {"schema": MODEL}, "text/event-stream": {"schema": chunk}}
    old = inline_spec(
        {"/runs": {"post": {"responses": {"200": {"description": "ok", "content": both}}}}},
        model("id"),
    )
    stream = {"text/event-stream": {"schema": chunk}}
    new = inline_spec(
        {"/runs": {"post": {"responses": {"200": {"description": "ok", "content": stream}}}}},
        model("id"),
    )
    assert only(diff_documents(old, new)) == (
        "response.type",
        "client.runs.create()",
        True,
        "/paths/~1runs/post/responses/200/content/text~1event-stream/schema",
        "now returns Stream[object] (was Model); code reading the result breaks",
    )


def test_binary_download_does_not_depend_on_its_schema() -> None:
    def op(schema: dict[str, Any]) -> dict[str, Any]:
        content = {"application/octet-stream": {"schema": schema}}
        return {"get": {"responses": {"200": {"description": "ok", "content": content}}}}

    old = inline_spec({"/files/{id}/content": op({"type": "string", "format": "binary"})})
    new = inline_spec({"/files/{id}/content": op({"type": "array", "items": {"type": "integer"}})})
    assert diff_documents(old, new).changes == ()


# ---------------------------------------------------------------------------------------------- hoisted schemas


def test_hoisted_inline_schemas_are_reported_at_their_inline_pointers() -> None:
    # Analysis moves these inline schemas into components/schemas (JobsListResponse, JobsCreateRequest);
    # the report keeps naming and pointing at them where the spec has them.
    response = next(
        c
        for c in diff_specs(
            str(PAIRS / "response_fields" / "old.yaml"), str(PAIRS / "response_fields" / "new.yaml")
        ).changes
        if c.python_name == "client.jobs.list().data[].progress"
    )
    assert response.pointer == (
        "/paths/~1jobs/get/responses/200/content/application~1json/schema/properties/data/items"
        "/properties/progress"
    )
    request = next(
        c
        for c in diff_specs(
            str(PAIRS / "request_body" / "old.yaml"), str(PAIRS / "request_body" / "new.yaml")
        ).changes
        if c.python_name == "client.jobs.create(retries=)"
    )
    assert (
        request.pointer
        == "/paths/~1jobs/post/requestBody/content/application~1json/schema/properties/retries"
    )


def test_hoisting_under_another_name_changes_nothing() -> None:
    # The new version has a schema called JobsListResponse, so analysis hoists the inline response under
    # JobsListResponse2 there: only the real change is reported, still at the inline schema.
    def listing(*names: str) -> dict[str, Any]:
        inline = {"type": "object", "properties": {n: {"type": "integer"} for n in names}}
        return {
            "get": {"responses": {"200": {"description": "ok", "content": json_content(inline)}}}
        }

    old = inline_spec({"/jobs": listing("total")})
    new = inline_spec(
        {"/jobs": listing("total", "pages")}, {"JobsListResponse": {"type": "string"}}
    )
    assert only(diff_documents(old, new)) == (
        "response.field.added",
        "client.jobs.list().pages",
        False,
        "/paths/~1jobs/get/responses/200/content/application~1json/schema/properties/pages",
        "new optional field `pages` (int)",
    )


def test_keyword_arguments_are_named_as_analysis_names_them() -> None:
    # A body field called like a path parameter becomes `id_body` in the generated signature.
    def update(*names: str) -> dict[str, Any]:
        body = {"type": "object", "properties": {n: {"type": "string"} for n in names}}
        return {
            "put": {
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "requestBody": {"content": json_content(body)},
                "responses": {"204": {"description": "ok"}},
            }
        }

    old = inline_spec({"/things/{id}": update("name")})
    new = inline_spec({"/things/{id}": update("name", "id")})
    assert entries(diff_documents(old, new)) == {
        ("request.field.added", "client.things.update(id_body=)", False)
    }


# ---------------------------------------------------------------------------------------------- type labels

SCALARS = [(kind, None) for kind in typemap.JSON_TYPES if kind != "null"] + [
    ("string", fmt) for fmt in (*typemap.STRING_FORMATS, "uuid")
]


def _schema(kind: str, fmt: str | None) -> dict[str, Any]:
    return {"type": kind} if fmt is None else {"type": kind, "format": fmt}


@pytest.mark.parametrize(("kind", "fmt"), SCALARS)
def test_labels_are_the_types_generation_gives(kind: str, fmt: str | None) -> None:
    schema = _schema(kind, fmt)
    param = {"name": "x", "in": "query", "schema": schema}
    old = inline_spec(
        {
            "/a": {
                "get": {"responses": {"200": {"description": "ok", "content": json_content(MODEL)}}}
            },
            "/b": {
                "post": {
                    "requestBody": {"content": json_content(MODEL)},
                    "responses": {"204": {"description": "ok"}},
                }
            },
        },
        model("id"),
    )
    new = inline_spec(
        {
            "/a": {
                "get": {
                    "parameters": [param],
                    "responses": {"200": {"description": "ok", "content": json_content(MODEL)}},
                }
            },
            "/b": {
                "post": {
                    "requestBody": {"content": json_content(MODEL)},
                    "responses": {"204": {"description": "ok"}},
                }
            },
        },
        {"Model": {"type": "object", "properties": {"id": {"type": "string"}, "x": schema}}},
    )
    sent = typemap.scalar_type(kind, fmt, "input")
    received = typemap.scalar_type(kind, fmt, "output")
    details = {(c.kind, c.detail) for c in diff_documents(old, new).changes}
    assert details == {
        ("parameter.added", f"new optional query parameter `x` ({sent})"),
        # Model is both sent (/b) and received (/a): each role is labelled as generation types it.
        ("request.field.added", f"new optional field `x` ({sent})"),
        ("response.field.added", f"new optional field `x` ({received})"),
    }


def test_binary_is_bytes_when_received_and_str_when_sent() -> None:
    assert typemap.scalar_type("string", "binary", "output") == "bytes"
    assert typemap.scalar_type("string", "binary", "input") == "str"
    test_labels_are_the_types_generation_gives("string", "binary")


# ---------------------------------------------------------------------------------------------- skipped operations

GOOD = {"get": {"operationId": "getA", "responses": {"204": {"description": "ok"}}}}
# A parameter in no valid location: lenient analysis skips the operation.
BAD = {
    "get": {
        "operationId": "getA",
        "parameters": [{"name": "x", "in": "nowhere"}],
        "responses": {"204": {"description": "ok"}},
    }
}


def test_operation_that_stops_being_generated_is_removed_from_the_client() -> None:
    kind, name, breaking, ptr, detail = only(
        diff_documents(inline_spec({"/a": GOOD}), inline_spec({"/a": BAD}))
    )
    assert (kind, name, breaking, ptr) == (
        "operation.removed",
        "client.a.retrieve",
        True,
        "/paths/~1a/get",
    )
    assert detail == (
        "operation GET /a is no longer generated (operation skipped: parameter 'x' has unsupported "
        "location 'nowhere'); calls to it fail"
    )


def test_operation_that_starts_being_generated_is_added() -> None:
    kind, name, breaking, ptr, detail = only(
        diff_documents(inline_spec({"/a": BAD}), inline_spec({"/a": GOOD}))
    )
    assert (kind, name, breaking, ptr) == (
        "operation.added",
        "client.a.retrieve",
        False,
        "/paths/~1a/get",
    )
    assert detail.startswith(
        "new operation GET /a (not generated from the old spec: operation skipped:"
    )


def test_operation_skipped_in_both_versions_is_not_reported() -> None:
    assert (
        diff_documents(
            inline_spec({"/a": BAD}), inline_spec({"/a": {**BAD, "summary": "x"}})
        ).changes
        == ()
    )


def test_path_item_that_becomes_unusable_removes_its_operations() -> None:
    kind, name, breaking, ptr, detail = only(
        diff_documents(inline_spec({"/a": GOOD}), inline_spec({"/a": 42}))
    )
    assert (kind, name, breaking, ptr) == (
        "operation.removed",
        "client.a.retrieve",
        True,
        "/paths/~1a",
    )
    assert "path item is not an object" in detail


def test_new_unusable_path_item_is_reported_as_skipped() -> None:
    assert only(diff_documents(inline_spec({}), inline_spec({"/a": 42}))) == (
        "operation.skipped",
        "/a",
        False,
        "/paths/~1a",
        "not generated (path skipped: path item is not an object); the client has no method for it",
    )


@pytest.mark.parametrize("side", ["old", "new"])
def test_side_analysis_cannot_read_at_all_is_a_located_diff_error(side: str) -> None:
    broken = {"openapi": "3.1.0", "info": {"title": "x", "version": "1"}, "paths": 5}
    documents = (broken, inline_spec({})) if side == "old" else (inline_spec({}), broken)
    with pytest.raises(DiffError) as raised:
        diff_documents(*documents)
    assert raised.value.what == f"the {side} spec cannot be analysed: `paths` is not an object"
    assert raised.value.where == "#/paths"
    assert raised.value.exit_code == 2
