"""What every fuzzed spec must come to (issue 14): a located error, or a package that works.

The CLI runs in-process (click's CliRunner, with the cache off), which costs milliseconds per spec where a child
process would cost a second; so does the import of each generated package, under a package name of its own,
removed from sys.modules afterwards. Each run is bounded by a timer, so that a hang is a failure, not a stuck
suite. Each failure is a `FuzzFailure` whose `kind` names its class (`unexpected-IndexError`, `import`,
`lost-value`...): `make fuzz` keeps one regression fixture per class and property.
"""

from __future__ import annotations

import contextlib
import importlib
import itertools
import json
import os
import re
import signal
import sys
import tempfile
import tomllib
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType, ModuleType
from typing import Any

import pydantic
import yaml
from click.testing import CliRunner

from generator.cli import main
from tests.fuzz.strategies import SpecText
from tests.fuzz.values import object_properties, object_schemas, sample_value

# Seconds one generation (or one package's checks) may take before it counts as a hang; a small spec takes
# well under one.
TIME_LIMIT_SECONDS = 60
_PACKAGES = itertools.count()


class FuzzFailure(AssertionError):
    """A spec the generator handled wrongly; `kind` is the class of the failure, for fixture names."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"[{kind}] {detail}")
        self.kind = kind
        self.detail = detail


class Hang(BaseException):
    """A run past TIME_LIMIT_SECONDS. Not an Exception, so that the CLI's last line of defence lets it through."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class Run:
    """One `clientgen` command: its exit code and output (stdout and stderr), the package it was to write."""

    exit_code: int
    output: str
    out: Path
    package: str


@contextlib.contextmanager
def workdir() -> Iterator[Path]:
    """A temporary current folder: the spec is passed by a relative name, so that no absolute temporary path in
    the output passes for a JSON pointer."""
    with tempfile.TemporaryDirectory(prefix="clientgen-fuzz-") as folder:
        before = os.getcwd()
        os.chdir(folder)
        try:
            yield Path(folder)
        finally:
            os.chdir(before)


def spec_file(spec: SpecText, folder: Path) -> str:
    name = f"spec{spec.suffix}"
    (folder / name).write_text(spec.text, encoding="utf-8")
    return name


def generate(spec_name: str, folder: Path, *, lenient: bool = False) -> Run:
    package = f"fuzzpkg{os.getpid()}_{next(_PACKAGES)}"
    out = folder / f"out_{package}"
    args = ["generate", "--spec", spec_name, "--package", package, "--out", out.name]
    return _invoke([*args, "--lenient"] if lenient else args, out, package)


def validate(spec_name: str) -> Run:
    return _invoke(["validate", spec_name], Path(), "")


# Each run reads the spec afresh: a cached result would hide what the generator does with it now.
_ENV = {"CLIENTGEN_CACHE_DIR": "off"}


def _invoke(args: list[str], out: Path, package: str) -> Run:
    with time_limit(TIME_LIMIT_SECONDS):
        try:
            result = CliRunner().invoke(main, args, env=_ENV)
        except Hang as exc:
            raise FuzzFailure("hang", f"clientgen {' '.join(args)}: {exc}") from None
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        kind = f"crash-{type(result.exception).__name__}"
        raise FuzzFailure(kind, f"{result.exception!r} escaped the CLI:\n{result.output}")
    run = Run(result.exit_code, result.output, out, package)
    unexpected = re.search(r"error: unexpected (\w+)", run.output)
    if unexpected or "clientgen bug" in run.output:
        name = unexpected.group(1) if unexpected else "error"
        raise FuzzFailure(f"unexpected-{name}@{_raised_in(args)}", run.output)
    if "Traceback" in run.output:
        raise FuzzFailure("traceback", run.output)
    return run


def _raised_in(args: list[str]) -> str:
    """Where a bug was raised (`escape.prose`), from the traceback --debug lets through: one cause, one class."""
    with time_limit(TIME_LIMIT_SECONDS):
        try:
            result = CliRunner().invoke(main, ["--debug", *args], env=_ENV)
        except Hang:
            return "unknown"
    if result.exc_info is None or isinstance(result.exception, SystemExit):
        return "unknown"
    frames = traceback.extract_tb(result.exc_info[2])
    ours = [f for f in frames if f"{os.sep}generator{os.sep}" in f.filename] or frames
    return f"{Path(ours[-1].filename).stem}.{ours[-1].name}"


# A JSON pointer where the output says where: a `where:` line holding `#/` (`spec.json#/openapi`) or starting
# with `/`, or a problem line starting with one (`/paths/~1a/get: ...`, as validation lists them).
_POINTER = re.compile(r"^\s*(?:where: \S*#/|where: /|(?:warning: |skipped: )*#?/)", re.MULTILINE)
# A position in the spec file, for text that is not a document at all (nothing to point into).
_POSITION = re.compile(r"^\s*where: \S*spec\.(?:json|yaml):\d+", re.MULTILINE)
# A warning of --lenient that names where: `warning: /components/schemas/A: ...`.
_LOCATED_WARNING = re.compile(r"^(?:warning|skipped): (?:warning: )?#?/", re.MULTILINE)


def parses(spec: SpecText) -> bool:
    """Whether the text is a document at all (JSON, or YAML as libyaml reads it)."""
    try:
        if spec.suffix == ".json":
            json.loads(spec.text)
        else:
            yaml.load(spec.text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (ValueError, yaml.YAMLError, RecursionError):
        return False
    return True


def assert_located(run: Run, spec: SpecText, folder: Path) -> None:
    """Exit 1 or 2 with a JSON pointer (a file position only where the text does not parse)."""
    if run.exit_code not in (1, 2):
        raise FuzzFailure(f"exit-{run.exit_code}", run.output)
    output = run.output.replace(str(folder), "<folder>")
    if _POINTER.search(output):
        return
    if not parses(spec) and _POSITION.search(output):
        return
    raise FuzzFailure("unlocated", f"exit {run.exit_code} without a JSON pointer:\n{run.output}")


def assert_lenient_degrades(strict: Run, lenient: Run, confined_to: str) -> None:
    """A problem confined to one schema or operation: --lenient degrades that part with a located warning."""
    if 2 in (strict.exit_code, lenient.exit_code):
        # Unreadable input, or what needs a flag (an external $ref needs --allow-external-refs): a usage error,
        # not a validation problem --lenient is meant to skip.
        return
    if lenient.exit_code != 0:
        raise FuzzFailure(
            "lenient-gave-up",
            f"--lenient failed on a problem confined to {confined_to}:\n{lenient.output}",
        )
    if strict.exit_code == 1 and not _LOCATED_WARNING.search(lenient.output):
        raise FuzzFailure(
            "lenient-unlocated",
            f"--lenient passed over the problem in {confined_to} without a located warning:\n"
            f"strict:\n{strict.output}\nlenient:\n{lenient.output}",
        )


@contextlib.contextmanager
def imported(run: Run) -> Iterator[list[ModuleType]]:
    """Every module of the generated package, imported; all of them removed from sys.modules afterwards."""
    root = run.out / run.package
    sys.path.insert(0, str(run.out))
    importlib.invalidate_caches()
    try:
        modules = []
        for path in sorted(root.rglob("*.py")):
            parts = [run.package, *path.relative_to(root).with_suffix("").parts]
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            try:
                modules.append(importlib.import_module(name))
            except Exception as exc:
                raise FuzzFailure(f"import-{type(exc).__name__}", f"{name}: {exc}") from exc
        yield modules
    finally:
        sys.path.remove(str(run.out))
        for name in [m for m in sys.modules if m == run.package or m.startswith(run.package + ".")]:
            del sys.modules[name]


def check_files(run: Run) -> None:
    """Every file is UTF-8, every module compiles, the package metadata parses."""
    root = run.out / run.package
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FuzzFailure("utf8", f"{path.relative_to(run.out)}: {exc}") from exc
        try:
            if path.suffix == ".py":
                compile(text, str(path), "exec")
            elif path.name == "pyproject.toml":
                tomllib.loads(text)
            elif path.suffix == ".json":
                json.loads(text)
        except (SyntaxError, ValueError) as exc:
            kind = f"compile-{path.suffix.lstrip('.')}"
            raise FuzzFailure(
                kind, f"{path.relative_to(run.out)}: {type(exc).__name__}: {exc}"
            ) from exc


def check_exports(modules: list[ModuleType]) -> None:
    """Every name of every `__all__` resolves, and `dir()` of each package works and lists what resolves."""
    for module in modules:
        names = list(getattr(module, "__all__", []))
        if hasattr(module, "__path__"):
            try:
                names += dir(module)
            except Exception as exc:
                kind = f"dir-{type(exc).__name__}"
                raise FuzzFailure(kind, f"dir({module.__name__}): {exc}") from exc
        for name in names:
            try:
                getattr(module, name)
            except Exception as exc:
                detail = f"{module.__name__}.{name}: {exc}"
                raise FuzzFailure(f"export-{type(exc).__name__}", detail) from exc


def _wire_names(model: type[pydantic.BaseModel]) -> frozenset[str]:
    names = set()
    for name, info in model.model_fields.items():
        alias = info.validation_alias if isinstance(info.validation_alias, str) else info.alias
        names.add(alias if alias is not None else name)
    return frozenset(names)


def _models(modules: list[ModuleType]) -> dict[frozenset[str], list[type[pydantic.BaseModel]]]:
    """The package's model classes, by the set of wire names of their fields."""
    found: dict[frozenset[str], list[type[pydantic.BaseModel]]] = {}
    for module in modules:
        for value in list(vars(module).values()):
            is_model = isinstance(value, type) and issubclass(value, pydantic.BaseModel)
            if (
                not is_model
                or value.__module__ != module.__name__
                or issubclass(value, pydantic.RootModel)
            ):
                continue
            found.setdefault(_wire_names(value), []).append(value)
    return found


def same_json(left: Any, right: Any) -> bool:
    """The same JSON value: 7 and 7.0 are one number (as in JSON), but True is not 1 and "7" is not 7."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, int | float) and isinstance(right, int | float):
        return left == right
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(same_json(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(same_json, left, right))
    return type(left) is type(right) and left == right


def check_round_trips(document: dict[str, Any], modules: list[ModuleType]) -> None:
    """For every object schema: a model whose fields are exactly its properties' wire names parses a JSON
    object keyed by them, keeps nothing as an extra field, and dumps it back (by alias) unchanged.
    """
    models = _models(modules)
    for schema in object_schemas(document):
        payload = sample_value(document, schema, complete=True)
        wires = frozenset(object_properties(document, schema)[0])
        candidates = models.get(wires, [])
        if not candidates:
            raise FuzzFailure(
                "lost-field",
                f"no model has exactly the fields {sorted(wires)!r}; "
                f"the models have {sorted(sorted(w) for w in models)!r}",
            )
        problems = []
        kind = "lost-value"
        for model in candidates:
            try:
                item = model.model_validate(payload)
            except pydantic.ValidationError as exc:
                problems.append(f"{model.__name__} refuses {payload!r}: {exc}")
                continue
            except Exception as exc:  # a model that cannot validate at all: not fully defined, say
                kind = f"model-{type(exc).__name__}"
                problems.append(
                    f"{model.__name__} cannot validate {payload!r}: {type(exc).__name__}: {exc}"
                )
                continue
            if item.model_extra:
                problems.append(
                    f"{model.__name__} keeps {sorted(item.model_extra)!r} as extra fields"
                )
                continue
            dumped = item.model_dump(mode="json", by_alias=True, exclude_unset=True, warnings=False)
            if not same_json(dumped, payload):
                problems.append(f"{model.__name__} dumps {dumped!r} for {payload!r}")
                continue
            break
        else:
            raise FuzzFailure(kind, "\n".join(problems))


def check_package(run: Run, document: dict[str, Any] | None = None) -> None:
    """The generated package compiles, imports, resolves its exports and (given the document) round-trips."""
    check_files(run)
    with time_limit(TIME_LIMIT_SECONDS):
        try:
            with imported(run) as modules:
                check_exports(modules)
                if document is not None:
                    check_round_trips(document, modules)
        except Hang as exc:
            raise FuzzFailure("hang", f"importing {run.package}: {exc}") from None


def load(spec: SpecText) -> Any:
    if spec.suffix == ".json":
        return json.loads(spec.text)
    return yaml.load(spec.text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def check_valid(spec: SpecText) -> None:
    """A valid document validates, generates (exit 0) and gives a package that works and keeps every field."""
    with workdir() as folder:
        name = spec_file(spec, folder)
        checked = validate(name)
        if checked.exit_code != 0:
            raise FuzzFailure(
                "valid-rejected", f"clientgen validate refuses a valid document:\n{checked.output}"
            )
        run = generate(name, folder)
        if run.exit_code != 0:
            raise FuzzFailure(
                f"exit-{run.exit_code}", f"a valid document did not generate:\n{run.output}"
            )
        check_package(run, load(spec))


def check_broken(spec: SpecText) -> None:
    """A broken document ends in a located error (exit 1 or 2) or in a package that works."""
    with workdir() as folder:
        run = generate(spec_file(spec, folder), folder)
        if run.exit_code == 0:
            check_package(run)
        else:
            assert_located(run, spec, folder)


def check_lenient(spec: SpecText, confined_to: str) -> None:
    """Broken only within `confined_to` (one schema or operation): a located error without --lenient, and
    with it a package that works, the problem named in a located warning."""
    with workdir() as folder:
        name = spec_file(spec, folder)
        strict = generate(name, folder)
        if strict.exit_code != 0:
            assert_located(strict, spec, folder)
        lenient = generate(name, folder, lenient=True)
        assert_lenient_degrades(strict, lenient, confined_to)
        if lenient.exit_code == 0:
            check_package(lenient)
        else:
            assert_located(lenient, spec, folder)
