"""Making spec strings safe to place in generated Python.

Every string from the spec that reaches generated code goes through one of these: string literals through
`literal` (repr, which always yields a valid, inert literal), docstrings through `docstring`. A hostile
description cannot close the docstring, inject code or produce a file that fails to parse.
"""

from __future__ import annotations

import textwrap
import unicodedata

_MAX_DOC = 4000


def literal(value: str | int | float | bool | None) -> str:
    """A Python literal for the value: repr always yields a valid, inert literal (backslashes, control
    characters and lone surrogates escaped); the format stage picks black's quotes."""
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
    """Text safe between triple double quotes: escaped, dedented, wrapped to fit `width` after `indent`."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").expandtabs()
    if len(text) > _MAX_DOC:
        text = text[:_MAX_DOC].rstrip() + " …"
    text = text.replace("\\", "\\\\")
    # str.isprintable is False for every category _printable escapes (and for a few it keeps, which then
    # take the per-character path): most descriptions skip that path.
    if not text.replace("\n", "").replace("\t", "").isprintable():
        text = "".join(_printable(c) for c in text)
    text = text.replace('"""', '\\"\\"\\"')
    text = textwrap.dedent(text).strip()
    room = max(width - len(indent), 40)
    lines = []
    for line in text.split("\n"):
        line = line.rstrip()
        if len(line) > room:
            lead = line[: len(line) - len(line.lstrip())]
            wrapped = textwrap.wrap(
                line,
                width=room,
                subsequent_indent=lead,
                break_long_words=False,
                break_on_hyphens=False,
            )
            lines.extend(wrapped or [""])
        else:
            lines.append(line)
    return "\n".join(
        (indent + line) if line and index else line for index, line in enumerate(lines)
    )


def docstring(text: str, *, indent: str = "") -> str:
    """A complete docstring literal, laid out as black lays docstrings out (it then leaves them alone)."""
    body = docstring_body(text, indent=indent, width=100)
    if body.startswith('"'):
        body = " " + body
    if "\n" not in body:
        if body.endswith('"'):
            body += " "
        return f'"""{body}"""'
    return f'"""{body}\n{indent}"""'
