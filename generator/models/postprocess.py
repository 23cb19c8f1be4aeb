"""Fixes to datamodel-code-generator's output that it has no option for, made on its syntax tree.

Each fix is found on the one parse of the source and applied to its lines, before the module is split.
"""

from __future__ import annotations

import ast

from generator.pyimports import Import

# (line, start column, end column, replacement), columns counted in characters.
Edit = tuple[int, int, int, str]
# datamodel-code-generator's enum bases, and the runtime's enums that keep values the spec does not list.
ENUM_BASES = {"StrEnum": "OpenStrEnum", "IntEnum": "OpenIntEnum", "Enum": "OpenEnum"}
# Enum members may not shadow what the enum's mixin type defines (`str.count`, `int.real`): type checkers
# reject `count = "count"` in a str enum. Such members get a trailing underscore, as keywords do.
_MIXIN_ATTRIBUTES = {
    "StrEnum": frozenset(n for n in dir(str) if not n.startswith("_")),
    "IntEnum": frozenset(n for n in dir(int) if not n.startswith("_")),
}
# On a field that redefines an inherited one with another type (allOf with a property the parent also has).
# pydantic takes the subclass's field; type checkers see an incompatible override. When the heuristic below
# cannot tell, `unused-ignore` keeps mypy --strict quiet about a comment it turns out not to need.
OVERRIDE_IGNORE = "  # type: ignore[assignment, unused-ignore]"


def apply_fixes(tree: ast.Module, lines: list[str], models: set[str]) -> list[Import]:
    """Fix the source's `lines` (with their line ends) in place; the imports the fixes need.

    `models` names the classes of kind "model" (not enums, root models or aliases).
    """
    class_defs = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    edits, imports = _open_enum_bases(class_defs, lines)
    edits.extend(_enum_member_renames(class_defs, tree, lines))
    edits.extend(_builtin_generics(class_defs, tree, lines))
    renames, renamed = _names_that_are_wire_names(class_defs)
    edits.extend(renames)
    edits.extend(_discriminators_of_renamed_fields(class_defs, renamed, lines))
    for line, col, end, text in sorted(edits, reverse=True):
        current = lines[line - 1]
        lines[line - 1] = current[:col] + text + current[end:]
    for line in _incompatible_overrides(class_defs, models):
        lines[line - 1] = lines[line - 1].rstrip("\n") + OVERRIDE_IGNORE + "\n"
    return imports


def _names_that_are_wire_names(
    class_defs: list[ast.ClassDef],
) -> tuple[list[Edit], dict[str, set[str]]]:
    """Renames of fields whose Python name is another field's wire name (`a-b` becomes `a_b` beside a real
    `a_b`), or an inherited field's Python name for another wire name (`a.b` below a parent's `a-b`): models
    take input by name as well as by alias, so that key would fill both fields, or the child's field would
    replace the parent's. With the edits, each class's Python names that were renamed."""
    edits: list[Edit] = []
    renamed_away: dict[str, set[str]] = {}  # class -> the Python names it renamed
    own: dict[str, dict[str, str]] = {}  # class -> its fields' Python names -> wire names (after renames)
    bases = {node.name: [b.id for b in node.bases if isinstance(b, ast.Name)] for node in class_defs}
    for node in class_defs:  # a base comes before the classes that extend it
        inherited: dict[str, str] = {}
        pending = list(bases[node.name])
        while pending:
            base = pending.pop()
            inherited = {**own.get(base, {}), **inherited}
            pending.extend(bases.get(base, []))
        fields = [s for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
        wire = {_wire_name(f) for f in fields} | set(inherited.values())
        taken = wire | {f.target.id for f in fields if isinstance(f.target, ast.Name)} | set(inherited)
        names: dict[str, str] = {}
        renamed_from = renamed_away.setdefault(node.name, set())
        for field in fields:
            target = field.target
            assert isinstance(target, ast.Name)
            spelled = _wire_name(field)
            clash = inherited.get(target.id, spelled) != spelled
            if clash or (target.id in wire and spelled != target.id):
                renamed = target.id + "_"
                while renamed in taken:
                    renamed += "_"
                taken.add(renamed)
                edits.append((target.lineno, target.col_offset, target.end_col_offset or 0, renamed))
                renamed_from.add(target.id)
                names[renamed] = spelled
            else:
                names[target.id] = spelled
        own[node.name] = {**inherited, **names}
    return edits, renamed_away


def _discriminators_of_renamed_fields(
    class_defs: list[ast.ClassDef], renamed: dict[str, set[str]], lines: list[str]
) -> list[Edit]:
    """`discriminator=None` where a union's discriminator names a field one of its members renamed.

    The discriminator names the members' field by its Python name, which pydantic then looks up in each
    member: renamed in one, it is missing there, and the module fails on import. Without it, the union takes
    each member in turn, and the member's own tag value tells it from the others.
    """
    edits: list[Edit] = []
    for node in class_defs:
        for statement in node.body:
            if not isinstance(statement, ast.AnnAssign) or statement.value is None:
                continue
            members = {n.id for n in ast.walk(statement.annotation) if isinstance(n, ast.Name)} | {
                c.value
                for c in ast.walk(statement.annotation)
                if isinstance(c, ast.Constant) and isinstance(c.value, str)
            }
            for call in ast.walk(statement.value):
                for keyword in call.keywords if isinstance(call, ast.Call) else []:
                    value = keyword.value
                    if keyword.arg != "discriminator" or not isinstance(value, ast.Constant):
                        continue
                    if any(value.value in renamed.get(member, ()) for member in members):
                        edits.append(_name_edit(lines, value, "None"))
    return edits


def _wire_name(field: ast.AnnAssign) -> str:
    """The field's alias (`Field(alias=...)`, in its value or its `Annotated` metadata), else its name."""
    for node in ast.walk(field):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Field":
            for keyword in node.keywords:
                if keyword.arg == "alias" and isinstance(keyword.value, ast.Constant):
                    return str(keyword.value.value)
    return field.target.id if isinstance(field.target, ast.Name) else ""


# typing's aliases of builtin generics, which datamodel-code-generator still writes in the annotations of a
# model's typed extra keys (`properties` beside an `additionalProperties` schema); ruff's UP006 rejects them.
TYPING_GENERICS = {"Dict": "dict", "List": "list", "Set": "set", "Tuple": "tuple", "Type": "type"}


def _builtin_generics(
    class_defs: list[ast.ClassDef], tree: ast.Module, lines: list[str]
) -> list[Edit]:
    # Only names that really come from typing: a schema may well be called `Type` or `List`.
    from_typing = {
        alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == "typing"
        for alias in node.names
        if alias.asname is None
    }
    return [
        _name_edit(lines, node, TYPING_GENERICS[node.id])
        for class_def in class_defs
        for node in ast.walk(class_def)
        if isinstance(node, ast.Name) and node.id in TYPING_GENERICS and node.id in from_typing
    ]


def _open_enum_bases(
    class_defs: list[ast.ClassDef], lines: list[str]
) -> tuple[list[Edit], list[Import]]:
    """Edits that base every enum on the runtime's open enum, and the imports they need."""
    edits: list[Edit] = []
    imports: list[Import] = []
    for node in class_defs:
        for base in node.bases:
            if isinstance(base, ast.Name) and base.id in ENUM_BASES:
                replacement = "_" + ENUM_BASES[base.id]
                edits.append(_name_edit(lines, base, replacement))
                imports.append(("._models", ENUM_BASES[base.id], replacement))
    return edits, imports


def _enum_member_renames(
    class_defs: list[ast.ClassDef], tree: ast.Module, lines: list[str]
) -> list[Edit]:
    """Edits renaming enum members that shadow their mixin's attributes, and every `Enum.member` use."""
    renamed: dict[tuple[str, str], str] = {}
    edits: list[Edit] = []
    for node in class_defs:
        bases = [b.id for b in node.bases if isinstance(b, ast.Name)]
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
    # The tree is walked only when there is a use to find: on a large spec a walk takes a while.
    if renamed:
        for use in ast.walk(tree):
            if isinstance(use, ast.Attribute) and isinstance(use.value, ast.Name):
                member = renamed.get((use.value.id, use.attr))
                if member is not None:
                    edits.append(_name_edit(lines, use, f"{use.value.id}.{member}"))
    return edits


def _name_edit(lines: list[str], node: ast.expr, text: str) -> Edit:
    """Replace a one-line name or attribute node (ast columns count UTF-8 bytes; edits count characters)."""
    line = lines[node.lineno - 1].encode("utf-8")
    start = len(line[: node.col_offset].decode("utf-8"))
    end = len(line[: node.end_col_offset or node.col_offset].decode("utf-8"))
    return (node.lineno, start, end, text)


def _incompatible_overrides(class_defs: list[ast.ClassDef], models: set[str]) -> set[int]:
    """Last lines of the fields that redefine an inherited field with a type that may not be a subtype."""
    bases: dict[str, list[str]] = {}
    fields: dict[str, dict[str, tuple[list[str], int]]] = {}  # class -> field -> (union, last line)
    for node in class_defs:
        bases[node.name] = [b.id for b in node.bases if isinstance(b, ast.Name)]
        fields[node.name] = {
            stmt.target.id: (_union_members(stmt.annotation), stmt.end_lineno or stmt.lineno)
            for stmt in node.body
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
        }
    ancestors: dict[str, list[str]] = {}  # the generated classes above each, nearest first
    for name in fields:
        found: list[str] = []
        todo = list(bases[name])
        while todo:
            base = todo.pop(0)
            if base in fields and base not in found:
                found.append(base)
                todo.extend(bases[base])
        ancestors[name] = found
    lines: set[int] = set()
    for name, own in fields.items():
        for field_name, (members, line) in own.items():
            if any(
                field_name in fields[parent]
                and not _narrows(members, fields[parent][field_name][0], models, ancestors)
                for parent in ancestors[name]
            ):
                lines.add(line)
    return lines


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
    child: list[str], parent: list[str], models: set[str], ancestors: dict[str, list[str]]
) -> bool:
    """Whether every member of the child's union is plainly a member (or subtype) of the parent's."""
    if "Any" in parent:
        return True
    for member in child:
        if member in parent or (member == "int" and "float" in parent):
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
        if member not in models or not set(ancestors[member]) & set(parent):
            return False
    return True
