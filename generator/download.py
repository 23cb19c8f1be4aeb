"""Download a document over HTTP(S): per-read timeout, total deadline, size cap, TLS verification, http(s)
redirects only.

Uses the standard library (urllib) so that the generator needs no HTTP client dependency of its own.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from typing import Any

from generator import limits
from generator.errors import ClientgenError

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


class _Deadline:
    """Ends a download at a total deadline: the per-read timeout never fires for a server that sends a byte
    every few seconds, so at the deadline a timer shuts down every connection the download opened (a read
    blocked in it returns at once), whether it is reading the status line, the headers or the body."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._timer.cancel()

    def connection(self, cls: type[http.client.HTTPConnection]) -> Any:
        """A factory for urllib's `do_open` that makes `cls` connections this deadline watches."""

        def connect(host: str, **kwargs: Any) -> http.client.HTTPConnection:
            conn = cls(host, **kwargs)
            plain_connect = conn.connect

            def watched_connect() -> None:
                plain_connect()
                self._watch(conn.sock)

            conn.connect = watched_connect  # type: ignore[method-assign]
            return conn

        return connect

    def _watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed: nothing left to stop
        sock.shutdown(socket.SHUT_RDWR)


class _WatchedHTTP(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(self.deadline.connection(http.client.HTTPConnection), req)


class _WatchedHTTPS(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline, context: ssl.SSLContext) -> None:
        super().__init__(context=context)
        self.deadline = deadline
        self.context = context

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(
            self.deadline.connection(http.client.HTTPSConnection), req, context=self.context
        )


def download(
    url: str,
    *,
    timeout: float = limits.READ_TIMEOUT_SECONDS,
    max_bytes: int = limits.MAX_DOWNLOAD_BYTES,
    deadline: float | None = None,
) -> Download:
    """The body of `url`; each read waits at most `timeout` seconds, the whole download at most `deadline`
    (`limits.MAX_DOWNLOAD_SECONDS` when None)."""
    total = limits.MAX_DOWNLOAD_SECONDS if deadline is None else deadline
    with _Deadline(total) as watch:
        try:
            return _download(url, timeout, max_bytes, watch)
        except ClientgenError:
            if watch.expired:
                raise _past_deadline(url, total) from None
            raise
        except (OSError, http.client.HTTPException):
            if watch.expired:
                raise _past_deadline(url, total) from None
            raise ClientgenError(
                f"connection failed fetching {url}", where=url, fix="retry later"
            ) from None


def _download(url: str, timeout: float, max_bytes: int, watch: _Deadline) -> Download:
    if not url.startswith(("http://", "https://")):
        raise ClientgenError(
            f"unsupported URL scheme in {url!r}",
            where=url,
            fix="use an http:// or https:// URL, or pass a local file path",
        )
    request = urllib.request.Request(url, headers={"User-Agent": "clientgen"})
    context = ssl.create_default_context()  # verifies certificates and host names
    opener = urllib.request.build_opener(
        _SchemeCheckingRedirects(), _WatchedHTTP(watch), _WatchedHTTPS(watch, context)
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
                # read1: what has arrived, not a full chunk, so that a slow body ends at the deadline.
                chunk = response.read1(_CHUNK)
                if not chunk:
                    break
                total += len(chunk)
                if total > max_bytes:
                    raise _too_big(url, max_bytes)
                chunks.append(chunk)
            if watch.expired:  # the shut-down connection read as a short, truncated body
                raise _past_deadline(url, watch.seconds)
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


def _past_deadline(url: str, seconds: float) -> ClientgenError:
    return ClientgenError(
        f"downloading {url} took longer than {seconds:g} s ({limits.named('MAX_DOWNLOAD_SECONDS')})",
        where=url,
        fix="the server is too slow or stalls; download the spec by other means and pass the file",
    )


def _too_big(url: str, max_bytes: int) -> ClientgenError:
    return ClientgenError(
        f"response from {url} is larger than the {max_bytes}-byte cap "
        f"({limits.named('MAX_DOWNLOAD_BYTES')})",
        where=url,
        fix="check the URL points at the spec, or raise the cap with --max-bytes",
    )
