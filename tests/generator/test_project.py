"""Finding the consumer's project root and reading `[tool.clientgen]` (generator/project.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import UsageError
from generator.project import find_project


def _pyproject(folder: Path, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text(body, encoding="utf-8")


def test_settings_are_read_from_any_subfolder(tmp_path: Path) -> None:
    _pyproject(tmp_path, '[project]\nname = "x"\n\n[tool.clientgen]\nspecs = "api/targets"\noutput = "src/clients"\n')
    deep = tmp_path / "src" / "app" / "deep"
    deep.mkdir(parents=True)
    project = find_project(deep)
    assert project.root == tmp_path.resolve()
    assert project.specs_dir == tmp_path.resolve() / "api" / "targets"
    assert project.output_root == tmp_path.resolve() / "src" / "clients"
    assert project.config_path == tmp_path.resolve() / "pyproject.toml"


def test_defaults_apply_when_the_table_leaves_a_setting_out(tmp_path: Path) -> None:
    _pyproject(tmp_path, '[tool.clientgen]\noutput = "clients"\n')
    project = find_project(tmp_path)
    assert project.specs_dir == tmp_path.resolve() / "specs"
    assert project.output_root == tmp_path.resolve() / "clients"


def test_a_pyproject_without_the_table_is_passed_over_up_to_the_git_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _pyproject(tmp_path / "packages" / "app", '[project]\nname = "app"\n')
    project = find_project(tmp_path / "packages" / "app")
    assert project.root == tmp_path.resolve()
    assert project.specs_dir == tmp_path.resolve() / "specs"
    assert project.output_root == tmp_path.resolve() / "generated"
    assert project.config_path is None


def test_the_search_stops_at_the_git_root(tmp_path: Path) -> None:
    _pyproject(tmp_path, '[tool.clientgen]\nspecs = "outer"\n')
    inner = tmp_path / "vendored"
    (inner / ".git").mkdir(parents=True)
    assert find_project(inner).specs_dir == inner.resolve() / "specs"


def test_paths_are_relative_to_the_current_folder_when_read_from_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pyproject(tmp_path, "[tool.clientgen]\n")
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    assert find_project().specs_dir == Path("specs")
    monkeypatch.chdir(tmp_path / "docs")
    assert find_project().specs_dir == Path("../specs")
    assert find_project().output_root == Path("../generated")


@pytest.mark.parametrize(
    ("body", "message", "where"),
    [
        ('[tool.clientgen]\nspec = "x"\n', "unknown setting `spec`", "[tool.clientgen].spec"),
        ("[tool.clientgen]\noutput = 3\n", "`output` = 3 is not a folder", "[tool.clientgen].output"),
        ('[tool.clientgen]\nspecs = "/abs"\n', "is not a folder relative", "[tool.clientgen].specs"),
        ('[tool]\nclientgen = "specs"\n', "must be a table", "[tool.clientgen]"),
        ("[tool.clientgen\n", "cannot be read", "pyproject.toml"),
    ],
)
def test_bad_settings_are_located(tmp_path: Path, body: str, message: str, where: str) -> None:
    _pyproject(tmp_path, body)
    with pytest.raises(UsageError) as caught:
        find_project(tmp_path)
    assert message in caught.value.what
    assert caught.value.where is not None and caught.value.where.endswith(where)
    assert caught.value.fix


def test_this_repository_declares_its_folders() -> None:
    root = Path(__file__).resolve().parent.parent.parent
    project = find_project(root / "tests" / "generator")
    assert project.specs_dir == root / "specs"
    assert project.output_root == root / "generated"
    assert project.config_path == root / "pyproject.toml"
