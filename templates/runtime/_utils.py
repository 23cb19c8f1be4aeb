"""Request building helpers: path templates, query strings, JSON and multipart bodies."""

from __future__ import annotations

import contextlib
import datetime as _dt
import enum
import io
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, TypeAlias
from urllib.parse import quote

from ._types import Omit


def format_path(
    template: str, values: Mapping[str, object], allow_slash: Iterable[str] = ()
) -> str:
    """Fill `{name}` placeholders, percent-encoding each value; names in `allow_slash` keep their `/`."""
    slash_ok = set(allow_slash)
    filled = template
    for name, value in values.items():
        text = path_value(value)
        if text == "":
            raise ValueError(
                f"Expected a non-empty value for path parameter `{name}` but received {value!r}"
            )
        safe = "/" if name in slash_ok else ""
        filled = filled.replace("{" + name + "}", _no_dot_segments(quote(text, safe=safe)))
    return filled


def _no_dot_segments(encoded: str) -> str:
    # `.` and `..` are left alone by percent-encoding, but URL normalisation would resolve them and send the
    # request to another endpoint (`models.retrieve("..")` -> `GET /api/ai`): encode them as `%2E`.
    return "/".join(
        segment.replace(".", "%2E") if segment in (".", "..") else segment
        for segment in encoded.split("/")
    )


def path_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, _dt.datetime | _dt.date):
        return value.isoformat()
    return str(value)


def strip_omitted(values: Mapping[str, object] | None) -> dict[str, object]:
    if not values:
        return {}
    return {k: v for k, v in values.items() if not isinstance(v, Omit)}


# Query values that cannot be pydantic models, checked before looking for `model_dump` on the rest.
_PLAIN_QUERY_VALUES = (str, int, float, Mapping, list, tuple, set, frozenset, enum.Enum, _dt.date)


def build_query(
    values: Mapping[str, object] | None, deep_object: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """Query pairs: lists repeat the key (form, explode), dicts become `key[sub]=v` (deepObject) or are flattened."""
    pairs: list[tuple[str, str]] = []
    if not values:
        return pairs
    deep = set(deep_object)
    for key, value in values.items():
        if value is None or isinstance(value, Omit):
            continue
        dump = (
            None if isinstance(value, _PLAIN_QUERY_VALUES) else getattr(value, "model_dump", None)
        )
        if dump is not None:
            # An object parameter may be given as its model: sent as the dict it stands for, wire names
            # (pydantic itself is not imported here: building a client must not pay for it).
            value = dump(mode="json", by_alias=True, exclude_unset=True)
        if isinstance(value, Mapping):
            for sub, item in value.items():
                if item is None or isinstance(item, Omit):
                    continue
                pairs.append((f"{key}[{sub}]" if key in deep else str(sub), query_value(item)))
        elif isinstance(value, list | tuple | set | frozenset):
            items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
            pairs.extend((key, query_value(item)) for item in items if item is not None)
        else:
            pairs.append((key, query_value(value)))
    return pairs


def query_value(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, _dt.datetime | _dt.date):
        return value.isoformat()
    if isinstance(value, Mapping | list):
        return dumps(value).decode()
    return str(value)


def build_headers(values: Mapping[str, object] | None) -> dict[str, str]:
    if not values:
        return {}
    return {
        k: path_value(v) for k, v in values.items() if v is not None and not isinstance(v, Omit)
    }


def _default(value: Any) -> Any:
    dump = getattr(value, "model_dump", None)
    if dump is not None:
        return dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, _dt.datetime | _dt.date | _dt.time):
        return value.isoformat()
    if isinstance(value, os.PathLike) or type(value).__name__ in ("UUID", "Decimal"):
        # Checked by name so that uuid and decimal need not be imported for every client.
        return str(value)
    if isinstance(value, Mapping):
        return {k: v for k, v in value.items() if not isinstance(v, Omit)}
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    if isinstance(value, Sequence | Iterable) and not isinstance(value, str | bytes):
        return list(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps(value: object) -> bytes:
    """Compact JSON; pydantic models, enums, dates, UUIDs and any mapping or iterable are converted on the way."""
    return json.dumps(value, default=_default, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def form_fields(values: Mapping[str, object]) -> dict[str, str | list[str]]:
    """Non-file fields of a form or multipart body as strings (objects are sent as JSON text)."""
    out: dict[str, str | list[str]] = {}
    for key, value in values.items():
        if value is None or isinstance(value, Omit):
            continue
        if isinstance(value, list | tuple):
            out[key] = [query_value(v) for v in value]
        elif hasattr(value, "model_dump"):
            out[key] = dumps(value).decode()
        else:
            out[key] = query_value(value)
    return out


# (filename, content, content type[, the part's own headers]), as httpx2 takes a file part.
FilePart: TypeAlias = (
    tuple[str | None, bytes | IO[bytes], str | None]
    | tuple[str | None, bytes | IO[bytes], str | None, dict[str, str]]
)


class FileSet:
    """Files for one multipart request: opened once, rewound before every attempt, closed at the end."""

    def __init__(self, files: Mapping[str, object]) -> None:
        self._opened: list[IO[bytes]] = []
        self._starts: list[tuple[IO[bytes], int]] = []
        self.entries: list[tuple[str, FilePart]] = []
        for field, value in files.items():
            if isinstance(value, Omit):
                continue
            items: list[Any] = list(value) if isinstance(value, list) else [value]
            for item in items:
                self.entries.append((field, self._entry(item)))

    def _entry(self, item: Any) -> FilePart:
        name: str | None = None
        content_type: str | None = None
        headers: dict[str, str] | None = None
        content = item
        if isinstance(item, tuple):
            name = item[0]
            content = item[1]
            content_type = item[2] if len(item) > 2 else None
            if len(item) > 3 and item[3] is not None:
                # A copy: httpx2 writes the part's Content-Type into the dict it is given.
                headers = dict(item[3])
        filename, body, content_type = self._content(name, content, content_type)
        if headers is None:
            return (filename, body, content_type)
        return (filename, body, content_type, headers)

    def _content(
        self, name: str | None, content: Any, content_type: str | None
    ) -> tuple[str, bytes | IO[bytes], str | None]:
        if isinstance(content, os.PathLike):
            path = Path(content)
            handle = path.open("rb")
            self._opened.append(handle)
            return (name or path.name, handle, content_type)
        if isinstance(content, bytes | bytearray | memoryview):
            return (name or "upload", bytes(content), content_type)
        if isinstance(content, str):
            return (
                name or "upload",
                content.encode("utf-8"),
                content_type or "text/plain; charset=utf-8",
            )
        if hasattr(content, "read"):
            if hasattr(content, "seek") and hasattr(content, "tell"):
                with contextlib.suppress(OSError, io.UnsupportedOperation):
                    self._starts.append((content, content.tell()))
            filename = name or os.path.basename(str(getattr(content, "name", "") or "")) or "upload"
            return (filename, content, content_type)
        raise TypeError(
            f"Unsupported file value of type {type(content).__name__}: pass bytes, a path or a binary file"
        )

    def add_fields(self, fields: Mapping[str, str | list[str]]) -> None:
        """Plain form fields as parts without a filename (how multipart carries non-file values)."""
        for name, value in fields.items():
            for item in value if isinstance(value, list) else [value]:
                self.entries.append((name, (None, item.encode("utf-8"), None)))

    def rewind(self) -> None:
        for handle, start in self._starts:
            handle.seek(start)
        for handle in self._opened:
            handle.seek(0)

    def close(self) -> None:
        for handle in self._opened:
            handle.close()
        self._opened.clear()


def read_content(content: bytes | str | IO[bytes] | os.PathLike[str]) -> bytes:
    """A raw request body as bytes: read once, so that every retry sends the same bytes."""
    if isinstance(content, bytes):
        return content
    if isinstance(content, str):
        return content.encode("utf-8")
    if isinstance(content, os.PathLike):
        return Path(content).read_bytes()
    return content.read()


def cookie_header(values: Mapping[str, object]) -> str | Omit:
    """A `Cookie` header from cookie parameters (left out entirely when none is given)."""
    pairs = [
        f"{k}={quote(path_value(v), safe='')}"
        for k, v in values.items()
        if v is not None and not isinstance(v, Omit)
    ]
    return "; ".join(pairs) if pairs else Omit()
