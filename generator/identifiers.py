"""Python names from spec names: identifiers, snake_case, PascalCase, collisions, and the names the generated
package keeps for itself.

Spec names are untrusted: anything that is not an identifier character is dropped, keywords get a trailing
underscore, and a leading digit gets a prefix, so every name that reaches generated code is a plain identifier.
"""

from __future__ import annotations

import hashlib
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


# --- Names the generated package's own code uses ----------------------------------------------------------
# Importing a submodule binds its name in its package's namespace, the globals of the package's `__init__.py`:
# once `types/getattr.py` is imported, `types/__init__.py` calls that module where it meant the builtin. So a
# submodule (a model module, a resource module) may not take a name its package's `__init__` binds or reads,
# and a client class may not take a name the modules that import it use. The names are written out rather than
# read from the templates: which names a template uses depends on the branches it renders and the values it is
# given, so reading them would mean rendering stand-in packages at every start of the generator.
# tests/generator/test_hostile_names.py parses the `__init__.py` files of packages that take every branch and
# fails when one binds or reads a name missing here. Names in annotations count too: they are not evaluated at
# run time (`from __future__ import annotations`), but mypy looks them up in the same namespace.

# fmt: off
# What templates/package/__init__.py.jinja imports from the runtime and exports.
PACKAGE_RUNTIME_EXPORTS = frozenset(
    {
        "APIConnectionError", "APIError", "APIResponse", "APIResponseValidationError", "APIStatusError",
        "APITimeoutError", "AsyncAPIResponse", "AsyncBinaryResponse", "AsyncStream",
        "AuthenticationError", "BadRequestError", "BinaryResponse", "ClientClosedError", "ConflictError",
        "FileTypes", "InternalServerError", "NOT_GIVEN", "NotFoundError", "NotGiven", "Omit",
        "PaginationError", "PermissionDeniedError", "RateLimitError", "Stream",
        "UnprocessableEntityError", "omit",
        "__version__",
    }
)
# The rest of what the package's `__init__.py.jinja` binds or reads, besides the client and model names.
PACKAGE_INIT_NAMES = PACKAGE_RUNTIME_EXPORTS | {
    "annotations", "TYPE_CHECKING", "Any", "_setup_logging", "__all__", "_MODELS", "__getattr__",
    "__dir__", "__name__", "AttributeError", "frozenset", "getattr", "list", "sorted", "str",
}
# What `_client.py.jinja` binds or reads besides the client, resource and scope classes.
CLIENT_MODULE_NAMES = frozenset(
    {
        "annotations", "cached_property", "TYPE_CHECKING", "ClassVar", "AsyncAPIClient",
        "SyncAPIClient", "__all__", "str",
    }
)
# What `types_init.py.jinja` binds or reads besides the model and params names.
TYPES_INIT_NAMES = frozenset(
    {
        "annotations", "_builtins", "_importlib", "_TYPE_CHECKING", "_Any", "_MODULES", "__all__",
        "__getattr__", "__dir__", "__name__", "dict", "list", "str",
        # Used without the underscore before: a module named so would still be renamed, as it was.
        "importlib", "TYPE_CHECKING", "Any", "AttributeError", "getattr", "globals",
    }
)
# What `pagination_init.py.jinja` binds or reads besides the page class names. Its modules are named after
# the model modules (`generator.render.pages`), so the model modules avoid these names too.
PAGINATION_INIT_NAMES = frozenset(
    {
        "annotations", "TYPE_CHECKING", "Any", "AsyncPaginator", "__all__", "_MODULES", "__getattr__",
        "__dir__", "__name__", "AttributeError", "getattr", "list", "sorted", "str",
    }
)
# fmt: on

# The longest module name chosen from a spec name, in bytes: a file name may take 255 on common file systems,
# and other stages append to a module name (`_param`, `_2`, `.py`, Python's `.cpython-311.opt-2.pyc`).
MAX_MODULE_NAME_BYTES = 200
_HASH_CHARS = 10


def _hashed(name: str, limit: int) -> str:
    """The longest prefix of `name` that leaves room in `limit` bytes for `_` and a short hash of all of it.

    The same name always gives the same result, distinct names distinct results; a prefix of an identifier is
    an identifier, so the result is one when `name` is.
    """
    encoded = name.encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(encoded).hexdigest()[:_HASH_CHARS]
    # A character the cut splits is left out whole.
    prefix = encoded[: limit - _HASH_CHARS - 1].decode("utf-8", "ignore")
    return f"{prefix}_{digest}"


_HASHED = re.compile(rf".*_[0-9a-f]{{{_HASH_CHARS}}}")


def module_name(name: str, reserved: Collection[str]) -> str:
    """A module name for the identifier `name`, none of `reserved`, that fits a file name; one-to-one without
    knowing the other names (so it can name modules one at a time):

    - a name of `MAX_MODULE_NAME_BYTES` or more, or one that looks like what `_hashed` returns, is `_hashed`
      (forced for the second kind): only these results end in `_` and a hash;
    - a name whose stem (the name without trailing underscores) is the stem of a reserved name gains an
      underscore (`cast` -> `cast_`, `cast_` -> `cast__`, `__all__` -> `__all___`): only these results have
      such a stem;
    - any other name stays.
    """
    size = len(name.encode("utf-8", "surrogatepass"))
    if size >= MAX_MODULE_NAME_BYTES or _HASHED.fullmatch(name):
        return _hashed(name, MAX_MODULE_NAME_BYTES)
    if name.rstrip("_") in {taken.rstrip("_") for taken in reserved}:
        return name + "_"
    return name
