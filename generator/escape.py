"""Making spec strings safe to place in generated Python.

Every string from the spec that reaches generated code goes through one of these: string literals through
`literal` (repr, which always yields a valid, inert literal), docstrings through `docstring`, comments through
`comment`. A hostile description cannot close the docstring, inject code or produce a file that fails to parse.
"""

from __future__ import annotations

import textwrap
import unicodedata

_MAX_DOC = 4000


def literal(value: str | int | float | bool | None) -> str:
    if isinstance(value, str):
        # repr escapes quotes, backslashes, control characters and lone surrogates.
        return repr(value)
    return repr(value)


def _printable(char: str) -> str:
    if char in "\n\t":
        return char
    category = unicodedata.category(char)
    if category in ("Cc", "Cs", "Zl", "Zp", "Cf") or char == "\ufeff":
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


def docstring_body(text: str, *, indent: str = "", width: int = 100) -> str:
    """Text safe between triple double quotes (escaped, dedented, lightly wrapped, bounded in length)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > _MAX_DOC:
        text = text[:_MAX_DOC].rstrip() + " …"
    text = text.replace("\\", "\\\\")
    text = "".join(_printable(c) for c in text)
    text = text.replace('"""', '\\"\\"\\"')
    text = textwrap.dedent(text).strip()
    if text.endswith('"'):
        text = text[:-1] + '\\"'
    lines = []
    for line in text.split("\n"):
        line = line.rstrip()
        if len(line) > width and not line.lstrip().startswith(("|", "-", "*", "`")):
            lines.extend(
                textwrap.wrap(line, width=width, break_long_words=False, break_on_hyphens=False)
                or [""]
            )
        else:
            lines.append(line)
    return "\n".join(
        (indent + line) if line and index else line for index, line in enumerate(lines)
    )


def comment(text: str) -> str:
    """One line of text safe after `#`."""
    flat = " ".join(text.split())
    return "".join(c for c in flat if unicodedata.category(c) not in ("Cc", "Cs", "Zl", "Zp"))[:200]
