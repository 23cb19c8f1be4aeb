"""The `pages` fixture target (tests/fixtures/specs/pages.yaml + pages.toml), shared by the pagination and
scope tests: analysing a target, and the error a target file with other tables gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.analyze import analyze
from generator.config import Target, load_target
from generator.errors import ClientgenError
from generator.inputs import read_inputs
from generator.ir import Api

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "specs" / "pages.toml"


def analysed(target: Target) -> Api:
    document = read_inputs(str(target.spec), None, allow_external_refs=False).document
    return analyze(document, target)


def target_error(tmp_path: Path, head: str, tables: str) -> ClientgenError:
    """The error of a target file for the fixture spec: `head` (with `{spec}`) followed by `tables`."""
    path = tmp_path / "pages.toml"
    spec = (FIXTURE.parent / "pages.yaml").as_posix()
    path.write_text(head.format(spec=spec) + tables, encoding="utf-8")
    with pytest.raises(ClientgenError) as caught:
        analysed(load_target(path, output_root=tmp_path))
    return caught.value
