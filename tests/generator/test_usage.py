"""Only the schemas the generated operations use get model classes, unless the target asks for all of them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import default_target
from generator.pipeline import build

JSON = "application/json"


def _json(ref: str) -> dict[str, Any]:
    return {"content": {JSON: {"schema": {"$ref": ref}}}}


def _spec() -> dict[str, Any]:
    def obj(**props: Any) -> dict[str, Any]:
        return {"type": "object", "properties": props}

    return {
        "openapi": "3.0.3",
        "info": {"title": "usage", "version": "1"},
        "paths": {
            "/pets/{pet_id}": {
                # Declared once for the path item: belongs to every operation under it.
                "parameters": [
                    {
                        "name": "pet_id",
                        "in": "path",
                        "required": True,
                        "schema": {"$ref": "#/components/schemas/PetId"},
                    }
                ],
                "get": {
                    "operationId": "getPet",
                    "responses": {
                        "200": {"$ref": "#/components/responses/PetResponse"},
                        "404": {"description": "not found", **_json("#/components/schemas/Error")},
                    },
                },
                "put": {
                    "operationId": "putPet",
                    "requestBody": {
                        "content": {
                            JSON: {
                                # An inline body: hoisted under a name derived from the operation.
                                "schema": obj(
                                    owner={"$ref": "#/components/schemas/Owner/properties/name"}
                                ),
                                "example": {"$ref": "#/components/schemas/OnlyInAnExample"},
                            }
                        }
                    },
                    "responses": {"204": {"description": "done"}},
                },
            }
        },
        "components": {
            "responses": {"PetResponse": {"description": "a pet", **_json("#/components/schemas/Pet")}},
            "schemas": {
                "PetId": {"type": "string"},
                "Pet": {
                    "type": "object",
                    "properties": {
                        # A property called `example` is a property, not example data.
                        "example": {"$ref": "#/components/schemas/Tag"},
                        "kind": {"type": "string"},
                    },
                    "discriminator": {
                        "propertyName": "kind",
                        "mapping": {"cat": "Cat", "dog": "#/components/schemas/Dog"},
                    },
                },
                "Cat": {"allOf": [{"$ref": "#/components/schemas/Pet"}, obj(lives={"type": "integer"})]},
                "Dog": {"allOf": [{"$ref": "#/components/schemas/Pet"}, obj(good={"type": "boolean"})]},
                "Tag": obj(label={"type": "string"}),
                "Error": obj(message={"type": "string"}),
                # Reached through a pointer into it: the whole schema is modelled, with what it refers to.
                "Owner": obj(name={"type": "string"}, address={"$ref": "#/components/schemas/Address"}),
                "Address": obj(city={"type": "string"}),
                "OnlyInAnExample": obj(x={"type": "string"}),
                "Webhook": obj(event={"$ref": "#/components/schemas/WebhookEvent"}),
                "WebhookEvent": obj(name={"type": "string"}),
            },
        },
    }


@pytest.fixture
def spec_file(tmp_path: Path) -> Path:
    path = tmp_path / "usage.json"
    path.write_text(json.dumps(_spec()))
    return path


def test_schemas_no_operation_reaches_are_left_out(spec_file: Path, tmp_path: Path) -> None:
    built = build(default_target(spec=spec_file, overlay=None, package="usage", output_dir=tmp_path))
    assert built.summary.unused_schemas == ("OnlyInAnExample", "Webhook", "WebhookEvent")
    types = built.files["types/__init__.py"].decode()
    for name in ("PetId", "Pet", "Cat", "Dog", "Tag", "Error", "Owner", "Address", "PetsUpdateRequest"):
        assert f'"{name}"' in types, name
    for name in ("OnlyInAnExample", "Webhook", "WebhookEvent"):
        assert name not in types
    manifest = json.loads(built.files["_manifest.json"])
    assert manifest["unused_schemas"] == ["OnlyInAnExample", "Webhook", "WebhookEvent"]


def test_all_schemas_models_every_schema(spec_file: Path, tmp_path: Path) -> None:
    target = default_target(
        spec=spec_file, overlay=None, package="usage", output_dir=tmp_path, all_schemas=True
    )
    built = build(target)
    assert built.summary.unused_schemas == ()
    types = built.files["types/__init__.py"].decode()
    for name in ("OnlyInAnExample", "Webhook", "WebhookEvent", "Pet", "Error"):
        assert f'"{name}"' in types, name
    assert json.loads(built.files["_manifest.json"])["unused_schemas"] == []


def test_the_summary_counts_what_was_left_out(spec_file: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["generate", "--spec", str(spec_file), "--package", "usage", "--out", str(tmp_path)]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "3 schemas no operation uses left out; --all-schemas keeps them" in result.output
    assert not (tmp_path / "usage" / "types" / "webhook.py").exists()
    result = runner.invoke(main, [*args, "--all-schemas"])
    assert result.exit_code == 0, result.output
    assert "left out" not in result.output
    assert (tmp_path / "usage" / "types" / "webhook.py").exists()


def test_a_target_file_can_ask_for_every_schema(tmp_path: Path) -> None:
    from generator.config import load_target
    from generator.errors import ClientgenError

    base = (
        '[target]\nspec = "usage.json"\npackage = "usage"\nclient = "Usage"\nasync_client = "AsyncUsage"\n'
        'api_key_env = "USAGE_API_KEY"\nbase_url_env = "USAGE_BASE_URL"\n'
    )
    config = tmp_path / "usage.toml"
    config.write_text(base)
    assert load_target(config, output_root=tmp_path).all_schemas is False
    config.write_text(base + "all_schemas = true\n")
    assert load_target(config, output_root=tmp_path).all_schemas is True
    config.write_text(base + 'all_schemas = "yes"\n')
    with pytest.raises(ClientgenError) as caught:
        load_target(config, output_root=tmp_path)
    assert caught.value.where.endswith("[target].all_schemas")


def test_an_undeclared_path_parameter_does_not_make_every_schema_used(tmp_path: Path) -> None:
    # Lenient mode takes an undeclared path parameter as a string: it has no schema, and must not count as a
    # reference to the whole document (which would make every schema of the spec "used").
    spec = _spec()
    spec["paths"]["/things/{thing_id}"] = {"get": {"responses": {"204": {"description": "gone"}}}}
    path = tmp_path / "usage.json"
    path.write_text(json.dumps(spec))
    target = default_target(spec=path, overlay=None, package="usage", output_dir=tmp_path, lenient=True)
    assert build(target).summary.unused_schemas == ("OnlyInAnExample", "Webhook", "WebhookEvent")
