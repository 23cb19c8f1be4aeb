"""Request params types: a `TypedDict` (`FooParam`) for every object model a request can carry.

They follow openai's `*Param` types: keys are the exact wire names (the dict is sent as it is), `Required[...]`
marks the schema's required keys in a `total=False` class, nested objects are params types in turn. Which schema
gets which Python type is `generator.typemap`'s decision; this module names the params types, finds every one a
request reaches (the operations' parameters and bodies, then the params types' own keys) and writes them into
`types/`, one params module per model module (`types/pet.py` -> `types/pet_param.py`).

Params modules import every other generated name under `TYPE_CHECKING` only, so they can refer to each other
in any pattern without an import cycle; the functional `TypedDict("X", {...})` form, needed for keys that are
not identifiers, evaluates its values at run time and therefore writes them as strings.
"""

from __future__ import annotations

import io
import keyword
import tokenize
from dataclasses import dataclass, replace
from typing import Any

from generator import pyimports
from generator.document import resolve_pointer
from generator.escape import docstring, literal
from generator.identifiers import TYPES_INIT_NAMES, unique
from generator.ir import Api
from generator.models import Models
from generator.render.environment import template_environment
from generator.typemap import PyType, TypeMapper

PARAMS_SUFFIX = "Param"
# Names a params module imports for itself: a generated class with one of them is imported under an alias.
PARAMS_MODULE_NAMES = frozenset(
    {
        "annotations", "TYPE_CHECKING", "Any", "Literal", "Mapping", "Sequence", "TypedDict",
        "Required", "datetime", "date", "builtins",
    }
)  # fmt: skip


@dataclass
class ParamsField:
    key: str  # the wire name, as a Python identifier (class form) or a string literal (functional form)
    annotation: str
    doc: str


@dataclass
class ParamsClass:
    name: str
    doc: str
    functional: bool
    fields: list[ParamsField]


class RequestParams:
    """The params types of one package: their names, which a request reaches, and their modules' sources."""

    def __init__(self, document: dict[str, Any], models: Models) -> None:
        self.models = models
        self._taken_names = set(models.classes) | TYPES_INIT_NAMES
        self._taken_modules = {c.module for c in models.classes.values()}
        # By model class: the schema its params type is built from, the type's name, its keys (`_fields`).
        self._pointers: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._keys: dict[str, list[tuple[str, PyType, str]]] = {}
        # Its own mapper: names are spelled as a params module imports them.
        self._types = TypeMapper(document, models, _local_name, self.name_for)

    def name_for(self, model: str, ptr: str) -> str:
        """The params type of a model class whose schema is an object with properties (`typemap` asks)."""
        name = self._names.get(model)
        if name is None:
            # Never a model's name (a schema literally named `FooParam` keeps it; `Foo`'s type is then
            # `FooParam_2`) and, being derived from a distinct model name, never another params type's.
            name = unique(model + PARAMS_SUFFIX, self._taken_names)
            self._names[model] = name
            self._pointers[model] = ptr
        return name

    def collect(self, api: Api, types: TypeMapper) -> None:
        """Name every params type a method argument reaches, through the mapper the methods are written with."""
        for op in api.operations:
            pointers = [p.schema for p in op.parameters if p.schema]
            body = op.body
            if body is not None and body.encoding in ("json", "form", "multipart") and body.schema:
                # A JSON body expanded into keywords has its whole params type too (`**params` fills them);
                # a form's keys may be files, which its params type could not describe.
                if body.fields is None or body.encoding == "json":
                    pointers.append(body.schema)
                pointers += [f.schema for f in body.fields or () if not f.is_file]
            for ptr in pointers:
                types.input(ptr)

    def names(self) -> dict[str, str]:
        """Each params type (all that `collect` and the params' own keys reach) and its module under the package."""
        self._complete()
        return {name: self._module(model) for model, name in self._names.items()}

    def files(self) -> dict[str, str]:
        """The params modules' sources (unformatted), by path inside the package."""
        modules = self.names()
        by_module: dict[str, list[str]] = {}
        for model in sorted(self._names):
            by_module.setdefault(modules[self._names[model]], []).append(model)
        return {
            module.replace(".", "/") + ".py": self._render(sorted_models, modules)
            for module, sorted_models in sorted(by_module.items())
        }

    def _complete(self) -> None:
        """Follow the params types' keys to the params types they reach in turn."""
        while pending := sorted(self._names.keys() - self._keys.keys()):
            for model in pending:
                self._keys[model] = self._fields(model)

    def _module(self, model: str) -> str:
        module = self.models.classes[model].module + "_param"
        # Distinct model modules give distinct candidates, so a clash can only be with a model module.
        return unique(module, self._taken_modules)

    def _fields(self, model: str) -> list[tuple[str, PyType, str]]:
        """(wire name, type, description) of each key of the model's params type."""
        shape = self._types.object_shape(self._pointers[model])
        if shape is None:  # `name_for` is only asked for objects with properties
            return []
        fields = []
        for wire, ptr in shape.properties:
            py = self._types.param(ptr)
            if wire in shape.required:
                py = replace(py, text=f"Required[{py.text}]", typing=py.typing | {"Required"})
            fields.append((wire, py, _description(self._types.document, ptr)))
        return fields

    def _render(self, models: list[str], modules: dict[str, str]) -> str:
        """One params module: the params types of `models`; `modules` says where every params type lives."""
        defined = {self._names[m] for m in models}
        # Library names at run time (the functional form's values are strings: none is evaluated), generated
        # names for the type checker only.
        runtime: list[pyimports.Import] = [
            ("__future__", "annotations", None),
            ("typing", "TypedDict", None),
        ]
        checking: list[pyimports.Import] = []
        classes = []
        for model in models:
            fields = self._keys[model]
            used = {n for _, py, _ in fields for n in _names_read(py.text)} | {"Required"}
            # A key that is no identifier, or that would hide a name the class's annotations read.
            functional = any(not _plain_key(wire) or wire in used for wire, _, _ in fields)
            for _, py, _ in fields:
                runtime.extend(_library_imports(py))
                for name in py.models - defined:
                    origin = modules.get(name) or self.models.classes[name].module
                    checking.append(("." + origin.removeprefix("types."), name, _alias(name)))
            classes.append(
                ParamsClass(
                    name=self._names[model],
                    doc=docstring(
                        f"`{model}` as a request sends it: a dict of its wire keys.", indent="    "
                    ),
                    functional=functional,
                    fields=[
                        ParamsField(
                            key=literal(wire) if functional else wire,
                            annotation=literal(py.text) if functional else py.text,
                            doc="" if functional or not doc else docstring(doc, indent="    "),
                        )
                        for wire, py, doc in fields
                    ],
                )
            )
        if checking:
            runtime.append(("typing", "TYPE_CHECKING", None))
        return (
            template_environment()
            .get_template("params.py.jinja")
            .render(
                doc=docstring(
                    f"Request params types for the models of `{self.models.classes[models[0]].module}`."
                ),
                imports=pyimports.render_block(runtime),
                checking=pyimports.render_block(checking),
                classes=classes,
                exports=sorted((c.name for c in classes), key=pyimports.all_key),
            )
        )


def _library_imports(py: PyType) -> list[pyimports.Import]:
    imports: list[pyimports.Import] = [
        ("collections.abc" if name in ("Mapping", "Sequence") else "typing", name, None)
        for name in py.typing
    ]
    return imports + [("datetime", name, None) for name in py.stdlib] + list(py.imports)


def _plain_key(wire: str) -> bool:
    """A key a class body can declare as it is: an identifier that is no keyword and is not name-mangled."""
    return wire.isidentifier() and not keyword.iskeyword(wire) and not wire.startswith("__")


def _names_read(annotation: str) -> set[str]:
    """The names an annotation reads (not the words inside its string literals)."""
    tokens = tokenize.generate_tokens(io.StringIO(annotation).readline)
    return {token.string for token in tokens if token.type == tokenize.NAME}


def _alias(name: str) -> str | None:
    return name + "_" if name in PARAMS_MODULE_NAMES else None


def _local_name(name: str) -> str:
    return _alias(name) or name


def _description(document: dict[str, Any], ptr: str) -> str:
    try:
        node = resolve_pointer(document, ptr.removeprefix("#"))
    except KeyError:
        return ""
    text = node.get("description") if isinstance(node, dict) else None
    return " ".join(text.split()) if isinstance(text, str) else ""
