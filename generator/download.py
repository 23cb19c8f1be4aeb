"""Download a document over HTTP(S): timeout, size cap, TLS verification, http(s) redirects only.

Uses the standard library (urllib) so that the generator needs no HTTP client dependency of its own.
"""

from __future__ import annotations

import socket
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message

from generator.errors import ClientgenError

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Download:
    body: bytes
    # Lower-case names: `clientgen fetch` records ETag and Last-Modified in the lock.
    headers: dict[str, str]


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
    url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES
) -> Download:
    if not url.startswith(("http://", "https://")):
        raise ClientgenError(
            f"unsupported URL scheme in {url!r}",
            where=url,
            fix="use an http:// or https:// URL, or pass a local file path",
        )
    request = urllib.request.Request(url, headers={"User-Agent": "clientgen"})
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
            headers = {k.lower(): v for k, v in response.headers.items()}
            return Download(b"".join(chunks), headers)
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
            raise _timed_out(url, timeout) from None
        else:
            what = f"cannot fetch {url}: {reason}"
            fix = "check the URL and your network"
        raise ClientgenError(what, where=url, fix=fix) from None
    except TimeoutError:
        raise _timed_out(url, timeout) from None
    except OSError as exc:
        raise ClientgenError(
            f"connection failed fetching {url}: {exc}", where=url, fix="retry later"
        ) from None


def _timed_out(url: str, timeout: float) -> ClientgenError:
    return ClientgenError(
        f"timed out after {timeout:g} s fetching {url}",
        where=url,
        fix="retry later or raise the timeout",
    )


def _too_big(url: str, max_bytes: int) -> ClientgenError:
    return ClientgenError(
        f"response from {url} is larger than the {max_bytes}-byte cap",
        where=url,
        fix="check the URL points at the spec, or raise the cap with --max-bytes",
    )
