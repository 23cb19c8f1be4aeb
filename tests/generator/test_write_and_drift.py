"""Atomic writes, the drift check and the hand-written lib/ folder, on a scratch copy of the project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import write as write_module
from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    shutil.copytree(ROOT / "generated", tmp_path / "generated", ignore=shutil.ignore_patterns("__pycache__", ".mypy_cache"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_check_passes_on_the_committed_tree(project: Path) -> None:
    code, output = run("check")
    assert code == 0, output
    assert "oxen_hub: generated/oxen_hub is up to date" in output


def test_hand_edit_is_reported_with_a_diff(project: Path) -> None:
    target = project / "generated/oxen_hub/resources/models.py"
    target.write_text(target.read_text().replace("def retrieve(", "def fetch("))
    code, output = run("check", "oxen_hub")
    assert code == 1
    assert "changed: generated/oxen_hub/resources/models.py" in output
    assert "-    def retrieve(" in output and "+    def fetch(" in output
    assert "make regen" in output  # the one command that fixes it


def test_stray_and_missing_files_are_reported(project: Path) -> None:
    (project / "generated/oxen_hub/resources/extra.py").write_text("x = 1\n")
    (project / "generated/oxen_hub/_version.py").unlink()
    code, output = run("check")
    assert code == 1
    assert "extra:   generated/oxen_hub/resources/extra.py" in output
    assert "missing: generated/oxen_hub/_version.py" in output


def test_caches_are_not_drift(project: Path) -> None:
    cache = project / "generated/oxen_hub/__pycache__"
    cache.mkdir()
    (cache / "_client.cpython-311.pyc").write_bytes(b"\0")
    assert run("check")[0] == 0


def test_lib_survives_regeneration_and_is_ignored_by_check(project: Path) -> None:
    lib = project / "generated/oxen_hub/lib"
    lib.mkdir()
    (lib / "helpers.py").write_text("def shout(text: str) -> str:\n    return text.upper()\n")
    assert run("check")[0] == 0
    code, output = run("generate", "oxen_hub")
    assert code == 0, output
    assert (lib / "helpers.py").read_text().startswith("def shout")
    assert run("check")[0] == 0


def test_regeneration_restores_a_hand_edited_tree(project: Path) -> None:
    (project / "generated/oxen_hub/resources/models.py").write_text("broken\n")
    assert run("generate", "oxen_hub")[0] == 0
    assert run("check")[0] == 0


@pytest.mark.parametrize("failure", [OSError("disk full"), KeyboardInterrupt()])
def test_failed_write_leaves_the_old_package_intact(
    project: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    before = write_module.read_tree(project / "generated/oxen_hub")
    (project / "generated/oxen_hub/resources/models.py").write_text("old content\n")
    before["resources/models.py"] = b"old content\n"
    calls = {"n": 0}
    real_write = Path.write_bytes

    def failing_write(self: Path, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 10:
            raise failure
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    with pytest.raises(type(failure)):
        from generator.config import find_target
        from generator.pipeline import generate

        generate(find_target("oxen_hub", Path("specs"), output_root=Path("generated")))
    monkeypatch.undo()
    assert write_module.read_tree(project / "generated/oxen_hub") == before
    leftovers = [p.name for p in (project / "generated").iterdir() if p.name.startswith(".oxen_hub")]
    assert leftovers == []


def test_cli_reports_interrupt_without_traceback(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(write_module, "write_tree", interrupted)
    code, output = run("generate", "oxen_hub")
    assert code == 130
    assert "interrupted" in output and "Traceback" not in output
