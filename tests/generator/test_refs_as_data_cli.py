"""`clientgen validate`, `generate` and `diff` on specs whose extensions and examples hold `$ref`s (data), with and
without --allow-external-refs: they succeed, and the real references beside the data still work."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "data_refs"
SPECS = [FIXTURES / "data_refs30.yaml", FIXTURES / "data_refs31.json"]
NAMED_EXTERNAL = FIXTURES / "named_external30.yaml"


def clientgen(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)


def generated(out: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(out)): path.read_bytes() for path in out.rglob("*") if path.is_file()
    }


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_validate_accepts_data_refs(spec: Path) -> None:
    result = clientgen("validate", spec)
    assert result.exit_code == 0, result.output
    assert "valid OpenAPI 3." in result.output


def test_validate_refuses_a_real_external_ref_under_a_data_like_name_unless_allowed() -> None:
    refused = clientgen("validate", NAMED_EXTERNAL)
    assert refused.exit_code == 1
    assert "external $ref 'shared.yaml#/components/schemas/Tag' is not fetched (and 1 more)" in (
        refused.output
    )
    assert "#/components/schemas/Pet/properties/example/$ref" in refused.output
    assert "Traceback" not in refused.output
    allowed = clientgen("validate", NAMED_EXTERNAL, "--allow-external-refs")
    assert allowed.exit_code == 0, allowed.output


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_generate_with_and_without_external_refs_allowed_gives_the_same_client(
    spec: Path, tmp_path: Path
) -> None:
    outputs = []
    for name, flags in (("plain", ()), ("allowed", ("--allow-external-refs",))):
        out = tmp_path / name
        result = clientgen(
            "generate", "--spec", spec, "--package", "datarefs", "--out", out, *flags
        )
        assert result.exit_code == 0, result.output
        outputs.append(generated(out / "datarefs"))
    assert outputs[0] == outputs[1]
    files = outputs[0]
    pet = files["types/pet.py"].decode()
    # Properties named like data keywords keep their real references.
    assert "    example: Tag | None = None\n" in pet
    assert "    examples: list[Tag] | None = None\n" in pet
    assert '    x_thing: Tag | None = Field(None, alias="x-thing")\n' in pet
    # A schema named only from data is no schema an operation uses.
    assert json.loads(files["_manifest.json"])["unused_schemas"] == ["Unused"]


def test_generate_bundles_a_real_external_ref_beside_data(tmp_path: Path) -> None:
    refused = clientgen(
        "generate", "--spec", NAMED_EXTERNAL, "--package", "named", "--out", tmp_path
    )
    assert refused.exit_code == 1
    result = clientgen(
        "generate", "--spec", NAMED_EXTERNAL, "--package", "named", "--out", tmp_path,
        "--allow-external-refs",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    pet = (tmp_path / "named" / "types" / "pet.py").read_text()
    assert "    example: Tag | None = None\n" in pet
    assert (tmp_path / "named" / "types" / "tag.py").exists()


def _changed(spec: Path, tmp_path: Path, old: str, new: str) -> Path:
    text = spec.read_text()
    assert old in text
    changed = tmp_path / f"changed{spec.suffix}"
    changed.write_text(text.replace(old, new))
    return changed


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_diff_reads_both_sides_and_reports_only_api_changes(spec: Path, tmp_path: Path) -> None:
    same = clientgen("diff", spec, spec)
    assert same.exit_code == 0, same.output
    assert "No changes a caller of the generated client would notice." in same.output
    # Data is no API: another code sample is no change.
    sample = _changed(spec, tmp_path, "./samples/", "./other-samples/")
    assert clientgen("diff", spec, sample).exit_code == 0
    label = (
        '"label": {\n            "type": "string"'
        if spec.suffix == ".json"
        else "label: {type: string}"
    )
    retyped = _changed(spec, tmp_path, label, label.replace("string", "integer"))
    result = clientgen("diff", spec, retyped, "--format", "json")
    assert result.exit_code == 1, result.output
    changes = {(c["python_name"], c["detail"]) for c in json.loads(result.stdout)}
    assert changes == {("Tag.label", "type changed from str to int")}
