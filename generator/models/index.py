"""Reading datamodel-code-generator's output back: which classes exist, of which kind, from which schema.

Later stages look classes up here (`Models.class_for(pointer)`) and never parse generated code themselves. The
post-processing fixes are applied here too, on the one parse of the source, before the module is split.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any, Literal

from generator.errors import ClientgenError
from generator.models.adapter import PLACEHOLDER_PACKAGE
from generator.models.postprocess import (
    ENUM_BASES,
    enum_member_renames,
    incompatible_overrides,
    open_enum_bases,
)
from generator.models.split import Unit, owner_of, split_models

ClassKind = Literal["model", "enum", "root", "alias"]
# On a field that redefines an inherited one with another type (allOf with a property the parent also has).
# pydantic takes the subclass's field; type checkers see an incompatible override. When the heuristic cannot
# tell, `unused-ignore` keeps mypy --strict quiet about a comment it turns out not to need.
OVERRIDE_IGNORE = "  # type: ignore[assignment, unused-ignore]"


@dataclass(frozen=True)
class ModelClass:
    name: str
    kind: ClassKind
    module: str
    enum_values: tuple[Any, ...] = ()


@dataclass
class Models:
    """What the models stage produced: module sources (unformatted) and an index of the classes."""

    files: dict[str, str]
    classes: dict[str, ModelClass]
    by_pointer: dict[str, str]

    def class_for(self, ptr: str) -> ModelClass | None:
        name = self.by_pointer.get(ptr)
        return self.classes.get(name) if name else None


def no_models() -> Models:
    return Models(files={}, classes={}, by_pointer={})


def index_models(source: str, metadata: dict[str, Any]) -> Models:
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:  # would be a datamodel-code-generator bug, but never write broken code
        raise ClientgenError(
            f"generated models do not parse: {exc.msg} at line {exc.lineno}",
            where="#/components/schemas",
            fix="report this; meanwhile simplify the schema with the overlay",
        ) from exc
    source_refs: dict[str, str] = {}
    for entry in metadata.get("models", []):
        ref, name = entry.get("source_ref"), entry.get("class_name")
        if isinstance(ref, str) and isinstance(name, str):
            source_refs.setdefault(name, _normalise_ref(ref))
    classes: dict[str, ModelClass] = {}
    imports: list[tuple[str, str, str | None]] = []
    spans: list[tuple[str, int, int]] = []  # (name, first line, last line)
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            if module == PLACEHOLDER_PACKAGE:
                module = "._models"
            imports.extend((module, alias.name, alias.asname) for alias in node.names)
        elif isinstance(node, ast.ClassDef):
            kind, values = _class_kind(node)
            classes[node.name] = ModelClass(name=node.name, kind=kind, module="", enum_values=values)
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            spans.append((node.name, first, node.end_lineno or node.lineno))
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            if isinstance(target, ast.Name) and target.id[:1].isupper():
                classes[target.id] = ModelClass(name=target.id, kind="alias", module="")
                spans.append((target.id, node.lineno, node.end_lineno or node.lineno))
    lines = source.splitlines(keepends=True)
    # One walk of the tree serves every pass below: on a large spec each walk takes a good part of a second.
    nodes = list(ast.walk(tree))
    edits, enum_imports = open_enum_bases(tree)
    imports.extend(enum_imports)
    edits.extend(enum_member_renames(tree, nodes, lines))
    for line, col, end, text in sorted(edits, reverse=True):
        current = lines[line - 1]
        lines[line - 1] = current[:col] + text + current[end:]
    for line in incompatible_overrides(tree, dict(classes)):
        lines[line - 1] = lines[line - 1].rstrip("\n") + OVERRIDE_IGNORE + "\n"
    units = _units(nodes, spans, lines, classes, source_refs)
    modules = split_models(imports, units)
    classes = {
        name: ModelClass(c.name, c.kind, modules.module_of[name], c.enum_values)
        for name, c in classes.items()
    }
    by_pointer: dict[str, str] = {}
    for entry in metadata.get("models", []):
        ref, name = entry.get("source_ref"), entry.get("class_name")
        if isinstance(ref, str) and isinstance(name, str) and name in classes:
            by_pointer.setdefault(_normalise_ref(ref), name)
    return Models(files=modules.files, classes=classes, by_pointer=by_pointer)


def _units(
    nodes: list[ast.AST],
    spans: list[tuple[str, int, int]],
    lines: list[str],
    classes: dict[str, ModelClass],
    source_refs: dict[str, str],
) -> list[Unit]:
    """Each top-level class or alias with its source and the names it reads (to split the module by)."""
    span_of_line: dict[int, int] = {}
    for index, (_name, first, last) in enumerate(spans):
        span_of_line.update(dict.fromkeys(range(first, last + 1), index))
    loaded: list[set[str]] = [set() for _ in spans]
    for each in nodes:
        if isinstance(each, ast.Name) and isinstance(each.ctx, ast.Load):
            span = span_of_line.get(each.lineno)
            if span is not None:
                loaded[span].add(each.id)
    units = []
    for order, (name, first, last) in enumerate(spans):
        loads = loaded[order]
        if classes[name].kind == "enum":  # its base was renamed above
            loads = {"_" + ENUM_BASES[n] if n in ENUM_BASES else n for n in loads}
        units.append(
            Unit(
                name=name,
                source="".join(lines[first - 1 : last]),
                order=order,
                loads=loads,
                owner=owner_of(source_refs.get(name), name),
            )
        )
    return units


def _normalise_ref(ref: str) -> str:
    return ref if ref.startswith("#") else "#" + ref.split("#", 1)[-1]


def _class_kind(node: ast.ClassDef) -> tuple[ClassKind, tuple[Any, ...]]:
    base_names = []
    for base in node.bases:
        if isinstance(base, ast.Name):
            base_names.append(base.id)
        elif isinstance(base, ast.Subscript) and isinstance(base.value, ast.Name):
            base_names.append(base.value.id)
    if any(b in ENUM_BASES for b in base_names):
        values = []
        for stmt in node.body:
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant):
                values.append(stmt.value.value)
        return "enum", tuple(values)
    if "RootModel" in base_names:
        return "root", ()
    return "model", ()
