"""`clientgen diff` through click: output formats and the exit codes CI gates on (0 fine, 1 breaking, 2 error)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import generator.changelog
from generator.cli import main

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PAIRS = HERE / "pairs"
EXCERPT = str(HERE / "oxen_hub_api-0.224.2-excerpt.json")
HUB_SPEC = "specs/oxen_hub_api.json"
HUB_OVERLAY = "specs/oxen_hub_api.overlay.yaml"


@pytest.fixture(autouse=True)
def _in_project_root(monkeypatch: pytest.MonkeyPatch) -> None:
    # `--target` reads specs/TARGET.toml relative to the working directory, like every other command.
    monkeypatch.chdir(ROOT)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["diff", *args], catch_exceptions=False)


def pair(name: str) -> list[str]:
    return [str(PAIRS / name / "old.yaml"), str(PAIRS / name / "new.yaml")]


def test_real_case_with_overlay_exits_0() -> None:
    result = run(EXCERPT, HUB_SPEC, "--overlay", HUB_OVERLAY)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "oxen 0.224.2 -> oxen 0.243.1"
    assert "Breaking" not in result.stdout
    assert (
        "  ChatCompletionRequest.stream: new optional field `stream` (bool)  [request.field.added]"
        in lines
    )
    assert sum("[operation.added]" in line for line in lines) == 39
    # 39 new operations, `stream`, auth, and 12 response fields the overlay marks as always present.
    assert (
        "  ChatCompletionResponse.choices: `choices` is now always present  [response.field.required]"
        in lines
    )
    assert lines[-1] == "0 breaking, 54 non-breaking"


def test_real_case_without_overlay_exits_0() -> None:
    result = run(EXCERPT, HUB_SPEC, "--format", "json")
    assert result.exit_code == 0, result.output
    changes = json.loads(result.stdout)
    assert sum(c["kind"] == "operation.added" for c in changes) == 39
    assert {
        "kind": "request.field.added",
        "breaking": False,
        "python_name": "ChatCompletionRequest.stream",
        "pointer": "/components/schemas/ChatCompletionRequest/properties/stream",
        "detail": "new optional field `stream` (bool)",
    } in changes


def test_target_names_operations_like_the_committed_client() -> None:
    result = run(
        EXCERPT, HUB_SPEC, "--overlay", HUB_OVERLAY, "--target", "oxen_hub", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    names = {c["python_name"] for c in json.loads(result.stdout)}
    # specs/oxen_hub.toml strips /api/ai and renames DELETE /api/ai/queue/{generation_id} to `queue.cancel`.
    assert {"client.models.retrieve", "client.queue.cancel"} <= names


def test_removed_response_field_exits_1_and_is_marked_breaking() -> None:
    result = run(*pair("response_field_removed"))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "removed field 1 -> removed field 2",
        "",
        "Breaking (1):",
        "  Model.owned_by: field `owned_by` was removed; code reading it breaks  [response.field.removed]",
        "",
        "1 breaking, 0 non-breaking",
    ]


def test_no_changes_exits_0() -> None:
    spec = str(PAIRS / "unchanged" / "spec.yaml")
    result = run(spec, spec)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "0 breaking, 0 non-breaking"


def test_old_overlay_option() -> None:
    old, new = pair("response_field_removed")
    overlay = str(PAIRS / "response_field_removed" / "old.overlay.yaml")
    result = run(old, new, "--old-overlay", overlay)
    assert result.exit_code == 0, result.output


def test_json_format_is_a_stable_sorted_list() -> None:
    first = run(*pair("request_body"), "--format", "json")
    second = run(*pair("request_body"), "--format", "json")
    assert first.exit_code == second.exit_code == 1
    assert first.stdout == second.stdout
    changes = json.loads(first.stdout)
    assert all(list(c) == ["kind", "breaking", "python_name", "pointer", "detail"] for c in changes)
    keys = [(not c["breaking"], c["kind"], c["python_name"]) for c in changes]
    assert keys == sorted(keys)
    assert {
        "kind": "request.field.added",
        "breaking": True,
        "python_name": "CreateModel.region",
        "pointer": "/components/schemas/CreateModel/properties/region",
        "detail": "new required field `region` (str)",
    } in changes


def test_markdown_format_is_a_table() -> None:
    result = run(*pair("schemas"), "--format", "markdown")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "### API changes: schemas 1 → schemas 2"
    assert "**1 breaking, 5 non-breaking**" in lines
    assert "| | Python | Change | Details | Spec |" in lines
    rows = [
        line for line in lines if line.startswith("| **breaking**") or line.startswith("| non-")
    ]
    assert len(rows) == 6
    # Union labels contain `|`, which would otherwise end the cell.
    assert any("Cat \\| Dog" in row for row in rows)
    assert rows[0].startswith("| **breaking** | `Pet.friend` | response.field.type |")


def test_text_format_lists_breaking_first() -> None:
    result = run(*pair("enums"))
    assert result.exit_code == 1
    text = result.stdout
    assert text.index("Breaking (2):") < text.index("Non-breaking (3):")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["tests/changelog/no_such_old.yaml", HUB_SPEC], "spec file not found"),
        ([EXCERPT, HUB_SPEC, "--overlay", "tests/changelog/no_such.overlay.yaml"], "not found"),
        ([EXCERPT, HUB_SPEC, "--target", "no_such_target"], "unknown target"),
    ],
    ids=["missing-spec", "missing-overlay", "unknown-target"],
)
def test_unreadable_input_exits_2(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_errors_that_exit_1_elsewhere_exit_2_here(tmp_path: Path) -> None:
    # An overlay whose target matches nothing exits 1 in `validate`; here 1 would read as "breaking".
    stale = tmp_path / "stale.overlay.yaml"
    stale.write_text(
        "overlay: 1.0.0\ninfo: {title: stale, version: '1'}\n"
        "actions:\n  - target: $.paths['/nowhere']\n    remove: true\n"
    )
    external = tmp_path / "external.yaml"
    external.write_text(
        "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      responses:\n        '200': {$ref: 'other.yaml#/r'}\n"
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.0.3\ninfo: [unclosed\n")
    spec = str(PAIRS / "unchanged" / "spec.yaml")
    for args in (
        [spec, spec, "--overlay", str(stale)],
        [str(external), spec],
        [spec, str(broken)],
    ):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.startswith("error: ")
        assert "Traceback" not in result.output
        # `diff` has no --allow-external-refs: its advice must not name that option.
        assert "--allow-external-refs" not in result.stderr


def test_bad_format_is_a_usage_error() -> None:
    spec = str(PAIRS / "unchanged" / "spec.yaml")
    result = CliRunner().invoke(main, ["diff", spec, spec, "--format", "html"])
    assert result.exit_code == 2


def test_unexpected_failure_exits_2_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(generator.changelog, "diff_specs", explode)
    spec = str(PAIRS / "unchanged" / "spec.yaml")
    result = run(spec, spec)
    assert result.exit_code == 2
    assert "unexpected RuntimeError: boom" in result.stderr
    assert "Traceback" not in result.output


def test_spec_analysis_rejects_exits_2(tmp_path: Path) -> None:
    # Analysis cannot read the new spec at all (not one operation): a located error, not "breaking".
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: 5\n")
    spec = str(PAIRS / "unchanged" / "spec.yaml")
    result = run(spec, str(broken))
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[:2] == [
        "error: the new spec cannot be analysed: `paths` is not an object",
        "  where: #/paths",
    ]
    assert "Traceback" not in result.output
