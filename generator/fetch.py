"""`clientgen fetch`: download a target's spec, write it and its lock atomically, and say what changed."""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import replace

from generator import limits
from generator.atomic import write_atomic
from generator.config import Target
from generator.download import download
from generator.errors import ClientgenError, UsageError
from generator.load import check_openapi_version, parse_document
from generator.lock import Lock, info_version, previous_path, read_lock, write_lock
from generator.source import read_file_if_present


def fetch_target(
    target: Target,
    *,
    url: str | None = None,
    timeout: float = limits.READ_TIMEOUT_SECONDS,
    max_bytes: int = limits.MAX_DOWNLOAD_BYTES,
) -> str:
    """Download the target's spec, write it and its lock atomically, and say what changed."""
    source = url or target.url
    if not source:
        raise ClientgenError(
            f"target {target.name} has no `url`",
            where=str(target.config_path),
            fix='add `url = "https://..."` to its [target] table, or pass --url',
        )
    # What is on disk is read first: a spec path that is a FIFO or a device fails before any download.
    try:
        old_lock = read_lock(target.spec)
    except UsageError:
        raise  # not a file that can be read
    except ClientgenError:
        old_lock = None  # its content is not a lock: this fetch writes a new one, as its error advises
    old_bytes = read_file_if_present(target.spec, what="spec")
    fetched = download(source, timeout=timeout, max_bytes=max_bytes)
    document = parse_document(fetched.body, source)
    if not isinstance(document, dict):
        raise ClientgenError(
            f"{source} did not return an OpenAPI document (its top level is not an object)",
            where=source,
            fix="check that the URL serves the spec itself, not an HTML page",
        )
    check_openapi_version(document, source)
    new_version = info_version(document)
    digest = hashlib.sha256(fetched.body).hexdigest()
    old_version = None
    if old_bytes is not None:
        with contextlib.suppress(ClientgenError):  # an unreadable old spec just has no version to show
            old_version = info_version(parse_document(old_bytes, str(target.spec)))
    lock = Lock(
        source_url=source,
        info_version=new_version,
        sha256=digest,
        bytes=len(fetched.body),
        etag=fetched.headers.get("etag"),
        last_modified=fetched.headers.get("last-modified"),
        previous_sha256=old_lock.previous_sha256 if old_lock else None,
        previous_version=old_lock.previous_version if old_lock else None,
    )
    if old_bytes == fetched.body:
        write_lock(target.spec, lock)
        return f"{target.name}: unchanged ({new_version})"
    if old_bytes is not None:
        # Keep what was replaced, so that the next `clientgen generate` can print the changelog.
        write_atomic(previous_path(target.spec), old_bytes)
        previous_sha256 = hashlib.sha256(old_bytes).hexdigest()
        lock = replace(lock, previous_sha256=previous_sha256, previous_version=old_version)
    write_atomic(target.spec, fetched.body)
    write_lock(target.spec, lock)
    change = f"{old_version} → {new_version}" if old_version else f"new, {new_version}"
    return f"{target.name}: {change}, {len(fetched.body)} bytes written to {target.spec}"
