"""Download a spec over HTTP(S): timeout, size cap, TLS verification, atomic write.

Uses the standard library (urllib) so that the generator needs no HTTP client dependency of its own.
"""

from __future__ import annotations

import contextlib
import os
import socket
import ssl
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import ClientgenError

if TYPE_CHECKING:
    from generator.config import Target

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Download:
    url: str
    final_url: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class _SchemeCheckingRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) URLs (never file:, ftp: ...)."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: object,
        code: int,
        msg: str,
        headers: Message,
        newurl: str,
    ) -> urllib.request.Request | None:
        if not newurl.startswith(("http://", "https://")):
            raise ClientgenError(
                f"refusing redirect to non-HTTP URL {newurl!r}",
                where=req.full_url,
                fix="download the spec by hand and pass the file instead",
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)  # type: ignore[arg-type]


def download(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    headers: dict[str, str] | None = None,
) -> Download:
    if not url.startswith(("http://", "https://")):
        raise ClientgenError(
            f"unsupported URL scheme in {url!r}",
            where=url,
            fix="use an http:// or https:// URL, or pass a local file path",
        )
    request = urllib.request.Request(url, headers={"User-Agent": "clientgen", **(headers or {})})
    context = ssl.create_default_context()  # verifies certificates and host names
    opener = urllib.request.build_opener(
        _SchemeCheckingRedirects(), urllib.request.HTTPSHandler(context=context)
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            status = response.status
            if status != 200:
                raise ClientgenError(
                    f"GET {url} answered HTTP {status}, expected 200",
                    where=url,
                    fix="check the URL in the target configuration",
                )
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise _too_big(url, max_bytes)
            chunks: list[bytes] = []
            total = 0
            while True:
                chunk = response.read(_CHUNK)
                if not chunk:
                    break
                total += len(chunk)
                if total > max_bytes:
                    raise _too_big(url, max_bytes)
                chunks.append(chunk)
            return Download(
                url=url,
                final_url=response.geturl(),
                body=b"".join(chunks),
                headers={k.lower(): v for k, v in response.headers.items()},
            )
    except urllib.error.HTTPError as exc:
        raise ClientgenError(
            f"GET {url} answered HTTP {exc.code} {exc.reason}",
            where=url,
            fix="check the URL in the target configuration (and that the server is up)",
        ) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, socket.gaierror):
            what = f"cannot resolve host of {url} ({reason.strerror})"
            fix = "check the host name and your network/DNS"
        elif isinstance(reason, ssl.SSLError):
            what = f"TLS verification failed for {url}: {reason}"
            fix = "the server's certificate is not trusted; never disable verification for spec downloads"
        elif isinstance(reason, TimeoutError | socket.timeout):
            what = f"timed out after {timeout:g} s fetching {url}"
            fix = "retry later or raise the timeout"
        else:
            what = f"cannot fetch {url}: {reason}"
            fix = "check the URL and your network"
        raise ClientgenError(what, where=url, fix=fix) from None
    except TimeoutError:
        raise ClientgenError(
            f"timed out after {timeout:g} s fetching {url}",
            where=url,
            fix="retry later or raise the timeout",
        ) from None
    except OSError as exc:
        raise ClientgenError(
            f"connection failed fetching {url}: {exc}", where=url, fix="retry later"
        ) from None


def _too_big(url: str, max_bytes: int) -> ClientgenError:
    return ClientgenError(
        f"response from {url} is larger than the {max_bytes}-byte cap",
        where=url,
        fix="check the URL points at the spec, or raise the cap with --max-bytes",
    )


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same directory and a rename: readers see the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def fetch_target(
    target: Target,
    *,
    url: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> str:
    """Download the target's spec, write it and its lock atomically, and say what changed."""
    import hashlib

    from generator.load import check_openapi_version, parse_document
    from generator.lock import Lock, info_version, previous_path, read_lock, write_lock

    source = url or target.url
    if not source:
        raise ClientgenError(
            f"target {target.name} has no `url`",
            where=str(target.config_path),
            fix='add `url = "https://..."` to its [target] table, or pass --url',
        )
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
    old_lock = read_lock(target.spec)
    old_bytes = target.spec.read_bytes() if target.spec.exists() else None
    old_version = None
    if old_bytes is not None:
        try:
            old_version = info_version(parse_document(old_bytes, str(target.spec)))
        except ClientgenError:
            old_version = None
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
        lock = Lock(
            **{
                **lock.__dict__,
                "previous_sha256": hashlib.sha256(old_bytes).hexdigest(),
                "previous_version": old_version,
            }
        )
    write_atomic(target.spec, fetched.body)
    write_lock(target.spec, lock)
    change = f"{old_version} → {new_version}" if old_version else f"new, {new_version}"
    return f"{target.name}: {change}, {len(fetched.body)} bytes written to {target.spec}"
