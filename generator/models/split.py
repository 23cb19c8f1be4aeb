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
from generator.graphs import dependencies_first, strongly_connected
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
    # Whether its class must be rebuilt once its module is loaded, whatever its module's order: pydantic
    # resolves a string forward reference when the class is made (the split also rebuilds each class that
    # reads one defined after it in its module).
    rebuild: bool = False
    # The names its statement reads when it runs: bases, decorators, default values (annotations are lazy).
    evaluates: frozenset[str] = frozenset()
    # Whether it is a pydantic model (or root model) class, which can be rebuilt; not an enum or an alias.
    model: bool = False


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
        modules[module] = _in_order(members)
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
        rebuilt = [f"{unit.name}.model_rebuild()" for unit in _read_later(members)]
        if rebuilt:
            body += "\n\n\n" + "\n".join(rebuilt)
        files[f"{PACKAGE}/{module}.py"] = f'"""{doc}"""\n\n{block}\n\n\n{body}\n'
    return dict(sorted(files.items())), {n: f"{PACKAGE}.{m}" for n, m in module_of.items()}


def _in_order(members: list[Unit]) -> list[Unit]:
    """A module's units in source order, except that each comes after the units its statement evaluates.

    datamodel-code-generator's order is not always one Python can run (a subclass before its base, when
    the two take part in reference cycles); a statement that evaluates a class defined later fails on import.
    """
    position = {unit.name: index for index, unit in enumerate(members)}
    needs = {
        unit.name: sorted(unit.evaluates & position.keys(), key=position.__getitem__)
        for unit in members
    }
    return [members[position[name]] for name in dependencies_first(list(position), needs)]


def _read_later(members: list[Unit]) -> list[Unit]:
    """The units to rebuild at the end of their module: those that read a class defined after them there,
    and their subclasses there.

    pydantic leaves such a class not fully defined and tries again on first use, but in the namespace of the
    class then used: a subclass in another module, which may not know the name, stays undefined for good.
    """
    later = {unit.name for unit in members}
    rebuilt: list[Unit] = []
    names: set[str] = set()
    for unit in members:
        later.discard(unit.name)
        if unit.model and (unit.rebuild or unit.loads & later or unit.evaluates & names):
            rebuilt.append(unit)
            names.add(unit.name)
    return rebuilt


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
    key_of = {o: min(component) for component in strongly_connected(edges) for o in component}
    groups: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        groups[key_of[unit.owner]].append(unit)
    return groups
