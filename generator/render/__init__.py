"""Stage 6: render the package's source files from Jinja templates.

The API model becomes small "view" objects whose fields are finished code fragments (`methods`); the templates
under `templates/package/` only place them, and the format stage lays them out. The hand-written runtime under
`templates/runtime/` is copied as is, and the models come from the models stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator import __version__, pyimports
from generator.config import Target
from generator.escape import docstring, literal
from generator.identifiers import PACKAGE_INIT_NAMES
from generator.ir import Api, Resource
from generator.models import Models
from generator.render.docs import render_docs
from generator.render.environment import RUNTIME_DIR, RUNTIME_MODULES, template_environment
from generator.render.imports import Imports
from generator.render.methods import MethodView, MethodWriter
from generator.render.names import (
    PACKAGE_EXPORTS,
    PACKAGE_RUNTIME_EXPORTS,
    class_variants,
    model_aliases,
    module_depth,
    module_file,
    module_path,
    resource_classes,
    resource_module,
)
from generator.render.packaging import pyproject_values
from generator.render.pages import PageClasses
from generator.render.params import RequestParams
from generator.render.scopes import ScopedViews
from generator.render.scopes import module_values as scope_module_values
from generator.typemap import SHADOWABLE, TypeMapper

__all__ = ["RUNTIME_MODULES", "render_package"]


@dataclass
class ChildView:
    attr: str
    module: str
    class_name: str
    # The child's scoped view classes (`generator.render.scopes`).
    scoped: list[str] = field(default_factory=list)

    @property
    def imports(self) -> list[str]:
        """The classes a parent imports from the child's module for its annotations, in isort order."""
        names = set().union(*(class_variants(n) for n in [self.class_name, *self.scoped]))
        return sorted(names, key=pyimports.name_key)


@dataclass
class ResourceView:
    class_name: str
    doc: str
    module_doc: str
    methods: list[MethodView]
    children: list[ChildView]


def render_package(api: Api, models: Models, target: Target) -> dict[str, str]:
    """Every file of the package, unformatted, by path inside the package."""
    return _PackageRenderer(api, models, target).render()


class _PackageRenderer:
    def __init__(self, api: Api, models: Models, target: Target) -> None:
        self.api = api
        self.models = models
        self.target = target
        self.resource_classes = resource_classes(api.root, models.classes, target)
        self.aliases = model_aliases(models.classes, self.resource_classes)
        self.params = RequestParams(api.document, models)
        self.types = TypeMapper(
            api.document, models, lambda name: self.aliases.get(name, name), self.params.name_for
        )
        taken = set().union(*(class_variants(n) for n in self.resource_classes.values()))
        self.pages = PageClasses(api, models, taken)
        self.methods = MethodWriter(self.types, target, self.pages.by_operation)
        self.module_of = {name: c.module for name, c in models.classes.items()}
        # The request params types every method argument reaches, imported like the models.
        self.params.collect(api, self.types)
        self.aliases |= model_aliases(self.params.names(), self.resource_classes)
        self.module_of |= self.params.names()
        self.scopes = ScopedViews(
            api,
            self.types,
            self.resource_classes,
            reserved={
                *models.classes,
                *self.params.names(),
                *self.pages.names(),
                *PACKAGE_EXPORTS,
                target.client_class,
                target.async_client_class,
            },
        )
        self.env = template_environment()
        # The method views of every operation by "METHOD /path", for the documentation.
        self.views: dict[str, MethodView] = {}

    def render(self) -> dict[str, str]:
        files: dict[str, str] = {}
        for name in RUNTIME_MODULES:
            files[name] = (RUNTIME_DIR / name).read_text(encoding="utf-8")
        files.update(self.models.files)
        files.update(self.params.files())
        files["types/__init__.py"] = self._types_init()
        files["py.typed"] = ""
        files["_version.py"] = self._template("_version.py.jinja", version=literal(self.api.version))
        files["__init__.py"] = self._init()
        files["_client.py"] = self._client()
        files["resources/__init__.py"] = self._template("resources_init.py.jinja")
        if self.api.scopes:
            files["scopes.py"] = self._template(
                "scopes.py.jinja",
                **scope_module_values(
                    self.scopes.roots(), self.target.client_class, self.target.async_client_class
                ),
            )
        if self.pages.classes:
            files.update(self.pages.files(self._template))
        for resource in self.api.root.walk():
            if resource is not self.api.root:
                files[module_file(resource)] = self._resource(resource)
        files.update(
            render_docs(
                self.api,
                self.target,
                self.views,
                self.module_of,
                self.pages.names(),
                self.aliases,
                self._template,
            )
        )
        if self.target.installable:
            values = pyproject_values(self.api, self.target.package, files)
            files["pyproject.toml"] = self._template("pyproject.toml.jinja", **values)
        return dict(sorted(files.items()))

    def _template(self, name: str, **values: Any) -> str:
        return self.env.get_template(name).render(**values)

    def _init(self) -> str:
        clients = {self.target.client_class, self.target.async_client_class}
        exported = PACKAGE_INIT_NAMES | clients
        # A model named like a client, an exception, a runtime name or a name the package's `__init__` uses
        # (`AttributeError`) stays reachable through `.types` only.
        # In ruff's isort order: they are imported from `.types` in one block.
        model_names = sorted(
            (
                n
                for n, c in self.models.classes.items()
                if c.kind in ("model", "enum", "alias") and n not in exported
            ),
            key=pyimports.name_key,
        )
        return self._template(
            "__init__.py.jinja",
            title=docstring(f"Python client for {self.api.title} {self.api.version}".strip()),
            client=self.target.client_class,
            async_client=self.target.async_client_class,
            models=model_names,
            exports=sorted([*PACKAGE_RUNTIME_EXPORTS, *clients, *model_names], key=pyimports.all_key),
            log_env=literal(self.target.log_env),
        )

    def _types_init(self) -> str:
        modules = {name: c.module for name, c in self.models.classes.items()} | self.params.names()
        modules = {name: module.removeprefix("types.") for name, module in modules.items()}
        by_module: dict[str, list[str]] = {}
        for name, module in modules.items():
            by_module.setdefault(module, []).append(name)
        return self._template(
            "types_init.py.jinja",
            imports=[(m, sorted(names, key=pyimports.name_key)) for m, names in sorted(by_module.items())],
            modules=sorted(modules.items()),
            exports=sorted(modules, key=pyimports.all_key),
        )

    def _client(self) -> str:
        top = [
            ChildView(
                attr=r.attr,
                module=module_path(r),
                class_name=self.resource_classes[r.path],
            )
            for r in self.api.root.children
        ]
        auth = self.api.auth
        return self._template(
            "_client.py.jinja",
            client=self.target.client_class,
            async_client=self.target.async_client_class,
            doc=docstring(
                f"Client for the {self.api.title} API ({self.api.version}).\n\n"
                f"`api_key` defaults to ${self.target.api_key_env}; `base_url` to ${self.target.base_url_env}, "
                f"then {self.api.base_url or 'nothing (pass it)'}.",
                indent="    ",
            ),
            api_key_env=literal(self.target.api_key_env),
            base_url_env=literal(self.target.base_url_env),
            base_url=literal(self.api.base_url),
            auth_kind=literal(auth.kind if auth else None),
            auth_name=literal(auth.name if auth else ""),
            user_agent=literal(f"{self.target.package}/{self.api.version} clientgen/{__version__}"),
            resources=top,
            scopes=self.scopes.roots(),
            scope_imports=sorted(
                {f"{p}{n}" for n in self.scopes.names() for p in ("", "Async")}, key=pyimports.name_key
            ),
        )

    def _resource(self, resource: Resource) -> str:
        imports = Imports(aliases=self.aliases, module_of=self.module_of)
        imports.typing.update({"TYPE_CHECKING", "cast"})
        imports.functools.add("cached_property")
        imports.need("_base_client", "SyncAPIResource", "AsyncAPIResource")
        imports.need(
            "_response",
            "to_raw_response_wrapper",
            "async_to_raw_response_wrapper",
            "to_streamed_response_wrapper",
            "async_to_streamed_response_wrapper",
        )
        # A method or child resource named like a builtin type hides it in the annotations that follow it in
        # the class body (children come first; overloads repeat their method's name).
        hidden = {c.attr for c in resource.children} & SHADOWABLE
        methods = []
        try:
            for op in resource.operations:
                own = {op.name} & SHADOWABLE if op.streaming is not None else set()
                self.types.shadowed = frozenset(hidden | own)
                methods.append(self.methods.method(op, imports))
                self.views[op.key] = methods[-1]
                hidden |= {op.name} & SHADOWABLE
        finally:
            self.types.shadowed = frozenset()
        if methods:
            imports.need("_types", "Headers", "Query", "Body", "Timeout", "Omit", "omit")
        else:
            imports.typing.discard("cast")
            imports.runtime.pop("_response", None)
        if any(m.overloads for m in methods):
            imports.typing.update({"overload", "Literal"})
        children = [
            ChildView(
                attr=c.attr,
                module=resource_module(c.attr),
                class_name=self.resource_classes[c.path],
                scoped=self.scopes.classes_of(c),
            )
            for c in resource.children
        ]
        scoped = self.scopes.for_resource(resource, methods)
        if not children:
            imports.typing.discard("TYPE_CHECKING")
        summary = f"Operations under `client.{'.'.join(resource.path)}`."
        view = ResourceView(
            class_name=self.resource_classes[resource.path],
            doc=docstring(summary, indent="    "),
            module_doc=docstring(summary),
            methods=methods,
            children=children,
        )
        names = [view.class_name, *(v.class_name for v in scoped)]
        return self._template(
            "resource.py.jinja",
            resource=view,
            scoped=scoped,
            exports=sorted((f"{p}{n}" for n in names for p in ("", "Async")), key=pyimports.all_key),
            imports=imports.lines(module_depth(resource)),
        )
