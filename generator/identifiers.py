"""Python names from spec names: identifiers, snake_case, PascalCase, collisions.

Spec names are untrusted: anything that is not an identifier character is dropped, keywords get a trailing
underscore, and a leading digit gets a prefix, so every name that reaches generated code is a plain identifier.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections.abc import Iterable

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NON_IDENT = re.compile(r"[^0-9a-zA-Z]+")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def words(text: str) -> list[str]:
    """Split `fineTunes`, `fine-tunes`, `FINE_TUNES`, `X-Request-ID` into lower-case words."""
    spaced = _WORD_BOUNDARY.sub(" ", _ascii(text))
    return [w.lower() for w in _NON_IDENT.split(spaced) if w]


def snake(text: str, *, prefix: str = "n") -> str:
    parts = words(text)
    name = "_".join(parts) or prefix
    if name[0].isdigit():
        name = f"{prefix}_{name}"
    return safe_identifier(name)


def pascal(text: str, *, prefix: str = "N") -> str:
    name = "".join(w[:1].upper() + w[1:] for w in words(text)) or prefix
    if name[0].isdigit():
        name = prefix + name
    return safe_identifier(name)


def safe_identifier(name: str) -> str:
    if keyword.iskeyword(name) or name in {"None", "True", "False"}:
        return name + "_"
    return name


def unique(name: str, taken: Iterable[str] | set[str]) -> str:
    """`name`, or `name_2`, `name_3`... whichever is not taken."""
    taken_set = taken if isinstance(taken, set) else set(taken)
    if name not in taken_set:
        return name
    counter = 2
    while f"{name}_{counter}" in taken_set:
        counter += 1
    return f"{name}_{counter}"
