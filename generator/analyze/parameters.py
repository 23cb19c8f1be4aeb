"""Operations as the spec lists them, and their parameters: path parameters positional, the rest keyword-only."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.analyze.context import Context, RawOperation, obj, text
from generator.analyze.responses import returns_array
from generator.document import HTTP_METHODS, deref, is_data_keyword
from generator.errors import ClientgenError, Problem, pointer
from generator.identifiers import claim, snake
from generator.ir import Parameter
from generator.operation_names import OpKey, OpName, assign_names, path_param_names

# Header parameters OpenAPI says to ignore: the client sets them itself.
IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
SLASH_EXTENSION = "x-clientgen-allow-slash"


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
        if is_data_keyword(path):  # an extension: data, not a path
            continue
        item_ptr = pointer("paths", path)
        try:
            item, _ = deref(ctx.document, paths[path], item_ptr)
        except ClientgenError as exc:
            ctx.tolerate(exc, Problem(item_ptr, f"path skipped: {exc.what}", path, exc.fix or ""))
            continue
        if not isinstance(item, dict):
            error = ClientgenError(
                f"path item for {path} is not an object", where=item_ptr, fix="make it an object"
            )
            ctx.tolerate(error, Problem(item_ptr, "path skipped: path item is not an object", path))
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if op is None:
                continue
            op_ptr = pointer("paths", path, method)
            if not isinstance(op, dict):
                error = ClientgenError(
                    "operation is not an object", where=op_ptr, fix="make it an object"
                )
                key = f"{method.upper()} {path}"
                ctx.tolerate(error, Problem(op_ptr, "operation skipped: not an object", key))
                continue
            params = _merge_parameters(
                item.get("parameters"), op.get("parameters"), item_ptr, op_ptr
            )
            found.append((path, method, {**op, "parameters": params}, op_ptr))
    return found


def _merge_parameters(common: Any, own: Any, item_ptr: str, op_ptr: str) -> list[tuple[Any, str]]:
    # An operation's parameter replaces the path item's of the same name and location, in its place.
    merged: dict[tuple[str, str], tuple[Any, str]] = {}
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
            merged[key] = (param, ptr)
    return list(merged.values())


def name_operations(ctx: Context, found: list[RawOperation]) -> dict[OpKey, OpName]:
    """Each operation's resource chain and method name (`generator.operation_names`); renames are warned about."""
    names, renames = assign_names(
        [(method, path) for path, method, _, _ in found],
        prefixes=ctx.target.strip_prefixes,
        overrides=ctx.target.names,
        # Hints: a tag names the resource of a path without one; a GET that answers an array lists.
        fallback_for={(method, path): _first_tag(op) for path, method, op, _ in found},
        returning_arrays=frozenset(
            (method, path)
            for path, method, op, op_ptr in found
            if method == "get" and returns_array(ctx, op, op_ptr)
        ),
        where=str(ctx.target.config_path or "target"),
    )
    ctx.warnings.extend(renames)
    return names


def _first_tag(op: dict[str, Any]) -> str:
    tags = op.get("tags")
    if isinstance(tags, list) and tags and isinstance(tags[0], str):
        return tags[0]
    return "api"


def parameters(
    ctx: Context, path: str, op: dict[str, Any], op_ptr: str, key: str, taken: set[str]
) -> list[Parameter]:
    """The operation's parameters, path parameters first, named clear of `taken` (and added to it)."""
    declared: dict[str, Parameter] = {}
    others: list[Parameter] = []
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
            error = ClientgenError(
                f"path parameter {wire!r} is not in the path template",
                where=param_ptr,
                fix=f"add {{{wire}}} to the path or remove the parameter",
            )
            ignored = Problem(
                param_ptr, f"path parameter {wire!r} is not in the path; ignored", key
            )
            ctx.tolerate(error, ignored, warning=True)
            continue
        # Only `deepObject` changes what the client sends; query parameters are otherwise sent as the
        # default `form` style with `explode` (a list repeats its key), which is what specs mostly declare.
        style = param.get("style")
        made = Parameter(
            wire_name=wire,
            py_name="",
            location=location,
            required=location == "path" or param.get("required") is True,
            schema=_schema(param, param_ptr),
            description=text(param.get("description")),
            pointer=param_ptr,
            deep_object=style == "deepObject",
            allow_slash=param.get(SLASH_EXTENSION) is True,
        )
        if location == "path":
            declared[wire] = made
        else:
            others.append(made)
    named: list[Parameter] = []
    for wire in template_names:
        found = declared.get(wire)
        if found is None:
            where = f"{op_ptr}/parameters"
            error = ClientgenError(
                f"path parameter {wire!r} is not declared",
                where=where,
                fix=f"declare {{name: {wire}, in: path, required: true, schema: {{type: string}}}} in the overlay",
            )
            as_string = Problem(where, f"undeclared path parameter {wire!r} taken as a string", key)
            ctx.tolerate(error, as_string, warning=True)
            found = Parameter(wire_name=wire, py_name="", location="path", required=True, schema="")
        named.append(replace(found, py_name=claim(snake(wire, prefix="p"), taken)))
    for param in others:
        py_name = snake(param.wire_name, prefix="p")
        named.append(replace(param, py_name=claim(py_name, taken, f"{py_name}_{param.location}")))
    return named


def _schema(param: dict[str, Any], ptr: str) -> str:
    if "schema" in param:
        return ptr + "/schema"
    content = obj(param.get("content"))
    media = sorted(content)[0] if content else ""
    if "schema" in obj(content.get(media)):
        return ptr + pointer("content", media, "schema")
    return ""
