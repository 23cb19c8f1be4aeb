"""Hostile input of the "depth and size" class (issue 14): every bound of `generator.limits` ends the run with
a located error that names it, and a spec just within a bound generates a package that imports.

Fixtures: tests/fixtures/hostile/depth_*. FIFOs cannot be committed, so they are made in a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator import limits
from generator.cli import main
from tests.generated_package import assert_imports_whole

HOSTILE = Path(__file__).resolve().parent.parent / "fixtures" / "hostile"
POSIX_ONLY = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def assert_refused(result: Result, codes: tuple[int, ...], *expected: str) -> None:
    """A short located error: the exit code, each expected fragment, no traceback, no 'unexpected'."""
    assert result.exit_code in codes, result.output
    assert "unexpected" not in result.output.lower(), result.output
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    for fragment in expected:
        assert fragment in result.output, result.output


# (fixture, extra CLI options, fragments the error must hold: the named bound and the JSON pointer)
REFUSED = {
    "recursive alias in a mapping": (
        "depth_recursive_alias.yaml", (), ("recursive YAML alias", "#/x-loop/self")
    ),
    "recursive alias in a sequence": (
        "depth_recursive_alias_list.yaml", (), ("recursive YAML alias", "#/x-loop/1")
    ),
    "billion laughs": (
        "depth_alias_expansion.yaml", (), ("clientgen.limits.MAX_ALIAS_NODES", "#/x-i/")
    ),
    "schemas nested 300 deep": (
        "depth_nested_schemas.json",
        (),
        ("clientgen.limits.MAX_DEPTH", "#/components/schemas/A0/properties/p/properties/p/"),
    ),
    "190 nested array schemas": (
        "depth_nested_items.json", (), ("clientgen.limits.MAX_DEPTH", "#/components/schemas/A0/items/items/")
    ),
    "5,000-deep flow YAML example": (
        "depth_deep_example.yaml", (), ("clientgen.limits.MAX_DEPTH", "#/components/schemas/A/example/0/0/")
    ),
    "300-deep block YAML example": (
        "depth_deep_example_block.yaml", (), ("clientgen.limits.MAX_DEPTH", "#/components/schemas/A/example/k/k/")
    ),
    "250-deep JSON example": (
        "depth_deep_example_parsed.json", (), ("clientgen.limits.MAX_DEPTH", "#/components/schemas/A0/example/k/k/")
    ),
    # Too deep for the JSON parser itself: located by line and column instead of a pointer.
    "5,000-deep JSON example": (
        "depth_deep_example_json.json", (), ("clientgen.limits.MAX_DEPTH", "depth_deep_example_json.json:1:")
    ),
    "overlay deepening a spec past the bound": (
        "depth_overlay_spec.yaml",
        ("--overlay", str(HOSTILE / "depth_overlay_deepens.yaml")),
        ("clientgen.limits.MAX_DEPTH", "after its overlay", "#/components/schemas/A/x-n/k/k/"),
    ),
    "chain of 120 $refs": (
        "depth_ref_chain.json", (), ("clientgen.limits.MAX_REF_CHAIN", "#/components/schemas/A")
    ),
    "$ref to /dev/zero": (
        "depth_ref_to_device.yaml",
        ("--allow-external-refs",),
        ("not a regular file (a device): /dev/zero", "#/components/schemas/Zero/$ref"),
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
@pytest.mark.parametrize("command", ["validate", "generate"])
def test_refused_with_a_located_error(case: str, command: str, tmp_path: Path) -> None:
    name, options, expected = REFUSED[case]
    spec = str(HOSTILE / name)
    if name == "depth_ref_to_device.yaml" and not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    args = ["validate", spec] if command == "validate" else [
        "generate", "--spec", spec, "--package", "hostile", "--out", str(tmp_path / "out")
    ]
    started = time.monotonic()
    result = run(*args, *options)
    assert_refused(result, (1, 2), *expected)
    assert time.monotonic() - started < 10, "a bound should stop the run early"
    assert not (tmp_path / "out" / "hostile").exists()


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_device_as_the_spec_is_refused() -> None:
    assert_refused(run("validate", "/dev/zero"), (2,), "not a regular file (a device)", "/dev/zero")


@POSIX_ONLY
def test_fifo_as_the_spec_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "spec.yaml"
    os.mkfifo(fifo)
    assert_refused(run("validate", str(fifo)), (2,), "not a regular file (a FIFO)", str(fifo))


@POSIX_ONLY
def test_fifo_as_a_referenced_document_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "depth_ref_to_fifo.yaml"
    shutil.copy(HOSTILE / spec.name, spec)
    os.mkfifo(tmp_path / "pipe.yaml")
    result = run("validate", str(spec), "--allow-external-refs")
    assert_refused(result, (2,), "not a regular file (a FIFO)", "#/components/schemas/Piped/$ref")


def test_file_above_the_size_bound_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 64)
    result = run("validate", str(HOSTILE / "depth_recursive_alias.yaml"))
    assert_refused(result, (2,), "clientgen.limits.MAX_FILE_BYTES", "larger than 64 bytes")


# Legitimate specs just within a bound: they generate a package whose every module imports.
WITHIN = [
    "depth_nested_schemas_within_bound.json",
    "depth_nested_items_within_bound.json",
    "depth_ref_chain_within_bound.json",
]


@pytest.mark.parametrize("name", WITHIN)
def test_within_the_bounds_generates_a_package_that_imports(name: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("generate", "--spec", str(HOSTILE / name), "--package", "within", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert_imports_whole(out, "within")


# A loopback server that answers slowly, one byte at a time: never silent long enough for a read timeout.
DRIP_INTERVAL = 0.05
DRIP_BYTES = 200  # bounded: the server gives up after 10 s even if nobody stops it


def drip(writer: Callable[[bytes], None], data: bytes) -> None:
    for index in range(min(len(data), DRIP_BYTES)):
        try:
            writer(data[index : index + 1])
        except OSError:
            return  # the client hung up: what the deadline is for
        time.sleep(DRIP_INTERVAL)


class DripBody(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(DRIP_BYTES))
        self.end_headers()
        drip(self._write, b"o" * DRIP_BYTES)

    def _write(self, chunk: bytes) -> None:
        self.wfile.write(chunk)
        self.wfile.flush()

    def log_message(self, *_: object) -> None:
        return


class DripStatusLine(DripBody):
    def do_GET(self) -> None:
        drip(self._write, b"HTTP/1.0 200 OK\r\n" + b"X-Slow: " + b"s" * DRIP_BYTES)


@pytest.fixture
def drip_server(request: pytest.FixtureRequest) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), request.param)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/openapi.json"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.mark.parametrize("drip_server", [DripBody, DripStatusLine], indirect=True, ids=["body", "status"])
def test_slow_download_ends_at_the_total_deadline(
    drip_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_DOWNLOAD_SECONDS", 0.5)
    started = time.monotonic()
    result = run("validate", drip_server)
    elapsed = time.monotonic() - started
    assert_refused(result, (1,), "took longer than 0.5 s", "clientgen.limits.MAX_DOWNLOAD_SECONDS", drip_server)
    assert elapsed < 3, f"the download ran {elapsed:.1f} s past a 0.5 s deadline"
