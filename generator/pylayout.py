"""Laying out generated code the way black would, so that black has nothing left to change.

Black is the formatter of record: the format stage still runs it over any file with a line longer than the
limit. Emitting black's own layout for the common shapes (one-line-if-it-fits, else one item per line with a
trailing comma) spares it most of the work on large APIs, where formatting would otherwise dominate.
"""

from __future__ import annotations

import re

LINE_LENGTH = 100
INDENT = "    "


def fits(text: str, indent: int) -> bool:
    return indent + len(text) <= LINE_LENGTH


def collection(
    prefix: str, opening: str, items: list[str], closing: str, *, indent: int, suffix: str = ","
) -> str:
    """`prefix{a, b}` on one line if it fits (with `suffix`), else one item per line with a trailing comma."""
    one_line = f"{prefix}{opening}{', '.join(items)}{closing}"
    if not items or fits(one_line + suffix, indent):
        return one_line
    inner = " " * (indent + 4)
    body = "".join(f"\n{inner}{item}," for item in items)
    return f"{prefix}{opening}{body}\n{' ' * indent}{closing}"


def tuple_display(items: list[str]) -> str:
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def parameter(text: str, *, indent: int) -> str:
    """A `name: annotation = default` parameter, split the way black splits a parameter too long for its line.

    With a default (or a union) the annotation goes in parentheses; a lone subscript is split inside its
    brackets. Shapes this does not know stay on one long line, which makes the file go through black.
    """
    if fits(text + ",", indent) or ": " not in text:
        return text
    name, _, rest = text.partition(": ")
    annotation, sep, default = rest.rpartition(" = ") if " = " in rest else (rest, "", "")
    pad = " " * indent
    if sep or len(split_top_level(annotation, "|")) > 1:
        inner = expression(annotation, indent=indent + 4, trailer="")
        if inner is None:
            return text
        return f"{name}: (\n{' ' * (indent + 4)}{inner}\n{pad}){sep}{default}"
    hugged = expression(annotation, indent=indent, trailer=",", lead=len(name) + 2)
    return text if hugged is None else f"{name}: {hugged}"


def expression(text: str, *, indent: int, trailer: str, lead: int = 0) -> str | None:
    """A type expression laid out from column `indent` (its first line already has `lead` characters before
    it, its last `trailer` after it), or None for a shape black would split differently."""
    if indent + lead + len(text) + len(trailer) <= LINE_LENGTH:
        return text
    members = split_top_level(text, "|")
    pad = " " * indent
    if len(members) > 1:
        parts = []
        for index, member in enumerate(members):
            prefix = "" if index == 0 else "| "
            tail = trailer if index == len(members) - 1 else ""
            laid = expression(member, indent=indent, trailer=tail, lead=len(prefix) + (lead if index == 0 else 0))
            if laid is None:
                return None
            parts.append(prefix + laid)
        return f"\n{pad}".join(parts)
    if not text.endswith("]") or "[" not in text:
        return None
    head, _, body = text.partition("[")
    body = body[:-1]
    items = split_top_level(body, ",")
    inner = " " * (indent + 4)
    if len(items) > 1:
        return f"{head}[" + "".join(f"\n{inner}{item}," for item in items) + f"\n{pad}]"
    laid = expression(body, indent=indent + 4, trailer="")
    return None if laid is None else f"{head}[\n{inner}{laid}\n{pad}]"


def split_top_level(text: str, separator: str) -> list[str]:
    """`text` split at `separator` outside brackets and string literals, parts stripped."""
    parts: list[str] = []
    depth = 0
    quote = ""
    start = 0
    for index, char in enumerate(text):
        if quote:
            if char == quote and text[index - 1] != "\\":
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:index].strip())
            start = index + 1
    parts.append(text[start:].strip())
    return [part for part in parts if part]


def call_return(function: str, argument: str, *, indent: int) -> str:
    """`return function(argument)`, with the argument on its own line when the whole does not fit."""
    return _call("return ", function, argument, indent=indent)


def import_from(module: str, names: list[str], *, indent: int = 0) -> str:
    line = f"from {module} import {', '.join(names)}"
    if fits(line, indent):
        return line
    inner = " " * (indent + 4)
    body = "".join(f"\n{inner}{name}," for name in names)
    return f"from {module} import ({body}\n{' ' * indent})"


def longest_line(text: str) -> int:
    return max((len(line) for line in text.split("\n")), default=0)


def method_def(name: str, returns: str, *, indent: int = 4) -> str:
    """`def name(self) -> Returns:`, split the way black splits it when the line is too long."""
    line = f"def {name}(self) -> {returns}:"
    if fits(line, indent):
        return line
    pad = " " * indent
    return f"def {name}(\n{pad}    self,\n{pad}) -> {returns}:"


_KEPT_LONG = (
    re.compile(r'\s*"(?:[^"\\]|\\.)*",?'),  # a lone string argument: black cannot split it
    re.compile(r"\s*from \S+ import \("),  # the opening of a parenthesised import
    re.compile(r"\s*\) -> [\w.]+:"),  # a return annotation that is one name
    re.compile(r'\s*"(?:[^"\\]|\\.)*": "(?:[^"\\]|\\.)*",'),  # a string-to-string mapping entry
    re.compile(r'\s*"(?:[^"\\]|\\.)*": \w+,'),  # a mapping entry from a string to a name
)


def black_keeps(text: str) -> bool:
    """Whether black would leave every line alone: each fits, or is a long line it has no way to split."""
    for line in text.split("\n"):
        if len(line) > LINE_LENGTH and not any(p.fullmatch(line) for p in _KEPT_LONG):
            return False
    return True


def call_assignment(target: str, function: str, argument: str, *, indent: int) -> str:
    """`target = function(argument)`, with the argument on its own line when the whole does not fit."""
    return _call(f"{target} = ", function, argument, indent=indent)


def _call(prefix: str, function: str, argument: str, *, indent: int) -> str:
    line = f"{prefix}{function}({argument})"
    if fits(line, indent):
        return line
    return f"{prefix}{function}(\n{' ' * (indent + 4)}{argument}\n{' ' * indent})"
