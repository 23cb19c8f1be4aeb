"""Spec lock files: what was fetched, from where, and its exact bytes' hash.

`specs/<spec stem>.lock.json` sits beside each fetched spec. `clientgen generate` refuses a spec whose sha256
differs from its lock, so a hand-edited fetched spec cannot slip through (fixes belong in the overlay).
`clientgen fetch` also keeps the spec it replaced as `<spec>.previous` (not committed), from which the next
`clientgen generate` prints the API changelog.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import MISSING, asdict, dataclass, fields
from pathlib import Path
from typing import Any, get_type_hints

from generator.atomic import write_atomic
from generator.errors import ClientgenError
from generator.source import read_file_if_present


@dataclass(frozen=True)
class Lock:
    source_url: str
    info_version: str
    sha256: str
    bytes: int
    etag: str | None = None
    last_modified: str | None = None
    previous_sha256: str | None = None
    previous_version: str | None = None


def lock_path(spec: Path) -> Path:
    return spec.with_name(spec.stem + ".lock.json")


def previous_path(spec: Path) -> Path:
    return spec.with_name(spec.name + ".previous")


def info_version(document: Any) -> str:
    info = document.get("info") if isinstance(document, dict) else None
    version = info.get("version") if isinstance(info, dict) else None
    return str(version) if version is not None else "?"


def read_lock(spec: Path) -> Lock | None:
    """The spec's lock, None without one; a lock that is not a regular file, or too big, is a usage error, and
    one whose content is not a lock a spec error."""
    path = lock_path(spec)
    raw = read_file_if_present(path, what="lock")
    if raw is None:
        return None
    try:
        data = json.loads(raw)
    except ValueError as exc:  # not JSON, or not UTF-8
        raise _corrupt(path, str(exc)) from None
    if not isinstance(data, dict):
        raise _corrupt(path, f"a JSON {type(data).__name__}, not an object")
    # Checked here, since a value of another type would fail later, where the lock is compared or printed.
    # (The annotations are `str`, `int` and `str | None`, all of which isinstance accepts.)
    expected = get_type_hints(Lock)
    required = [f.name for f in fields(Lock) if f.default is MISSING]
    unknown = sorted(set(data) - set(expected))
    if unknown:
        raise _corrupt(path, f"unknown key {unknown[0]!r}")
    for name in required:
        if name not in data:
            raise _corrupt(path, f"no {name!r}")
    for name, value in data.items():
        if not isinstance(value, expected[name]) or isinstance(value, bool):
            wanted = getattr(expected[name], "__name__", expected[name])  # `int`, or `str | None`
            raise _corrupt(path, f"{name} is {type(value).__name__}, not {wanted}")
    return Lock(**data)


def _corrupt(path: Path, detail: str) -> ClientgenError:
    return ClientgenError(
        f"lock file {path} is unreadable ({detail[:200]})",
        where=str(path),
        fix="restore it from version control, or run `clientgen fetch` to write a new one",
    )


def write_lock(spec: Path, lock: Lock) -> None:
    text = json.dumps(asdict(lock), indent=2, sort_keys=True) + "\n"
    write_atomic(lock_path(spec), text.encode("utf-8"))


def verify(spec: Path, raw: bytes) -> Lock | None:
    """Check the spec's bytes against its lock (if it has one)."""
    lock = read_lock(spec)
    if lock is None:
        return None
    actual = hashlib.sha256(raw).hexdigest()
    if actual != lock.sha256:
        raise ClientgenError(
            f"{spec} does not match its lock (sha256 {actual[:12]}…, locked {lock.sha256[:12]}…): the fetched "
            "spec was edited by hand",
            where=str(lock_path(spec)),
            fix=f"restore the fetched file (`git checkout {spec}`) and put the fix in the overlay, or run "
            "`clientgen fetch` to download and lock a new version",
        )
    return lock
