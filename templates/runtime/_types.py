"""Types and sentinels used in generated signatures."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import IO, Any, Final, Literal, TypeAlias, final

import httpx2


@final
class Omit:
    """The value of an argument that was not given: it is left out of the request entirely.

    `None` is a real value (sent as JSON `null`); `omit` means "not sent". It is falsy so that `x or default`
    reads naturally.
    """

    _instance: Omit | None = None

    def __new__(cls) -> Omit:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "omit"

    def __reduce__(self) -> str:
        return "omit"


omit: Final = Omit()
# The names used by the official OpenAI SDK, for readers who know it.
NotGiven = Omit
NOT_GIVEN: Final = omit

Timeout: TypeAlias = float | httpx2.Timeout | None
Headers: TypeAlias = Mapping[str, "str | Omit"]
Query: TypeAlias = Mapping[str, object]
Body: TypeAlias = Mapping[str, object]
FileContent: TypeAlias = IO[bytes] | bytes | os.PathLike[str]
FileTypes: TypeAlias = (
    FileContent
    | tuple[str | None, FileContent]
    | tuple[str | None, FileContent, str | None]
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
JSON: TypeAlias = Any
