"""Stage 6: render the package's source files from Jinja templates.

This module turns the API model into small "view" objects whose fields are finished code fragments (type
expressions, argument lists, escaped docstrings); the templates under `templates/package/` only lay them out.
The hand-written runtime under `templates/runtime/` is copied as is.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from generator import __version__, pyimports, pylayout
from generator.config import Target
from generator.escape import docstring, literal
from generator.ir import Api, BodyField, Operation, Parameter, Resource
from generator.models import Models
from generator.typemap import SHADOWABLE, Import, PyType, TypeMapper, spell

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
RUNTIME_DIR = TEMPLATES / "runtime"
PACKAGE_TEMPLATES = TEMPLATES / "package"
RUNTIME_MODULES = tuple(
    sorted(p.name for p in RUNTIME_DIR.glob("_*.py") if p.name != "__init__.py")
)


@dataclass
class Imports:
    typing: set[str] = field(default_factory=set)
    abc: set[str] = field(default_factory=set)
    stdlib: set[str] = field(default_factory=set)
    models: set[str] = field(default_factory=set)
    runtime: dict[str, set[str]] = field(default_factory=dict)
    functools: set[str] = field(default_factory=set)
    aliases: dict[str, str] = field(default_factory=dict)
    module_of: dict[str, str] = field(default_factory=dict)
    extra: set[Import] = field(default_factory=set)

    def add_type(self, py: PyType) -> None:
        for name in py.typing:
            (self.abc if name in ("Mapping", "Sequence") else self.typing).add(name)
        self.stdlib |= set(py.stdlib)
        self.models |= set(py.models)
        self.extra |= set(py.imports)

    def need(self, module: str, *names: str) -> None:
        self.runtime.setdefault(module, set()).update(names)

    def lines(self, depth: int) -> list[str]:
        up = "." * (depth + 1)
        entries: list[pyimports.Import] = [("collections.abc", n, None) for n in self.abc]
        entries += [("datetime", n, None) for n in self.stdlib]
        entries += self.extra
        entries += [("functools", n, None) for n in self.functools]
        entries += [("typing", n, None) for n in self.typing]
        for module, names in self.runtime.items():
            entries += [(up + module, n, None) for n in names]
        entries += [
            (up + self.module_of.get(n, "types"), n, self.aliases.get(n)) for n in self.models
        ]
        return pyimports.render_block(entries)


@dataclass
class MethodView:
    name: str
    doc: str
    params: list[str]
    returns_sync: str
    returns_async: str
    call: list[str]
    overloads: list[tuple[list[str], str, str]] = field(default_factory=list)

    def wrapper(self, function: str) -> str:
        """The line that wraps this method in a raw/streaming response wrapper class's `__init__`."""
        return pylayout.call_assignment(
            f"self.{self.name}", function, f"resource.{self.name}", indent=8
        )

    @property
    def cast_sync(self) -> str:
        return literal(self.returns_sync)

    @property
    def cast_async(self) -> str:
        return literal(self.returns_async)


@dataclass
class ChildView:
    attr: str
    module: str
    class_name: str


@dataclass
class ResourceView:
    class_name: str
    doc: str
    module_doc: str
    methods: list[MethodView]
    children: list[ChildView]


# Names every resource module defines or imports for itself; a model class with one of these names is imported
# under an alias (`Body` -> `Body_`).
_RESOURCE_MODULE_NAMES = frozenset(
    {
        "Any",
        "Literal",
        "Mapping",
        "Sequence",
        "TYPE_CHECKING",
        "overload",
        "cast",
        "cached_property",
        "datetime",
        "date",
        "Headers",
        "Query",
        "Body",
        "Timeout",
        "Omit",
        "omit",
        "FileTypes",
        "FileContent",
        "Stream",
        "AsyncStream",
        "BinaryResponse",
        "AsyncBinaryResponse",
        "SyncAPIResource",
        "AsyncAPIResource",
        "to_raw_response_wrapper",
        "async_to_raw_response_wrapper",
        "to_streamed_response_wrapper",
        "async_to_streamed_response_wrapper",
        "cookie_header",
        "annotations",
    }
)


_PACKAGE_RUNTIME_EXPORTS = frozenset(
    {
        "APIConnectionError",
        "APIError",
        "APIResponse",
        "APIResponseValidationError",
        "APIStatusError",
        "APITimeoutError",
        "AsyncAPIResponse",
        "AsyncBinaryResponse",
        "AsyncStream",
        "AuthenticationError",
        "BadRequestError",
        "BinaryResponse",
        "ConflictError",
        "FileTypes",
        "InternalServerError",
        "NOT_GIVEN",
        "NotFoundError",
        "NotGiven",
        "Omit",
        "PermissionDeniedError",
        "RateLimitError",
        "Stream",
        "UnprocessableEntityError",
        "omit",
        "__version__",
    }
)
# Names the package's __init__ itself defines or imports: a model may not take one of them.
_PACKAGE_EXPORTS = _PACKAGE_RUNTIME_EXPORTS | {"TYPE_CHECKING", "Any", "annotations"}


def module_file(resource: Resource) -> str:
    parts = resource.path
    if resource.children:
        return "resources/" + "/".join(parts) + "/__init__.py"
    return "resources/" + "/".join(parts) + ".py"


def _bytecode_cache(root: Path | None) -> jinja2.BytecodeCache | None:
    """Compiled templates kept beside the other caches (compiling them is a tenth of a small run)."""
    if root is None:
        return None
    try:
        (root / "jinja").mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(root / "jinja"))


def template_environment() -> jinja2.Environment:
    """The package templates' environment, made once per cache directory."""
    from generator.cache import default_cache

    return _environment(default_cache().root)


@cache
def _environment(cache_root: Path | None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(PACKAGE_TEMPLATES)),
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_bytecode_cache(cache_root),
    )
    # Layout helpers (black's line splitting), not spec logic.
    env.globals["method_def"] = pylayout.method_def
    env.globals["signature_end"] = pylayout.signature_end
    env.globals["import_from"] = lambda module, name: pylayout.import_from(module, [name], indent=8)
    env.globals["return_call"] = lambda function, arg: pylayout.call_return(function, arg, indent=8)
    return env


def load_templates() -> None:
    """Load every package template, compiling it on a cold cache: done while the models are being built."""
    env = template_environment()
    for name in env.list_templates(extensions=["jinja"]):
        env.get_template(name)


def _arg(name: str, items: list[str]) -> str:
    """A `name={...}` argument of the `_request` call (indented 16 spaces in the template)."""
    return pylayout.collection(f"{name}=", "{", items, "}", indent=16)


def _param(text: str) -> str:
    """A signature parameter (indented 8 spaces in the template)."""
    return pylayout.parameter(text, indent=8)


def _class_variants(name: str) -> set[str]:
    """The classes a resource module defines for a resource class name."""
    return {
        f"{prefix}{name}{suffix}"
        for prefix in ("", "Async")
        for suffix in ("", "WithRawResponse", "WithStreamingResponse")
    }


def _resource_classes(root: Resource, reserved: set[str]) -> dict[tuple[str, ...], str]:
    """A class name per resource that clashes with nothing in the modules that define or import it.

    A resource module defines its own classes and imports its children's, next to the runtime names and the
    models it uses: `/teams/{id}/teams` must not call its class `Teams` inside the `teams` resource, nor a
    `/query` resource its class `Query` (the runtime's type). A clash gets a `Resource` suffix.
    """
    names: dict[tuple[str, ...], str] = {root.path: root.class_name}

    def visit(node: Resource, taken: set[str]) -> None:
        for child in node.children:
            base = name = child.class_name
            if _class_variants(name) & (taken | reserved):
                base = name = name + "Resource"
            counter = 2
            while _class_variants(name) & (taken | reserved):
                name = f"{base}{counter}"
                counter += 1
            names[child.path] = name
            taken |= _class_variants(name)
            visit(child, _class_variants(name))

    visit(root, set())
    return names


def _module_depth(resource: Resource) -> int:
    """How many package levels below the package root the module sits."""
    return len(resource.path) + (1 if resource.children else 0)


class Renderer:
    def __init__(self, api: Api, models: Models, target: Target) -> None:
        self.api = api
        self.models = models
        self.target = target
        model_names = set(models.classes)
        clients = {
            target.client_class,
            target.async_client_class,
            "SyncAPIClient",
            "AsyncAPIClient",
            "ClassVar",
        }
        self.resource_classes = _resource_classes(
            api.root, model_names | clients | _RESOURCE_MODULE_NAMES
        )
        taken = _RESOURCE_MODULE_NAMES | {
            f"{prefix}{name}{suffix}"
            for name in self.resource_classes.values()
            for prefix in ("", "Async")
            for suffix in ("", "WithRawResponse", "WithStreamingResponse")
        }
        self.aliases = {name: name + "_" for name in model_names if name in taken}
        self.types = TypeMapper(api.document, models, lambda name: self.aliases.get(name, name))
        self.module_of = {name: c.module for name, c in models.classes.items()}
        # Laid-out files with a code line the templates could not fit: black has to format those.
        self.unsure: set[str] = set()
        self.env = template_environment()

    # ------------------------------------------------------------------------------------------ files

    def render(self) -> dict[str, str]:
        files: dict[str, str] = {}
        for name in RUNTIME_MODULES:
            files[name] = (RUNTIME_DIR / name).read_text(encoding="utf-8")
        files.update(self.models.files)
        files["py.typed"] = ""
        files["_version.py"] = self._template(
            "_version.py.jinja", version=literal(self.api.version)
        )
        files["__init__.py"] = self._init()
        files["_client.py"] = self._client()
        files["resources/__init__.py"] = self._template("resources_init.py.jinja")
        # These have no long docstrings, so any line over the limit is code that black would re-wrap.
        for path in ("_version.py", "__init__.py", "_client.py", "types/__init__.py"):
            if path in files and not pylayout.black_keeps(files[path]):
                self.unsure.add(path)
        for resource in self.api.root.walk():
            if resource is self.api.root:
                continue
            path = module_file(resource)
            files[path] = self._resource(resource)
        return dict(sorted(files.items()))

    def _template(self, name: str, **values: Any) -> str:
        return self.env.get_template(name).render(**values)

    def _init(self) -> str:
        exported = _PACKAGE_EXPORTS | {self.target.client_class, self.target.async_client_class}
        # A model named like a client, an exception or a runtime name stays reachable through `.types` only.
        # In ruff's isort order: they are imported from `.types` in one block.
        model_names = sorted(
            (
                n
                for n, c in self.models.classes.items()
                if c.kind in ("model", "enum", "alias") and n not in exported
            ),
            key=pyimports.name_key,
        )
        fixed = sorted(
            _PACKAGE_RUNTIME_EXPORTS | {self.target.client_class, self.target.async_client_class}
        )
        return self._template(
            "__init__.py.jinja",
            title=docstring(f"Python client for {self.api.title} {self.api.version}".strip()),
            client=self.target.client_class,
            async_client=self.target.async_client_class,
            models=model_names,
            exports=sorted([*fixed, *model_names], key=pyimports.all_key),
            log_env=literal(self.target.log_env),
        )

    def _client(self) -> str:
        top = [
            ChildView(
                attr=r.attr,
                module="resources." + ".".join(r.path),
                class_name=self.resource_classes[r.path],
            )
            for r in self.api.root.children
        ]
        auth = self.api.auth
        return self._template(
            "_client.py.jinja",
            client=self.target.client_class,
            async_client=self.target.async_client_class,
            doc=docstring(self._client_doc(), indent="    "),
            api_key_env=literal(self.target.api_key_env),
            base_url_env=literal(self.target.base_url_env),
            base_url=literal(self.api.base_url),
            auth_kind=literal(auth.kind if auth else None),
            auth_name=literal(auth.name if auth else ""),
            user_agent=literal(f"{self.target.package}/{self.api.version} clientgen/{__version__}"),
            resources=top,
        )

    def _client_doc(self) -> str:
        lines = [f"Client for the {self.api.title} API ({self.api.version})."]
        lines.append("")
        lines.append(
            f"`api_key` defaults to ${self.target.api_key_env}; `base_url` to ${self.target.base_url_env}, "
            f"then {self.api.base_url or 'nothing (pass it)'}."
        )
        return "\n".join(lines)

    # ------------------------------------------------------------------------------------------ resources

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
                methods.append(self._method(op, imports))
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
                attr=child.attr, module=child.attr, class_name=self.resource_classes[child.path]
            )
            for child in resource.children
        ]
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
        import_lines = imports.lines(_module_depth(resource))
        text = self._template("resource.py.jinja", resource=view, imports=import_lines)
        if not pylayout.black_keeps(text):
            # Docstrings may run long (black keeps them); check the code alone by rendering it without them.
            bare = replace(
                view, doc='""""""', methods=[replace(m, doc='""""""') for m in view.methods]
            )
            code = self._template("resource.py.jinja", resource=bare, imports=import_lines)
            if not pylayout.black_keeps(code):
                self.unsure.add(module_file(resource))
        return text

    def _spell(self, name: str, imports: Imports) -> str:
        """A builtin type's name as the class being rendered can refer to it."""
        return spell(name, self.types.shadowed, imports.extra, imports.stdlib)

    def _param_type(self, param: Parameter, imports: Imports) -> str:
        if not param.schema:
            return self._spell("str", imports)
        py = self.types.input(param.schema)
        imports.add_type(py)
        return py.text

    def _field_type(self, body_field: BodyField, imports: Imports) -> str:
        if body_field.is_file:
            imports.need("_types", "FileTypes")
            if self.types.is_array(body_field.schema):
                imports.abc.add("Sequence")
                return "Sequence[FileTypes]"
            return "FileTypes"
        py = self.types.input(body_field.schema)
        imports.add_type(py)
        return py.text

    def _method(self, op: Operation, imports: Imports) -> MethodView:
        positional: list[str] = []
        required_kw: list[str] = []
        optional_kw: list[str] = []
        call: list[str] = [literal(op.method), literal(op.path)]
        path_args = [p for p in op.parameters if p.location == "path"]
        for param in path_args:
            positional.append(f"{param.py_name}: {self._param_type(param, imports)}")
        if path_args:
            call.append(
                _arg("path_params", [f"{literal(p.wire_name)}: {p.py_name}" for p in path_args])
            )
            slash = [p.wire_name for p in path_args if p.allow_slash]
            if slash:
                call.append(f"allow_slash={pylayout.tuple_display([literal(s) for s in slash])}")
        groups: dict[str, list[str]] = {"query": [], "header": [], "cookie": []}
        deep = []
        for param in op.parameters:
            if param.location == "path":
                continue
            annotation = self._param_type(param, imports)
            self._keyword(param.py_name, annotation, param.required, required_kw, optional_kw)
            groups[param.location].append(f"{literal(param.wire_name)}: {param.py_name}")
            if param.style == "deepObject":
                deep.append(param.wire_name)
        if groups["query"]:
            call.append(_arg("query", groups["query"]))
        if deep:
            call.append(f"deep_object={pylayout.tuple_display([literal(d) for d in deep])}")
        header_items = groups["header"]
        if op.response.kind in ("binary", "text") and op.response.media_type:
            # The runtime asks for JSON by default; a download must accept what the operation answers with
            # (servers and mocks that negotiate content answer 406 otherwise).
            header_items = [f'"Accept": {literal(op.response.media_type)}', *header_items]
        if groups["cookie"]:
            imports.need("_utils", "cookie_header")
            cookies = pylayout.collection("cookie_header(", "{", groups["cookie"], "})", indent=20)
            header_items = [*header_items, f'"Cookie": {cookies}']
        if header_items:
            call.append(_arg("headers", header_items))
        flag_field = op.streaming.flag if op.streaming else None
        body = op.body
        if body is not None:
            if body.fields is not None:
                json_items: list[str] = []
                file_items: list[str] = []
                for body_field in body.fields:
                    annotation = self._field_type(body_field, imports)
                    if body_field is not flag_field:
                        self._keyword(
                            body_field.py_name,
                            annotation,
                            body_field.required,
                            required_kw,
                            optional_kw,
                        )
                    (file_items if body_field.is_file else json_items).append(
                        f"{literal(body_field.wire_name)}: {body_field.py_name}"
                    )
                if body.encoding == "json":
                    call.append(_arg("json", json_items))
                else:
                    call.append(_arg("data", json_items))
                    if body.encoding == "multipart":
                        call.append(_arg("files", file_items))
            else:
                annotation = self._whole_body_type(body.encoding, body.schema, imports)
                self._keyword(body.py_name, annotation, body.required, required_kw, optional_kw)
                if body.encoding == "json":
                    call.append(f"json={body.py_name}")
                elif body.encoding in ("form", "multipart"):
                    call.append(f"data={body.py_name}")
                else:
                    call.append(f"content={body.py_name}")
                    call.append(f"content_type={literal(body.media_type)}")
        returns_sync, returns_async, cast, how = self._returns(op, imports)
        extras = [
            "extra_headers: Headers | None = None",
            "extra_query: Query | None = None",
            "extra_body: Body | None = None",
            "timeout: Timeout | Omit = omit",
            f"max_retries: {self._spell('int', imports)} | Omit = omit",
        ]
        call.extend(
            [
                f"auth={op.auth}",
                "extra_headers=extra_headers",
                "extra_query=extra_query",
                "extra_body=extra_body",
                "timeout=timeout",
                "max_retries=max_retries",
            ]
        )
        overloads: list[tuple[list[str], str, str]] = []
        if op.streaming is not None and flag_field is not None:
            imports.need("_streaming", "Stream", "AsyncStream")
            chunk = self.types.output(op.streaming.chunk_schema)
            imports.add_type(chunk)
            flag = flag_field.py_name
            boolean = self._spell("bool", imports)
            stream_sync, stream_async = f"Stream[{chunk.text}]", f"AsyncStream[{chunk.text}]"
            variants = [
                (f"{flag}: Literal[False] | Omit = omit", returns_sync, returns_async),
                (f"{flag}: Literal[True]", stream_sync, stream_async),
                (
                    f"{flag}: {boolean}",
                    f"{returns_sync} | {stream_sync}",
                    f"{returns_async} | {stream_async}",
                ),
            ]
            for flag_param, sync_ret, async_ret in variants:
                overloads.append(
                    (
                        self._signature(positional, required_kw, optional_kw, extras, flag_param),
                        sync_ret,
                        async_ret,
                    )
                )
            optional_kw.append(f"{flag}: {boolean} | Omit = omit")
            terminator = literal(self._terminator(op))
            call[2:2] = [
                (
                    pylayout.keyword_argument("cast_to", cast, indent=16)
                    if chunk.text == cast  # chunks and whole responses may share a schema
                    else pylayout.conditional_argument(
                        "cast_to", chunk.text, f"{flag} is True", cast, indent=16
                    )
                ),
                f"stream={flag} is True",
                f"terminator={terminator}",
            ]
            returns_sync = f"{returns_sync} | {stream_sync}"
            returns_async = f"{returns_async} | {stream_async}"
        else:
            call[2:2] = [
                pylayout.keyword_argument("cast_to", cast, indent=16),
                *([how] if how else []),
            ]
        params = self._signature(positional, required_kw, optional_kw, extras)
        overloads = [([_param(p) for p in ps], sync, asy) for ps, sync, asy in overloads]
        return MethodView(
            name=op.name,
            doc=docstring(self._doc(op), indent="        "),
            params=[_param(p) for p in params],
            returns_sync=returns_sync,
            returns_async=returns_async,
            call=call,
            overloads=overloads,
        )

    def _terminator(self, op: Operation) -> str | None:
        """OpenAI's `data: [DONE]` end marker when the target declares it; otherwise the stream ends at EOF."""
        configured = self.target.streaming.get(op.key)
        return configured.terminator if configured else None

    @staticmethod
    def _keyword(
        name: str, annotation: str, required: bool, required_kw: list[str], optional_kw: list[str]
    ) -> None:
        if required:
            required_kw.append(f"{name}: {annotation}")
        elif annotation.endswith(" | None"):
            # `None` stays last in a union (ruff RUF036): `float | Omit | None`.
            optional_kw.append(f"{name}: {annotation.removesuffix(' | None')} | Omit | None = omit")
        else:
            optional_kw.append(f"{name}: {annotation} | Omit = omit")

    @staticmethod
    def _signature(
        positional: list[str],
        required_kw: list[str],
        optional_kw: list[str],
        extras: list[str],
        flag: str | None = None,
    ) -> list[str]:
        keywords = [*required_kw, *([flag] if flag and "=" not in flag else []), *optional_kw]
        if flag and "=" in flag:
            keywords.append(flag)
        return [*positional, "*", *keywords, *extras]

    def _whole_body_type(self, encoding: str, schema: str | None, imports: Imports) -> str:
        if encoding in ("binary",):
            imports.need("_types", "FileContent")
            return "FileContent"
        if encoding == "text":
            return self._spell("str", imports)
        py = self.types.input(schema)
        imports.add_type(py)
        return py.text

    def _returns(self, op: Operation, imports: Imports) -> tuple[str, str, str, str]:
        """(sync annotation, async annotation, the runtime type to parse, further `_request` arguments)."""
        response = op.response
        if response.kind == "empty":
            return "None", "None", "None", ""
        if response.kind == "text":
            text = self._spell("str", imports)
            return text, text, "str", ""
        if response.kind == "binary":
            imports.need("_response", "BinaryResponse", "AsyncBinaryResponse")
            return "BinaryResponse", "AsyncBinaryResponse", "None", "binary=True"
        py = self.types.output(response.schema)
        imports.add_type(py)
        if response.kind == "sse":
            imports.need("_streaming", "Stream", "AsyncStream")
            return f"Stream[{py.text}]", f"AsyncStream[{py.text}]", py.text, "stream=True"
        return py.text, py.text, py.text, ""

    def _doc(self, op: Operation) -> str:
        parts = [op.summary or f"{op.method.upper()} {op.path}"]
        if op.description and op.description != op.summary:
            parts.append(op.description)
        if op.deprecated:
            parts.append("Deprecated: the API marks this operation as deprecated.")
        args = []
        for param in op.parameters:
            if param.description:
                args.append(f"{param.py_name}: {' '.join(param.description.split())}")
        if op.body is not None and op.body.fields is not None:
            for body_field in op.body.fields:
                if body_field.description:
                    args.append(f"{body_field.py_name}: {' '.join(body_field.description.split())}")
        elif op.body is not None and op.body.description:
            args.append(f"{op.body.py_name}: {' '.join(op.body.description.split())}")
        if args:
            room = pylayout.LINE_LENGTH - 8  # method docstrings are indented 8 spaces
            wrapped = [
                "\n".join(
                    textwrap.wrap(a, room, initial_indent="    ", subsequent_indent="        ")
                )
                for a in args
            ]
            parts.append("Args:\n" + "\n".join(wrapped))
        parts.append(f"`{op.method.upper()} {op.path}`")
        return "\n\n".join(parts)
