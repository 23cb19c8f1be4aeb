"""Starting and stopping the Prism mock server (`@stoplight/prism-cli`, installed by `make prism`).

Prism runs on 127.0.0.1 on a free port with `--errors`, so a request that violates the spec is answered with a
4xx (422 problem+json, or the operation's own 400/422 response) instead of being accepted. Its output goes to a
log file: on a failed start the whole log is shown, and `log_since` gives the lines Prism wrote about one
request (the VALIDATOR lines say why a request was rejected).
"""

from __future__ import annotations

import copy
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
LOCAL_PRISM = REPO / ".tools" / "prism" / "node_modules" / ".bin" / "prism"
STARTUP_DEADLINE = 60.0
STOP_DEADLINE = 10.0
LOG_TAIL = 6000


class PrismError(Exception):
    """Prism is missing or did not start; the message says what to do."""


def prism_executable() -> Path:
    """$PRISM (set by `make test`), else the project-local install; never a silent skip."""
    configured = os.environ.get("PRISM")
    if configured:
        path = Path(configured)
        if not path.is_file():
            raise PrismError(
                f"PRISM={configured} does not exist. Run `make prism` (it installs Prism into "
                f".tools/prism) or point PRISM at a prism-cli executable."
            )
        return path
    if LOCAL_PRISM.is_file():
        return LOCAL_PRISM
    raise PrismError(
        "The contract tests need the Prism mock server, which is not installed: the PRISM environment "
        f"variable is unset and {LOCAL_PRISM.relative_to(REPO)} is missing. Run `make prism` once (`make "
        "test` does it for you), or set PRISM to a prism-cli executable."
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class PrismServer:
    """One running `prism mock --errors` process serving one OpenAPI document."""

    def __init__(self, process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
        self.process = process
        self.url = url
        self.log_path = log_path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_offset(self) -> int:
        return self.log_path.stat().st_size

    def log_since(self, offset: int) -> str:
        with self.log_path.open("rb") as handle:
            handle.seek(offset)
            return handle.read().decode("utf-8", errors="replace")


def _tail(text: str) -> str:
    return text if len(text) <= LOG_TAIL else "...\n" + text[-LOG_TAIL:]


# Loopback only: never through an HTTP(S)_PROXY from the environment.
_NO_PROXY_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _answers(url: str) -> bool:
    """Whether an HTTP server answers at `url` (any status: Prism says 404 for `/`)."""
    try:
        with _NO_PROXY_OPENER.open(url + "/", timeout=1.0):
            return True
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError):
        return False


def for_prism(document: dict[str, Any]) -> dict[str, Any]:
    """The document as Prism is given it: a copy, adapted where Prism cannot validate what the spec says.

    Prism's multipart parser keeps only the last of repeated parts (stoplightio/prism#2654, open), so an array
    of files, sent as one part per file, always fails `must be array`. Such a property is served as "an array,
    or one file": Prism still checks that the part is there and that the rest of the form is right.
    """
    adapted = copy.deepcopy(document)
    for item in (adapted.get("paths") or {}).values():
        for operation in item.values() if isinstance(item, dict) else ():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            for media, content in ((body or {}).get("content") or {}).items():
                if media.startswith("multipart/") and isinstance(content, dict):
                    _one_or_more_files(adapted, content.get("schema"))
    return adapted


def _one_or_more_files(document: dict[str, Any], schema: Any) -> None:
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        node: Any = document
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        schema = node
    properties = schema.get("properties") if isinstance(schema, dict) else None
    for name, prop in (properties or {}).items():
        items = prop.get("items") if isinstance(prop, dict) else None
        if (
            prop.get("type") == "array"
            and isinstance(items, dict)
            and items.get("format") == "binary"
        ):
            properties[name] = {"anyOf": [prop, items]}


@contextmanager
def run_prism(document: dict[str, Any], workdir: Path, *, name: str) -> Iterator[PrismServer]:
    """Serve `document` with Prism until the block ends; the process is always terminated."""
    executable = prism_executable()
    workdir.mkdir(parents=True, exist_ok=True)
    spec_path = workdir / f"{name}.openapi.json"
    spec_path.write_text(json.dumps(document, indent=1, sort_keys=True), encoding="utf-8")
    log_path = workdir / f"{name}.prism.log"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        str(executable),
        "mock",
        "--errors",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        str(spec_path),
    ]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            cwd=workdir,
        )
    server = PrismServer(process, url, log_path)
    try:
        deadline = time.monotonic() + STARTUP_DEADLINE
        while not _answers(url):
            if process.poll() is not None:
                raise PrismError(
                    f"Prism exited with status {process.returncode} before serving {spec_path}.\n"
                    f"Command: {' '.join(command)}\nPrism's output:\n{_tail(server.log())}"
                )
            if time.monotonic() > deadline:
                raise PrismError(
                    f"Prism did not answer on {url} within {STARTUP_DEADLINE:g} s.\n"
                    f"Command: {' '.join(command)}\nPrism's output:\n{_tail(server.log())}"
                )
            time.sleep(0.2)
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=STOP_DEADLINE)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_DEADLINE)
