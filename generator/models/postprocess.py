"""Fixes to datamodel-code-generator's output that it has no option for, made on its syntax tree.

Each returns edits `(line, column, end column, replacement)` or line numbers; `generator.models.index` applies
them, so that the source is parsed once.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from typing import Protocol

Edit = tuple[int, int, int, str]  # (line, start column, end column, replacement), columns in characters
# datamodel-code-generator's enum bases, and the runtime's enums that keep values the spec does not list.
ENUM_BASES = {"StrEnum": "OpenStrEnum", "IntEnum": "OpenIntEnum", "Enum": "OpenEnum"}


class _ClassInfo(Protocol):
    @property
    def kind(self) -> str: ...


def open_enum_bases(tree: ast.Module) -> tuple[list[Edit], list[tuple[str, str, str]]]:
    """Edits that base every enum on the runtime's open enum, and the imports they need."""
    edits: list[Edit] = []
    imports: list[tuple[str, str, str]] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        for base in node.bases:
            if isinstance(base, ast.Name) and base.id in ENUM_BASES:
                replacement = ENUM_BASES[base.id]
                edits.append(
                    (base.lineno, base.col_offset, base.end_col_offset or 0, "_" + replacement)
                )
                imports.append(("._models", replacement, "_" + replacement))
    return edits, imports


# Enum members may not shadow what the enum's mixin type defines (`str.count`, `int.real`): type checkers
# reject `count = "count"` in a str enum. Such members get a trailing underscore, as keywords do.
_MIXIN_ATTRIBUTES = {
    "StrEnum": frozenset(n for n in dir(str) if not n.startswith("_")),
    "IntEnum": frozenset(n for n in dir(int) if not n.startswith("_")),
}


def enum_member_renames(tree: ast.Module, nodes: list[ast.AST], lines: list[str]) -> list[Edit]:
    """Edits renaming enum members that shadow their mixin's attributes, and every `Enum.member` use."""
    renamed: dict[tuple[str, str], str] = {}
    edits: list[Edit] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {b.id for b in node.bases if isinstance(b, ast.Name)}
        hidden = frozenset().union(*(_MIXIN_ATTRIBUTES.get(b, frozenset()) for b in bases))
        if not hidden:
            continue
        members = {
            t.id
            for stmt in node.body
            if isinstance(stmt, ast.Assign)
            for t in stmt.targets
            if isinstance(t, ast.Name)
        }
        for stmt in node.body:
            if not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1:
                continue
            target = stmt.targets[0]
            if isinstance(target, ast.Name) and target.id in hidden:
                new = target.id + "_"
                while new in members or new in hidden:
                    new += "_"
                members.add(new)
                renamed[(node.name, target.id)] = new
                edits.append(_name_edit(lines, target, new))
    if renamed:
        for use in nodes:
            if (
                isinstance(use, ast.Attribute)
                and isinstance(use.value, ast.Name)
                and (use.value.id, use.attr) in renamed
            ):
                edits.append(
                    _name_edit(lines, use, f"{use.value.id}.{renamed[(use.value.id, use.attr)]}")
                )
    return edits


def _name_edit(lines: list[str], node: ast.expr, text: str) -> Edit:
    """Replace a one-line name or attribute node (ast columns count UTF-8 bytes; edits count characters)."""
    line = lines[node.lineno - 1].encode("utf-8")
    start = len(line[: node.col_offset].decode("utf-8"))
    end = len(line[: node.end_col_offset or node.col_offset].decode("utf-8"))
    return (node.lineno, start, end, text)


# On a field that redefines an inherited one with another type (allOf with a property the parent also has).
# pydantic takes the subclass's field; type checkers see an incompatible override. When the heuristic below
# cannot tell, `unused-ignore` keeps mypy --strict quiet about a comment it turns out not to need.
OVERRIDE_IGNORE = "  # type: ignore[assignment, unused-ignore]"


def incompatible_overrides(tree: ast.Module, classes: Mapping[str, _ClassInfo]) -> list[int]:
    """Last lines of the fields that redefine an inherited field with a type that may not be a subtype."""
    bases: dict[str, list[str]] = {}
    fields: dict[str, dict[str, tuple[list[str], int]]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        bases[node.name] = [b.id for b in node.bases if isinstance(b, ast.Name)]
        own: dict[str, tuple[list[str], int]] = {}
        for stmt in node.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                own[stmt.target.id] = (
                    _union_members(stmt.annotation),
                    stmt.end_lineno or stmt.lineno,
                )
        fields[node.name] = own

    def ancestors(name: str) -> list[str]:
        found: list[str] = []
        todo = list(bases.get(name, ()))
        while todo:
            base = todo.pop(0)
            if base in fields and base not in found:
                found.append(base)
                todo.extend(bases.get(base, ()))
        return found

    lines: list[int] = []
    for name, own in fields.items():
        above = ancestors(name)
        if not above:
            continue
        for field_name, (members, line) in own.items():
            for parent in above:
                inherited = fields[parent].get(field_name)
                if inherited is not None and not _narrows(
                    members, inherited[0], classes, ancestors
                ):
                    lines.append(line)
                    break
    return sorted(set(lines))


def _union_members(annotation: ast.expr) -> list[str]:
    """`A | B | None` -> ["A", "B", "None"]; `Annotated[X, ...]` counts as X."""
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return _union_members(annotation.left) + _union_members(annotation.right)
    if (
        isinstance(annotation, ast.Subscript)
        and isinstance(annotation.value, ast.Name)
        and annotation.value.id == "Annotated"
        and isinstance(annotation.slice, ast.Tuple)
        and annotation.slice.elts
    ):
        return _union_members(annotation.slice.elts[0])
    return [ast.unparse(annotation)]


def _narrows(
    child: list[str],
    parent: list[str],
    classes: Mapping[str, _ClassInfo],
    ancestors: Callable[[str], list[str]],
) -> bool:
    """Whether every member of the child's union is plainly a member (or subtype) of the parent's."""
    if "Any" in parent:
        return True
    for member in child:
        if member in parent:
            continue
        if member == "int" and "float" in parent:
            continue
        if member.startswith("Literal[") and ("str" in parent or "int" in parent):
            try:
                values = ast.literal_eval(f"[{member[len('Literal[') : -1]}]")
            except (ValueError, SyntaxError):
                return False
            if all(isinstance(v, str) for v in values) and "str" in parent:
                continue
            if all(type(v) is int for v in values) and "int" in parent:
                continue
            return False
        cls = classes.get(member)
        if cls is not None and cls.kind == "model" and set(ancestors(member)) & set(parent):
            continue
        return False
    return True
