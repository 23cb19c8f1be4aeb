"""Import blocks in the canonical isort/ruff order, so generated modules pass `ruff check` with isort rules.

`ruff format` lays out the statements (a long one becomes a parenthesised list); the order is decided here.

Sections (future, standard library, third party, relative) are separated by a blank line; within a section
statements sort by module (relative ones furthest first), and names sort constants, then classes, then the rest.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Iterable

Import = tuple[str, str, str | None]  # (module, name, alias); name "" stands for `import module`


_RUNS = re.compile(r"\d+|\D+")


def _natural(text: str) -> tuple[tuple[int, int, str], ...]:
    """Natural order, as ruff compares names: digit runs by value (`Item2` before `Item10`)."""
    return tuple(
        (0, int(run), run) if run.isdigit() else (1, 0, run) for run in _RUNS.findall(text)
    )


def name_key(
    name: str,
) -> tuple[int, tuple[tuple[int, int, str], ...], tuple[tuple[int, int, str], ...]]:
    """ruff's isort member order: constants, then classes, then the rest; each case-insensitively first
    (`MergeableResponse` before `MergeSuccessResponse`), then case-sensitively, both in natural order.
    """
    if len(name) > 1 and name.isupper():
        kind = 0
    elif name[:1].isupper():
        kind = 1
    else:
        kind = 2
    return (kind, _natural(name.lower()), _natural(name))


def all_key(name: str) -> tuple[int, str]:
    """The order ruff (RUF022) wants in `__all__`: SCREAMING_CASE first, then plain string order."""
    return (0 if len(name) > 1 and name.isupper() else 1, name)


def _section(module: str) -> int:
    if module == "__future__":
        return 0
    if module.startswith("."):
        return 3
    return 1 if module.split(".")[0] in sys.stdlib_module_names else 2


def _module_key(module: str) -> tuple[int, str]:
    dots = len(module) - len(module.lstrip("."))
    return (-dots, module.lstrip("."))


def render_block(imports: Iterable[Import]) -> list[str]:
    plain: dict[str, set[str]] = defaultdict(set)
    aliased: dict[str, set[tuple[str, str]]] = defaultdict(set)
    whole: set[str] = set()
    for module, name, alias in imports:
        if not name:
            whole.add(module)
        elif alias and alias != name:
            aliased[module].add((name, alias))
        else:
            plain[module].add(name)
    sections: dict[int, list[str]] = defaultdict(list)
    # isort's default: within a section, `import x` statements come before `from x import y`.
    for module in sorted(whole, key=_module_key):
        sections[_section(module)].append(f"import {module}")
    for module in sorted(set(plain) | set(aliased), key=_module_key):
        statements = []
        if plain.get(module):
            names = ", ".join(sorted(plain[module], key=name_key))
            statements.append(f"from {module} import {names}")
        for name, alias in sorted(aliased.get(module, ()), key=lambda pair: name_key(pair[0])):
            statements.append(f"from {module} import {name} as {alias}")
        sections[_section(module)].extend(statements)
    lines: list[str] = []
    for index in sorted(sections):
        if lines:
            lines.append("")
        lines.extend(sections[index])
    return lines
