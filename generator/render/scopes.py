"""Scoped views (`client.repository("ox", "datasets").commits.list_all()`): the client's resource tree
restricted to the operations whose path parameters begin with a scope's, those parameters bound once.

Each resource module defines its scoped classes next to its own (`RepositoryCommits` forwards to `Commits`,
`RepositoryWorkspacesFiles` to the `Files` of `client.workspaces.files`), so a view imports a resource module
only when its attribute is first used, as the client does; the root views (`Repository`, `AsyncRepository`)
live in the package's `scopes.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from generator import pyimports
from generator.analyze.scopes import in_scope
from generator.errors import ClientgenError
from generator.escape import docstring
from generator.identifiers import pascal
from generator.ir import Api, Operation, Resource, Scope
from generator.render.methods import MethodView, method_doc
from generator.render.names import class_variants, module_path, resource_module
from generator.typemap import TypeMapper

_SCALARS = frozenset({"str", "int", "float", "bool"})


@dataclass
class ScopedMethod:
    view: MethodView
    doc: str
    # The signature and the `@overload` signatures without the bound parameters.
    params: list[str]
    overloads: list[tuple[list[str], str, str]]
    # The arguments passed on to the unbound method after the bound values.
    forward: list[str]


@dataclass
class ScopedChild:
    attr: str
    module: str
    class_name: str


@dataclass
class ScopedView:
    class_name: str
    # The unbound resource class it forwards to.
    resource_class: str
    # `name: type` of each bound parameter, and the tuple of their names.
    bound: list[str]
    bound_tuple: str
    doc: str
    methods: list[ScopedMethod] = field(default_factory=list)
    children: list[ScopedChild] = field(default_factory=list)


@dataclass
class ScopeRoot:
    method: str
    class_name: str
    bound: list[str]
    bound_names: list[str]
    doc: str
    # The docstring of the client method that makes the view.
    method_doc: str
    resources: list[ScopedChild]


class ScopedViews:
    """Names and views of every scope of the API."""

    def __init__(
        self,
        api: Api,
        types: TypeMapper,
        resource_classes: dict[tuple[str, ...], str],
        reserved: Iterable[str],
    ) -> None:
        self.api = api
        self.types = types
        self.resource_classes = resource_classes
        taken = set(reserved).union(*(class_variants(n) for n in resource_classes.values()))
        self.root_class: dict[str, str] = {}
        # (scope name, resource path) -> scoped class name, for resources with scoped operations below them.
        self.class_of: dict[tuple[str, tuple[str, ...]], str] = {}
        for scope in api.scopes:
            self.root_class[scope.name] = _unique(pascal(scope.name), taken, "Scope")
            for resource in api.root.walk():
                if resource is not api.root and self._has_scoped(resource, scope):
                    name = pascal(scope.name) + "".join(pascal(part) for part in resource.path)
                    self.class_of[(scope.name, resource.path)] = _unique(name, taken, "View")

    def names(self) -> set[str]:
        return set(self.root_class.values())

    def classes_of(self, resource: Resource) -> list[str]:
        """The scoped view classes of a resource, in scope order."""
        found = (self.class_of.get((scope.name, resource.path)) for scope in self.api.scopes)
        return [name for name in found if name]

    def _has_scoped(self, resource: Resource, scope: Scope) -> bool:
        return any(in_scope(op, scope) for r in resource.walk() for op in r.operations)

    def bound(self, scope: Scope) -> tuple[list[str], list[str]]:
        """(`name: type` of each bound parameter, their Python names), as the first scoped operation has them.

        The client's module imports no types, so a bound parameter must be a builtin scalar.
        """
        first: Operation = next(op for op in self.api.operations if in_scope(op, scope))
        params = [p for p in first.parameters if p.location == "path"][: len(scope.params)]
        annotations = []
        for param in params:
            py = self.types.input(param.schema) if param.schema else None
            text = py.text if py else "str"
            if text not in _SCALARS:
                raise ClientgenError(
                    f"scope {scope.name!r} binds {param.wire_name!r}, whose type is {text}: only "
                    f"{', '.join(sorted(_SCALARS))} path parameters can be bound",
                    where=param.pointer or first.pointer,
                    fix="leave the parameter out of the scope, or type it as a string in the overlay",
                )
            annotations.append(f"{param.py_name}: {text}")
        return annotations, [p.py_name for p in params]

    def for_resource(self, resource: Resource, methods: list[MethodView]) -> list[ScopedView]:
        views = []
        for scope in self.api.scopes:
            name = self.class_of.get((scope.name, resource.path))
            if name is None:
                continue
            bound, names = self.bound(scope)
            count = len(scope.params)
            view = ScopedView(
                class_name=name,
                resource_class=self.resource_classes[resource.path],
                bound=bound,
                bound_tuple=f"({', '.join(names)}{',' if len(names) == 1 else ''})",
                doc=docstring(
                    f"`client.{'.'.join(resource.path)}` bound to one {scope.name}: "
                    f"`client.{scope.name}(...).{'.'.join(resource.path)}`.",
                    indent="    ",
                ),
            )
            for op, method in zip(resource.operations, methods, strict=True):
                if in_scope(op, scope):
                    view.methods.append(_scoped_method(op, method, count))
            for child in resource.children:
                child_name = self.class_of.get((scope.name, child.path))
                if child_name is not None:
                    module = resource_module(child.attr)
                    view.children.append(ScopedChild(child.attr, module, child_name))
            views.append(view)
        return views

    def roots(self) -> list[ScopeRoot]:
        roots = []
        for scope in self.api.scopes:
            bound, names = self.bound(scope)
            resources = [
                ScopedChild(
                    child.attr,
                    module_path(child),
                    self.class_of[(scope.name, child.path)],
                )
                for child in self.api.root.children
                if (scope.name, child.path) in self.class_of
            ]
            roots.append(
                ScopeRoot(
                    method=scope.name,
                    class_name=self.root_class[scope.name],
                    bound=bound,
                    bound_names=names,
                    doc=docstring(
                        f"The operations of one {scope.name}, with {' and '.join(names)} bound: the client's "
                        "resources restricted to them, whose methods take the remaining arguments.",
                        indent="    ",
                    ),
                    method_doc=docstring(
                        f"The operations of one {scope.name} ({', '.join(names)} bound): "
                        f"`client.{scope.name}({', '.join(names)}).<resource>.<method>(...)`.",
                        indent="        ",
                    ),
                    resources=resources,
                )
            )
        return roots


def module_values(roots: list[ScopeRoot], client: str, async_client: str) -> dict[str, object]:
    names = [r.class_name for r in roots]
    return {
        "roots": roots,
        "client": client,
        "async_client": async_client,
        "exports": sorted([*names, *("Async" + n for n in names)], key=pyimports.all_key),
    }


def _scoped_method(op: Operation, method: MethodView, count: int) -> ScopedMethod:
    names = method.argument_names
    star = method.params.index("*") if "*" in method.params else len(method.params)
    forward = [*names[count:star], *(f"{n}={n}" for n in names[star:])]
    return ScopedMethod(
        view=method,
        doc=docstring(method_doc(op, frozenset(names[:count])), indent="        "),
        params=method.params[count:],
        overloads=[(params[count:], sync, async_) for params, sync, async_ in method.overloads],
        forward=forward,
    )


def _unique(name: str, taken: set[str], suffix: str) -> str:
    base = name
    if class_variants(name) & taken:
        base = name = name + suffix
    counter = 2
    while class_variants(name) & taken:
        name = f"{base}{counter}"
        counter += 1
    taken |= class_variants(name)
    return name
