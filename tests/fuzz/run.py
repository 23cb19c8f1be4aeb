"""`make fuzz`: the fuzz suite's properties with a random seed and many examples, for FUZZ_MINUTES minutes.

    .venv/bin/python -m tests.fuzz.run --minutes 30

Rounds of each property in turn (valid 3.0 and 3.1 documents, broken documents, --lenient on confined
breakage), each round a Hypothesis run with a fresh random seed. The first failure of a class (its kind:
`unexpected-IndexError@escape.prose`, `lost-value`, `import-SyntaxError`..., and its cause: the message without
the example's names and values, `fixtures.failure_class`) is shrunk by Hypothesis and kept in
tests/fixtures/fuzz/ with a sidecar (tests/fuzz/fixtures.py), so that test_fuzz_regressions replays it from then
on. Later failures of a class kept in this run, or of a kept fixture that still fails when replayed at the start,
count as repeats and the search goes on; a failure like that of a fixture now handled is a new bug, and kept.
At the end: examples tried, failures kept. Exit status 1 when a failure was kept.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, cast

from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.internal.conjecture import engine

from tests.fuzz.checks import FuzzFailure, check_broken, check_lenient, check_valid
from tests.fuzz.fixtures import FIXTURES, failure_class, keep, kept, open_classes
from tests.fuzz.fuzz_settings import LONG
from tests.fuzz.mutations import Mutant, mutants
from tests.fuzz.strategies import SpecText, spec_texts

WARM_UP = Path(__file__).resolve().parents[1] / "fixtures" / "specs" / "params.yaml"
# A runaway generation fails with MemoryError (a found bug) rather than taking the machine down.
MEMORY_LIMIT_BYTES = 8 * 1024**3


@dataclass(frozen=True)
class Property:
    name: str
    strategy: st.SearchStrategy[Any]
    check: Callable[[Any], None]


def _spec(example: Any) -> SpecText:
    return example.spec if isinstance(example, Mutant) else example


def _check_lenient(mutant: Mutant) -> None:
    check_lenient(mutant.spec, mutant.confined_to or "")


PROPERTIES = [
    Property("valid", spec_texts("3.0"), check_valid),
    Property("valid", spec_texts("3.1"), check_valid),
    Property("broken", mutants(), lambda mutant: check_broken(mutant.spec)),
    Property("lenient", mutants(confined=True), _check_lenient),
]


class _Found(FuzzFailure):
    pass


def _failure_class(kind: str) -> type[_Found]:
    # Hypothesis tells bugs apart by exception type and place: a type per kind keeps shrinking within the kind.
    cls = _CLASSES.get(kind)
    if cls is None:
        cls = _CLASSES[kind] = type(f"Found_{len(_CLASSES)}", (_Found,), {})
    return cls


_CLASSES: dict[str, type[_Found]] = {}


@dataclass
class RoundResult:
    """What one round did: examples tried, failures of kept classes met again, fixtures kept, or why it ended."""

    tried: int = 0
    repeats: int = 0
    kept: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)  # of the failures kept
    error: str = ""


def run_round(prop: Property, examples: int, folder: Path, known: set[str]) -> RoundResult:
    """One Hypothesis run of the property with a random seed; the first failure of a class not `known` is
    kept."""
    result = RoundResult()
    last: dict[str, tuple[Any, FuzzFailure]] = {}

    @settings(LONG, max_examples=examples)
    @given(prop.strategy)
    def run(example: Any) -> None:
        result.tried += 1
        try:
            prop.check(example)
        except FuzzFailure as failure:
            key = failure_class(failure)
            if key in known:
                result.repeats += 1
                return
            # Hypothesis replays the smallest failing example last: what is kept is that one.
            last[key] = (example, failure)
            raise _failure_class(key)(failure.kind, key) from failure

    try:
        run()
    except _Found as found:
        example, failure = last[found.detail]
        mutant = example if isinstance(example, Mutant) else None
        path = keep(
            prop.name,
            found.kind,
            _spec(example),
            failure.detail,
            mutation=f"{mutant.operator} at {mutant.pointer}" if mutant else None,
            confined_to=mutant.confined_to if mutant and prop.name == "lenient" else None,
            folder=folder,
        )
        result.kept.append(str(path))
        result.classes.append(found.detail)
        first_line = failure.detail.splitlines()[0][:200] if failure.detail else found.kind
        print(f"  kept {path}: {first_line}", flush=True)
    except Exception as exc:  # a failure of Hypothesis or of the harness itself: say so, go on
        result.error = f"{type(exc).__name__}: {exc}"
    return result


def _round_in_child(
    index: int, examples: int, folder: Path, known: set[str], connection: Connection
) -> None:
    try:
        connection.send(run_round(PROPERTIES[index], examples, folder, known))
    finally:
        connection.close()


def run_round_apart(
    index: int, examples: int, folder: Path, known: set[str], timeout: float
) -> RoundResult:
    """The round in a forked process: what thousands of in-process imports of generated packages leave in
    memory (typing's and pydantic's caches keep their classes) goes with it, and so does a crash or a hang.
    """
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(
        target=_round_in_child, args=(index, examples, folder, known, sending)
    )
    process.start()
    sending.close()
    try:
        if receiving.poll(timeout):
            return cast(RoundResult, receiving.recv())
        process.kill()
        return RoundResult(error=f"no result after {timeout:.0f} s: the round was stopped")
    except EOFError:
        return RoundResult(error="the round's process ended without a result")
    except KeyboardInterrupt:
        process.kill()
        raise
    finally:
        process.join()
        if process.exitcode not in (0, None, -signal.SIGKILL):
            print(f"  the round's process exited with {process.exitcode}", file=sys.stderr)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


@dataclass
class Totals:
    """What a whole run did, round after round."""

    tried: Counter[str] = field(default_factory=Counter)
    repeats: Counter[str] = field(default_factory=Counter)
    kept: list[str] = field(default_factory=list)
    # The classes met before: those of the kept fixtures still failing, then those kept in this run.
    known: set[str] = field(default_factory=set)
    # Seconds per example of each property's last round: how many examples the next round can afford.
    pace: dict[int, float] = field(default_factory=dict)


def fuzz(deadline: float, folder: Path, shrink_seconds: float, totals: Totals) -> None:
    """Rounds of each property in turn until the deadline."""
    while time.monotonic() < deadline:
        for index, prop in enumerate(PROPERTIES):
            left = deadline - time.monotonic()
            if left <= 0:
                return
            # A round ends about when the time does: as many examples as the last rounds' pace allows.
            examples = max(1, min(200, int(left / totals.pace.get(index, 1.0))))
            timeout = examples * totals.pace.get(index, 5.0) * 3 + shrink_seconds + 300
            before = time.monotonic()
            result = run_round_apart(index, examples, folder, totals.known, timeout)
            seconds = time.monotonic() - before
            totals.tried[prop.name] += result.tried
            totals.repeats[prop.name] += result.repeats
            totals.kept += result.kept
            totals.known.update(result.classes)
            totals.pace[index] = seconds / max(1, result.tried)
            ended = f" ({result.error})" if result.error else ""
            print(f"  {prop.name}: {result.tried} examples in {seconds:.0f} s{ended}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--minutes", type=float, default=float(os.environ.get("FUZZ_MINUTES", "30"))
    )
    parser.add_argument("--folder", type=Path, default=FIXTURES, help="where failures are kept")
    parser.add_argument(
        "--shrink-seconds",
        type=float,
        default=120,
        help="how long Hypothesis may shrink one failure (its own default, 300 s, costs a 30-minute run "
        "six failures: each step of shrinking generates a package)",
    )
    options = parser.parse_args()
    # Hypothesis has no setting for this, only its engine's constant (the version is pinned).
    engine.MAX_SHRINKING_SECONDS = options.shrink_seconds
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    # The first generation of a process imports the generator's stages (about a second): done once here,
    # every round's process is forked warm.
    check_valid(SpecText(WARM_UP.read_text(encoding="utf-8"), WARM_UP.suffix))
    folder = options.folder
    totals = Totals(known=open_classes(folder))
    print(
        f"fuzzing for {options.minutes:g} min; {len(kept(folder))} fixtures in {folder}, "
        f"{len(totals.known)} classes of them still failing"
    )
    for key in sorted(totals.known):
        print(f"  still failing: {key}")
    started = time.monotonic()
    deadline = started + options.minutes * 60
    # A `kill` or Ctrl-C ends the run early, but still with its summary: the fixtures kept so far stay.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        fuzz(deadline, folder, options.shrink_seconds, totals)
    except KeyboardInterrupt:
        print("  stopped before the time was up", flush=True)
    minutes = (time.monotonic() - started) / 60
    tried = sum(totals.tried.values())
    print(f"\nfuzzed {minutes:.1f} minutes: {tried} examples tried ({dict(totals.tried)})")
    print(f"failures of classes already kept, met again: {dict(totals.repeats) or 0}")
    print(f"failures kept: {len(totals.kept)}")
    for path in totals.kept:
        print(f"  {path}")
    return 1 if totals.kept else 0


if __name__ == "__main__":
    sys.exit(main())
