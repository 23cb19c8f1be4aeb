"""Python names from spec names: identifiers, snake_case, PascalCase, collisions.

Spec names are untrusted: anything that is not an identifier character is dropped, keywords get a trailing
underscore, and a leading digit gets a prefix, so every name that reaches generated code is a plain identifier.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections.abc import Collection

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NON_IDENT = re.compile(r"[^0-9a-zA-Z]+")


def words(text: str) -> list[str]:
    """Split `fineTunes`, `fine-tunes`, `FINE_TUNES`, `X-Request-ID` into lower-case words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return [w.lower() for w in _NON_IDENT.split(_WORD_BOUNDARY.sub(" ", ascii_text)) if w]


def snake(text: str, *, prefix: str = "n") -> str:
    name = "_".join(words(text)) or prefix
    if name[0].isdigit():
        name = f"{prefix}_{name}"
    return safe_identifier(name)


def pascal(text: str, *, prefix: str = "N") -> str:
    # Words are lower-case ASCII letters and digits, so capitalising one only raises its first letter.
    name = "".join(w.capitalize() for w in words(text)) or prefix
    if name[0].isdigit():
        name = prefix + name
    return safe_identifier(name)


def safe_identifier(name: str) -> str:
    # `None`, `True` and `False` are keywords too.
    return name + "_" if keyword.iskeyword(name) else name


_WIRE_PART = re.compile(r"[0-9A-Za-z]+|[^\x00-\x7f]")


def needs_wire_identifier(name: str) -> bool:
    """Whether a wire name must not reach the modeller as it is: a non-ASCII name that is no identifier (`≥`,
    `m²`, `🙂`) or that Python reads NFKC-normalised as another (`µs` is `μs`, so the field would never be
    filled). An ASCII name, or an NFKC-stable identifier like `ü`, keeps the modeller's own naming."""
    if name.isascii():
        return False
    return not (name.isidentifier() and unicodedata.normalize("NFKC", name) == name)


def wire_identifier(name: str) -> str:
    """A valid, ASCII (so NFKC-stable) identifier for any wire name, one-to-one with its non-ASCII letters.

    ASCII letter and digit runs stay (lower-cased); each other non-ASCII character is spelled by its code
    point (`≥` -> `u2265`, `m²` -> `m_u00b2`, `µs` -> `u00b5_s` while `μs` -> `u03bc_s`), so two names that
    differ only there never meet. Total over Unicode, lone surrogates included.
    """
    parts = [
        part.lower() if part.isascii() else f"u{ord(part):04x}" for part in _WIRE_PART.findall(name)
    ]
    identifier = "_".join(parts) or "field"
    if identifier[0].isdigit():
        identifier = f"n_{identifier}"
    return safe_identifier(identifier)


def wire_identifiers(
    names: Collection[str], taken: Collection[str] = (), *, every: bool = False
) -> dict[str, str]:
    """An identifier for each name that `needs_wire_identifier` (each name if `every`), none in `taken` and
    no two alike. Sorted first, so the same names give the same identifiers in every run."""
    claimed = set(taken)
    return {
        name: claim(wire_identifier(name), claimed)
        for name in sorted(set(names))
        if every or needs_wire_identifier(name)
    }


def unique(name: str, taken: Collection[str]) -> str:
    """`name`, or `name_2`, `name_3`... whichever is not taken."""
    if name not in taken:
        return name
    counter = 2
    while f"{name}_{counter}" in taken:
        counter += 1
    return f"{name}_{counter}"


def claim(name: str, taken: set[str], instead: str | None = None) -> str:
    """`name` if it is free, else the first free of `instead` (default `name`), `instead_2`...; now taken."""
    if name in taken:
        name = unique(instead or name, taken)
    taken.add(name)
    return name


# Words whose plural-looking ending is not a plural (`status`, `analysis`), or that are their own plural.
_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "ics", "ous", "news", "series", "species")


def singular(word: str) -> str:
    """The singular of a lower-case English word (`choices` -> `choice`); the word itself when unsure."""
    if len(word) < 4 or word.endswith(_NOT_PLURAL_ENDINGS):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word
