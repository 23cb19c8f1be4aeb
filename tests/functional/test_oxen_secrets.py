"""The API key stays secret in the generated client: repr, errors, tracebacks, and `OXEN_LOG=debug` logs."""

from __future__ import annotations

import logging
import os
import textwrap
import traceback
from pathlib import Path

import pytest
from oxen_harness import make_oxen
from oxen_hub import APIError
from servers.fault import FaultServer, error_reply, reset_mid_body, stall

from tests.python_process import run_python

pytestmark = pytest.mark.anyio

SECRET = "oxen-SECRET-0c4f1e"
GENERATED = Path(__file__).resolve().parents[2] / "generated"
MESSAGES = [{"role": "user", "content": "hi"}]


@pytest.fixture(params=["sync", "async"])
def is_async(request: pytest.FixtureRequest) -> bool:
    return bool(request.param == "async")


async def test_repr_errors_tracebacks_and_logs(
    is_async: bool, server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="oxen_hub")
    server.script(error_reply(401, "bad key"), reset_mid_body(), stall())
    oxen = make_oxen(is_async, api_key=SECRET, base_url=server.url, max_retries=0)
    errors: list[APIError] = []
    try:
        for timeout in (None, None, 0.2):
            try:
                await oxen.run(
                    oxen.client.chat.completions.create,
                    model="m",
                    messages=MESSAGES,
                    extra_query={"access_token": SECRET},
                    timeout=timeout,
                )
            except APIError as exc:
                errors.append(exc)
    finally:
        await oxen.close()

    assert [type(e).__name__ for e in errors] == [
        "AuthenticationError",
        "APIConnectionError",
        "APITimeoutError",
    ]
    assert server.requests[0].headers["authorization"] == f"Bearer {SECRET}"
    shown = [repr(oxen.client), repr(oxen.client.with_options(timeout=1.0)), caplog.text]
    for exc in errors:
        shown += [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
    assert SECRET not in "\n".join(shown)
    assert "access_token=[redacted]" in caplog.text
    assert "POST " in caplog.text and "-> 401" in caplog.text


def test_oxen_log_debug_logs_requests_without_secrets(server: FaultServer) -> None:
    script = textwrap.dedent("""
        import traceback
        import oxen_hub

        client = oxen_hub.OxenHub(max_retries=0)
        print(repr(client))
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
        try:
            client.models.retrieve("missing", extra_query={"api_key": client.api_key})
        except oxen_hub.NotFoundError as exc:
            traceback.print_exc()
        client.close()
        """)
    env = {
        **os.environ,
        "PYTHONPATH": str(GENERATED),
        "OXEN_LOG": "debug",
        "OXEN_API_KEY": SECRET,
        "OXEN_BASE_URL": server.url,
    }
    done = run_python("-c", script, env=env, timeout=60)

    assert done.returncode == 0, done.stderr
    assert f"POST {server.url}/api/ai/chat/completions -> 200 in " in done.stderr
    assert f"GET {server.url}/api/ai/models/missing?api_key=[redacted] -> 404 in " in done.stderr
    assert "oxen_hub DEBUG" in done.stderr
    assert "NotFoundError: Error code: 404" in done.stderr
    assert server.requests[0].headers["authorization"] == f"Bearer {SECRET}"
    assert SECRET not in done.stdout + done.stderr
