"""The HTTP core of every generated client: configuration, auth, retries, timeouts and logging.

Generated clients subclass `SyncAPIClient` / `AsyncAPIClient` and set a handful of class attributes (environment
variable names, default base URL, auth scheme); generated resource methods call `_request`. Everything else a
caller can touch lives here, once, and is tested here.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, Unpack

import httpx2

from ._constants import (
    ATTEMPT_HEADER,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    IDEMPOTENCY_HEADER,
    INITIAL_RETRY_DELAY,
    MAX_RETRY_AFTER,
    MAX_RETRY_DELAY,
    RETRYABLE_STATUSES,
)
from ._exceptions import APIConnectionError, APITimeoutError, make_status_error
from ._logs import logger, redact_url
from ._request_options import (
    GENERATED_KEY_PREFIX,
    LazyHttpClient,
    RequestArgs,
    RequestOptions,
    new_async_client,
    new_sync_client,
)
from ._response import (
    APIResponse,
    AsyncAPIResponse,
    PageMarker,
    ResponseParsing,
    finish_async,
    finish_sync,
    response_mode,
)
from ._types import Omit, Timeout, omit
from ._utils import (
    FileSet,
    build_headers,
    build_query,
    cookie_header,
    dumps,
    form_fields,
    format_path,
    read_content,
    strip_omitted,
)

if TYPE_CHECKING:
    from ._pagination import AsyncPage, AsyncPaginator

__all__ = ["AsyncAPIClient", "AsyncAPIResource", "SyncAPIClient", "SyncAPIResource"]

HttpxClient = TypeVar("HttpxClient", httpx2.Client, httpx2.AsyncClient)
Self = TypeVar("Self", bound="BaseClient[Any]")
PageT = TypeVar("PageT", bound="AsyncPage[Any]")


def _check_api_key(key: str | None) -> None:
    """Refuse a key that cannot be sent; HTTP libraries would otherwise echo it in their error messages."""
    if key and (not key.isascii() or any(ord(c) < 0x20 or ord(c) == 0x7F for c in key)):
        raise ValueError(
            "The API key contains a character that cannot be sent in an HTTP header (a newline or other "
            "control character, or a non-ASCII character); check how it was read, e.g. a trailing newline"
        )


def _add_cookies(headers: dict[str, str], cookies: Mapping[str, object]) -> None:
    """Join cookie parameters to the cookies already in `headers` (an API key sent as a cookie).

    A request carries one `Cookie` header: replacing it would drop the key, and servers may read only one of
    several.
    """
    given = cookie_header(cookies)
    if isinstance(given, Omit):
        return
    present = [headers.pop(name) for name in [k for k in headers if k.lower() == "cookie"]]
    headers["Cookie"] = "; ".join([*present, given])


class BaseClient(Generic[HttpxClient]):
    # Set by each generated client class.
    _api_key_env: ClassVar[str] = ""
    _base_url_env: ClassVar[str] = ""
    _default_base_url: ClassVar[str | None] = None
    _auth_kind: ClassVar[str | None] = None  # "bearer", "basic", "header", "query" or "cookie"
    _auth_name: ClassVar[str] = ""
    _user_agent: ClassVar[str] = "clientgen-client"

    _lazy_client: LazyHttpClient[HttpxClient]
    _strict_response_validation: bool
    api_key: str | None
    base_url: str
    timeout: Timeout
    max_retries: int

    def _configure(
        self,
        *,
        api_key: str | None,
        base_url: str | httpx2.URL | None,
        timeout: Timeout | Omit,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        default_query: Mapping[str, object] | None,
        strict_response_validation: bool,
    ) -> None:
        if api_key is None and self._api_key_env:
            api_key = os.environ.get(self._api_key_env) or None
        if base_url is None and self._base_url_env:
            base_url = os.environ.get(self._base_url_env) or None
        if base_url is None:
            base_url = self._default_base_url
        if base_url is None:
            raise ValueError(
                f"No base URL: pass base_url= or set the {self._base_url_env or 'base URL'} environment variable"
            )
        if max_retries < 0:
            raise ValueError("max_retries must be zero or more")
        _check_api_key(api_key)
        self.api_key = api_key
        self.base_url = str(base_url).rstrip("/")
        self.timeout = DEFAULT_TIMEOUT if isinstance(timeout, Omit) else timeout
        self.max_retries = max_retries
        self._default_headers = dict(default_headers or {})
        self._default_query = dict(default_query or {})
        self._strict_response_validation = strict_response_validation

    @property
    def _client(self) -> HttpxClient:
        """The httpx2 client (connection pool), created on first use."""
        return self._lazy_client.get()

    # ------------------------------------------------------------------------------------------ state

    def __repr__(self) -> str:
        # Never the key itself: only whether there is one.
        key = "set" if self.api_key else "none"
        return f"<{type(self).__name__} base_url={self.base_url!r} api_key={key}>"

    def _copy_with(self: Self, **changes: Any) -> Self:
        new = object.__new__(type(self))
        new.__dict__.update(
            {
                k: v
                for k, v in self.__dict__.items()
                if k.startswith("_") or k in ("api_key", "base_url", "timeout", "max_retries")
            }
        )
        for key, value in changes.items():
            if not isinstance(value, Omit):
                setattr(new, key, value)
        return new

    def with_options(
        self: Self,
        *,
        api_key: str | Omit | None = omit,
        base_url: str | httpx2.URL | Omit = omit,
        timeout: Timeout | Omit = omit,
        max_retries: int | Omit = omit,
        default_headers: Mapping[str, str] | Omit = omit,
        default_query: Mapping[str, object] | Omit = omit,
        strict_response_validation: bool | Omit = omit,
        http_client: HttpxClient | Omit = omit,
    ) -> Self:
        """A copy with some settings changed.

        It shares this client's connection pool (closing either closes both, and a copy of a closed client is
        closed) unless `http_client` gives it another one, which the copy uses but never closes.
        `default_headers` and `default_query` are merged into this client's.
        """
        if not isinstance(api_key, Omit):
            _check_api_key(api_key)
        return self._copy_with(
            api_key=api_key,
            base_url=omit if isinstance(base_url, Omit) else str(base_url).rstrip("/"),
            timeout=timeout,
            max_retries=max_retries,
            _default_headers=(
                omit
                if isinstance(default_headers, Omit)
                else {**self._default_headers, **default_headers}
            ),
            _default_query=(
                omit
                if isinstance(default_query, Omit)
                else {**self._default_query, **default_query}
            ),
            _strict_response_validation=strict_response_validation,
            _lazy_client=(
                omit
                if isinstance(http_client, Omit)
                else LazyHttpClient(http_client, self._lazy_client._make, owned=False)
            ),
        )

    copy = with_options

    # ------------------------------------------------------------------------------------------ requests

    def _auth_headers(self) -> dict[str, str]:
        key = self.api_key
        kind = self._auth_kind
        if not key or kind is None:
            return {}
        if kind == "bearer":
            return {"Authorization": f"Bearer {key}"}
        if kind == "basic":
            import base64

            return {"Authorization": "Basic " + base64.b64encode(key.encode()).decode()}
        if kind == "header":
            return {self._auth_name: key}
        if kind == "cookie":
            return {"Cookie": f"{self._auth_name}={key}"}
        return {}

    def _options(self, method: str, path: str, cast_to: Any, args: RequestArgs) -> RequestOptions:
        how = ResponseParsing(
            cast_to,
            "stream" if args.get("stream") else "binary" if args.get("binary") else "parse",
            args.get("terminator"),
            self._strict_response_validation,
        )
        path_params = args.get("path_params")
        allow_slash = args.get("allow_slash", ())
        query = args.get("query")
        deep_object = args.get("deep_object", ())
        headers = args.get("headers")
        cookies = args.get("cookies")
        json = args.get("json", omit)
        # An optional form or raw body that the caller left out is no body at all.
        data = args.get("data")
        data = None if isinstance(data, Omit) else data
        files = args.get("files")
        content = args.get("content")
        content = None if isinstance(content, Omit) else content
        content_type = args.get("content_type")
        auth = args.get("auth", True)
        extra_headers = args.get("extra_headers")
        extra_query = args.get("extra_query")
        extra_body = args.get("extra_body")
        timeout = args.get("timeout", omit)
        max_retries = args.get("max_retries", omit)
        url = self.base_url + (format_path(path, path_params, allow_slash) if path_params else path)
        params = build_query(
            {**self._default_query, **(query or {}), **(extra_query or {})}, deep_object
        )
        if auth and self._auth_kind == "query" and self.api_key:
            params.append((self._auth_name, self.api_key))
        mode = response_mode.get()
        stream = how.kind != "parse" or mode == "streamed"
        final_headers = {
            "Accept": "text/event-stream" if how.kind == "stream" else "application/json",
            "User-Agent": self._user_agent,
            **self._default_headers,
        }
        if auth:
            final_headers.update(self._auth_headers())
        final_headers.update(build_headers(headers))
        if cookies:
            _add_cookies(final_headers, cookies)
        body: bytes | None = None
        form: dict[str, Any] | None = None
        file_set: FileSet | None = None
        bodyless = data is None and files is None and content is None
        if isinstance(json, Omit) and extra_body and bodyless:
            # An operation without a body: `extra_body` becomes its JSON body instead of being dropped.
            json, extra_body = dict(extra_body), None
        if not isinstance(json, Omit):
            if extra_body:
                json = {**json, **extra_body} if isinstance(json, Mapping) else json
            body = dumps(strip_omitted(json) if isinstance(json, Mapping) else json)
            final_headers["Content-Type"] = "application/json"
        elif files is not None:
            # A multipart operation stays multipart even when no file is given: its plain fields become
            # parts of their own, and with nothing at all the body is an empty multipart document.
            fields = form_fields({**(data or {}), **(extra_body or {})})
            file_set = FileSet(files)
            file_set.add_fields(fields)
            if not file_set.entries:
                boundary = os.urandom(16).hex()
                body = f"--{boundary}--\r\n".encode()
                final_headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
                file_set = None
        elif data is not None:
            form = form_fields({**data, **(extra_body or {})})
            final_headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif content is not None:
            body = read_content(content)
            final_headers["Content-Type"] = content_type or "application/octet-stream"
        if extra_headers:
            for name, value in extra_headers.items():
                if isinstance(value, Omit):
                    final_headers.pop(name, None)
                else:
                    final_headers[name] = value
        if method != "get" and not any(
            k.lower() == IDEMPOTENCY_HEADER.lower() for k in final_headers
        ):
            # 128 random bits, as a UUID4 has; os.urandom spares importing uuid.
            final_headers[IDEMPOTENCY_HEADER] = f"{GENERATED_KEY_PREFIX}{os.urandom(16).hex()}"
        final_headers[ATTEMPT_HEADER] = "1"
        options = RequestOptions(
            method=method.upper(),
            url=url,
            params=params,
            headers=final_headers,
            content=body,
            data=form,
            files=file_set,
            timeout=self.timeout if isinstance(timeout, Omit) else timeout,
            max_retries=self.max_retries if isinstance(max_retries, Omit) else max_retries,
            auth=auth,
            how=how,
            stream=stream,
        )
        if isinstance(cast_to, type) and issubclass(cast_to, PageMarker):
            how.page_request = (self, options)
        return options

    def _build_request(self, options: RequestOptions, attempt: int) -> httpx2.Request:
        headers = options.headers
        if attempt > 1:
            headers = {**headers, ATTEMPT_HEADER: str(attempt)}
        files = None
        if options.files is not None:
            options.files.rewind()
            files = options.files.entries
        return self._client.build_request(
            options.method,
            options.url,
            params=list(options.params) if options.params else None,
            headers=headers,
            content=options.content,
            data=options.data if options.data else None,
            files=files,
            timeout=options.timeout,
        )

    # ------------------------------------------------------------------------------------------ retries

    @staticmethod
    def _should_retry(response: httpx2.Response) -> bool:
        override = response.headers.get("x-should-retry")
        if override == "true":
            return True
        if override == "false":
            return False
        status = response.status_code
        return status in RETRYABLE_STATUSES or status >= 500

    @staticmethod
    def _server_delay(headers: httpx2.Headers | None) -> float | None:
        """The delay the server asked for, in seconds, or None when it did not ask (or asked nonsense)."""
        if headers is None:
            return None
        value = headers.get("retry-after-ms")
        if value:
            try:
                return float(value) / 1000.0
            except ValueError:
                pass
        value = headers.get("retry-after")
        if not value:
            return None
        try:
            return float(value)
        except ValueError:
            pass
        import email.utils  # only for HTTP-date Retry-After values; slow to import

        parsed = email.utils.parsedate_to_datetime(value) if value else None
        if parsed is None:
            return None
        return parsed.timestamp() - time.time()

    def _retry_delay(self, retries_done: int, headers: httpx2.Headers | None) -> float | None:
        """Seconds to wait before the next attempt, or None when the server asked for a longer wait than we allow."""
        try:
            asked = self._server_delay(headers)
        except (TypeError, ValueError, OverflowError):
            asked = None
        if asked is not None:
            if asked > MAX_RETRY_AFTER:
                return None
            if asked >= 0:
                return asked
        delay = min(INITIAL_RETRY_DELAY * (2.0**retries_done), MAX_RETRY_DELAY)
        import random

        return delay * (1.0 - 0.25 * random.random())  # jitter, not cryptography

    def _after_failure(
        self,
        options: RequestOptions,
        request: httpx2.Request,
        error: httpx2.TransportError,
        retries: int,
        started: float,
    ) -> float:
        """The delay before retrying a request that got no answer, or raise when out of retries."""
        timed_out = isinstance(error, httpx2.TimeoutException)
        status = "timeout" if timed_out else f"error ({type(error).__name__})"
        self._log_attempt(request, status, started, retries + 1)
        if retries < options.max_retries:
            return self._retry_delay(retries, None) or 0.0
        if timed_out:
            raise APITimeoutError(request) from error
        raise APIConnectionError(message=f"Connection error: {error}", request=request) from error

    def _after_response(
        self,
        options: RequestOptions,
        request: httpx2.Request,
        response: httpx2.Response,
        retries: int,
        started: float,
    ) -> float | None:
        """None to hand the response back, a delay to retry after, or -1 to raise its status error."""
        self._log_attempt(request, response.status_code, started, retries + 1)
        if response.status_code < 400:
            return None
        if retries < options.max_retries and self._should_retry(response):
            delay = self._retry_delay(retries, response.headers)
            if delay is not None:
                return delay
        return -1.0

    def _log_attempt(
        self, request: httpx2.Request, status: int | str, started: float, attempt: int
    ) -> None:
        if logger.isEnabledFor(logging.DEBUG):
            secret = frozenset({self._auth_name}) if self._auth_kind == "query" else frozenset()
            logger.debug(
                "%s %s -> %s in %.0f ms (attempt %d)",
                request.method,
                redact_url(str(request.url), secret),
                status,
                (time.monotonic() - started) * 1000.0,
                attempt,
            )


class SyncAPIClient(BaseClient[httpx2.Client]):
    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx2.URL | None = None,
        timeout: Timeout | Omit = omit,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx2.Client | None = None,
        strict_response_validation: bool = False,
    ) -> None:
        """Create a client. Arguments left out come from the environment, then from the API's defaults.

        `api_key` falls back to the API-key environment variable and is sent only to operations that need it;
        `timeout` is in seconds (or an `httpx2.Timeout`), `max_retries` counts retries after the first attempt,
        and `http_client` lets you bring your own configured `httpx2.Client` (proxies, transports, limits).
        `default_query` is sent with every request (a call's `extra_query` wins). A response body that does
        not match its model is still returned, built as far as it goes (missing fields read as None);
        `strict_response_validation=True` raises `APIResponseValidationError` instead.
        """
        self._configure(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            strict_response_validation=strict_response_validation,
        )
        self._lazy_client = LazyHttpClient(http_client, new_sync_client)

    def _sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    @property
    def is_closed(self) -> bool:
        return self._lazy_client.is_closed

    def close(self) -> None:
        """Close the connection pool (shared with copies made by `with_options`)."""
        client = self._lazy_client.close()
        if client is not None:
            client.close()

    def __enter__(self: Self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _request(self, method: str, path: str, *, cast_to: Any, **args: Unpack[RequestArgs]) -> Any:
        return self._execute(self._options(method, path, cast_to, args))

    def _execute(self, options: RequestOptions) -> Any:
        how = options.how
        try:
            response, retries = self._send(options)
        finally:
            if options.files is not None:
                options.files.close()
        mode = response_mode.get()
        if mode is not None:
            return APIResponse(response, how, retries)
        return finish_sync(response, how, retries)

    def _send(self, options: RequestOptions) -> tuple[httpx2.Response, int]:
        retries = 0
        while True:
            request = self._build_request(options, retries + 1)
            started = time.monotonic()
            try:
                response = self._client.send(request, stream=options.stream)
            except httpx2.TransportError as exc:
                delay = self._after_failure(options, request, exc, retries, started)
                self._sleep(delay)
                retries += 1
                continue
            delay_or_none = self._after_response(options, request, response, retries, started)
            if delay_or_none is None:
                return response, retries
            if delay_or_none < 0:
                with contextlib.suppress(httpx2.HTTPError):
                    response.read()
                response.close()
                raise make_status_error(response)
            response.close()
            self._sleep(delay_or_none)
            retries += 1

    def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: Any = object,
        query: Mapping[str, object] | None = None,
        json: object = omit,
        content: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, object] | None = None,
        auth: bool = True,
        timeout: Timeout | Omit = omit,
        max_retries: int | Omit = omit,
    ) -> Any:
        """Call an endpoint the spec does not describe, with the client's auth, retries and errors.

        Returns the JSON body (or `cast_to` parsed from it); `path` is appended to the base URL as given.
        """
        return self._request(
            method.lower(),
            path,
            cast_to=cast_to,
            query=query,
            json=json,
            content=content,
            headers=headers,
            cookies=cookies,
            auth=auth,
            timeout=timeout,
            max_retries=max_retries,
        )


class AsyncAPIClient(BaseClient[httpx2.AsyncClient]):
    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx2.URL | None = None,
        timeout: Timeout | Omit = omit,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        default_query: Mapping[str, object] | None = None,
        http_client: httpx2.AsyncClient | None = None,
        strict_response_validation: bool = False,
    ) -> None:
        """Create an async client; the arguments are those of the sync client."""
        self._configure(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            strict_response_validation=strict_response_validation,
        )
        self._lazy_client = LazyHttpClient(http_client, new_async_client)

    async def _sleep(self, seconds: float) -> None:
        import anyio

        await anyio.sleep(seconds)

    @property
    def is_closed(self) -> bool:
        return self._lazy_client.is_closed

    async def close(self) -> None:
        client = self._lazy_client.close()
        if client is not None:
            await client.aclose()

    async def __aenter__(self: Self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def _request(
        self, method: str, path: str, *, cast_to: Any, **args: Unpack[RequestArgs]
    ) -> Any:
        return await self._execute(self._options(method, path, cast_to, args))

    def _request_page(
        self, method: str, path: str, *, page: type[PageT], **args: Unpack[RequestArgs]
    ) -> AsyncPaginator[PageT, Any]:
        """The first page of a listing, as an `AsyncPaginator`: await it for the page, or iterate it for
        every item of every page. Nothing is sent until then.
        """
        from ._pagination import AsyncPaginator

        return AsyncPaginator(lambda: self._request(method, path, cast_to=page, **args))

    async def _execute(self, options: RequestOptions) -> Any:
        how = options.how
        try:
            response, retries = await self._send(options)
        finally:
            if options.files is not None:
                options.files.close()
        mode = response_mode.get()
        if mode is not None:
            return AsyncAPIResponse(response, how, retries)
        return finish_async(response, how, retries)

    async def _send(self, options: RequestOptions) -> tuple[httpx2.Response, int]:
        retries = 0
        while True:
            request = self._build_request(options, retries + 1)
            started = time.monotonic()
            try:
                response = await self._client.send(request, stream=options.stream)
            except httpx2.TransportError as exc:
                delay = self._after_failure(options, request, exc, retries, started)
                await self._sleep(delay)
                retries += 1
                continue
            delay_or_none = self._after_response(options, request, response, retries, started)
            if delay_or_none is None:
                return response, retries
            if delay_or_none < 0:
                with contextlib.suppress(httpx2.HTTPError):
                    await response.aread()
                await response.aclose()
                raise make_status_error(response)
            await response.aclose()
            await self._sleep(delay_or_none)
            retries += 1

    async def request(
        self,
        method: str,
        path: str,
        *,
        cast_to: Any = object,
        query: Mapping[str, object] | None = None,
        json: object = omit,
        content: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
        cookies: Mapping[str, object] | None = None,
        auth: bool = True,
        timeout: Timeout | Omit = omit,
        max_retries: int | Omit = omit,
    ) -> Any:
        """Call an endpoint the spec does not describe, with the client's auth, retries and errors."""
        return await self._request(
            method.lower(),
            path,
            cast_to=cast_to,
            query=query,
            json=json,
            content=content,
            headers=headers,
            cookies=cookies,
            auth=auth,
            timeout=timeout,
            max_retries=max_retries,
        )


class SyncAPIResource:
    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client


class AsyncAPIResource:
    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client
