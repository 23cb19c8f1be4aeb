"""Laying out generated code the way black would, so that black has nothing left to change.

Black is the formatter of record: the format stage still runs it over any file with a line longer than the
limit. Emitting black's own layout for the common shapes (one-line-if-it-fits, else one item per line with a
trailing comma) spares it most of the work on large APIs, where formatting would otherwise dominate.
"""

from __future__ import annotations

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
    """A `name: annotation = default` parameter; an annotation too long for the line goes in parentheses."""
    if fits(text + ",", indent) or ": " not in text:
        return text
    name, _, rest = text.partition(": ")
    annotation, sep, default = rest.rpartition(" = ") if " = " in rest else (rest, "", "")
    if not sep and not _has_top_level_union(annotation):
        # Black splits a lone subscript inside its brackets instead; leave the line long so black gets it.
        return text
    inner = " " * (indent + 4)
    return f"{name}: (\n{inner}{annotation}\n{' ' * indent}){sep}{default}"


def import_from(module: str, names: list[str], *, indent: int = 0) -> str:
    line = f"from {module} import {', '.join(names)}"
    if fits(line, indent):
        return line
    inner = " " * (indent + 4)
    body = "".join(f"\n{inner}{name}," for name in names)
    return f"from {module} import ({body}\n{' ' * indent})"


def longest_line(text: str) -> int:
    return max((len(line) for line in text.split("\n")), default=0)


def call_assignment(target: str, function: str, argument: str, *, indent: int) -> str:
    """`target = function(argument)`, with the argument on its own line when the whole does not fit."""
    line = f"{target} = {function}({argument})"
    if fits(line, indent):
        return line
    return f"{target} = {function}(\n{' ' * (indent + 4)}{argument}\n{' ' * indent})"


def _has_top_level_union(annotation: str) -> bool:
    depth = 0
    quote = ""
    for index, char in enumerate(annotation):
        if quote:
            if char == quote and annotation[index - 1] != "\\":
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
    return False
