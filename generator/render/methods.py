"""One generated method per operation: its signature, the `_request` call it makes and its docstring.

Everything here is a finished code fragment (type expressions, argument lists, escaped docstrings); the
resource template only places them, and `ruff format` lays them out.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from generator.config import Target
from generator.escape import as_code, docstring, literal
from generator.format import LINE_LENGTH
from generator.ir import BodyField, Operation, Parameter
from generator.render.imports import Imports
from generator.render.pages import PageClass
from generator.typemap import TypeMapper, spell, union_members


@dataclass
class MethodView:
    name: str
    doc: str
    params: list[str]
    # Return annotations, and the types `_request` parses the response to (as a string literal for `cast`).
    returns_sync: str
    returns_async: str
    cast_sync: str
    cast_async: str
    call: list[str]
    # `int` as the method's class can spell it (a method named `int` hides the builtin).
    int_type: str
    # (parameters, sync return type, async return type) of each `@overload`.
    overloads: list[tuple[list[str], str, str]] = field(default_factory=list)
    # A paginated listing's async method is a plain `def` returning an `AsyncPaginator` (awaitable for the
    # first page, or iterated for every item): it calls `_request_page` with these arguments.
    page_call_async: list[str] | None = None

    @property
    def argument_names(self) -> list[str]:
        """The Python names of the method's own parameters, in order (`*` left out)."""
        return [p.partition(":")[0] for p in self.params if p != "*"]


def chosen_cast(chunk: str, flag: str, whole: str) -> str:
    """The `cast_to` of a streaming call: the chunk type when the flag is set, else the whole response's.

    Black parenthesises a conditional expression that it has to split and ruff does not, so the parentheses are
    written out whenever the argument cannot stay on its line (16 spaces deep in the resource template).
    """
    conditional = f"{chunk} if {flag} is True else {whole}"
    if 16 + len(f"cast_to={conditional},") <= LINE_LENGTH:
        return conditional
    return f"({conditional})"


def parameter(text: str) -> str:
    """A `name: annotation[ = default]` parameter (8 spaces deep, a comma after it), as black would lay it out.

    Black puts a too-long annotation in parentheses when it has a default or is a union; ruff splits it
    without them (a known difference between the two), so the parentheses are written out for it.
    """
    if 8 + len(text) + 1 <= LINE_LENGTH or ": " not in text:
        return text
    name, _, rest = text.partition(": ")
    annotation, equals, default = rest.rpartition(" = ") if " = " in rest else (rest, "", "")
    if equals or len(union_members(annotation)) > 1:
        return f"{name}: ({annotation}){equals}{default}"
    return text


def return_annotation(returns: str, suffix: str) -> str:
    """The annotation after `    ) -> ` ending in `suffix`, in parentheses where black splits a long union."""
    if 4 + len(f") -> {returns}{suffix}") <= LINE_LENGTH or len(union_members(returns)) < 2:
        return returns
    return f"({returns})"


def _mapping(name: str, items: list[str]) -> str:
    return f"{name}={{{', '.join(items)}}}"


def _tuple(items: list[str]) -> str:
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


class MethodWriter:
    """Writes the methods of one resource module; `types.shadowed` tells it which builtins a method hides."""

    def __init__(
        self, types: TypeMapper, target: Target, pages: dict[str, PageClass] | None = None
    ) -> None:
        self.types = types
        self.target = target
        # The page class of each paginated operation, by "METHOD /path".
        self.pages = pages or {}

    def method(self, op: Operation, imports: Imports) -> MethodView:
        positional: list[str] = []
        required_kw: list[str] = []
        optional_kw: list[str] = []
        call: list[str] = [literal(op.method), literal(op.path)]
        path_args = [p for p in op.parameters if p.location == "path"]
        for param in path_args:
            positional.append(f"{param.py_name}: {self._param_type(param, imports)}")
        if path_args:
            call.append(
                _mapping("path_params", [f"{literal(p.wire_name)}: {p.py_name}" for p in path_args])
            )
            slash = [literal(p.wire_name) for p in path_args if p.allow_slash]
            if slash:
                call.append(f"allow_slash={_tuple(slash)}")
        groups: dict[str, list[str]] = {"query": [], "header": [], "cookie": []}
        deep = []
        for param in op.parameters:
            if param.location == "path":
                continue
            annotation = self._param_type(param, imports)
            _keyword(param.py_name, annotation, param.required, required_kw, optional_kw)
            groups[param.location].append(f"{literal(param.wire_name)}: {param.py_name}")
            if param.deep_object:
                deep.append(literal(param.wire_name))
        if groups["query"]:
            call.append(_mapping("query", groups["query"]))
        if deep:
            call.append(f"deep_object={_tuple(deep)}")
        header_items = groups["header"]
        if op.response.format in ("binary", "text") and op.response.media_type:
            # The runtime asks for JSON by default; a download must accept what the operation answers with
            # (servers and mocks that negotiate content answer 406 otherwise).
            header_items = [f'"Accept": {literal(op.response.media_type)}', *header_items]
        if header_items:
            call.append(_mapping("headers", header_items))
        if groups["cookie"]:
            call.append(_mapping("cookies", groups["cookie"]))
        flag_field = op.streaming.flag if op.streaming else None
        body = op.body
        if body is not None and body.fields is not None:
            json_items: list[str] = []
            file_items: list[str] = []
            for body_field in body.fields:
                annotation = self._field_type(body_field, imports)
                if body_field is not flag_field:
                    _keyword(
                        body_field.py_name, annotation, body_field.required, required_kw, optional_kw
                    )
                (file_items if body_field.is_file else json_items).append(
                    f"{literal(body_field.wire_name)}: {body_field.py_name}"
                )
            if body.encoding == "json":
                call.append(_mapping("json", json_items))
            else:
                call.append(_mapping("data", json_items))
                if body.encoding == "multipart":
                    call.append(_mapping("files", file_items))
        elif body is not None:
            annotation = self._whole_body_type(body.encoding, body.schema, imports)
            _keyword(body.py_name, annotation, body.required, required_kw, optional_kw)
            if body.encoding == "json":
                call.append(f"json={body.py_name}")
            elif body.encoding in ("form", "multipart"):
                call.append(f"data={body.py_name}")
            else:
                call.append(f"content={body.py_name}")
                call.append(f"content_type={literal(body.media_type)}")
        returns_sync, returns_async, cast, how = self._returns(op, imports)
        call.append(f"auth={op.auth}")
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
                params = _signature(positional, required_kw, optional_kw, flag_param)
                overloads.append(
                    (
                        params,
                        return_annotation(sync_ret, ": ..."),
                        return_annotation(async_ret, ": ..."),
                    )
                )
            optional_kw.append(f"{flag}: {boolean} | Omit = omit")
            # Chunks and whole responses may share a schema.
            cast_to = cast if chunk.text == cast else chosen_cast(chunk.text, flag, cast)
            # OpenAI's `data: [DONE]` end marker when the target declares it; else the stream ends at EOF.
            configured = self.target.streaming.get(op.key)
            terminator = literal(configured.terminator if configured else None)
            call[2:2] = [f"cast_to={cast_to}", f"stream={flag} is True", f"terminator={terminator}"]
            returns_sync = f"{returns_sync} | {stream_sync}"
            returns_async = f"{returns_async} | {stream_async}"
        else:
            call[2:2] = [f"cast_to={cast}", *([how] if how else [])]
        page = self.pages.get(op.key)
        page_call_async = None
        if page is not None:
            page_call_async = [*call[:2], f"page={page.async_name}", *call[3:]]
        return MethodView(
            name=op.name,
            doc=docstring(method_doc(op), indent="        "),
            params=_signature(positional, required_kw, optional_kw),
            returns_sync=return_annotation(returns_sync, ":"),
            returns_async=return_annotation(returns_async, ":"),
            cast_sync=literal(returns_sync),
            cast_async=literal(returns_async),
            call=call,
            int_type=self._spell("int", imports),
            overloads=overloads,
            page_call_async=page_call_async,
        )

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

    def _whole_body_type(self, encoding: str, schema: str | None, imports: Imports) -> str:
        if encoding == "binary":
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
        if response.format == "empty":
            return "None", "None", "None", ""
        if response.format == "text":
            text = self._spell("str", imports)
            return text, text, "str", ""
        if response.format == "binary":
            imports.need("_response", "BinaryResponse", "AsyncBinaryResponse")
            return "BinaryResponse", "AsyncBinaryResponse", "None", "binary=True"
        page = self.pages.get(op.key)
        if page is not None and op.pagination is not None:
            imports.need(page.module, page.sync_name, page.async_name)
            imports.need("_pagination", "AsyncPaginator")
            item = self.types.output(op.pagination.item_schema)
            imports.add_type(item)
            returns_async = f"AsyncPaginator[{page.async_name}, {item.text}]"
            return page.sync_name, returns_async, page.sync_name, ""
        py = self.types.output(response.schema)
        imports.add_type(py)
        if response.format == "sse":
            imports.need("_streaming", "Stream", "AsyncStream")
            return f"Stream[{py.text}]", f"AsyncStream[{py.text}]", py.text, "stream=True"
        return py.text, py.text, py.text, ""


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


def _signature(
    positional: list[str],
    required_kw: list[str],
    optional_kw: list[str],
    flag: str | None = None,
) -> list[str]:
    keywords = [*required_kw, *([flag] if flag and "=" not in flag else []), *optional_kw]
    if flag and "=" in flag:
        keywords.append(flag)
    return [parameter(p) for p in (*positional, "*", *keywords)]


def method_doc(op: Operation, bound: frozenset[str] = frozenset()) -> str:
    """The method's docstring text; a scoped view leaves out the parameters it binds (`bound`)."""
    parts = [op.summary or route(op)]
    if op.description and op.description != op.summary:
        parts.append(op.description)
    if op.deprecated:
        parts.append("Deprecated: the API marks this operation as deprecated.")
    args = []
    for param in op.parameters:
        if param.description and param.py_name not in bound:
            args.append(f"{param.py_name}: {' '.join(param.description.split())}")
    if op.body is not None and op.body.fields is not None:
        for body_field in op.body.fields:
            if body_field.description:
                args.append(f"{body_field.py_name}: {' '.join(body_field.description.split())}")
    elif op.body is not None and op.body.description:
        args.append(f"{op.body.py_name}: {' '.join(op.body.description.split())}")
    if args:
        room = LINE_LENGTH - 8  # method docstrings are indented 8 spaces
        wrapped = [
            "\n".join(textwrap.wrap(a, room, initial_indent="    ", subsequent_indent="        "))
            for a in args
        ]
        parts.append("Args:\n" + "\n".join(wrapped))
    parts.append(f"`{route(op)}`")
    return "\n\n".join(parts)


def route(op: Operation) -> str:
    """`GET /items/{id}`, as the documentation shows it (whatever characters the path holds)."""
    return f"{op.method.upper()} {as_code(op.path)}"
