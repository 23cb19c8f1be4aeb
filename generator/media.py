"""Media types: how a request body is encoded and what a response is, and which one of several the client uses.

The one place these choices are made: generation (`generator.analyze`) and the API changelog both go through it,
so that the changelog compares exactly the body and response the generated method sends and returns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

BodyEncoding = Literal["json", "form", "multipart", "binary", "text"]
# What a generated method returns: a parsed JSON model, nothing, text, a binary download or an event stream.
ResponseFormat = Literal["json", "empty", "text", "binary", "sse"]

_JSON_MEDIA = re.compile(r"^application/([\w.+-]+\+)?json(;.*)?$|^\*/\*\+json$")
# A body the client can build from keyword arguments comes first; raw bodies last.
_BODY_PREFERENCE: dict[BodyEncoding, int] = {
    "json": 0,
    "multipart": 1,
    "form": 2,
    "binary": 3,
    "text": 4,
}
# A response the client can parse comes first.
_RESPONSE_PREFERENCE: tuple[ResponseFormat, ...] = ("json", "sse", "binary", "text")


def body_encoding(media: str) -> BodyEncoding:
    media = media.lower()
    if _JSON_MEDIA.match(media) or media == "application/json":
        return "json"
    if media.startswith("multipart/"):
        return "multipart"
    if media.startswith("application/x-www-form-urlencoded"):
        return "form"
    if media.startswith("text/"):
        return "text"
    return "binary"


def request_media(media_types: Iterable[str]) -> tuple[BodyEncoding, str] | None:
    """The media type a generated method sends, with its encoding (None when there is none)."""
    choices = sorted(
        ((body_encoding(media), media) for media in media_types),
        key=lambda choice: (_BODY_PREFERENCE[choice[0]], choice[1]),
    )
    return choices[0] if choices else None


def response_format(media: str) -> ResponseFormat:
    media = media.lower()
    if media.startswith("text/event-stream"):
        return "sse"
    if _JSON_MEDIA.match(media) or media.startswith("application/json"):
        return "json"
    if media.startswith("text/") or media in ("application/xml", "application/yaml"):
        return "text"
    return "binary"


def response_media(media_types: Iterable[str]) -> dict[ResponseFormat, str]:
    """The first media type (in sorted order) of each format a response offers, the preferred format first."""
    found: dict[ResponseFormat, str] = {}
    for media in sorted(media_types):
        found.setdefault(response_format(media), media)
    return {kind: found[kind] for kind in _RESPONSE_PREFERENCE if kind in found}
