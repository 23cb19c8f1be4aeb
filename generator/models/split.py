"""Split datamodel-code-generator's single models module into one module per schema, imported lazily.

A large API's models in one module cost seconds to import (GitHub's 7,000 classes: about 5 s). Each class is
assigned to the component schema it came from (inline objects stay with their parent); components that
reference each other in a cycle share a module, so the modules form a DAG and import each other plainly. The
package's `types/__init__.py` (rendered from a template) re-exports every class on first access.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from generator import pyimports
from generator.errors import split_pointer
from generator.identifiers import snake, unique

PACKAGE = "types"
# Module names under types/ that would shadow what the package's own code imports.
_RESERVED_MODULES = frozenset({"__init__", "annotations"})


@dataclass
class Unit:
    """One top-level class (or type alias) of the generated models, with what it needs."""

    name: str
    source: str
    order: int
    loads: set[str] = field(default_factory=set)  # every name the unit reads
    depends: set[str] = field(default_factory=set)  # set by `split`: the other units it reads
    owner: str = ""


@dataclass
class SplitModels:
    files: dict[str, str]
    module_of: dict[str, str]  # class name -> dotted module below the package (e.g. "types.pet")


def split_models(header_imports: list[pyimports.Import], units: list[Unit]) -> SplitModels:
    names = {u.name for u in units}
    by_name = {u.name: u for u in units}
    for unit in units:
        unit.depends = (unit.loads & names) - {unit.name}
    groups = _groups(units, by_name)
    module_names = _module_names(groups)
    module_of_unit: dict[str, str] = {}
    for key, members in groups.items():
        for name in members:
            module_of_unit[name] = module_names[key]
    files: dict[str, str] = {}
    for key, members in groups.items():
        module = module_names[key]
        ordered = sorted((by_name[n] for n in members), key=lambda u: u.order)
        body = "\n\n\n".join(u.source.rstrip() for u in ordered)
        used = set().union(*(u.loads for u in ordered))
        # Header imports relative to the package root (`._models`) are one level further from types/.
        imports = [
            (("." + m) if m.startswith(".") else m, n, a)
            for m, n, a in header_imports
            if m == "__future__" or (a or n) in used
        ]
        for unit in ordered:
            for dep in sorted(unit.depends):
                target = module_of_unit[dep]
                if target != module:
                    imports.append(("." + target, dep, None))
        block = "\n".join(pyimports.render_block(imports))
        owners = sorted({by_name[n].owner for n in members})
        doc = _module_doc(owners)
        files[f"{PACKAGE}/{module}.py"] = f'"""{doc}"""\n\n{block}\n\n\n{body}\n'
    module_of = {name: f"{PACKAGE}.{module_of_unit[name]}" for name in names}
    return SplitModels(files=dict(sorted(files.items())), module_of=module_of)


def _module_doc(owners: list[str]) -> str:
    quoted = ", ".join(f"`{_doc_safe(o)}`" for o in owners[:6]) + (
        ", ..." if len(owners) > 6 else ""
    )
    if len(owners) == 1:
        return f"The model for the {quoted} schema, with its inline parts."
    return f"Models for the {quoted} schemas, which refer to each other."


def _doc_safe(name: str) -> str:
    """A schema name as plain text inside a docstring (names are untrusted spec strings)."""
    return "".join(c for c in name if c.isalnum() or c in "_-. ")[:80]


def owner_of(source_ref: str | None, fallback: str) -> str:
    """The component schema a class was generated from (`#/components/schemas/Pet/properties/x` -> `Pet`)."""
    if source_ref:
        tokens = split_pointer(source_ref)
        if len(tokens) >= 3 and tokens[0] == "components":
            return tokens[2]
    return fallback


def _groups(units: list[Unit], by_name: dict[str, Unit]) -> dict[str, list[str]]:
    """Owner groups, with owners in a reference cycle merged (Tarjan's SCC, iterative)."""
    members: dict[str, list[str]] = defaultdict(list)
    for unit in units:
        members[unit.owner].append(unit.name)
    edges: dict[str, set[str]] = {owner: set() for owner in members}
    for unit in units:
        for dep in unit.depends:
            target = by_name[dep].owner
            if target != unit.owner:
                edges[unit.owner].add(target)
    components = _strongly_connected(sorted(members), edges)
    groups: dict[str, list[str]] = {}
    for component in components:
        key = min(component)
        groups[key] = sorted(name for owner in component for name in members[owner])
    return dict(sorted(groups.items()))


def _strongly_connected(nodes: list[str], edges: dict[str, set[str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = [(root, sorted(edges[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, pending = work[-1]
            if pending:
                nxt = pending.pop()
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(edges[nxt])))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(sorted(component))
    return result


def _module_names(groups: dict[str, list[str]]) -> dict[str, str]:
    taken: set[str] = set(_RESERVED_MODULES)
    names: dict[str, str] = {}
    for key in groups:
        name = unique(snake(key, prefix="m"), taken)
        taken.add(name)
        names[key] = name
    return names
