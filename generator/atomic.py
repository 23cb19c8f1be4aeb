"""Writing a file so that readers see the old or the new content, never a half-written one."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from generator.tempfiles import sibling_file


def current_umask() -> int:
    """The process's umask (it can only be read by setting it, so it is set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def default_mode(*, directory: bool) -> int:
    """The permissions `mkdir` or `open(..., "w")` would give a new folder or file under the current umask."""
    return (0o777 if directory else 0o666) & ~current_umask()


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same directory and a rename: readers see the old or the new file
    (the temporary files of a killed run are removed by the next one writing the same file).

    The file keeps the permissions of the one it replaces, or gets those of a newly created file (mkstemp's
    are private, 0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = default_mode(directory=False)
    tmp: str | None = None
    try:
        handle, tmp = sibling_file(path)
        with os.fdopen(handle, "wb") as out:
            os.fchmod(out.fileno(), mode)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        if tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        raise
