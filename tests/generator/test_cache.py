"""The run cache: a run whose inputs were all seen before runs no stage, and no key can go stale."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from generator import cache as cache_module
from generator.cache import RunCache
from generator.config import Target, default_target
from generator.errors import ClientgenError
from generator.models.adapter import OPTIONS
from generator.pipeline import build

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "specs" / "enums.yaml"


@pytest.fixture
def salt_cleared() -> Iterator[None]:
    cache_module._salt.cache_clear()
    yield None
    cache_module._salt.cache_clear()


def _target(tmp_path: Path) -> Target:
    spec = tmp_path / "enums.yaml"
    shutil.copy(FIXTURE, spec)
    return default_target(spec=spec, overlay=None, package="enums", output_dir=tmp_path / "out")


def test_a_seen_run_runs_no_stage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = RunCache(tmp_path / "cache")
    target = _target(tmp_path)
    cold = build(target, cache)

    def no_stage(*args: object, **kwargs: object) -> None:
        raise AssertionError("a stage ran although every input was seen before")

    monkeypatch.setattr("generator.pipeline._run_stages", no_stage)
    warm = build(target, cache)
    assert warm.files == cold.files and warm.summary == cold.summary
    # Any changed input runs the stages again.
    target.spec.write_bytes(target.spec.read_bytes() + b"\n# changed\n")
    with pytest.raises(AssertionError, match="a stage ran"):
        build(target, cache)
    with pytest.raises(AssertionError, match="a stage ran"):
        build(replace(_target(tmp_path), lenient=True), cache)


def test_a_torn_or_strange_entry_is_a_miss(tmp_path: Path) -> None:
    cache = RunCache(tmp_path / "cache")
    target = _target(tmp_path)
    first = build(target, cache)
    entries = [entry for entry in (tmp_path / "cache" / "runs").rglob("*") if entry.is_file()]
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:20])
    assert build(target, cache).files == first.files
    for entry in entries:
        entry.write_text('{"files": 5, "summary": []}')
    assert build(target, cache).files == first.files


def test_external_references_are_never_cached(tmp_path: Path) -> None:
    cache = RunCache(tmp_path / "cache")
    build(replace(_target(tmp_path), allow_external_refs=True), cache)
    assert not (tmp_path / "cache" / "runs").exists()


def _key(cache: RunCache) -> str:
    cache_module._salt.cache_clear()
    return cache.key("same", b"inputs")


def test_the_key_covers_the_generator_and_its_tools(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, salt_cleared: None
) -> None:
    cache = RunCache(tmp_path)
    base = _key(cache)
    assert _key(cache) == base
    # The generator's own source: a copy of generator/ with one edited module.
    copy = tmp_path / "generator"
    shutil.copytree(cache_module._GENERATOR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_module, "_GENERATOR", copy)
    assert _key(cache) == base
    (copy / "typemap.py").write_text((copy / "typemap.py").read_text() + "\n# edited\n")
    assert _key(cache) != base
    monkeypatch.undo()
    assert _key(cache) == base
    # A template.
    templates = tmp_path / "templates"
    shutil.copytree(cache_module._GENERATOR.parent / "templates", templates)
    monkeypatch.setattr("generator.render.environment.TEMPLATES", templates)
    assert _key(cache) == base
    (templates / "package" / "_version.py.jinja").write_text("edited\n")
    assert _key(cache) != base
    monkeypatch.undo()
    # The options of the tools, their versions and the generator's version.
    monkeypatch.setitem(OPTIONS, "strict_nullable", False)
    assert _key(cache) != base
    monkeypatch.undo()
    monkeypatch.setattr("generator.format.RUFF_ARGUMENTS", ("format", "--line-length=88"))
    assert _key(cache) != base
    monkeypatch.undo()
    monkeypatch.setattr(cache_module, "__version__", "0.0.0")
    assert _key(cache) != base
    monkeypatch.undo()
    # A tool's version, as its installed distribution's folder names it.
    site = tmp_path / "site"
    (site / "ruff-0.17.5.dist-info").mkdir(parents=True)
    monkeypatch.syspath_prepend(str(site))
    with_ruff = _key(cache)
    (site / "ruff-0.17.5.dist-info").rename(site / "ruff-0.17.6.dist-info")
    assert _key(cache) != with_ruff


def test_a_failed_run_caches_nothing(tmp_path: Path) -> None:
    cache = RunCache(tmp_path / "cache")
    target = _target(tmp_path)
    ok = {"200": {"description": "ok"}}
    undeclared = {"/a/{id}": {"get": {"responses": ok}}}
    spec = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": undeclared}
    target.spec.write_text(json.dumps(spec))
    with pytest.raises(ClientgenError):
        build(target, cache)
    assert not (tmp_path / "cache" / "runs").exists()
