"""Names in the generated package that must not clash: resource classes, model imports, module paths."""

from __future__ import annotations

from collections.abc import Iterable

from generator.config import Target
from generator.identifiers import PACKAGE_RUNTIME_EXPORTS, module_name
from generator.ir import Resource

__all__ = [
    "PACKAGE_EXPORTS",
    "PACKAGE_RUNTIME_EXPORTS",
    "RESOURCE_MODULE_NAMES",
    "RESOURCE_PACKAGE_NAMES",
    "class_variants",
    "model_aliases",
    "module_depth",
    "module_file",
    "module_path",
    "resource_classes",
    "resource_module",
]

# The lists of names the package's other `__init__` modules use live in `generator.identifiers`, with the
# reason they are written out: the models stage and the target file's checks read them too, and neither may
# import this package.

# fmt: off
# Names every resource module defines or imports for itself; a model class with one of these names is imported
# under an alias (`Body` -> `Body_`).
RESOURCE_MODULE_NAMES = frozenset(
    {
        "annotations", "Any", "Literal", "Mapping", "Sequence", "TYPE_CHECKING", "overload", "cast",
        "cached_property", "datetime", "date", "Headers", "Query", "Body", "Timeout", "Omit", "omit",
        "FileTypes", "FileContent", "Stream", "AsyncStream", "BinaryResponse", "AsyncBinaryResponse",
        "SyncAPIResource", "AsyncAPIResource", "to_raw_response_wrapper",
        "async_to_raw_response_wrapper", "to_streamed_response_wrapper",
        "async_to_streamed_response_wrapper", "AsyncPaginator",
    }
)
# fmt: on
# Names a resource module with children (a package: `resources/teams/__init__.py`) binds or reads, which its
# children's modules may not take. The builtin types it spells (`list[Pet]` in a `cast_to`) are left out: a
# child named like one hides it in the class body already, so `generator.typemap` spells it `builtins.list`
# or `_date` there.
RESOURCE_PACKAGE_NAMES = RESOURCE_MODULE_NAMES | {"__all__", "builtins", "_date", "_datetime"}
# Names the package's __init__ itself defines or imports: a model may not take one of them.
PACKAGE_EXPORTS = PACKAGE_RUNTIME_EXPORTS | {"TYPE_CHECKING", "Any", "annotations"}


def resource_module(attr: str) -> str:
    """The module of the resource `client.<...>.<attr>` under its parent's package: the attribute, unless that
    would replace a name the parent's module uses or not fit a file name (`generator.identifiers.module_name`).

    One-to-one and a function of the attribute alone, so sibling resources never share a module and every
    place that imports a resource's module names it alike.
    """
    return module_name(attr, RESOURCE_PACKAGE_NAMES)


def module_path(resource: Resource) -> str:
    """The resource's module, dotted below the package: `resources.teams.members`."""
    return ".".join(["resources", *(resource_module(attr) for attr in resource.path)])


def module_file(resource: Resource) -> str:
    path = module_path(resource).replace(".", "/")
    return f"{path}/__init__.py" if resource.children else f"{path}.py"


def module_depth(resource: Resource) -> int:
    """How many package levels below the package root the module sits."""
    return len(resource.path) + (1 if resource.children else 0)


def class_variants(name: str) -> set[str]:
    """The classes a resource module defines for a resource class name."""
    return {
        f"{prefix}{name}{suffix}"
        for prefix in ("", "Async")
        for suffix in ("", "WithRawResponse", "WithStreamingResponse")
    }


def resource_classes(
    root: Resource, model_names: Iterable[str], target: Target
) -> dict[tuple[str, ...], str]:
    """A class name per resource that clashes with nothing in the modules that define or import it.

    A resource module defines its own classes and imports its children's, next to the runtime names and the
    models it uses: `/teams/{id}/teams` must not call its class `Teams` inside the `teams` resource, nor a
    `/query` resource its class `Query` (the runtime's type). A clash gets a `Resource` suffix.
    """
    clients = {
        target.client_class,
        target.async_client_class,
        "SyncAPIClient",
        "AsyncAPIClient",
        "ClassVar",
    }
    reserved = set(model_names) | clients | RESOURCE_MODULE_NAMES
    names: dict[tuple[str, ...], str] = {root.path: root.class_name}

    def visit(node: Resource, taken: set[str]) -> None:
        for child in node.children:
            base = name = child.class_name
            if class_variants(name) & (taken | reserved):
                base = name = name + "Resource"
            counter = 2
            while class_variants(name) & (taken | reserved):
                name = f"{base}{counter}"
                counter += 1
            names[child.path] = name
            taken |= class_variants(name)
            visit(child, class_variants(name))

    visit(root, set())
    return names


def model_aliases(model_names: Iterable[str], classes: dict[tuple[str, ...], str]) -> dict[str, str]:
    """Model classes that clash with a name of the resource modules, and the names they are imported as."""
    taken = RESOURCE_MODULE_NAMES.union(*(class_variants(name) for name in classes.values()))
    return {name: name + "_" for name in model_names if name in taken}
