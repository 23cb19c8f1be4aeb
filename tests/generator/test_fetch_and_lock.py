"""`clientgen fetch` against a local HTTP server, the lock file, and the changelog `generate` prints after a fetch.

The server runs on loopback in a thread (stdlib http.server); no test touches the internet.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import load_target
from generator.lock import lock_path, previous_path, read_lock

ROOT = Path(__file__).resolve().parent.parent.parent
SPEC_V1 = {
    "openapi": "3.0.3",
    "info": {"title": "Pets", "version": "1.0.0"},
    "servers": [{"url": "https://pets.example.com"}],
    "paths": {
        "/pets/{id}": {
            "get": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "A pet",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
                                }
                            }
                        },
                    }
                },
            }
        }
    },
}


def _v2() -> dict[str, object]:
    spec = json.loads(json.dumps(SPEC_V1))
    spec["info"]["version"] = "2.0.0"
    schema = spec["paths"]["/pets/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    del schema["properties"]["age"]  # a removed response field: breaking
    return spec


Handler = Callable[[BaseHTTPRequestHandler], None]


class SpecServer:
    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        server = self

        class RequestHandler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                route(self)

            def log_message(self, *args: object) -> None:
                pass

        class QuietServer(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client hanging up early is part of these tests, not an error

        self.httpd = QuietServer(("127.0.0.1", 0), RequestHandler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def body(self, path: str, data: bytes, *, status: int = 200, headers: dict[str, str] | None = None) -> None:
        def handler(request: BaseHTTPRequestHandler) -> None:
            request.send_response(status)
            for key, value in {"Content-Length": str(len(data)), **(headers or {})}.items():
                request.send_header(key, value)
            request.end_headers()
            # The client may stop reading at its size cap, as it should.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                request.wfile.write(data)

        self.routes[path] = handler

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[SpecServer]:
    made = SpecServer()
    yield made
    made.close()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server: SpecServer) -> Path:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "pets.toml").write_text(
        "[target]\n"
        'spec = "pets.json"\n'
        f'url = "{server.url}/spec.json"\n'
        'package = "pets"\n'
        'client = "Pets"\n'
        'async_client = "AsyncPets"\n'
        'api_key_env = "PETS_API_KEY"\n'
        'base_url_env = "PETS_BASE_URL"\n'
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_fetch_writes_spec_and_lock_then_reports_unchanged(project: Path, server: SpecServer) -> None:
    body = json.dumps(SPEC_V1).encode()
    server.body("/spec.json", body, headers={"ETag": '"v1"', "Last-Modified": "Tue, 24 Nov 2026 10:00:00 GMT"})
    code, output = run("fetch", "pets")
    assert code == 0, output
    assert "new, 1.0.0" in output
    spec = project / "specs" / "pets.json"
    assert spec.read_bytes() == body  # unchanged bytes: no re-serialisation
    lock = read_lock(spec)
    assert lock is not None
    assert (lock.info_version, lock.bytes, lock.etag) == ("1.0.0", len(body), '"v1"')
    assert lock.last_modified == "Tue, 24 Nov 2026 10:00:00 GMT"
    assert lock.source_url == f"{server.url}/spec.json"
    code, output = run("fetch", "pets")
    assert code == 0 and "unchanged (1.0.0)" in output


def test_bump_prints_version_change_and_regen_prints_the_changelog(project: Path, server: SpecServer) -> None:
    server.body("/spec.json", json.dumps(SPEC_V1).encode())
    assert run("fetch", "pets")[0] == 0
    assert run("generate", "pets")[0] == 0
    server.body("/spec.json", json.dumps(_v2()).encode())
    code, output = run("fetch", "pets")
    assert code == 0 and "1.0.0 → 2.0.0" in output
    assert previous_path(project / "specs" / "pets.json").exists()
    code, output = run("generate", "pets")
    assert code == 0, output
    assert "API changes since the previously fetched spec" in output
    assert "Breaking (1)" in output and "age" in output


def test_generate_refuses_a_hand_edited_fetched_spec(project: Path, server: SpecServer) -> None:
    server.body("/spec.json", json.dumps(SPEC_V1).encode())
    assert run("fetch", "pets")[0] == 0
    spec = project / "specs" / "pets.json"
    spec.write_text(spec.read_text().replace("A pet", "A cat"))
    code, output = run("generate", "pets")
    assert code == 1
    assert "does not match its lock" in output and "overlay" in output
    assert not (project / "generated").exists()


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda s: s.body("/spec.json", b'{"error": "boom"}', status=500), "HTTP 500"),
        (lambda s: s.body("/spec.json", b"<html>Not a spec</html>"), "did not return an OpenAPI document"),
        (lambda s: s.body("/spec.json", b'{"swagger": "2.0", "info": {}}'), "Swagger 2.0"),
        (lambda s: s.body("/spec.json", b"x" * (50 * 1024 * 1024)), "larger than the 1048576-byte cap"),
    ],
    ids=["500", "not-a-spec", "swagger2", "50MB"],
)
def test_fetch_failures_are_located_and_write_nothing(
    project: Path, server: SpecServer, setup: Callable[[SpecServer], None], message: str
) -> None:
    setup(server)
    code, output = run("fetch", "pets", "--max-bytes", str(1024 * 1024))
    assert code != 0
    assert message in output, output
    assert "where:" in output and "fix:" in output
    assert not (project / "specs" / "pets.json").exists()
    assert not lock_path(project / "specs" / "pets.json").exists()


def test_oversized_body_without_content_length_is_cut_at_the_cap(project: Path, server: SpecServer) -> None:
    def chunked(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Transfer-Encoding", "chunked")
        request.end_headers()
        chunk = b"y" * 65536
        try:
            for _ in range(800):  # 50 MB
                request.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            request.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client hung up at its cap, as it should

    server.routes["/spec.json"] = chunked
    started = time.monotonic()
    code, output = run("fetch", "pets", "--max-bytes", str(1024 * 1024))
    assert code == 1 and "cap" in output
    assert time.monotonic() - started < 10


def test_redirects_are_followed(project: Path, server: SpecServer) -> None:
    server.body("/real.json", json.dumps(SPEC_V1).encode())
    server.body("/spec.json", b"", status=302, headers={"Location": f"{server.url}/real.json"})
    code, output = run("fetch", "pets")
    assert code == 0, output
    assert json.loads((project / "specs" / "pets.json").read_text())["info"]["version"] == "1.0.0"


def test_slow_server_times_out(project: Path, server: SpecServer) -> None:
    def slow(request: BaseHTTPRequestHandler) -> None:
        time.sleep(3)
        request.send_response(200)
        request.end_headers()

    server.routes["/spec.json"] = slow
    started = time.monotonic()
    code, output = run("fetch", "pets", "--timeout", "0.5")
    assert code == 1 and "timed out" in output
    assert time.monotonic() - started < 3


def test_dns_failure_is_explained(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_dns(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    code, output = run("fetch", "pets", "--url", "https://spec.example.invalid/spec.json")
    assert code == 1
    assert "cannot resolve host" in output and "DNS" in output


def test_non_http_urls_are_refused(project: Path) -> None:
    code, output = run("fetch", "pets", "--url", "file:///etc/passwd")
    assert code == 1 and "unsupported URL scheme" in output


def test_committed_specs_match_their_locks() -> None:
    for toml in sorted((ROOT / "specs").glob("*.toml")):
        spec = load_target(toml, output_root=ROOT / "generated").spec
        lock = read_lock(spec)
        assert lock is not None, f"{spec} has no lock file"
        assert hashlib.sha256(spec.read_bytes()).hexdigest() == lock.sha256


def test_previous_spec_is_not_committed() -> None:
    assert "specs/*.previous" in (ROOT / ".gitignore").read_text()
