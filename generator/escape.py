"""Making spec strings safe to place in generated Python.

Every string from the spec that reaches generated code goes through one of these: string literals through
`literal` (repr, which always yields a valid, inert literal), docstrings through `docstring`, prose that a later
step writes raw (datamodel-code-generator's docstrings, Markdown, TOML) through `prose`. Each is total over
Unicode: lone surrogates and every line break `str.splitlines` knows included. A hostile
description cannot close the docstring, inject code or produce a file that fails to parse.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from typing import Any

from generator.errors import escape_pointer_token

_MAX_DOC = 4000
# Every character `str.splitlines` breaks a line at, besides "\n": the tokenizer does not, so one of them left in
# generated source splits what a later line-based step (or a reader) sees as one line.
LINE_BREAKS = frozenset("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def literal(value: str | int | float | bool | None) -> str:
    """A Python literal for the value: repr always yields a valid, inert literal (backslashes, control
    characters and lone surrogates escaped); the format stage picks black's quotes."""
    return repr(value)


def prose(text: str) -> str:
    """Spec prose (a description, a title) that any later step may place raw in a docstring or comment.

    Total over Unicode, and deterministic: every line break `str.splitlines` knows becomes "\\n", a lone
    surrogate (which no UTF-8 file can hold) becomes U+FFFD, and any other control character but a tab becomes a
    space. The text stays prose: nothing is escaped that a reader would then see as a backslash sequence.
    """
    if text.isprintable():
        return text
    return "".join(_prose_char(c) for c in text.replace("\r\n", "\n"))


def _prose_char(char: str) -> str:
    if char == "\n" or char == "\t":
        return char
    if char in LINE_BREAKS:
        return "\n"
    category = unicodedata.category(char)
    if category == "Cs":
        return "\ufffd"
    if category == "Cc":
        return " "
    return char


def as_code(text: str) -> str:
    """Text shown as code inside prose (a path in a docstring or in api.md): printable text as it is, else each
    character that is not printable (line breaks, controls, lone surrogates) spelled as its Python escape."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def shown(text: str) -> str:
    """Text that can be printed and written as UTF-8: each lone surrogate spelled as its `\\udXXX` escape."""
    return _LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def lone_surrogate_pointer(document: Any) -> str | None:
    """The JSON pointer (as `shown`) of the first key, else the first string, that holds a lone surrogate.

    Keys first: a key is what a validator matches against a pattern, where a lone surrogate breaks it.
    """
    for want_keys in (True, False):
        pending: list[tuple[str, Any]] = [("", document)]
        seen: set[int] = set()  # a YAML alias can make the document a graph
        while pending:
            where, node = pending.pop()
            if isinstance(node, str):
                if not want_keys and _LONE_SURROGATE.search(node):
                    return shown(where)
                continue
            if not isinstance(node, dict | list) or id(node) in seen:
                continue
            seen.add(id(node))
            items = node.items() if isinstance(node, dict) else enumerate(node)
            for key, value in reversed(list(items)):
                token = escape_pointer_token(key)
                if want_keys and isinstance(key, str) and _LONE_SURROGATE.search(key):
                    return shown(f"{where}/{token}")
                pending.append((f"{where}/{token}", value))
    return None


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
