"""Reading datamodel-code-generator's output back: which classes exist, of which kind, from which schema.

Later stages look classes up here (`Models.class_for(pointer)`) and never parse generated code themselves. The
post-processing fixes are applied here too, on the one parse of the source, before the module is split.
"""

from __future__ import annotations

import ast
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from generator.errors import ClientgenError, Problem, pointer, split_pointer
from generator.models.adapter import PLACEHOLDER_PACKAGE
from generator.models.hoist import Hoisted
from generator.models.postprocess import ENUM_BASES, TYPING_GENERICS, apply_fixes
from generator.models.split import Unit, owner_of, split_models
from generator.pyimports import Import

ClassKind = Literal["model", "enum", "root", "alias"]


@dataclass(frozen=True)
class ModelClass:
    name: str
    kind: ClassKind
    module: str  # dotted, below the package: "types.pet"
    enum_values: tuple[Any, ...] = ()


@dataclass
class Models:
    """What the models stage produced: module sources (unformatted) and an index of the classes."""

    files: dict[str, str]
    classes: dict[str, ModelClass]
    by_pointer: dict[str, str]
    # Lenient mode: the schemas modelled as open models, each a located warning.
    warnings: list[Problem] = field(default_factory=list)

    def class_for(self, ptr: str) -> ModelClass | None:
        name = self.by_pointer.get(ptr)
        return self.classes.get(name) if name else None


# What datamodel-code-generator's models use from pydantic.
PYDANTIC_NAMES = frozenset(
    {"AnyUrl", "AwareDatetime", "ConfigDict", "Field", "RootModel", "conint", "constr"}
)


def _string_references(annotation: ast.AST, classes: Collection[str]) -> set[str]:
    """The classes an annotation names in strings, outside `Literal[...]` (whose strings are values)."""
    found: set[str] = set()
    pending = [annotation]
    while pending:
        node = pending.pop()
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Name)
            and node.value.id == "Literal"
        ):
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in classes:
            found.add(node.value)
        pending.extend(ast.iter_child_nodes(node))
    return found


def index_models(source: str, metadata: dict[str, Any], hoisted: Hoisted) -> Models:
    """The classes of datamodel-code-generator's module, fixed and split into one module per schema.

    Pointers are those of the document the other stages see: a hoisted schema answers for each of its uses.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        # It would be a datamodel-code-generator bug, but never write broken code.
        raise ClientgenError(
            f"generated models do not parse: {exc.msg} at line {exc.lineno}",
            where="#/components/schemas",
            fix="report this; meanwhile simplify the schema with the overlay",
        ) from exc
    imports: list[Import] = []
    classes: dict[str, ModelClass] = {}  # their modules are known once the module is split
    tops: list[tuple[str, ast.stmt, int]] = []  # each class or alias, its node and first line
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            if module == PLACEHOLDER_PACKAGE:
                module = "._models"
            imports.extend((module, alias.name, alias.asname) for alias in node.names)
        elif isinstance(node, ast.ClassDef):
            kind, values = _class_kind(node)
            classes[node.name] = ModelClass(node.name, kind, module="", enum_values=values)
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            tops.append((node.name, node, first))
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            if isinstance(target, ast.Name) and target.id[:1].isupper():
                classes[target.id] = ModelClass(target.id, "alias", module="")
                tops.append((target.id, node, node.lineno))
    # It may write `Field(...)` (a titled root model field) without importing it; the split imports each
    # module's names from these, so what it uses from pydantic is imported whether it imported it or not.
    imported = {asname or name for _, name, asname in imports}
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    imports.extend(
        ("pydantic", n, None) for n in sorted(PYDANTIC_NAMES & used - imported - set(classes))
    )
    owners: dict[str, str] = {}  # class -> the component schema whose module holds it
    by_pointer: dict[str, str] = {}  # schema -> its class
    for entry in metadata.get("models", []):
        name, ref = entry.get("class_name"), entry.get("source_ref")
        if isinstance(name, str) and isinstance(ref, str) and name in classes:
            ref = "#" + ref.split("#", 1)[-1]  # without the document's name, if any
            owner = owner_of(ref, name)
            owners.setdefault(name, hoisted.owners.get(owner, owner))
            for original in _original_pointers(ref, hoisted):
                by_pointer.setdefault(original, name)
    lines = source.splitlines(keepends=True)
    imports.extend(apply_fixes(tree, lines, {n for n, c in classes.items() if c.kind == "model"}))
    units = []
    for name, node, first in tops:
        loads = {
            n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
        }
        # A forward reference written as a string (`list["Tree"]`, or the type of typed extra fields:
        # `__annotations__ = {"__pydantic_extra__": dict[str, "Tag"]}`) needs its class imported, or in its
        # module, as much as a name does; pydantic resolves it in the module's namespace.
        extras = [
            a.value
            for a in ast.walk(node)
            if isinstance(a, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__annotations__" for t in a.targets)
        ]
        forward = {n for a in extras for n in _string_references(a, classes)}
        typed = [a.annotation for a in ast.walk(node) if isinstance(a, ast.AnnAssign)]
        if isinstance(node, ast.ClassDef):
            typed += node.bases
        loads |= forward | {n for a in typed for n in _string_references(a, classes)}
        if classes[name].kind == "enum":  # its base was renamed by the fixes
            loads = {"_" + ENUM_BASES[n] if n in ENUM_BASES else n for n in loads}
        # typing's `Dict`... were renamed by the fixes too (a class may itself be called `Type`).
        loads = {n if n in classes else TYPING_GENERICS.get(n, n) for n in loads}
        source = "".join(lines[first - 1 : node.end_lineno or node.lineno])
        evaluates = frozenset(_evaluated(node) & classes.keys()) - {name}
        model = classes[name].kind in ("model", "root")
        owner = owners.get(name, name)
        units.append(Unit(name, source, loads, owner, bool(forward), evaluates, model))
    shared = frozenset(n for n, owner in hoisted.owners.items() if n == owner)
    files, module_of = split_models(imports, units, shared)
    classes = {name: replace(c, module=module_of[name]) for name, c in classes.items()}
    return Models(files=files, classes=classes, by_pointer=by_pointer)


def _evaluated(node: ast.stmt) -> set[str]:
    """The names a top-level statement reads when it runs.

    The modules say `from __future__ import annotations`, so annotations are read later (by pydantic, in
    the finished module); bases, decorators, keywords and values are read at once. Lambdas run later too.
    """
    if isinstance(node, ast.ClassDef):
        pending: list[ast.AST] = [*node.bases, *node.keywords, *node.decorator_list]
        for statement in node.body:
            if isinstance(statement, ast.AnnAssign):
                pending.extend([statement.value] if statement.value else [])
            elif not isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
                pending.append(statement)
    elif isinstance(node, ast.AnnAssign):
        pending = [node.value] if node.value else []
    else:
        pending = [node]
    names: set[str] = set()
    while pending:
        item = pending.pop()
        if isinstance(item, ast.Lambda):
            continue
        if isinstance(item, ast.Name) and isinstance(item.ctx, ast.Load):
            names.add(item.id)
        pending.extend(ast.iter_child_nodes(item))
    return names


def _original_pointers(ref: str, hoisted: Hoisted) -> list[str]:
    """The pointers of the other stages' document that a pointer of the modelled document stands for."""
    tokens = split_pointer(ref)
    if len(tokens) < 3 or tokens[:2] != ["components", "schemas"]:
        return [ref]
    rest = pointer(*tokens[3:])
    found = [original + rest for original in hoisted.stands_for.get(tokens[2], ())]
    return found if tokens[2] in hoisted.owners else [ref, *found]


def _class_kind(node: ast.ClassDef) -> tuple[ClassKind, tuple[Any, ...]]:
    # Bases are plain (`StrEnum`) or subscripted (`RootModel[list[Pet]]`).
    bases = [b.value if isinstance(b, ast.Subscript) else b for b in node.bases]
    base_names = {b.id for b in bases if isinstance(b, ast.Name)}
    if base_names & ENUM_BASES.keys():
        values = [
            s.value.value
            for s in node.body
            if isinstance(s, ast.Assign) and isinstance(s.value, ast.Constant)
        ]
        return "enum", tuple(values)
    return "root" if "RootModel" in base_names else "model", ()
