"""The forked model worker, which imports datamodel-code-generator ahead of need.

It may only change how long a run takes: the output is the same with or without it, a failure inside it is
reported like any other, and a dead worker means the parent does the work itself.
"""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pytest

from generator import pipeline
from generator.cache import Cache
from generator.errors import ClientgenError, SpecProblems
from generator.pipeline import build
from generator.prefork import Worker, start_workers
from tests.python_process import run_python
from tests.snapshots import fixture_target

pytestmark = pytest.mark.skipif(
    (os.cpu_count() or 1) < 2, reason="workers are only started with a second core"
)


def _echo(payload: str) -> str:
    return f"{len(payload)}:{payload[:3]}"


def _fail(payload: str) -> str:
    raise ClientgenError("no model for this", where="#/components/schemas/Pet", fix="simplify it")


def _die(payload: str) -> str:
    os._exit(3)


def _requests_left() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("clientgen-request-*")}


def test_answers_requests_in_order() -> None:
    with Worker(lambda: None, _echo) as worker:
        assert worker.submit("abcdef")
        assert worker.submit("x" * 3_000_000)  # far larger than a pipe's buffer
        assert worker.result() == "6:abc"
        assert worker.result() == "3000000:xxx"
        assert worker.run("hello") == "5:hel"


def test_submitting_does_not_wait_for_the_child_to_warm_up(tmp_path: Path) -> None:
    marker = tmp_path / "submitted"

    def warm() -> None:
        deadline = time.monotonic() + 10
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.01)

    def task(payload: str) -> str:
        return "marker seen while warming" if marker.exists() else "warm-up timed out"

    with Worker(warm, task) as worker:
        assert worker.submit("y" * 1_000_000)
        marker.touch()  # only reached if submit returned while the child was still warming up
        assert worker.result() == "marker seen while warming"


def test_a_located_error_in_the_child_is_raised_in_the_parent() -> None:
    with Worker(lambda: None, _fail) as worker, pytest.raises(ClientgenError) as caught:
        worker.run("{}")
    assert (caught.value.what, caught.value.where, caught.value.fix) == (
        "no model for this",
        "#/components/schemas/Pet",
        "simplify it",
    )


def test_a_dead_child_means_the_caller_does_the_work_and_nothing_is_left_behind() -> None:
    before = _requests_left()
    worker = Worker(lambda: None, _die)
    assert worker.submit("one")
    assert worker.submit("two")  # queued behind the request that kills the child
    assert worker.result() is None
    assert worker.run("three") is None
    worker.close()
    assert _requests_left() <= before


def test_closing_a_warming_worker_does_not_wait_for_it() -> None:
    worker = Worker(lambda: time.sleep(30), _echo)
    started = time.monotonic()
    worker.close()
    assert time.monotonic() - started < 10  # bounded: the child is killed, not joined after its sleep


@pytest.mark.parametrize("name", ["quirks30", "realworld31", "enums"])
def test_the_output_is_the_same_with_and_without_workers(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "default_cache", lambda: Cache(None))
    target = fixture_target(name, tmp_path)
    alone = build(target).files
    with start_workers() as workers:
        assert workers.models is not None
        helped = build(target, workers=workers).files
        again = build(target, workers=workers).files  # one worker serves several targets
    assert helped == alone
    assert again == alone


def test_a_spec_failing_validation_leaves_no_stray_reply_for_the_next_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The models are requested before validation ends; a spec that then fails must not leave its models
    # in the worker, where the next target would collect them as its own.
    monkeypatch.setattr(pipeline, "default_cache", lambda: Cache(None))
    invalid = replace(fixture_target("realworld31", tmp_path), lenient=False)
    valid = fixture_target("enums", tmp_path)
    alone = build(valid).files
    with start_workers() as workers:
        with pytest.raises(SpecProblems):
            build(invalid, workers=workers)
        assert build(valid, workers=workers).files == alone


def test_a_run_with_inputs_seen_before_starts_no_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator import cli
    from generator.cache import run_recorded

    cache = Cache(tmp_path / "cache")
    monkeypatch.setattr(pipeline, "default_cache", lambda: cache)
    monkeypatch.setattr("generator.cache.default_cache", lambda: cache)
    spec = tmp_path / "enums.yaml"
    spec.write_bytes((Path(__file__).parents[1] / "fixtures" / "specs" / "enums.yaml").read_bytes())
    target = replace(fixture_target("enums", tmp_path), spec=spec)
    assert not run_recorded(cache, target)
    with cli._workers_for([target]) as workers:
        assert workers.models is not None  # nothing cached yet: start them
        build(target, workers=workers)
    assert run_recorded(cache, target)
    with cli._workers_for([target]) as workers:
        assert workers.models is None
    spec.write_bytes(spec.read_bytes() + b"\n# changed\n")
    assert not run_recorded(cache, target)


def test_the_model_worker_warm_up_imports_datamodel_code_generator() -> None:
    code = (
        "import sys; from generator.models import import_datamodel_codegen; "
        "import_datamodel_codegen(); print('datamodel_code_generator.parser.openapi' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[2]
    done = run_python("-c", code, cwd=root, timeout=120)
    assert done.stdout.strip() == "True", done.stderr
