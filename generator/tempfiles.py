"""Every temporary file and folder clientgen makes, named after the process that made it.

A run removes what it made on the way out, even on Ctrl-C or `kill`; a run killed outright (SIGKILL, the
OOM killer, a power cut) cannot. Its leftovers carry its process id (`clientgen-format-<pid>-x1y2z3w4`), so a
later run removes those of processes that no longer run, and leaves alone everything else: other users' files,
names clientgen does not make, and the folders of runs still going (two runs may share a temporary folder or
an output folder).

The system's temporary folder is the first of TMPDIR, TEMP and TMP that is set (Python's own order), else
memory where the system offers it (`/dev/shm`), else what `tempfile.gettempdir` picks. One that is set but unusable is an error: Python would quietly fall back
to another folder, against the reason the user had for setting it (a bigger disk, a private folder).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from generator.errors import UsageError

# Every name made in the system's temporary folder starts `clientgen-<purpose>-`.
PREFIX = "clientgen"
_TEMPORARY_VARIABLES = ("TMPDIR", "TEMP", "TMP")
_MEMORY = Path("/dev/shm")
# tempfile appends 8 characters drawn from these: matching them exactly keeps names we do not make out.
_RANDOM_TAIL = r"[a-z0-9_]{8}"
# A Linux pid is at most 2**22; one of more digits than a C int holds cannot be ours (and os.kill refuses it).
_PID = r"[1-9][0-9]{0,8}"
# Temporary folders whose leftovers were already removed by this process: once per run is enough.
_swept: set[Path] = set()


def owner_prefix(stem: str) -> str:
    """The start of a temporary name this process makes: `<stem>-<pid>-` (tempfile appends the rest)."""
    return f"{stem}-{os.getpid()}-"


@contextlib.contextmanager
def temporary_directory(purpose: str) -> Iterator[Path]:
    """A private folder `clientgen-<purpose>-<pid>-…` in the system's temporary folder, removed on exit.

    The first one a run makes also removes the leftovers of killed runs there."""
    root, variable = _system_root()
    if root not in _swept:
        _swept.add(root)
        sweep(root, PREFIX + "-[a-z]+")
    try:
        path = Path(tempfile.mkdtemp(prefix=owner_prefix(f"{PREFIX}-{purpose}"), dir=root))
    except OSError as exc:
        raise _unusable(root, variable, exc.strerror or str(exc)) from None
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def sibling_file(path: Path) -> tuple[int, str]:
    """A new temporary file beside `path` (open descriptor and name), for writing it by a rename; leftovers
    of killed runs writing the same file are removed first."""
    stem = f".{path.name}.{PREFIX}"
    sweep(path.parent, re.escape(stem))
    return tempfile.mkstemp(prefix=owner_prefix(stem), dir=path.parent)


def sibling_directory(stem: str, parent: Path) -> Path:
    """A new folder `<stem>-<pid>-…` in `parent` (not swept here: see `abandoned`)."""
    return Path(tempfile.mkdtemp(prefix=owner_prefix(stem), dir=parent))


def abandoned(folder: Path, stem_pattern: str) -> list[Path]:
    """What killed runs left in `folder`: entries named `<stem>-<pid>-<8 random characters>` (the stem
    matching the regular expression `stem_pattern`) that belong to this user, are files or folders (not
    links), and whose process no longer runs. Sorted by name."""
    name = re.compile(f"(?:{stem_pattern})-({_PID})-{_RANDOM_TAIL}")
    found = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []  # nothing can be removed from a folder that cannot be listed
    for entry in entries:
        match = name.fullmatch(entry.name)
        if match is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue  # gone meanwhile
        ours = info.st_uid == os.getuid()
        made = stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)
        if ours and made and not is_running(int(match.group(1))):
            found.append(Path(entry.path))
    return sorted(found)


def sweep(folder: Path, stem_pattern: str) -> None:
    """Remove what `abandoned` finds."""
    for path in abandoned(folder, stem_pattern):
        remove(path)


def remove(path: Path) -> None:
    """Remove a file or a folder tree, ignoring what is already gone or cannot be removed."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def is_running(pid: int) -> bool:
    """Whether process `pid` exists (a zombie, not yet reaped by its parent, still counts).

    Signal 0 checks existence and permission without sending anything; psutil.pid_exists does the same, but is
    not worth a dependency for these lines."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _system_root() -> tuple[Path, str | None]:
    """The system's temporary folder, and the variable that chose it (None: Python's own default)."""
    for variable in _TEMPORARY_VARIABLES:
        chosen = os.environ.get(variable)
        if not chosen:
            continue
        root = Path(os.path.abspath(chosen))
        if not root.exists():
            raise _unusable(root, variable, "it does not exist")
        if not root.is_dir():
            raise _unusable(root, variable, "it is not a folder")
        if not os.access(root, os.W_OK | os.X_OK):
            raise _unusable(root, variable, "it is not writable")
        return root, variable
    # Unset, memory where the system offers it: the format stage writes every generated file for ruff to read,
    # and on Linux's /dev/shm that took 0.06-0.09 s for the 209 files of the server client against
    # 0.25-0.40 s under /tmp on disk (measured 2026-11-28, a tenth of a cold run).
    if os.access(_MEMORY, os.W_OK | os.X_OK) and _MEMORY.is_dir():
        return _MEMORY, None
    try:
        return Path(tempfile.gettempdir()), None
    except OSError as exc:  # FileNotFoundError: no candidate folder is writable
        raise UsageError(
            f"no usable temporary folder: {exc.strerror or exc}",
            where="TMPDIR (not set)",
            fix="set TMPDIR to a folder you may write to",
        ) from None


def _unusable(root: Path, variable: str | None, reason: str) -> UsageError:
    named = variable or "TMPDIR"
    where = f"{variable}={root}" if variable else f"{root} (TMPDIR not set)"
    return UsageError(
        f"cannot make a temporary folder in {root} ({named}): {reason}",
        where=where,
        fix=f"point {named} at an existing folder you may write to (or unset it to use the system's)",
    )
