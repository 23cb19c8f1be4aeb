"""Where a document comes from: a local file or an http(s) URL, read whole and bounded in size."""

from __future__ import annotations

import os
import stat

from generator import limits
from generator.errors import UsageError


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def read_source(source: str, *, what: str = "spec") -> bytes:
    if is_url(source):
        # Imported here: ssl and urllib cost a run that reads only local files some milliseconds.
        from generator.download import download

        return download(source).body
    return read_file(source, what=what)


def read_file_if_present(path: str | os.PathLike[str], *, what: str) -> bytes | None:
    """`read_file`, or None when nothing is at `path` (no separate `exists()`: its answer may be stale)."""
    try:
        return _read_regular_file(os.fspath(path), what)
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise _unreadable(exc, os.fspath(path), what) from None


def read_file(path: str | os.PathLike[str], *, what: str) -> bytes:
    """The bytes of a local file given by the user (directly or through a spec, a target file, a lock): every
    such read goes through here, which refuses anything but a regular file and bounds the size."""
    source = os.fspath(path)
    try:
        return _read_regular_file(source, what)
    except (OSError, ValueError) as exc:
        raise _unreadable(exc, source, what) from None


def _unreadable(exc: OSError | ValueError, source: str, what: str) -> UsageError:
    if isinstance(exc, ValueError):  # a NUL, or a code point the file system's encoding lacks
        return UsageError(
            f"{what} path cannot name a file: {exc}",
            where=repr(source),
            fix="correct the path",
        )
    if isinstance(exc, FileNotFoundError):
        return UsageError(
            f"{what} file not found: {source}",
            where=source,
            fix="check the path (relative paths are taken from the current directory)",
        )
    if isinstance(exc, IsADirectoryError):
        return UsageError(f"{what} path is a directory: {source}", where=source, fix="pass a file")
    return UsageError(
        f"cannot read {what} file: {exc.strerror or exc}", where=source, fix="check permissions"
    )


def _read_regular_file(source: str, what: str) -> bytes:
    """The bytes of the regular file `source`, at most `limits.MAX_FILE_BYTES` of them.

    A FIFO would block the open and the read forever and a device (`/dev/zero`) never ends, so anything but a
    regular file is refused: checked before opening, opened non-blocking (the path may be swapped between the
    two), checked again on the open descriptor, and read only up to the bound plus one byte (a file may grow).
    """
    mode = os.stat(source).st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(source)
    _require_regular(mode, source, what)
    fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        _require_regular(info.st_mode, source, what)
        if info.st_size > limits.MAX_FILE_BYTES:
            raise _too_big(source, what)
        data = file.read(limits.MAX_FILE_BYTES + 1)
    if len(data) > limits.MAX_FILE_BYTES:
        raise _too_big(source, what)
    return data


def _require_regular(mode: int, source: str, what: str) -> None:
    if not stat.S_ISREG(mode):
        raise UsageError(
            f"{what} path is not a regular file ({_kind(mode)}): {source}",
            where=source,
            fix="pass a regular file (save a pipe's or device's output to a file first)",
        )


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def _too_big(source: str, what: str) -> UsageError:
    return UsageError(
        f"{what} file is larger than {limits.MAX_FILE_BYTES} bytes ({limits.named('MAX_FILE_BYTES')})",
        where=source,
        fix="check that this is the right file",
    )
