"""Operations as the spec lists them, and their parameters: path parameters positional, the rest keyword-only."""

from __future__ import annotations

from typing import Any

from generator.analyze.context import RESERVED_ARGUMENTS, Context, obj, text
from generator.document import HTTP_METHODS, deref
from generator.errors import ClientgenError, Problem, pointer
from generator.identifiers import snake, unique
from generator.ir import Parameter
from generator.media import body_encoding
from generator.operation_names import path_param_names

# Header parameters OpenAPI says to ignore: the client sets them itself.
IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
SLASH_EXTENSION = "x-clientgen-allow-slash"

RawOperation = tuple[str, str, dict[str, Any], str]  # (path, method, operation, pointer)


def collect(ctx: Context) -> list[RawOperation]:
    """Every operation, sorted by path then method, with its path item's parameters merged into its own."""
    paths = ctx.document.get("paths") or {}
    if not isinstance(paths, dict):
        raise ClientgenError(
            "`paths` is not an object",
            where="#/paths",
            fix="make `paths` a mapping of path templates",
        )
    found = []
    for path in sorted(paths):
        item_ptr = pointer("paths", path)
        try:
            item, _ = deref(ctx.document, paths[path], item_ptr)
        except ClientgenError as exc:
            if not ctx.lenient:
                raise
            ctx.skipped.append(Problem(item_ptr, f"path skipped: {exc.what}", path, exc.fix or ""))
            continue
        if not isinstance(item, dict):
            if not ctx.lenient:
                raise ClientgenError(
                    f"path item for {path} is not an object",
                    where=item_ptr,
                    fix="make it an object",
                )
            ctx.skipped.append(Problem(item_ptr, "path skipped: path item is not an object", path))
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if op is None:
                continue
            op_ptr = pointer("paths", path, method)
            if not isinstance(op, dict):
                if not ctx.lenient:
                    raise ClientgenError(
                        "operation is not an object", where=op_ptr, fix="make it an object"
                    )
                ctx.skipped.append(
                    Problem(op_ptr, "operation skipped: not an object", f"{method.upper()} {path}")
                )
                continue
            merged = dict(op)
            merged["parameters"] = _merge_parameters(
                item.get("parameters"), op.get("parameters"), item_ptr, op_ptr
            )
            found.append((path, method, merged, op_ptr))
    return found


def _merge_parameters(common: Any, own: Any, item_ptr: str, op_ptr: str) -> list[tuple[Any, str]]:
    merged: dict[tuple[str, str], tuple[Any, str]] = {}
    order: list[tuple[str, str]] = []
    for source, base in ((common, item_ptr), (own, op_ptr)):
        if not isinstance(source, list):
            continue
        for index, param in enumerate(source):
            ptr = f"{base}/parameters/{index}"
            key = (
                (str(param.get("name")), str(param.get("in")))
                if isinstance(param, dict) and "$ref" not in param
                else (ptr, "")
            )
            if key not in merged:
                order.append(key)
            merged[key] = (param, ptr)
    return [merged[k] for k in order]


def returns_array(ctx: Context, op: dict[str, Any], op_ptr: str) -> bool:
    """Whether the operation's first 2xx JSON response is an array (a naming hint: it lists)."""
    try:
        for code, raw in sorted(obj(op.get("responses")).items()):
            if not str(code).startswith("2"):
                continue
            response, ptr = deref(ctx.document, raw, f"{op_ptr}/responses/{code}")
            for media, content in sorted(obj(obj(response).get("content")).items()):
                if body_encoding(media) == "json" and isinstance(content, dict) and "schema" in content:
                    schema, _ = deref(ctx.document, content["schema"], ptr)
                    return isinstance(schema, dict) and schema.get("type") == "array"
    except ClientgenError:
        return False
    return False


def first_tag(op: dict[str, Any]) -> str:
    tags = op.get("tags")
    if isinstance(tags, list) and tags and isinstance(tags[0], str):
        return tags[0]
    return "api"


def parameters(ctx: Context, path: str, op: dict[str, Any], op_ptr: str, key: str) -> list[Parameter]:
    declared: dict[str, Parameter] = {}
    others: list[Parameter] = []
    taken: set[str] = set(RESERVED_ARGUMENTS)
    template_names = path_param_names(path)
    for raw, ptr in op["parameters"]:
        param, param_ptr = deref(ctx.document, raw, ptr)
        if not isinstance(param, dict) or not isinstance(param.get("name"), str):
            raise ClientgenError(
                "parameter has no name", where=param_ptr, fix="give the parameter a `name`"
            )
        location = param.get("in")
        wire = param["name"]
        if location not in ("path", "query", "header", "cookie"):
            raise ClientgenError(
                f"parameter {wire!r} has unsupported location {location!r}",
                where=param_ptr,
                fix="use in: path, query, header or cookie",
            )
        if location == "header" and wire.lower() in IGNORED_HEADERS:
            continue
        if location == "path" and wire not in template_names:
            if not ctx.lenient:
                raise ClientgenError(
                    f"path parameter {wire!r} is not in the path template",
                    where=param_ptr,
                    fix=f"add {{{wire}}} to the path or remove the parameter",
                )
            ctx.warnings.append(
                Problem(param_ptr, f"path parameter {wire!r} is not in the path; ignored", key)
            )
            continue
        default_style = "simple" if location in ("path", "header") else "form"
        style = str(param["style"]) if isinstance(param.get("style"), str) else default_style
        explode = (
            bool(param["explode"]) if isinstance(param.get("explode"), bool) else style == "form"
        )
        made = Parameter(
            wire_name=wire,
            py_name="",
            location=location,
            required=location == "path" or param.get("required") is True,
            schema=_schema(param, param_ptr),
            description=text(param.get("description")),
            pointer=param_ptr,
            style=style,
            explode=explode,
            allow_slash=param.get(SLASH_EXTENSION) is True,
            deprecated=param.get("deprecated") is True,
        )
        if location == "path":
            declared[wire] = made
        else:
            others.append(made)
    path_params: list[Parameter] = []
    for wire in template_names:
        found = declared.get(wire)
        if found is None:
            if not ctx.lenient:
                raise ClientgenError(
                    f"path parameter {wire!r} is not declared",
                    where=f"{op_ptr}/parameters",
                    fix=f"declare {{name: {wire}, in: path, required: true, schema: {{type: string}}}} in the overlay",
                )
            ctx.warnings.append(
                Problem(
                    f"{op_ptr}/parameters",
                    f"undeclared path parameter {wire!r} taken as a string",
                    key,
                )
            )
            found = Parameter(wire_name=wire, py_name="", location="path", required=True, schema="")
        py_name = unique(snake(wire, prefix="p"), taken)
        taken.add(py_name)
        path_params.append(_named(found, py_name))
    named_others = []
    for param in others:
        py_name = snake(param.wire_name, prefix="p")
        if py_name in taken:
            py_name = unique(f"{py_name}_{param.location}", taken)
        taken.add(py_name)
        named_others.append(_named(param, py_name))
    return path_params + named_others


def _named(param: Parameter, py_name: str) -> Parameter:
    return Parameter(**{**param.__dict__, "py_name": py_name})


def _schema(param: dict[str, Any], ptr: str) -> str:
    if "schema" in param:
        return ptr + "/schema"
    content = param.get("content")
    if isinstance(content, dict) and content:
        media = sorted(content)[0]
        if isinstance(content[media], dict) and "schema" in content[media]:
            return f"{ptr}/content/{pointer(media)[1:]}/schema"
    return ""
