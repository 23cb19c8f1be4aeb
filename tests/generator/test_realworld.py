"""Shapes from real-world specs (tests/fixtures/specs/realworld31.yaml, from OpenAI's): located problems, no skips.

The generated code itself is covered by the fixture's golden tree and the fixtures' mypy/ruff/import test.
"""

from __future__ import annotations

from pathlib import Path

from generator.analyze import analyze
from generator.config import default_target
from generator.inputs import read_inputs
from generator.load import load_spec
from generator.models.input import default_fits
from generator.pipeline import build
from generator.validate import validate_document

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "tests" / "fixtures" / "specs" / "realworld31.yaml"
REQUEST = "/components/schemas/CompletionRequest/properties"


def test_a_default_that_does_not_match_its_schema_is_located_at_the_default() -> None:
    problems = validate_document(load_spec(str(SPEC)).document)
    assert problems, "the fixture is invalid on purpose"
    assert all(p.pointer for p in problems), [p.render() for p in problems]
    pointers = {p.pointer for p in problems}
    assert f"{REQUEST}/noise_reduction/default" in pointers
    assert f"{REQUEST}/modalities/default" in pointers
    assert all("the default does not match the schema" in p.message for p in problems)


def test_lenient_generation_skips_nothing_and_warns_about_the_non_boolean_stream(
    tmp_path: Path,
) -> None:
    target = default_target(
        spec=SPEC, overlay=None, package="realworld31", output_dir=tmp_path, lenient=True
    )
    built = build(target)
    assert built.summary.skipped == ()
    assert built.summary.operations == 4
    api = analyze(read_inputs(str(SPEC), None, allow_external_refs=False).document, target, lenient=True)
    streaming = {op.key: op.streaming is not None for op in api.operations}
    assert streaming == {
        "POST /completions": True,  # stream: anyOf [boolean, null]
        "POST /transcriptions": True,  # stream: type [boolean, "null"], multipart
        "POST /searches": False,  # stream: a string enum
        "GET /tool_calls/{call_id}": False,
    }
    warned = [w for w in built.summary.warnings if w.operation == "POST /searches"]
    assert len(warned) == 1 and "JSON only" in warned[0].message


def testdefault_fits() -> None:
    assert default_fits({"type": "object"}, None) is False
    assert default_fits({"type": "object", "nullable": True}, None) is True
    assert default_fits({"type": ["object", "null"]}, None) is True
    assert default_fits({"type": "string", "enum": ["a"]}, ["a"]) is False
    assert default_fits({"type": "string", "enum": ["a"]}, "b") is False
    assert default_fits({"type": "string", "enum": ["a"]}, "a") is True
    assert default_fits({"type": "number"}, 1) is True
    assert default_fits({"type": "integer"}, True) is False
    assert default_fits({"anyOf": [{"type": "string"}]}, 3) is True  # untyped: left to the modeller
    # A `datetime` attribute cannot default to a string (seen: "<function datetime.now at 0x...>").
    assert default_fits({"type": "string", "format": "date-time"}, "2020-01-01T00:00:00Z") is False
    assert default_fits({"type": "string", "format": "uuid"}, "x") is True
