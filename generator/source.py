"""Where a document comes from: a local file or an http(s) URL, read whole and bounded in size."""

from __future__ import annotations

from pathlib import Path

from generator.errors import UsageError

MAX_SPEC_BYTES = 200 * 1024 * 1024


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def read_source(source: str, *, what: str = "spec") -> bytes:
    if is_url(source):
        # Imported here: ssl and urllib cost a run that reads only local files some milliseconds.
        from generator.download import download

        return download(source).body
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > MAX_SPEC_BYTES:
            raise UsageError(
                f"{what} file is {size} bytes, above the {MAX_SPEC_BYTES}-byte limit",
                where=source,
                fix="check that this is the right file",
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(
            f"{what} file not found: {source}",
            where=source,
            fix="check the path (relative paths are taken from the current directory)",
        ) from None
    except IsADirectoryError:
        raise UsageError(
            f"{what} path is a directory: {source}", where=source, fix="pass a file"
        ) from None
    except OSError as exc:
        raise UsageError(
            f"cannot read {what} file: {exc.strerror}", where=source, fix="check permissions"
        ) from None
