"""A small fault-injecting HTTP server: a Starlette app under uvicorn on a free loopback port.

Every request is recorded (method, raw path, raw query, headers, body). A test scripts what the server does by
queueing `Reply` objects (`server.script(...)`); each request takes the next one. With nothing queued, the
server answers `POST /api/ai/chat/completions` like OpenAI's API (JSON, or SSE when the body has
`"stream": true`) and everything else with a 404 JSON error.

A `Reply` can send any status, headers and body, write the body in separate pieces (optionally pausing between
them), stall before answering, or cut the connection before the body is complete. Helpers build the common
cases: `json_reply`, `error_reply`, `sse_reply`, `stall`, `reset_mid_body`, `malformed_json`, `binary_reply`.
"""

from __future__ import annotations

import collections
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import anyio
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

# No stall or pause in this server lasts longer than this, whatever a test asks for.
MAX_WAIT = 5.0


@dataclass
class Recorded:
    """One request as the server received it."""

    method: str
    path: str  # the raw path, percent-encoding kept
    query: str  # the raw query string
    headers: dict[str, str]  # lower-case names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Reply:
    """What the server does for one request."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    chunks: list[bytes] = field(default_factory=list)  # the body, one write per item
    pause: float = 0.0  # seconds between writes
    stall: float = 0.0  # seconds to wait before answering (ends early when the client hangs up)
    cut: bool = False  # close the connection after the last chunk, leaving the body incomplete

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.stall:
            with anyio.move_on_after(min(self.stall, MAX_WAIT)):
                while (await receive())["type"] != "http.disconnect":
                    pass
        headers = {k.lower(): v for k, v in self.headers.items()}
        if "content-type" not in headers:
            headers["content-type"] = "application/json"
        raw_headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        await send({"type": "http.response.start", "status": self.status, "headers": raw_headers})
        for index, chunk in enumerate(self.chunks):
            if index and self.pause:
                await anyio.sleep(min(self.pause, MAX_WAIT))
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        if not self.cut:
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        # Returning without finishing the body makes uvicorn close the connection: a reset mid-body.


def json_reply(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    data = json.dumps(body).encode()
    return Reply(status, {"content-length": str(len(data)), **(headers or {})}, [data])


def error_reply(status: int, message: str = "it failed", **headers: str) -> Reply:
    """An OpenAI-style JSON error. Header names use `_` for `-` (`retry_after_ms="10"`)."""
    body = {"error": {"message": message, "type": "test_error", "code": status}}
    return json_reply(body, status, {k.replace("_", "-"): v for k, v in headers.items()})


def sse_reply(
    *pieces: str | bytes, pause: float = 0.01, cut: bool = False, status: int = 200
) -> Reply:
    """An event stream written as the given raw pieces (split them anywhere, even mid-character)."""
    chunks = [p.encode() if isinstance(p, str) else p for p in pieces]
    return Reply(status, {"content-type": "text/event-stream"}, chunks, pause=pause, cut=cut)


def stall(seconds: float = MAX_WAIT) -> Reply:
    """Answer nothing until the client gives up (or `seconds` pass), then a small JSON body."""
    reply = json_reply({"stalled": True})
    reply.stall = seconds
    return reply


def reset_mid_body(
    partial: bytes = b'{"id": "cut', status: int = 200, content_type: str = "application/json"
) -> Reply:
    """Announce a long body, send a little of it, then close the connection."""
    headers = {"content-type": content_type, "content-length": str(len(partial) + 1000)}
    return Reply(status, headers, [partial], cut=True)


def malformed_json(status: int = 200) -> Reply:
    data = b'{"id": "chatcmpl-1", "choices": [{'
    return Reply(status, {"content-length": str(len(data))}, [data])


def binary_reply(data: bytes, content_type: str = "application/octet-stream") -> Reply:
    headers = {"content-type": content_type, "content-length": str(len(data))}
    return Reply(200, headers, [data[i : i + 65536] for i in range(0, len(data), 65536)] or [b""])


# ---------------------------------------------------------------------------------------------- chat


def chat_completion(model: str, content: str = "Hello!") -> dict[str, Any]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1700000000,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
        "system_fingerprint": "fp_test",  # not in the spec: must be kept in model_extra
    }


def chat_chunk(content: str | None, *, model: str = "m", finish: str | None = None) -> str:
    delta = {} if content is None else {"content": content}
    chunk = {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 1700000000,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return json.dumps(chunk, ensure_ascii=False)


def chat_stream_events(model: str, words: list[str]) -> list[str]:
    events = [f"data: {chat_chunk(w, model=model)}\n\n" for w in words]
    return [
        *events,
        f"data: {chat_chunk(None, model=model, finish='stop')}\n\n",
        "data: [DONE]\n\n",
    ]


def _chat_default(body: dict[str, Any]) -> Reply:
    model = str(body.get("model", ""))
    if body.get("stream") is True:
        return sse_reply(*chat_stream_events(model, ["Hel", "lo"]))
    return json_reply(chat_completion(model))


# ---------------------------------------------------------------------------------------------- server


class FaultServer:
    """The app, its recorded requests and its script; `start()`/`stop()` run it in a thread."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._plan: collections.deque[Reply] = collections.deque()
        self._lock = threading.Lock()
        methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
        self.app = Starlette(routes=[Route("/{path:path}", self._handle, methods=methods)])
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.url = ""

    # -------------------------------------------------------------------------------- test side

    def script(self, *replies: Reply) -> None:
        """Queue what the next requests get, in order."""
        with self._lock:
            self._plan.extend(replies)

    def reset(self) -> None:
        with self._lock:
            self._plan.clear()
            self.requests.clear()

    @property
    def count(self) -> int:
        return len(self.requests)

    @property
    def last(self) -> Recorded:
        return self.requests[-1]

    # -------------------------------------------------------------------------------- server side

    async def _handle(self, request: Request) -> Reply:
        body = await request.body()
        recorded = Recorded(
            method=request.method,
            path=request.scope["raw_path"].decode("latin-1"),
            query=request.scope["query_string"].decode("latin-1"),
            headers={k.decode("latin-1"): v.decode("latin-1") for k, v in request.scope["headers"]},
            body=body,
        )
        with self._lock:
            self.requests.append(recorded)
            planned = self._plan.popleft() if self._plan else None
        if planned is not None:
            return planned
        if request.method == "POST" and recorded.path == "/api/ai/chat/completions":
            return _chat_default(json.loads(body or b"{}"))
        return error_reply(404, f"No route for {request.method} {recorded.path}")

    # -------------------------------------------------------------------------------- lifecycle

    def start(self, timeout: float = 10.0) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Without it, a response's separate header and body writes meet delayed ACKs: 40 ms per request.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.app,
            http="h11",
            loop="asyncio",
            lifespan="off",
            log_level="critical",
            log_config=None,
            access_log=False,
            timeout_graceful_shutdown=1,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="fault-server", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        self.url = f"http://127.0.0.1:{port}"

    def stop(self, timeout: float = 5.0) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout)
