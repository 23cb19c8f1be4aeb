"""`changelog_since_fetch`: the changelog `make regen` prints after `clientgen fetch` replaced a target's spec, from
the spec it kept as `<spec>.previous`, only when that file is the one the lock recorded."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from generator.changelog import changelog_since_fetch
from generator.config import Target, default_target
from generator.lock import Lock, previous_path, write_lock


def _document(version: str, fields: list[str]) -> dict[str, Any]:
    pet = {"type": "object", "properties": {name: {"type": "string"} for name in fields}}
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "pets", "version": version},
        "paths": {
            "/pets/{id}": {"get": {"responses": {"200": {"description": "ok", "content": content}}}}
        },
        "components": {"schemas": {"Pet": pet}},
    }


@pytest.fixture
def target(tmp_path: Path) -> Target:
    spec = tmp_path / "pets.json"
    spec.write_text(json.dumps(_document("2.0.0", ["name"])))
    return default_target(spec=spec, overlay=None, package="pets", output_dir=tmp_path / "out")


def _keep_previous(target: Target, text: str, *, recorded: str | None = None) -> None:
    """What `clientgen fetch` leaves behind: the replaced spec, and its sha256 in the lock (`recorded`)."""
    previous = previous_path(target.spec)
    previous.write_text(text)
    raw = target.spec.read_bytes()
    write_lock(
        target.spec,
        Lock(
            source_url="https://example.invalid/pets.json",
            info_version="2.0.0",
            sha256=hashlib.sha256(raw).hexdigest(),
            bytes=len(raw),
            previous_sha256=recorded or hashlib.sha256(previous.read_bytes()).hexdigest(),
            previous_version="1.0.0",
        ),
    )


def test_changelog_against_the_replaced_spec(target: Target) -> None:
    _keep_previous(target, json.dumps(_document("1.0.0", ["name", "age"])))
    assert changelog_since_fetch(target) == "\n".join(
        [
            "pets 1.0.0 -> pets 2.0.0",
            "",
            "Breaking (1):",
            "  Pet.age: field `age` was removed; code reading it breaks  [response.field.removed]",
            "",
            "1 breaking, 0 non-breaking",
        ]
    )


def test_target_overlay_applies_to_the_current_spec_only(target: Target, tmp_path: Path) -> None:
    # The overlay restores `age` and adds `tag`: were it applied to the previous spec too, `tag` would not be new.
    _keep_previous(target, json.dumps(_document("1.0.0", ["name", "age"])))
    overlay = tmp_path / "pets.overlay.yaml"
    overlay.write_text(
        "overlay: 1.0.0\ninfo: {title: pets, version: '1'}\nactions:\n"
        "  - target: $.components.schemas.Pet.properties\n"
        "    update: {age: {type: string}, tag: {type: string}}\n"
    )
    assert changelog_since_fetch(replace(target, overlay=overlay)) == "\n".join(
        [
            "pets 1.0.0 -> pets 2.0.0",
            "",
            "Non-breaking (1):",
            "  Pet.tag: new optional field `tag` (str)  [response.field.added]",
            "",
            "0 breaking, 1 non-breaking",
        ]
    )


def test_nothing_without_a_lock(target: Target) -> None:
    previous_path(target.spec).write_text(json.dumps(_document("1.0.0", ["age"])))
    assert changelog_since_fetch(target) is None


def test_nothing_when_the_lock_records_no_previous_spec(target: Target) -> None:
    raw = target.spec.read_bytes()
    lock = Lock(
        "https://example.invalid/pets.json", "2.0.0", hashlib.sha256(raw).hexdigest(), len(raw)
    )
    write_lock(target.spec, lock)
    previous_path(target.spec).write_text(json.dumps(_document("1.0.0", ["age"])))
    assert changelog_since_fetch(target) is None


def test_nothing_when_the_previous_spec_is_gone(target: Target) -> None:
    _keep_previous(target, json.dumps(_document("1.0.0", ["age"])))
    previous_path(target.spec).unlink()
    assert changelog_since_fetch(target) is None


def test_nothing_when_the_previous_spec_is_not_the_recorded_one(target: Target) -> None:
    _keep_previous(target, json.dumps(_document("1.0.0", ["age"])), recorded="0" * 64)
    assert changelog_since_fetch(target) is None


def test_a_failed_diff_is_reported_not_raised(target: Target) -> None:
    _keep_previous(target, "openapi: 3.0.3\ninfo: [unclosed\n")
    assert changelog_since_fetch(target) == (
        "(no changelog: spec is not valid YAML: did not find expected ',' or ']' at line 3, column 1)"
    )


def test_target_names_only_rename_operations_the_version_has(target: Target) -> None:
    # The override names an operation the previous spec lacks: it is not an error there.
    current = _document("2.0.0", ["name"])
    current["paths"]["/pets"] = {"post": {"responses": {"204": {"description": "ok"}}}}
    target.spec.write_text(json.dumps(current))
    _keep_previous(target, json.dumps(_document("1.0.0", ["name"])))
    named = replace(target, names={"POST /pets": "pets.adopt"})
    text = changelog_since_fetch(named)
    assert text is not None
    assert "  client.pets.adopt: new operation POST /pets  [operation.added]" in text.splitlines()
