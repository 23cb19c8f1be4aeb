"""The generated `pagination.py`: one sync and one async page class per paginated response model.

A page class is its response model (every field typed) and a runtime page (`_pagination.SyncPage`,
`AsyncPage`) told by its `__pagination__` descriptor which parameter asks for a page and which fields answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator import pyimports
from generator.errors import ClientgenError
from generator.escape import docstring, literal
from generator.ir import Api, Operation, Pagination
from generator.models import Models
from generator.render.imports import Imports
from generator.typemap import TypeMapper

# Names `pagination.py` defines or imports for itself: a model with one of them is imported under an alias.
PAGINATION_MODULE_NAMES = frozenset(
    {
        "annotations",
        "Any",
        "AsyncPage",
        "AsyncPaginator",
        "CursorPagination",
        "PageNumberPagination",
        "SyncPage",
    }
)


@dataclass(frozen=True)
class PageClass:
    sync_name: str
    async_name: str
    # The module defining both (`pagination.paginated_commits`), and its import block.
    module: str
    imports: tuple[str, ...]
    # The response model (base class) and the item type, as that module spells them.
    model: str
    item: str
    descriptor: str
    doc: str


def descriptor(pagination: Pagination) -> str:
    """The `__pagination__` value: `PageNumberPagination(param="page", items="commits", ...)`."""
    kind = "PageNumberPagination" if pagination.style == "page" else "CursorPagination"
    fields = ["param", "items"]
    fields += ["current", "total"] if pagination.style == "page" else []
    fields += ["next_cursor", "item_cursor", "has_more"] if pagination.style == "cursor" else []
    args = [
        f"{name}={literal(getattr(pagination, name))}"
        for name in fields
        if getattr(pagination, name) is not None
    ]
    return f"{kind}({', '.join(args)})"


class PageClasses:
    """The page classes of the paginated operations, named `Sync<Model>Page` / `Async<Model>Page`.

    Each response model's pair has its own module under `pagination/` (a resource imports only its own pages
    and their models); `pagination/__init__.py` names them all and imports each module on first access.
    """

    def __init__(self, api: Api, models: Models, taken: Iterable[str]) -> None:
        self.models = models
        self.aliases = {n: n + "_" for n in models.classes if n in PAGINATION_MODULE_NAMES}
        self.types = TypeMapper(api.document, models, lambda name: self.aliases.get(name, name))
        self.by_operation: dict[str, PageClass] = {}
        reserved = set(taken) | set(models.classes) | PAGINATION_MODULE_NAMES
        modules: set[str] = set()
        by_shape: dict[tuple[str, str], PageClass] = {}
        for op in sorted(api.operations, key=lambda o: o.key):
            if op.pagination is None:
                continue
            imports = Imports(
                aliases=self.aliases, module_of={n: c.module for n, c in models.classes.items()}
            )
            model = self._model(op, imports)
            shape = (model, descriptor(op.pagination))
            if shape not in by_shape:
                made = self._page_class(op.pagination, model, imports, reserved, modules)
                by_shape[shape] = made
            self.by_operation[op.key] = by_shape[shape]
        self.classes = sorted(by_shape.values(), key=lambda c: c.sync_name)

    def names(self) -> set[str]:
        return {n for c in self.classes for n in (c.sync_name, c.async_name)}

    def files(self, render: Callable[..., str]) -> dict[str, str]:
        """`pagination/__init__.py` and one module per page pair, rendered by `render(template, **values)`."""
        found = {
            f"{c.module.replace('.', '/')}.py": render("pagination_module.py.jinja", page=c)
            for c in self.classes
        }
        by_name = {n: c.module.rpartition(".")[2] for c in self.classes for n in (c.sync_name, c.async_name)}
        found["pagination/__init__.py"] = render(
            "pagination_init.py.jinja",
            imports=[
                (c.module.rpartition(".")[2], sorted((c.async_name, c.sync_name), key=pyimports.name_key))
                for c in sorted(self.classes, key=lambda c: c.module)
            ],
            modules=sorted(by_name.items()),
            exports=sorted([*by_name, "AsyncPaginator"], key=pyimports.all_key),
        )
        return found

    def _model(self, op: Operation, imports: Imports) -> str:
        py = self.types.output(op.response.schema)
        info = self.models.classes.get(py.text.removesuffix("_"))
        if info is None or info.kind != "model":
            raise ClientgenError(
                f"{op.key} is paginated but its response is not a model class ({py.text})",
                where=op.response.schema or op.pointer,
                fix="paginate only operations that answer with a JSON object",
            )
        imports.add_type(py)
        return py.text

    def _page_class(
        self,
        pagination: Pagination,
        model: str,
        imports: Imports,
        reserved: set[str],
        modules: set[str],
    ) -> PageClass:
        item = self.types.output(pagination.item_schema)
        imports.add_type(item)
        kind = "PageNumberPagination" if pagination.style == "page" else "CursorPagination"
        imports.need("_pagination", "AsyncPage", "SyncPage", kind)
        base = model.removesuffix("_")
        # `ItemPage` pages as `SyncItemPage`, not `SyncItemPagePage`.
        name = stem = base.removesuffix("Page") or base
        counter = 2
        while {f"Sync{name}Page", f"Async{name}Page"} & reserved:
            name = f"{stem}{counter}"
            counter += 1
        reserved |= {f"Sync{name}Page", f"Async{name}Page"}
        module = module_stem = self.models.classes[base].module.rpartition(".")[2]
        counter = 2
        while module in modules:
            module = f"{module_stem}_{counter}"
            counter += 1
        modules.add(module)
        return PageClass(
            sync_name=f"Sync{name}Page",
            async_name=f"Async{name}Page",
            module=f"pagination.{module}",
            imports=tuple(imports.lines(1)),
            model=model,
            item=item.text,
            descriptor=descriptor(pagination),
            doc=docstring(
                f"A page of `{base}`: iterating it yields every item of `{pagination.items}` on every page.",
                indent="    ",
            ),
        )
