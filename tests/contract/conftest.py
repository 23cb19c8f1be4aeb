"""Fixtures of the contract tests: one Prism per target (started on first use), one sync client on it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest

from .harness import Contract
from .prism import PrismError, PrismServer, for_prism, prism_executable, run_prism

REQUEST_TIMEOUT = 30.0


@dataclass
class Live:
    """A target's Prism and a sync client (`max_retries=0`, no proxies from the environment) on it."""

    contract: Contract
    server: PrismServer
    client: Any


class PrismPool:
    def __init__(self, stack: ExitStack, workdir: Path) -> None:
        self._stack = stack
        self._workdir = workdir
        self._live: dict[str, Live] = {}
        self._failed: dict[str, str] = {}

    def live(self, contract: Contract) -> Live:
        name = contract.name
        if name in self._failed:
            pytest.fail(self._failed[name], pytrace=False)
        if name not in self._live:
            try:
                server = self._stack.enter_context(
                    run_prism(for_prism(contract.document), self._workdir / name, name=name)
                )
            except PrismError as exc:
                self._failed[name] = f"[{name}] {exc}"
            if name in self._failed:
                pytest.fail(self._failed[name], pytrace=False)
            http_client = self._stack.enter_context(
                httpx2.Client(trust_env=False, timeout=REQUEST_TIMEOUT)
            )
            client = contract.client_class()(
                api_key="contract-test-key",
                base_url=server.url,
                max_retries=0,
                timeout=REQUEST_TIMEOUT,
                http_client=http_client,
            )
            self._stack.callback(client.close)
            self._live[name] = Live(contract=contract, server=server, client=client)
        return self._live[name]


@pytest.fixture(scope="session")
def prism_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrismPool]:
    missing = None
    try:
        prism_executable()
    except PrismError as exc:
        missing = str(exc)
    if missing is not None:
        pytest.fail(missing, pytrace=False)
    with ExitStack() as stack:
        yield PrismPool(stack, tmp_path_factory.mktemp("prism"))
