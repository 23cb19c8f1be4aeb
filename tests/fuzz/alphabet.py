"""Names and strings for the fuzz suite's documents, drawn from all of Unicode (issue 14, class "Characters").

Names (properties, enum values, parameters, operationIds, tags, path segments) come from every code point except
lone surrogates, with the characters that broke generation before drawn often: line separators, control
characters, emoji, characters NFKC changes, symbols, and names Python, pydantic or the generated package already
use. Prose (descriptions, titles, examples) may also hold lone surrogates: a JSON document can carry them, and
the generator accepts them. Component names follow the OpenAPI rule `^[a-zA-Z0-9.\\-_]+$`.
"""

from __future__ import annotations

from hypothesis import strategies as st

# Characters that broke generation before (issue 14), drawn much more often than the rest of Unicode.
LINE_BREAKS = [
    "\n",
    "\r",
    "\r\n",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x85",
    "\u2028",
    "\u2029",
]
CONTROLS = ["\x00", "\x01", "\x07", "\x1b", "\x7f", "\t", "\x9f"]
EMOJI = [
    "\U0001f642",
    "\U0001f44d\U0001f3fd",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\U0001f1eb\U0001f1f7",
]
# Each changes under NFKC, which is how Python reads identifiers: `µs` would become `μs`.
NFKC_CHANGING = [
    "\u00b5",
    "\ufb01",
    "\u00b2",
    "\u2168",
    "\u210c",
    "\u017f",
    "\u212b",
    "\uff8a",
    "\u2460",
    "\u212a",
]
SYMBOLS = [
    "\u2265",
    "\u2264",
    "\u2192",
    "$",
    "\u20ac",
    "%",
    "&",
    "'",
    '"',
    "\\",
    "#",
    "`",
    "@",
    "~",
    ".",
    "-",
    " ",
]
INVISIBLE = ["\u200b", "\u200d", "\ufeff", "\u202e", "\u00ad", "e\u0301", "\u0301"]
LONE_SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]
HOSTILE_CHARACTERS = [*LINE_BREAKS, *CONTROLS, *EMOJI, *NFKC_CHANGING, *SYMBOLS, *INVISIBLE]

# Names Python, pydantic or the generated package already use, and pairs that collide once made identifiers.
HOSTILE_NAMES = [
    "",
    "_",
    "__",
    "self",
    "class",
    "from",
    "import",
    "None",
    "True",
    "async",
    "await",
    "match",
    "type",
    "list",
    "dict",
    "str",
    "int",
    "getattr",
    "globals",
    "importlib",
    "annotations",
    "Any",
    "Field",
    "model_config",
    "model_fields",
    "model_dump",
    "model_extra",
    "schema",
    "json",
    "copy",
    "validate",
    "__init__",
    "__class__",
    "__dict__",
    "_private",
    "1st",
    "a-b",
    "a_b",
    "a b",
    "A_B",
    "aB",
    "a.b",
    "\u00b5s",
    "\u03bcs",
    "\ufb01le",
    "file",
    "m\u00b2",
    "m2",
    "\u2265",
    "\U0001f642",
    "a\u2028b",
    "\x00",
    "Content-Type",
    "Authorization",
    "Accept",
    "page",
    "extra_headers",
    "timeout",
    "client",
    "body",
]
# Component (and security scheme) names: the OpenAPI rule, and names that shadow what generated code uses.
SHADOWING_COMPONENT_NAMES = [
    "list",
    "dict",
    "str",
    "int",
    "float",
    "bool",
    "type",
    "object",
    "getattr",
    "globals",
    "importlib",
    "annotations",
    "BaseModel",
    "Field",
    "Any",
    "Optional",
    "Literal",
    "TYPE_CHECKING",
    "pydantic",
    "typing",
    "enum",
    "datetime",
    "date",
    "None",
    "True",
    "class",
    "import",
    "_",
    "__init__",
    "_models",
    "1abc",
    "a.b",
    "a-b",
    "A",
    "a",
    "Client",
    "AsyncClient",
    "Stream",
    "APIError",
]
COMPONENT_NAME = st.one_of(
    st.sampled_from(SHADOWING_COMPONENT_NAMES),
    st.from_regex(r"[a-zA-Z0-9.\-_]{1,24}", fullmatch=True),
    # Longer than a file name may be (255 bytes) once it names a module.
    st.integers(250, 300).map(lambda n: "Long" + "x" * n),
)

# Every code point but lone surrogates; with them, for prose.
_ANY_CHARACTER = st.characters(codec=None, categories=None, exclude_categories=["Cs"])
_ANY_CHARACTER_OR_SURROGATE = st.characters(codec=None, categories=None)
# Pieces rather than characters: some hostile pieces are sequences (an emoji with a modifier, "\r\n").
NAME_PIECE = st.one_of(st.sampled_from(HOSTILE_CHARACTERS), _ANY_CHARACTER)
PROSE_PIECE = st.one_of(
    st.sampled_from([*HOSTILE_CHARACTERS, *LONE_SURROGATES]), _ANY_CHARACTER_OR_SURROGATE
)
# Pieces a path template cannot hold as text: they delimit segments and parameters.
_PATH_PIECE = NAME_PIECE.filter(lambda c: not set(c) & set("/{}"))
# The OpenAPI 3.1 schema also refuses `#` and `?` in the name of a path parameter (`[^/#?]+$`).
_PATH_PARAMETER_PIECE = _PATH_PIECE.filter(lambda c: not set(c) & set("#?"))


def _text(pieces: st.SearchStrategy[str], min_size: int, max_size: int) -> st.SearchStrategy[str]:
    return st.lists(pieces, min_size=min_size, max_size=max_size).map("".join)


PLAIN_NAME = st.from_regex(r"[a-z][a-zA-Z0-9_]{0,10}", fullmatch=True)
NAME = st.one_of(PLAIN_NAME, st.sampled_from(HOSTILE_NAMES), _text(NAME_PIECE, 1, 10))
PROSE = _text(PROSE_PIECE, 0, 24)
PATH_SEGMENT = st.one_of(PLAIN_NAME, _text(_PATH_PIECE, 1, 6))
PATH_PARAMETER_NAME = st.one_of(PLAIN_NAME, _text(_PATH_PARAMETER_PIECE, 1, 6))
