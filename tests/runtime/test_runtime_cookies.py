"""Cookie parameters (`cookies=`) share one `Cookie` header with an API key sent as a cookie."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from runtime._response import async_to_raw_response_wrapper, to_raw_response_wrapper
from runtime._types import omit
from runtime_harness import SECRET, AsyncClient, Harness, SyncClient
from servers.fault import FaultServer, json_reply

pytestmark = pytest.mark.anyio

OK = json_reply({"ok": True})


class CookieSyncClient(SyncClient):
    _auth_kind: ClassVar[str | None] = "cookie"
    _auth_name: ClassVar[str] = "api_session"


class CookieAsyncClient(AsyncClient):
    _auth_kind: ClassVar[str | None] = "cookie"
    _auth_name: ClassVar[str] = "api_session"


@pytest.fixture
def cookie_auth(harness: Harness) -> Harness:
    return harness.new(classes=(CookieSyncClient, CookieAsyncClient))


async def cookie_headers(harness: Harness, server: FaultServer, **kwargs: Any) -> list[str]:
    """Every `Cookie` header of the request the client sent (the server's record keeps only one)."""
    server.script(OK)
    request = harness.client._request
    wrapped = (
        async_to_raw_response_wrapper(request)
        if harness.is_async
        else to_raw_response_wrapper(request)
    )
    response = await harness.run(wrapped, "get", "/me", cast_to=object, **kwargs)
    headers: list[str] = response.http_response.request.headers.get_list("cookie")
    assert server.last.headers.get("cookie") == (headers[-1] if headers else None)
    return headers


async def test_cookie_parameters_join_the_auth_cookie(
    cookie_auth: Harness, server: FaultServer
) -> None:
    sent = await cookie_headers(cookie_auth, server, cookies={"session_hint": "x"})

    assert sent == [f"api_session={SECRET}; session_hint=x"]


async def test_cookie_parameters_are_encoded_and_left_out_when_not_given(
    cookie_auth: Harness, server: FaultServer
) -> None:
    cookies = {"odd": "a b;c=d", "flag": True, "none": None, "left_out": omit}

    with_params = await cookie_headers(cookie_auth, server, cookies=cookies)
    only_omitted = await cookie_headers(cookie_auth, server, cookies={"left_out": omit})
    without_auth = await cookie_headers(cookie_auth, server, cookies=cookies, auth=False)
    nothing = await cookie_headers(cookie_auth, server, cookies={"none": None}, auth=False)

    assert with_params == [f"api_session={SECRET}; odd=a%20b%3Bc%3Dd; flag=true"]
    assert only_omitted == [f"api_session={SECRET}"]
    assert without_auth == ["odd=a%20b%3Bc%3Dd; flag=true"]
    assert nothing == []


async def test_a_default_cookie_header_of_any_case_joins_too(
    harness: Harness, server: FaultServer
) -> None:
    client = harness.new(
        classes=(CookieSyncClient, CookieAsyncClient), default_headers={"cookie": "theme=dark"}
    )

    sent = await cookie_headers(client, server, cookies={"session_hint": "x"})

    assert sent == [f"theme=dark; api_session={SECRET}; session_hint=x"]


async def test_extra_headers_still_override_or_remove_the_whole_cookie_header(
    cookie_auth: Harness, server: FaultServer
) -> None:
    cookies = {"session_hint": "x"}

    replaced = await cookie_headers(
        cookie_auth, server, cookies=cookies, extra_headers={"Cookie": "mine=1"}
    )
    removed = await cookie_headers(
        cookie_auth, server, cookies=cookies, extra_headers={"Cookie": omit}
    )

    assert replaced == ["mine=1"]
    assert removed == []


async def test_cookie_parameters_with_another_auth_kind(
    harness: Harness, server: FaultServer
) -> None:
    sent = await cookie_headers(harness, server, cookies={"session_hint": "x"})

    assert sent == ["session_hint=x"]
    assert server.last.headers["authorization"] == f"Bearer {SECRET}"


async def test_request_takes_cookies(cookie_auth: Harness, server: FaultServer) -> None:
    server.script(OK)

    await cookie_auth.run(cookie_auth.client.request, "GET", "/me", cookies={"session_hint": "x"})

    assert server.last.headers["cookie"] == f"api_session={SECRET}; session_hint=x"
