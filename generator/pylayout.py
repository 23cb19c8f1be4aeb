"""Laying out generated code the way black would, so that black has nothing left to change.

Black is the formatter of record: the format stage still runs it over any file with a line longer than the
limit. Emitting black's own layout for the common shapes (one-line-if-it-fits, else one item per line with a
trailing comma) spares it most of the work on large APIs, where formatting would otherwise dominate.
"""

from __future__ import annotations

import ast
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
        # Black keeps the items on one line inside the brackets when they fit there; else one per line.
        joined = ", ".join(items)
        if fits(joined, indent + 4):
            return f"{head}[\n{inner}{joined}\n{pad}]"
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
    re.compile(r"\s*[A-Za-z_]\w*,"),  # one name of an exploded import list
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


_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")
_ATOM = re.compile(r"None|True|False|-?\d+(\.\d+)?")


def class_field(line: str) -> str | None:
    """A too-long `    name: annotation = default` line of a class body, laid out as black lays it out.

    Black parenthesises a long annotation (one line inside the parentheses if that fits, else one union member
    per line); a default that is an enum member (`Kind.value`) goes in parentheses of its own when that alone
    makes the line fit. Only these shapes are known (a test compares them with black): for any other, or a
    line with a comment, None, and black formats the class.
    """
    indent = len(line) - len(line.lstrip(" "))
    try:
        statement = ast.parse(line.strip()).body
    except SyntaxError:
        return None
    if len(statement) != 1 or not isinstance(statement[0], ast.AnnAssign):
        return None
    node = statement[0]
    if not isinstance(node.target, ast.Name) or not node.simple:
        return None
    name = node.target.id
    annotation = ast.get_source_segment(line.strip(), node.annotation) or ""
    default = ast.get_source_segment(line.strip(), node.value) if node.value is not None else None
    if line.strip() != f"{name}: {annotation}" + (f" = {default}" if default is not None else ""):
        return None  # a comment, or spacing black would change
    if "'" in line or "#" in line:
        return None  # black would change the quotes; a comment could be anywhere
    pad = " " * indent
    inner = " " * (indent + 4)
    members = split_top_level(annotation, "|")
    if default is not None:
        enum_member = not _ATOM.fullmatch(default)
        if enum_member and not _DOTTED.fullmatch(default):
            return None
        # Black parenthesises the default on its own when the rest of the line then fits.
        head = f"{pad}{name}: {annotation} = ("
        if len(head) <= LINE_LENGTH:
            return head + f"\n{inner}{default}\n{pad})" if fits(default, indent + 4) else None
        if "[" in annotation or (enum_member and len(members) > 1):
            return None
    if len(members) == 1 and not _DOTTED.fullmatch(annotation):
        return None  # a lone subscript: black splits inside its brackets
    tail = f") = {default}" if default is not None else ")"
    if not fits(f"{name}: (", indent) or not fits(tail, indent):
        return None
    if fits(annotation, indent + 4):
        body = annotation
    elif all(fits(m, indent + 6) for m in members) and all(m[:1] != "(" for m in members):
        body = f"\n{inner}".join(_union_lines(members))
    else:
        return None
    return f"{pad}{name}: (\n{inner}{body}\n{pad}{tail}"


def signature_end(returns: str, suffix: str, *, indent: int = 4) -> str:
    """The `) -> Returns:` line closing an exploded signature (`suffix` ":" or ": ..."), laid out as black does.

    A union goes in parentheses (one line inside if that fits, else one member per line); a lone subscript is
    split inside its brackets. Shapes `expression` does not know stay on one long line, left to black.
    """
    line = f") -> {returns}{suffix}"
    if fits(line, indent):
        return line
    pad = " " * indent
    if len(split_top_level(returns, "|")) > 1:
        inner = expression(returns, indent=indent + 4, trailer="")
        return line if inner is None else f") -> (\n{pad}    {inner}\n{pad}){suffix}"
    if not returns.endswith("]"):
        return line
    laid = expression(returns, indent=indent, trailer=suffix, lead=len(") -> "))
    return line if laid is None else f") -> {laid}{suffix}"


def conditional_argument(name: str, true: str, condition: str, false: str, *, indent: int) -> str:
    """`name=true if condition else false` as a call argument (a trailing comma follows), laid out as black does:
    in parentheses, on one line inside if that fits, else one part of the conditional per line."""
    line = f"{name}={true} if {condition} else {false}"
    if fits(line + ",", indent):
        return line
    pad = " " * indent
    inner = " " * (indent + 4)
    body = f"{true} if {condition} else {false}"
    if fits(body, indent + 4):
        return f"{name}=(\n{inner}{body}\n{pad})"
    lines: list[str] = []
    for part in (true, f"if {condition}", f"else {false}"):
        if fits(part, indent + 4):
            lines.append(part)
            continue
        # Too long still: split again before each `|` of a union, at the same indentation.
        members = split_top_level(part, "|")
        if len(members) < 2 or not all(fits(f"| {m}", indent + 4) for m in members):
            return line
        lines.extend(_union_lines(members))
    return f"{name}=(\n" + "".join(f"{inner}{text}\n" for text in lines) + f"{pad})"


def keyword_argument(name: str, value: str, *, indent: int) -> str:
    """`name=value` as one argument of an exploded call (a trailing comma follows), laid out as black does:
    a too-long union value is split before each `|`, at the argument's own indentation."""
    line = f"{name}={value}"
    members = split_top_level(value, "|")
    if fits(line + ",", indent) or len(members) < 2:
        return line
    first, *rest = _union_lines(members)
    lines = [f"{name}={first}", *(" " * indent + text for text in rest)]
    if not fits(lines[0], indent) or not all(len(text) <= LINE_LENGTH for text in lines[1:-1]):
        return line
    if len(lines[-1]) + 1 > LINE_LENGTH:
        return line
    return "\n".join(lines)


def _union_lines(members: list[str]) -> list[str]:
    """A union's members as black puts them one per line: the first bare, each other after `| `."""
    return [members[0], *(f"| {m}" for m in members[1:])]
