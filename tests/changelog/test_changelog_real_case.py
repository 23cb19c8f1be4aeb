"""The real bump from the seed excerpt (0.224.2) to the committed hub spec (0.243.1).

The excerpt is a byte-for-byte copy of ../shared/specs/oxen/oxen_hub_api-0.224.2-excerpt.json, kept here so the
tests do not depend on anything outside the repository. It has one operation (chat completions); 0.243.1 has 40,
and its ChatCompletionRequest gained the optional `stream` flag.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.changelog import Change, diff_specs
from generator.errors import pointer

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
EXCERPT = HERE / "oxen_hub_api-0.224.2-excerpt.json"
NEW_SPEC = ROOT / "specs" / "oxen_hub_api.json"
NEW_OVERLAY = ROOT / "specs" / "oxen_hub_api.overlay.yaml"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

STREAM_ADDED = (
    "request.field.added",
    "ChatCompletionRequest.stream",
    False,
    "/components/schemas/ChatCompletionRequest/properties/stream",
)
# 0.224.2 declares no security scheme; 0.243.1 declares bearer auth (used by the /api/repos operations).
CLIENT_STARTS_SENDING_KEY = ("auth.scheme", "client", False, "/components/securitySchemes")
# The overlay requires auth globally (the service always did; the published spec did not say so).
GLOBAL_AUTH_ADDED = ("auth.added", "client", False, "/security")
# The hub overlay marks what OpenAI-compatible chat completions always carry as required: each is a field a
# caller can now read without a None check, and none breaks anything.
_RESPONSE = "/components/schemas/ChatCompletionResponse/properties"
NOW_REQUIRED = {
    ("response.field.required", f"ChatCompletionResponse.{name}", False, f"{_RESPONSE}/{pointer}")
    for name, pointer in [
        ("choices", "choices"),
        ("choices[].index", "choices/items/properties/index"),
        ("choices[].message", "choices/items/properties/message"),
        ("choices[].message.content", "choices/items/properties/message/properties/content"),
        ("choices[].message.role", "choices/items/properties/message/properties/role"),
        ("created", "created"),
        ("id", "id"),
        ("model", "model"),
        ("object", "object"),
        ("usage.completion_tokens", "usage/properties/completion_tokens"),
        ("usage.prompt_tokens", "usage/properties/prompt_tokens"),
        ("usage.total_tokens", "usage/properties/total_tokens"),
    ]
}


def _operation_pointers(spec: dict[str, object]) -> set[str]:
    paths = spec["paths"]
    assert isinstance(paths, dict)
    return {
        pointer("paths", path, method)
        for path, item in paths.items()
        for method in METHODS
        if method in item
    }


def _expected_added_operations(*, overlay: bool) -> set[str]:
    new = _operation_pointers(json.loads(NEW_SPEC.read_text()))
    if overlay:
        # The overlay re-declares the Phoenix glob route `*resource_path` as `{resource_path}`.
        glob = "/api/repos/{namespace}/{repo_name}/evaluations/"
        new.remove(pointer("paths", glob + "*resource_path", "post"))
        new.add(pointer("paths", glob + "{resource_path}", "post"))
    return new - _operation_pointers(json.loads(EXCERPT.read_text()))


def _summary(change: Change) -> tuple[str, str, bool, str]:
    return (change.kind, change.python_name, change.breaking, change.pointer)


@pytest.mark.parametrize("overlay", [True, False], ids=["with-overlay", "without-overlay"])
def test_excerpt_to_current_reports_stream_and_39_new_operations(overlay: bool) -> None:
    changelog = diff_specs(
        str(EXCERPT), str(NEW_SPEC), new_overlay=NEW_OVERLAY if overlay else None
    )

    added = [c for c in changelog.changes if c.kind == "operation.added"]
    assert len(added) == 39
    assert {c.pointer for c in added} == _expected_added_operations(overlay=overlay)
    assert not any(c.breaking for c in added)
    assert all(c.python_name.startswith("client.") for c in added)

    others = {_summary(c) for c in changelog.changes if c.kind != "operation.added"}
    expected = {STREAM_ADDED, CLIENT_STARTS_SENDING_KEY}
    if overlay:
        expected |= {GLOBAL_AUTH_ADDED, *NOW_REQUIRED}
    assert others == expected
    assert changelog.breaking == []
    assert changelog.old_label == "oxen 0.224.2"
    assert changelog.new_label == "oxen 0.243.1"


def test_excerpt_copy_is_the_seed_file() -> None:
    # Guards against an accidental edit of the copy: the real case is only meaningful on the real file.
    data = json.loads(EXCERPT.read_text())
    assert data["info"]["version"] == "0.224.2"
    assert list(data["paths"]) == ["/api/ai/chat/completions"]
    assert "stream" not in data["components"]["schemas"]["ChatCompletionRequest"]["properties"]
