"""Regression fixtures of the fuzz suite: what `make fuzz` keeps, and how test_fuzz_regressions replays it.

Each failure is kept as two files in tests/fixtures/fuzz/, named `<property>_<kind>_<sha256 prefix>`: the spec
exactly as the CLI read it (`.json` or `.yaml`), and a `.toml` sidecar with the property to check it against
(`valid`, `broken` or `lenient`), the command line, the mutation that made it, and what was found.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.fuzz.checks import FuzzFailure, check_broken, check_lenient, check_valid
from tests.fuzz.strategies import SpecText

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "fuzz"


@dataclass(frozen=True)
class Kept:
    """One regression fixture: the spec, the property it must satisfy, and what the sidecar says."""

    spec: SpecText
    name: str
    property: str
    confined_to: str | None
    sidecar: dict[str, Any]


def replay(kept: Kept) -> None:
    checks: dict[str, Callable[[], None]] = {
        "valid": lambda: check_valid(kept.spec),
        "broken": lambda: check_broken(kept.spec),
        "lenient": lambda: check_lenient(kept.spec, kept.confined_to or ""),
    }
    checks[kept.property]()


def _toml_string(text: str) -> str:
    # tomllib reads TOML but writes none, and no writer is pinned: a basic string, everything but printable
    # ASCII escaped (TOML has no escape for a lone surrogate, so one is shown as U+FFFD).
    out = []
    for char in text:
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            out.append("\\uFFFD")
        elif 0x20 <= code < 0x7F and char not in '"\\':
            out.append(char)
        else:
            out.append(f"\\U{code:08X}" if code > 0xFFFF else f"\\u{code:04X}")
    return '"' + "".join(out) + '"'


def file_stem(property_name: str, kind: str, spec: SpecText) -> str:
    digest = hashlib.sha256(spec.text.encode("utf-8")).hexdigest()[:12]
    return f"{property_name}_{re.sub(r'[^A-Za-z0-9._@-]', '-', kind)}_{digest}"


def keep(
    property_name: str,
    kind: str,
    spec: SpecText,
    found: str,
    *,
    mutation: str | None = None,
    confined_to: str | None = None,
    folder: Path = FIXTURES,
    origin: str = "Kept by `make fuzz`",
) -> Path:
    """Write the fixture and its sidecar; returns the spec's path."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = file_stem(property_name, kind, spec)
    spec_path = folder / f"{stem}{spec.suffix}"
    spec_path.write_text(spec.text, encoding="utf-8")
    args = ["generate", "--spec", spec_path.name, "--package", "fuzzpkg", "--out", "build/"]
    lines = [
        f"# {origin}; replayed by tests/fuzz/test_fuzz_regressions.py, so that it stays handled.",
        f"property = {_toml_string(property_name)}",
        f"kind = {_toml_string(kind)}",
        f"command = {_toml_string('clientgen ' + ' '.join(args))}",
    ]
    if property_name == "lenient":
        lines.append(
            f"lenient_command = {_toml_string('clientgen ' + ' '.join([*args, '--lenient']))}"
        )
    if mutation is not None:
        lines.append(f"mutation = {_toml_string(mutation)}")
    if confined_to is not None:
        lines.append(f"confined_to = {_toml_string(confined_to)}")
    lines.append(f"found = {_toml_string(found[:4000])}")
    (folder / f"{stem}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return spec_path


@contextlib.contextmanager
def kept_when_failing(
    property_name: str,
    spec: SpecText,
    *,
    mutation: str | None = None,
    confined_to: str | None = None,
) -> Iterator[None]:
    """With CLIENTGEN_FUZZ_KEEP=FOLDER, a failure of the fixed-seed tests is kept there too, as `make fuzz`
    keeps its own (unshrunk: `make test` does not shrink), to rerun or to commit as a regression fixture.
    """
    try:
        yield
    except FuzzFailure as failure:
        folder = os.environ.get("CLIENTGEN_FUZZ_KEEP")
        if folder:
            keep(
                property_name,
                failure.kind,
                spec,
                failure.detail,
                mutation=mutation,
                confined_to=confined_to,
                folder=Path(folder),
            )
        raise


def kept(folder: Path = FIXTURES) -> list[Kept]:
    """Every fixture in the folder, sorted by name."""
    found = []
    for sidecar_path in sorted(folder.glob("*.toml")):
        sidecar = tomllib.loads(sidecar_path.read_text(encoding="utf-8"))
        specs = [p for p in folder.glob(sidecar_path.stem + ".*") if p.suffix in (".json", ".yaml")]
        if len(specs) != 1:
            raise AssertionError(f"{sidecar_path.name}: expected one spec beside it, found {specs}")
        spec = SpecText(specs[0].read_text(encoding="utf-8"), specs[0].suffix)
        found.append(
            Kept(spec, sidecar_path.stem, sidecar["property"], sidecar.get("confined_to"), sidecar)
        )
    return found


# An exception's name and message, wherever it is in a failure's text (the last line of a traceback).
_RAISED = re.compile(r"\b((?:[A-Z]\w*)?(?:Error|Exception|Warning)): (.+)")
# What names or values of the example a message quotes: strings, reprs of containers, pointers in brackets.
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|\{.*\}|\[.*\]|\(.*?\)|<[^>]*>")
# A word of the message's own: not a name of the example (`Field0`, `ADeleteResponse`, `fuzzpkg3_1.types`).
_WORD = re.compile(r"[A-Z]?[a-z]+[.,;:]?|[-:=>]+")


def cause(detail: str) -> str:
    """What a failure's text says went wrong, without the example's names and values.

    The exception it names and its message, or else its first line, with every quoted string, container and
    name replaced by `_`: `Model 'Field0' needs a discriminator field for key ''` -> `Model _ needs a
    discriminator field for key _`.
    """
    lines = [line.strip() for line in detail.splitlines() if line.strip()]
    raised = [found for line in lines if (found := _RAISED.search(line))]
    name, text = (raised[-1][1] + ": ", raised[-1][2]) if raised else ("", lines[0] if lines else "")
    words = [w if _WORD.fullmatch(w) else "_" for w in _QUOTED.sub(" _ ", text).split()]
    collapsed = [w for i, w in enumerate(words) if not (w == "_" and i and words[i - 1] == "_")]
    return (name + " ".join(collapsed))[:160]


def failure_class(failure: FuzzFailure) -> str:
    """The class of a failure: its kind and its cause. One kind may have many causes (`import-
    PydanticUserError` is a discriminator pydantic refuses, or a class left not fully defined), and a failure
    counts as one met before only when both are the same."""
    return f"{failure.kind}: {cause(failure.detail)}"


def open_classes(folder: Path = FIXTURES) -> set[str]:
    """The classes of the kept fixtures that still fail when replayed: a failure of one of those is the same
    bug met again. A fixture that passes is a bug fixed, and a failure of its class now is a new bug.
    """
    found: set[str] = set()
    for fixture in kept(folder):
        try:
            replay(fixture)
        except FuzzFailure as failure:
            found.add(failure_class(failure))
    return found
