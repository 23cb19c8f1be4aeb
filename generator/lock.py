"""Spec lock files: what was fetched, from where, and its exact bytes' hash.

`specs/<spec stem>.lock.json` sits beside each fetched spec. `clientgen generate` refuses a spec whose sha256
differs from its lock, so a hand-edited fetched spec cannot slip through (fixes belong in the overlay).
`clientgen fetch` also keeps the spec it replaced as `<spec>.previous` (not committed), from which the next
`clientgen generate` prints the API changelog.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from generator.atomic import write_atomic
from generator.errors import ClientgenError


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
    path = lock_path(spec)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Lock(**data)
    except (ValueError, TypeError) as exc:
        raise ClientgenError(
            f"lock file {path} is unreadable ({exc})",
            where=str(path),
            fix="restore it from version control, or run `clientgen fetch` to write a new one",
        ) from None


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
