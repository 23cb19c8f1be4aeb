"""Temporary files and reads of untrusted files (issue 14, classes "Files" and "Depth and size").

- A run killed outright (SIGKILL) leaves its temporary folders behind; the next run removes those of processes
  that no longer run, and nothing else (`generator.tempfiles`).
- A temporary folder (TMPDIR) that is missing, not a folder or not writable ends in a usage error naming it.
- Every file a user names, directly or through a spec, target or lock, is read by the one bounded reader: a
  FIFO or /dev/zero in any of those places ends in a located error at once, never a hang or an exhausted memory.
"""

from __future__ import annotations

import errno
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from generator import tempfiles
from generator.atomic import write_atomic
from generator.cli import main
from generator.errors import UsageError
from generator.format import format_files
from generator.write import read_tree, write_tree

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "tests" / "fixtures" / "specs" / "enums.yaml"
TARGET = """[target]
spec = "enums.yaml"
package = "enums"
client = "Enums"
async_client = "AsyncEnums"
api_key_env = "ENUMS_API_KEY"
base_url_env = "ENUMS_BASE_URL"
url = "http://127.0.0.1:9/enums.yaml"
"""
# Every wait in this file is bounded: a regression must fail the test, not hang the suite.
WAIT = 60.0


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLIENTGEN_CACHE_DIR", "off")


@pytest.fixture
def dead_pid() -> int:
    """The id of a process that has ended and been reaped."""
    done = subprocess.Popen([sys.executable, "-c", ""])
    done.wait(timeout=WAIT)
    return done.pid


@pytest.fixture
def live_pid() -> Iterator[int]:
    """The id of a process that runs until the test ends."""
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        yield sleeper.pid
    finally:
        sleeper.kill()
        sleeper.wait(timeout=WAIT)


def _generate_command(out: Path) -> list[str]:
    command = [sys.executable, "-m", "generator", "generate", "--spec", str(SPEC)]
    return [*command, "--package", "enums", "--out", str(out)]


def _of(folder: Path, pid: int) -> list[str]:
    """What process `pid` made in `folder` (temporary names carry the pid: `clientgen-models-<pid>-...`)."""
    return sorted(
        n for n in os.listdir(folder) if re.fullmatch(rf"clientgen-[a-z]+-{pid}-\w{{8}}", n)
    )


# --- a run killed outright ---------------------------------------------------------------------------------


def _kill_while_modelling(scratch: Path, out: Path) -> int:
    """Start a run, SIGKILL it once its temporary models folder exists; the dead run's pid."""
    environment = {**os.environ, "TMPDIR": str(scratch), "CLIENTGEN_CACHE_DIR": "off"}
    # A run on a very fast machine may be past that stage before it is seen: then another is started.
    for _ in range(5):
        process = subprocess.Popen(
            _generate_command(out),
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + WAIT
        try:
            while process.poll() is None and time.monotonic() < deadline:
                if _of(scratch, process.pid):
                    process.send_signal(signal.SIGKILL)
                    process.wait(timeout=WAIT)
                    return process.pid
                time.sleep(0.002)
        finally:
            if process.poll() is None:
                process.kill()
            process.communicate(timeout=WAIT)
    raise AssertionError("no run was caught with its temporary folder (failed, or too fast to see)")


def test_killed_run_leftovers_are_removed_by_the_next_run(tmp_path: Path) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    out = tmp_path / "out"
    dead = _kill_while_modelling(scratch, out)
    assert _of(scratch, dead), "SIGKILL left nothing: the test would prove nothing"
    environment = {**os.environ, "TMPDIR": str(scratch), "CLIENTGEN_CACHE_DIR": "off"}
    again = subprocess.run(
        _generate_command(out),
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=WAIT,
    )
    assert again.returncode == 0, again.stderr
    assert _of(scratch, dead) == []
    assert os.listdir(scratch) == [], "the second run left its own temporary folders"
    assert sorted(os.listdir(out)) == ["enums"]


def test_sweep_removes_only_dead_runs_of_this_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dead_pid: int, live_pid: int
) -> None:
    names = {
        f"clientgen-format-{dead_pid}-abcd_123": False,  # a dead run's: removed
        f"clientgen-models-{dead_pid}-abcd_124": False,
        f"clientgen-format-{live_pid}-abcd_125": True,  # a run still going
        f"clientgen-format-{os.getpid()}-abcd_126": True,  # this process's own
        f"clientgen-format-{dead_pid}-short": True,  # names clientgen does not make
        f"clientgen-format-{dead_pid}-abcd_127-more": True,
        f"clientgen-Format-{dead_pid}-abcd_128": True,
        f"clientgen-format-0{dead_pid}-abcd_129": True,
        "clientgen-format-99999999999-abcd_130": True,
        f"other-format-{dead_pid}-abcd_131": True,
        "clientgen-format-x1y2z3w4": True,  # made before names carried a pid: whose it is cannot be told
    }
    for name in names:
        (tmp_path / name).mkdir()
        (tmp_path / name / "inside.txt").write_text("x")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = tmp_path / f"clientgen-format-{dead_pid}-abcd_132"
    link.symlink_to(elsewhere)  # a link: left, and what it points at too
    tempfiles.sweep(tmp_path, "clientgen-[a-z]+")
    kept = {name for name in names if (tmp_path / name).exists()}
    assert kept == {name for name, keep in names.items() if keep}
    assert link.is_symlink() and elsewhere.is_dir()


def test_sweep_leaves_other_users_leftovers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dead_pid: int
) -> None:
    leftover = tmp_path / f"clientgen-format-{dead_pid}-abcd_123"
    leftover.mkdir()
    if os.getuid() == 0:
        os.chown(leftover, 65534, 65534)  # nobody's
    else:  # only root can give a folder away: this process pretends to be someone else instead
        monkeypatch.setattr(os, "getuid", lambda: os.geteuid() + 1)
    tempfiles.sweep(tmp_path, "clientgen-[a-z]+")
    assert leftover.is_dir()


def test_is_running(dead_pid: int, live_pid: int) -> None:
    assert tempfiles.is_running(live_pid) and tempfiles.is_running(os.getpid())
    assert not tempfiles.is_running(dead_pid)


def test_write_atomic_removes_dead_runs_temporary_files(
    tmp_path: Path, dead_pid: int, live_pid: int
) -> None:
    target = tmp_path / "spec.json"
    dead = tmp_path / f".spec.json.clientgen-{dead_pid}-abcd_123"
    live = tmp_path / f".spec.json.clientgen-{live_pid}-abcd_124"
    other = tmp_path / f".other.json.clientgen-{dead_pid}-abcd_125"
    for path in (dead, live, other):
        path.write_text("partial")
    write_atomic(target, b"{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [target.name, live.name, other.name]
    )


def test_write_tree_sweeps_dead_staging_and_restores_a_dead_runs_backup(
    tmp_path: Path, dead_pid: int, live_pid: int
) -> None:
    """A run killed between moving the package aside and putting the new one in place: the next run puts the
    old one back first (its lib/ is carried over), and leaves a live run's folders alone."""
    backup = tmp_path / f".enums.old-{dead_pid}-abcd_123"
    (backup / "lib").mkdir(parents=True)
    (backup / "lib" / "mine.py").write_text("kept = True\n")
    staging = tmp_path / f".enums.tmp-{dead_pid}-abcd_124"
    staging.mkdir()
    busy = [
        tmp_path / f".enums.tmp-{live_pid}-abcd_125",
        tmp_path / f".enums.old-{live_pid}-abcd_126",
    ]
    for path in busy:
        path.mkdir()
    write_tree({"__init__.py": b""}, tmp_path / "enums")
    assert sorted(p.name for p in (tmp_path / "enums").iterdir()) == ["__init__.py", "lib"]
    assert (tmp_path / "enums" / "lib" / "mine.py").read_text() == "kept = True\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["enums", *(p.name for p in busy)])


def test_temporary_names_carry_the_pid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    with tempfiles.temporary_directory("format") as folder:
        assert folder.parent == tmp_path
        assert re.fullmatch(rf"clientgen-format-{os.getpid()}-\w{{8}}", folder.name)
    assert not folder.exists()


# --- an unusable temporary folder ----------------------------------------------------------------------------


def _unusable_folders(tmp_path: Path) -> dict[str, Path]:
    occupied = tmp_path / "a-file"
    occupied.write_text("")
    return {
        "missing": tmp_path / "nonexistent",
        "a file": occupied,
        "under a file": occupied / "tmp",
    }


def _assert_names_the_variable(result: Result, variable: str, folder: Path) -> None:
    output = result.output
    assert result.exit_code == 2, output
    assert "unexpected" not in output and "Traceback" not in output, output
    assert f"where: {variable}={folder}" in output and f"fix: point {variable} at" in output, output


@pytest.mark.parametrize("variable", ["TMPDIR", "TEMP"])
@pytest.mark.parametrize("case", ["missing", "a file", "under a file"])
def test_unusable_temporary_folder_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str, case: str
) -> None:
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.delenv(name, raising=False)
    folder = _unusable_folders(tmp_path)[case]
    monkeypatch.setenv(variable, str(folder))
    result = CliRunner().invoke(
        main, ["generate", "--spec", str(SPEC), "--package", "enums", "--out", str(tmp_path)]
    )
    _assert_names_the_variable(result, variable, folder)
    assert not (tmp_path / "enums").exists()


def test_unwritable_temporary_folder_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "read-only"
    scratch.mkdir()
    scratch.chmod(0o555)
    monkeypatch.setenv("TMPDIR", str(scratch))
    # Root may write anywhere: for it, the permission check is what is exercised.
    access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: access(path, mode) and path != scratch)
    result = CliRunner().invoke(
        main, ["generate", "--spec", str(SPEC), "--package", "enums", "--out", str(tmp_path)]
    )
    _assert_names_the_variable(result, "TMPDIR", scratch)
    assert "not writable" in result.output


def test_failing_to_create_in_the_temporary_folder_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that looks writable but is not (a read-only file system, a full disk, a quota)."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    mkdtemp = tempfile.mkdtemp

    def read_only(*args: Any, **kwargs: Any) -> str:
        if Path(kwargs.get("dir") or args[2]) == tmp_path:
            raise OSError(errno.EROFS, "Read-only file system", str(tmp_path))
        return str(mkdtemp(*args, **kwargs))

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    result = CliRunner().invoke(
        main,
        ["generate", "--spec", str(SPEC), "--package", "enums", "--out", str(tmp_path / "out")],
    )
    _assert_names_the_variable(result, "TMPDIR", tmp_path)
    assert "Read-only file system" in result.output


def test_format_stage_reports_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each stage that makes a temporary folder goes through the same check (models is the first of a run)."""
    monkeypatch.setenv("TMPDIR", str(tmp_path / "nonexistent"))
    with pytest.raises(UsageError) as raised:
        format_files({"a.py": "x=1\n"})
    assert raised.value.where == f"TMPDIR={tmp_path / 'nonexistent'}"


# --- FIFOs and devices wherever a file is read ----------------------------------------------------------------


def _hostile(path: Path, kind: str) -> Path:
    """A FIFO at `path`, or a link there to /dev/zero (a device that never ends)."""
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    return path


def _project(root: Path) -> Path:
    """A project with the target `enums` in `specs/`; its specs folder."""
    (root / "pyproject.toml").write_text('[tool.clientgen]\nspecs = "specs"\n')
    specs = root / "specs"
    specs.mkdir()
    shutil.copy(SPEC, specs / "enums.yaml")
    (specs / "enums.toml").write_text(TARGET)
    return specs


def _bounded_memory() -> None:
    # A read of /dev/zero that escaped the bound fails with MemoryError instead of exhausting the machine.
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=root,
        env={**os.environ, "CLIENTGEN_CACHE_DIR": "off"},
        capture_output=True,
        text=True,
        timeout=30,
        preexec_fn=_bounded_memory,
    )


def _with_spec_ref(root: Path, bad: Path) -> list[str]:
    referring = root / "referring.yaml"
    text = SPEC.read_text(encoding="utf-8")
    schemas = "components:\n  schemas:\n"
    assert schemas in text
    referring.write_text(text.replace(schemas, f"{schemas}    Bad:\n      $ref: {bad.name}\n", 1))
    return ["generate", "--spec", str(referring), "--allow-external-refs", *_OUT]


def _with_project(root: Path, bad: Path, replaced: str, command: str) -> list[str]:
    """The `enums` target with its file `replaced` swapped for `bad`."""
    specs = _project(root)
    (specs / replaced).unlink(missing_ok=True)
    bad.rename(specs / replaced)
    return [command, "enums"]


def _with_init(root: Path, bad: Path) -> list[str]:
    (root / "pyproject.toml").write_text('[tool.clientgen]\nspecs = "specs"\n')
    return ["init", "started", "--spec", str(bad)]


_OUT = ["--package", "enums", "--out", "out"]
# Each place a file is read: the command line for a hostile file `bad` in a folder `root`, where the error must
# point (the end of its `where:` line) and what else it must say.
ENTRY_POINTS: dict[str, tuple[Callable[[Path, Path], list[str]], str, str]] = {
    "generate --spec": (
        lambda root, bad: ["generate", "--spec", str(bad), *_OUT],
        "bad.yaml",
        "spec path",
    ),
    "generate --overlay": (
        lambda root, bad: ["generate", "--spec", str(SPEC), "--overlay", str(bad), *_OUT],
        "bad.yaml",
        "overlay path",
    ),
    "validate SPEC": (lambda root, bad: ["validate", str(bad)], "bad.yaml", "spec path"),
    "external $ref": (_with_spec_ref, "bad.yaml", "#/components/schemas/Bad/$ref"),
    "init --spec": (_with_init, "bad.yaml", "spec path"),
    "diff OLD": (lambda root, bad: ["diff", str(bad), str(SPEC)], "bad.yaml", "spec path"),
    "diff NEW": (lambda root, bad: ["diff", str(SPEC), str(bad)], "bad.yaml", "spec path"),
    "lock of generate": (
        lambda root, bad: _with_project(root, bad, "enums.lock.json", "generate"),
        "specs/enums.lock.json",
        "lock path",
    ),
    "lock of check": (
        lambda root, bad: _with_project(root, bad, "enums.lock.json", "check"),
        "specs/enums.lock.json",
        "lock path",
    ),
    "lock of fetch": (
        lambda root, bad: _with_project(root, bad, "enums.lock.json", "fetch"),
        "specs/enums.lock.json",
        "lock path",
    ),
    # The spec on disk is read before anything is downloaded: the target's URL (a closed port) is never asked.
    "spec of fetch": (
        lambda root, bad: _with_project(root, bad, "enums.yaml", "fetch"),
        "specs/enums.yaml",
        "spec path",
    ),
}


@pytest.mark.skipif(
    not hasattr(os, "mkfifo") or not os.path.exists("/dev/zero"), reason="needs FIFOs, /dev/zero"
)
@pytest.mark.parametrize("kind", ["fifo", "device"])
@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
def test_non_regular_file_is_refused_at_once(tmp_path: Path, kind: str, entry: str) -> None:
    command, where, said = ENTRY_POINTS[entry]
    args = command(tmp_path, _hostile(tmp_path / "bad.yaml", kind))
    started = time.monotonic()
    done = _run(tmp_path, *args)
    errors = done.stderr
    assert done.returncode == 2, errors
    assert "unexpected" not in errors and "Traceback" not in errors, errors
    assert ("(a FIFO)" if kind == "fifo" else "(a device)") in errors and said in errors, errors
    assert re.search(rf"^  where: .*{re.escape(where)}$", errors, re.MULTILINE), errors
    assert time.monotonic() - started < 10, "refused, but not at once"
    assert not (tmp_path / "out").exists() and not (tmp_path / "specs" / "started.toml").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_drift_check_reads_no_fifo_or_device(tmp_path: Path) -> None:
    package = tmp_path / "enums"
    package.mkdir()
    (package / "client.py").write_text("x = 1\n")
    os.mkfifo(package / "pipe.py")
    if os.path.exists("/dev/zero"):
        (package / "zero.py").symlink_to("/dev/zero")
    assert read_tree(package) == {"client.py": b"x = 1\n"}


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        ('{"source_url": "u", "info_version": "1", "sha256": 5, "bytes": 1}', "sha256 is int"),
        (
            '{"source_url": "u", "info_version": "1", "sha256": "ab", "bytes": true}',
            "bytes is bool",
        ),
        (
            '{"source_url": "u", "info_version": "1", "sha256": "ab", "bytes": 1, "x": 1}',
            "unknown key 'x'",
        ),
        ('{"source_url": "u", "info_version": "1", "bytes": 1}', "no 'sha256'"),
        ("[1]", "a JSON list, not an object"),
        (b"\xff{", "can't decode"),
    ],
)
def test_corrupt_lock_is_a_located_error(tmp_path: Path, content: str | bytes, detail: str) -> None:
    """The generated code compares and prints a lock's fields: one of another type must stop at the lock."""
    specs = _project(tmp_path)
    lock = specs / "enums.lock.json"
    lock.write_bytes(content if isinstance(content, bytes) else content.encode())
    done = _run(tmp_path, "generate", "enums")
    assert done.returncode == 1, done.stderr
    assert "unexpected" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert detail in done.stderr, done.stderr
    assert "where: specs/enums.lock.json" in done.stderr, done.stderr
