"""The consumer's project: its root, found from any subfolder, and where its targets and clients live.

A repository that adopts clientgen may say in its `pyproject.toml`

    [tool.clientgen]
    specs = "api/specs"        # target files, specs, overlays and locks (default "specs")
    output = "src/clients"     # the generated packages (default "generated")

The root is the nearest folder, from the current one upwards, whose `pyproject.toml` has a `[tool.clientgen]`
table; failing that, the nearest one holding `.git`; failing that, the current folder. Paths are given relative
to the current folder when they lie under it, so messages read as they are typed (`specs/x.toml`).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import UsageError
from generator.source import read_file

DEFAULT_SPECS = "specs"
DEFAULT_OUTPUT = "generated"
_KEYS = {"specs": DEFAULT_SPECS, "output": DEFAULT_OUTPUT}


@dataclass(frozen=True)
class Project:
    root: Path
    specs_dir: Path
    output_root: Path
    # The pyproject.toml whose [tool.clientgen] table was read; None when the defaults apply.
    config_path: Path | None = None


def find_project(start: Path | None = None) -> Project:
    """The project that `start` (default: the current folder) lies in, with its [tool.clientgen] settings."""
    cwd = Path.cwd().resolve()
    here = start.resolve() if start else cwd
    # Paths relative to the current folder only when they are read from there.
    shown_from = here if here == cwd else None
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _clientgen_table(pyproject)
            if table is not None:
                return _project(folder, table, pyproject, shown_from)
        if (folder / ".git").exists():
            return _project(folder, {}, None, shown_from)
    return _project(here, {}, None, shown_from)


def _clientgen_table(pyproject: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(read_file(pyproject, what="pyproject.toml").decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(
            f"{pyproject} cannot be read ({exc})",
            where=str(pyproject),
            fix="fix the file's TOML syntax; clientgen reads its [tool.clientgen] table",
        ) from None
    tool = data.get("tool")
    table = tool.get("clientgen") if isinstance(tool, dict) else None
    if table is None:
        return None
    if not isinstance(table, dict):
        raise UsageError(
            "`tool.clientgen` must be a table",
            where=f"{pyproject} [tool.clientgen]",
            fix='write `[tool.clientgen]` with `specs = "specs"` and `output = "generated"`',
        )
    return table


def _project(
    root: Path, table: dict[str, Any], pyproject: Path | None, shown_from: Path | None
) -> Project:
    folders: dict[str, Path] = {}
    for key in sorted(table):
        if key not in _KEYS:
            raise UsageError(
                f"unknown setting `{key}` in [tool.clientgen]",
                where=f"{pyproject} [tool.clientgen].{key}",
                fix=f"the settings are: {', '.join(sorted(_KEYS))}",
            )
        value = table[key]
        if not isinstance(value, str) or not value.strip() or Path(value).is_absolute():
            raise UsageError(
                f"`{key}` = {value!r} is not a folder relative to the project root",
                where=f"{pyproject} [tool.clientgen].{key}",
                fix=f'write a relative path, e.g. `{key} = "{_KEYS[key]}"`',
            )
    for key, default in _KEYS.items():
        folders[key] = _shown(root / str(table.get(key, default)), shown_from)
    return Project(
        root=root, specs_dir=folders["specs"], output_root=folders["output"], config_path=pyproject
    )


def _shown(path: Path, shown_from: Path | None) -> Path:
    """`path` relative to the current folder when it is below it or up to two levels up, else absolute."""
    if shown_from is None:
        return path
    relative = Path(os.path.relpath(path, shown_from))
    return relative if relative.parts[:3] != ("..", "..", "..") else path
