"""The contract test: every operation of every generated client against Prism serving the overlaid spec.

For each target in specs/*.toml (oxen_hub: 40 operations) the API model decides the cases, so an operation
added to a spec is called without anyone touching this file:

- every operation is called once with its required arguments and, when it has optional ones, once more with
  every argument; Prism (`--errors`) must answer 2xx and the client must return the method's declared type;
- every operation with a required query/header parameter or body field is also sent once without it, and
  Prism must reject that (4xx): proof that Prism really validates that operation, so the calls above mean
  something;
- the set of operations called is exactly the set the spec declares.

Streaming (`stream=True`) is not part of this contract; chat completions are called without `stream`.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import json
import re
import time
import types
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx2
import pytest

from .conftest import PrismPool
from .harness import (
    Call,
    Contract,
    Sampler,
    build_call,
    declared_operations,
    declared_return_type,
    has_optional_arguments,
    load_contracts,
    matches,
    type_name,
)
from .prism import PrismServer

pytestmark = pytest.mark.prism

CONTRACTS = load_contracts()
# How many operations each target has; a change here is deliberate (a spec bump), never a silent skip.
EXPECTED_OPERATION_COUNTS = {"oxen_hub": 40, "oxen_server": 77}
# Operations Prism cannot validate, so the negative check is expected to fail until the cause is fixed.
# A fix makes the check pass and the strict xfail fail: then delete the entry.
# Operations Prism cannot check (a schema its validator refuses to compile), with the reason; empty when the
# overlays are right.
PRISM_BLIND_SPOTS: dict[tuple[str, str], str] = {}
# Operations the generated client cannot call correctly yet because of a gap in the hand-written runtime
# (templates/runtime), with the reason. Strict xfail: when the runtime is fixed the case passes, the xfail
# fails, and the entry must be deleted.
RUNTIME_GAPS: dict[tuple[str, str], str] = {}
LOG_SETTLE = 0.3
_PRISM_DETAIL = re.compile(r"\[VALIDATOR\]|Violation|error", re.IGNORECASE)


@dataclass(frozen=True)
class Case:
    contract: Contract
    key: str
    full: bool

    @property
    def id(self) -> str:
        op = self.operation
        return f"{self.contract.name}:{op.call_name}[{'all' if self.full else 'required'}]"

    @property
    def operation(self) -> Any:
        return next(op for op in self.contract.api.operations if op.key == self.key)


CASES = [
    Case(contract, op.key, full)
    for contract in CONTRACTS
    for op in contract.api.operations
    for full in (False, True)
    if not full or has_optional_arguments(op)
]


def _case_params() -> list[Any]:
    out: list[Any] = []
    for case in CASES:
        reason = RUNTIME_GAPS.get((case.contract.name, case.key))
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        out.append(pytest.param(case, id=case.id, marks=marks))
    return out


def _settled_log(server: PrismServer, offset: int) -> str:
    """What Prism logged since `offset`, read after a short wait: Prism writes its log asynchronously."""
    time.sleep(LOG_SETTLE)
    return server.log_since(offset)


def _prism_lines(log: str) -> str:
    lines = [line.strip() for line in log.splitlines() if _PRISM_DETAIL.search(line)]
    return "\n".join(lines[-20:]) or "(Prism logged no validation detail)"


def _failure(case: Case, call: Call, what: str, detail: str, prism_log: str) -> str:
    op = case.operation
    return (
        f"[{case.contract.name}] {op.key} ({op.call_name}) {what}\n"
        f"call: {call.describe()}\n"
        f"{detail}\n"
        f"Prism's log for this request:\n{_prism_lines(prism_log)}"
    )


def _error_detail(exc: Exception) -> str:
    request = getattr(exc, "request", None)
    sent = f"{request.method} {request.url}" if request is not None else "(no request)"
    status = getattr(exc, "status_code", None)
    body = getattr(exc, "body", None)
    shown = json.dumps(body, indent=1, default=str) if body is not None else "(no body)"
    return f"{type(exc).__name__}: {exc}\nrequest: {sent}\nstatus: {status}\nresponse body: {shown}"


@pytest.mark.parametrize("case", _case_params())
def test_prism_accepts_call_and_client_parses_response(case: Case, prism_pool: PrismPool) -> None:
    live = prism_pool.live(case.contract)
    op = case.operation
    call = build_call(Sampler(live.contract.api.document), op, full=case.full)
    method = call.method(live.client)
    expected = declared_return_type(method, op, case.contract.target.package)
    api_error = importlib.import_module(case.contract.target.package).APIError
    offset = live.server.log_offset()
    rejected: str | None = None
    try:
        result = method(*call.args, **call.kwargs)
    except api_error as exc:
        rejected = _error_detail(exc)
    if rejected is not None:
        log = _settled_log(live.server, offset)
        pytest.fail(_failure(case, call, "was not accepted by Prism", rejected, log), pytrace=False)
    if op.response.format == "empty":
        assert result is None, _failure(
            case, call, "declares no response body", f"got {result!r}", ""
        )
    if op.response.format == "binary":
        # A BinaryResponse leaves the body unread (and the connection open) until asked: read it.
        data = result.read()
        assert isinstance(data, bytes), _failure(
            case, call, "returned a binary response whose read() is not bytes", repr(data)[:200], ""
        )
    assert matches(result, expected), _failure(
        case,
        call,
        f"returned {type(result).__qualname__}, not the declared {type_name(expected)}",
        f"value: {result!r}"[:2000],
        _settled_log(live.server, offset),
    )


# --- Prism really validates: a request without a required argument is rejected ------------------------------


@dataclass(frozen=True)
class Negative:
    contract: Contract
    key: str
    dropped: str  # "query:name", "header:name", "body:name" or "body"

    @property
    def id(self) -> str:
        return f"{self.contract.name}:{self.key} without {self.dropped}"


def _negatives() -> list[Any]:
    out: list[Any] = []
    for contract in CONTRACTS:
        for op in contract.api.operations:
            dropped = next(
                (
                    f"{p.location}:{p.wire_name}"
                    for p in op.parameters
                    if p.required and p.location in ("query", "header")
                ),
                None,
            )
            if dropped is None and op.body is not None and op.body.encoding == "json":
                if op.body.fields is not None:
                    field = next((f for f in op.body.fields if f.required), None)
                    dropped = f"body:{field.wire_name}" if field else None
                elif op.body.required:
                    dropped = "body"
            if dropped is None:
                continue
            case = Negative(contract, op.key, dropped)
            reason = PRISM_BLIND_SPOTS.get((contract.name, op.key))
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            out.append(pytest.param(case, id=case.id, marks=marks))
    return out


@pytest.mark.parametrize("case", _negatives())
def test_prism_rejects_request_missing_required_argument(
    case: Negative, prism_pool: PrismPool
) -> None:
    live = prism_pool.live(case.contract)
    op = next(o for o in case.contract.api.operations if o.key == case.key)
    call = build_call(Sampler(live.contract.api.document), op, full=False)
    path_values = iter(call.args)
    path = op.path
    for param in (p for p in op.parameters if p.location == "path"):
        value = next(path_values)
        path = path.replace("{" + param.wire_name + "}", quote(str(value), safe=""))
    params: dict[str, Any] = {}
    accept = (
        op.response.media_type
        if op.response.format in ("binary", "text") and op.response.media_type
        else "application/json"
    )
    # The Accept header the client sends, so that a 406 cannot pass for a validation error.
    headers = {"Authorization": "Bearer contract-test-key", "Accept": accept}
    for param in op.parameters:
        if param.location not in ("query", "header") or param.py_name not in call.kwargs:
            continue
        if f"{param.location}:{param.wire_name}" == case.dropped:
            continue
        value = call.kwargs[param.py_name]
        text = json.dumps(value) if isinstance(value, bool) else str(value)
        (params if param.location == "query" else headers)[param.wire_name] = text
    dropped_field = case.dropped.removeprefix("body:") if case.dropped.startswith("body:") else None
    body = (
        _request_body(op, call.kwargs, headers, drop=dropped_field)
        if case.dropped != "body"
        else {}
    )
    offset = live.server.log_offset()
    with httpx2.Client(trust_env=False, timeout=30.0) as http:
        response = http.request(
            op.method.upper(),
            live.server.url + path,
            params=params,
            headers=headers,
            **body,  # nothing when dropped == "body": no body at all
        )
    assert 400 <= response.status_code < 500, (
        f"[{case.contract.name}] Prism answered {response.status_code} to {op.key} sent without "
        f"{case.dropped}: it does not validate this operation, so the contract test cannot catch a wrong "
        f"request for it.\nsent: {response.request.method} {response.request.url} body={body!r}\n"
        f"Prism's log:\n{_prism_lines(_settled_log(live.server, offset))}"
    )


def _request_body(
    op: Any, kwargs: dict[str, Any], headers: dict[str, str], *, drop: str | None
) -> dict[str, Any]:
    """httpx arguments for the operation's body as the client would send it, without the field `drop`."""
    body = op.body
    if body is None:
        return {}
    if body.fields is None:
        if body.py_name not in kwargs:
            return {}
        value = kwargs[body.py_name]
        if body.encoding == "json":
            return {"json": value}
        if body.encoding in ("form", "multipart"):
            return {"data": value}
        headers["Content-Type"] = body.media_type
        return {"content": value.encode() if isinstance(value, str) else value}
    fields = {
        f: kwargs[f.py_name] for f in body.fields if f.py_name in kwargs and f.wire_name != drop
    }
    if body.encoding == "json":
        return {"json": {f.wire_name: v for f, v in fields.items()}}
    data = {
        f.wire_name: json.dumps(v) if isinstance(v, bool | dict | list) else str(v)
        for f, v in fields.items()
        if not f.is_file
    }
    files = [
        (f.wire_name, item)
        for f, v in fields.items()
        if f.is_file
        for item in (v if isinstance(v, list) else [v])
    ]
    return {"data": data, "files": files} if files else {"data": data}


# --- Nothing is skipped ------------------------------------------------------------------------------------


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.name)
def test_every_operation_is_covered(contract: Contract) -> None:
    declared = declared_operations(contract.document)
    modelled = {op.key for op in contract.api.operations}
    called = {case.key for case in CASES if case.contract is contract and not case.full}
    assert not contract.api.skipped, f"operations skipped by analyze: {contract.api.skipped}"
    assert modelled == declared, (
        f"API model and spec disagree: only in spec {sorted(declared - modelled)}, "
        f"only in model {sorted(modelled - declared)}"
    )
    assert called == declared, f"operations never called: {sorted(declared - called)}"
    expected = EXPECTED_OPERATION_COUNTS.get(contract.name)
    assert (
        expected is not None
    ), f"add {contract.name!r} with its operation count ({len(declared)}) to EXPECTED_OPERATION_COUNTS"
    assert len(called) == expected, (
        f"{contract.name} has {len(called)} operations, EXPECTED_OPERATION_COUNTS says {expected}; "
        "update it if the spec really changed"
    )


def test_every_client_method_is_an_operation() -> None:
    """The generated clients expose no operation method that the contract does not call."""
    for contract in CONTRACTS:
        package = contract.target.package
        resource_base = importlib.import_module(f"{package}._base_client").SyncAPIResource
        client = contract.client_class()(api_key="k", base_url="http://127.0.0.1:9", max_retries=0)
        try:
            exposed = set(_operation_methods(client, (), resource_base))
        finally:
            client.close()
        modelled = {op.call_name for op in contract.api.operations}
        assert exposed == modelled, (
            f"[{contract.name}] client methods without an operation: {sorted(exposed - modelled)}; "
            f"operations without a client method: {sorted(modelled - exposed)}"
        )


def _operation_methods(obj: Any, chain: tuple[str, ...], resource_base: type) -> list[str]:
    """Dotted names of the methods of every resource reachable from the client (resources are properties)."""
    found: list[str] = []
    for name in sorted(dir(type(obj))):
        if name.startswith("_"):
            continue
        static = inspect.getattr_static(obj, name)
        if isinstance(static, property | functools.cached_property):
            child = getattr(obj, name)
            if isinstance(child, resource_base):
                found.extend(_operation_methods(child, (*chain, name), resource_base))
        elif isinstance(static, types.FunctionType) and isinstance(obj, resource_base):
            found.append(".".join((*chain, name)))
    return found
