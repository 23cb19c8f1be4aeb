"""Split datamodel-code-generator's single models module into one module per schema, imported lazily.

A large API's models in one module cost seconds to import (GitHub's 7,000 classes: about 5 s). Each class is
assigned to the component schema it came from (inline objects stay with their parent); components that
reference each other in a cycle share a module, so the modules form a DAG and import each other plainly. The
package's `types/__init__.py` (rendered from a template) re-exports every class on first access.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from generator import pyimports
from generator.errors import split_pointer
from generator.identifiers import (
    PAGINATION_INIT_NAMES,
    TYPES_INIT_NAMES,
    module_name,
    snake,
    unique,
)

PACKAGE = "types"
# Names a module under types/ may not take: an imported submodule's name replaces the same name in the
# package's `__init__`. The page modules under pagination/ are named after these modules, so that package's
# names are kept out too.
_RESERVED_MODULES = TYPES_INIT_NAMES | PAGINATION_INIT_NAMES | {"__init__"}


class Unit(NamedTuple):
    """One top-level class (or type alias) of the generated models; units are given in source order."""

    name: str
    source: str
    loads: set[str]  # every name the unit reads
    owner: str  # the component schema it belongs to (`owner_of`)
    # Whether its class must be rebuilt once its module is loaded: pydantic resolves a string forward
    # reference when the class is made, and a class defined later in the module is not there yet (it would
    # try again on first use, but only in the namespace of the subclass used, which may not know the name).
    rebuild: bool = False


def owner_of(source_ref: str | None, fallback: str) -> str:
    """The component schema a class was generated from (`#/components/schemas/Pet/properties/x` -> `Pet`)."""
    if source_ref:
        tokens = split_pointer(source_ref)
        if len(tokens) >= 3 and tokens[0] == "components":
            return tokens[2]
    return fallback


def split_models(
    header_imports: list[pyimports.Import], units: list[Unit], shared: frozenset[str] = frozenset()
) -> tuple[dict[str, str], dict[str, str]]:
    """The modules' sources by path, and each class's dotted module below the package (`types.pet`).

    `shared` names the owners that are inline schemas several component schemas use (their own modules).
    """
    names = {unit.name for unit in units}
    depends = {unit.name: (unit.loads & names) - {unit.name} for unit in units}
    modules: dict[str, list[Unit]] = {}  # module name -> its units, in source order
    taken = set(_RESERVED_MODULES)
    for key, members in sorted(_groups(units, depends).items()):
        module = unique(module_name(snake(key, prefix="m"), _RESERVED_MODULES), taken)
        taken.add(module)
        modules[module] = members
    module_of = {unit.name: module for module, members in modules.items() for unit in members}
    files: dict[str, str] = {}
    for module, members in modules.items():
        used = set().union(*(unit.loads for unit in members))
        # Header imports relative to the package root (`._models`) are one level further from types/.
        imports = [
            (("." + m) if m.startswith(".") else m, n, a)
            for m, n, a in header_imports
            if m == "__future__" or (a or n) in used
        ]
        for unit in members:
            for dep in sorted(depends[unit.name]):
                if module_of[dep] != module:
                    imports.append(("." + module_of[dep], dep, None))
        block = "\n".join(pyimports.render_block(imports))
        doc = _module_doc(sorted({unit.owner for unit in members}), shared)
        body = "\n\n\n".join(unit.source.rstrip() for unit in members)
        rebuilt = [f"{unit.name}.model_rebuild()" for unit in members if unit.rebuild]
        if rebuilt:
            body += "\n\n\n" + "\n".join(rebuilt)
        files[f"{PACKAGE}/{module}.py"] = f'"""{doc}"""\n\n{block}\n\n\n{body}\n'
    return dict(sorted(files.items())), {n: f"{PACKAGE}.{m}" for n, m in module_of.items()}


def _module_doc(owners: list[str], shared: frozenset[str]) -> str:
    # Schema names are untrusted spec strings: only plain characters of them go into the docstring.
    safe = ["".join(c for c in owner if c.isalnum() or c in "_-. ")[:80] for owner in owners[:6]]
    quoted = ", ".join(f"`{name}`" for name in safe) + (", ..." if len(owners) > 6 else "")
    if len(owners) == 1 and owners[0] in shared:
        return f"The {quoted} model, an inline schema that several schemas share."
    if len(owners) == 1:
        return f"The model for the {quoted} schema, with its inline parts."
    return f"Models for the {quoted} schemas, which refer to each other."


def _groups(units: list[Unit], depends: dict[str, set[str]]) -> dict[str, list[Unit]]:
    """The units by owner, owners in a reference cycle merged; a group's key is its least owner name."""
    owner = {unit.name: unit.owner for unit in units}
    edges: dict[str, set[str]] = {unit.owner: set() for unit in units}  # -> the owners it refers to
    for unit in units:
        edges[unit.owner].update(owner[dep] for dep in depends[unit.name])
    key_of = {o: min(component) for component in _strongly_connected(edges) for o in component}
    groups: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        groups[key_of[unit.owner]].append(unit)
    return groups


def _strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """The graph's strongly connected components (Tarjan's algorithm, iterative: chains can be long)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def enter(node: str) -> tuple[str, list[str]]:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        return node, list(edges[node])

    # Any order of visits finds the same components.
    for root in edges:
        if root in index:
            continue
        work = [enter(root)]
        while work:
            node, pending = work[-1]
            if pending:
                nxt = pending.pop()
                if nxt not in index:
                    work.append(enter(nxt))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = [stack.pop()]
                while component[-1] != node:
                    component.append(stack.pop())
                on_stack.difference_update(component)
                components.append(component)
    return components
