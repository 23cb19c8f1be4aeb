"""Stage 4: build the model of the API (`generator.ir`) from the overlaid, validated document.

Everything the templates need is decided here: which operations exist and what they are called, which
arguments each takes (path parameters positional, the rest keyword-only), how the body is sent and what comes
back. Inline request and response schemas that need a model class are hoisted into `components/schemas` under
names derived from the operation (`TrainStatusUpdateRequest`), so that model names are stable and readable.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.config import Target
from generator.document import HTTP_METHODS, deref
from generator.errors import ClientgenError, Problem, pointer
from generator.ir import (
    Api,
    AuthScheme,
    BodyEncoding,
    BodyField,
    Operation,
    Parameter,
    RequestBody,
    Resource,
    Response,
    ResponseKind,
    StreamingOption,
)
from generator.naming import pascal, snake, unique
from generator.resources import assign_names, path_param_names, resource_class_name
from generator.usage import used_schemas

# Names the generated method bodies and signatures use for themselves.
RESERVED_ARGUMENTS = frozenset(
    {"self", "extra_headers", "extra_query", "extra_body", "timeout", "max_retries"}
)
# Header parameters OpenAPI says to ignore: the client sets them itself.
IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
SLASH_EXTENSION = "x-clientgen-allow-slash"
_JSON_MEDIA = re.compile(r"^application/([\w.+-]+\+)?json(;.*)?$|^\*/\*\+json$")


@dataclass
class _Context:
    document: dict[str, Any]
    target: Target
    lenient: bool
    warnings: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    hoisted: set[str] = field(default_factory=set)

    @property
    def schemas(self) -> dict[str, Any]:
        components = self.document.setdefault("components", {})
        if not isinstance(components, dict):
            raise ClientgenError(
                "`components` is not an object", where="#/components", fix="make it an object"
            )
        schemas: dict[str, Any] = components.setdefault("schemas", {})
        return schemas


def analyze(document: dict[str, Any], target: Target, *, lenient: bool = False) -> Api:
    document = copy.deepcopy(document)
    ctx = _Context(document=document, target=target, lenient=lenient)
    raw_operations = _collect(ctx)
    keys = [(method, path) for path, method, _, _ in raw_operations]
    fallback = {(method, path): _first_tag(op) for path, method, op, _ in raw_operations}
    arrays = frozenset(
        (method, path)
        for path, method, op, op_ptr in raw_operations
        if method == "get" and _returns_array(ctx, op, op_ptr)
    )
    names, notes = assign_names(
        keys,
        prefixes=target.strip_prefixes,
        overrides=target.names,
        fallback_for=fallback,
        returning_arrays=arrays,
        where=str(target.config_path or "target"),
    )
    for method, path, note in notes:
        ctx.warnings.append(
            Problem(pointer("paths", path, method), note, f"{method.upper()} {path}")
        )
    operations: list[Operation] = []
    for path, method, op, op_ptr in raw_operations:
        resource, name = names[(method, path)]
        try:
            operations.append(_operation(ctx, path, method, op, op_ptr, resource, name))
        except ClientgenError as exc:
            if not lenient:
                raise
            ctx.skipped.append(
                Problem(
                    op_ptr,
                    f"operation skipped: {exc.what}",
                    f"{method.upper()} {path}",
                    exc.fix or "",
                )
            )
    _check_streaming_config(ctx, operations)
    unused: tuple[str, ...] = ()
    if not target.all_schemas:
        used = used_schemas(document, operations)
        unused = tuple(sorted(name for name in ctx.schemas if name not in used))
    info = _obj(document.get("info"))
    return Api(
        title=str(info.get("title") or target.package),
        version=str(info.get("version") or ""),
        description=str(info.get("description") or ""),
        openapi_version=str(document.get("openapi")),
        base_url=target.base_url or _server_url(document),
        document=document,
        operations=operations,
        root=_resource_tree(operations),
        auth=_auth_scheme(document),
        warnings=ctx.warnings,
        skipped=ctx.skipped,
        unused_schemas=unused,
    )


def _returns_array(ctx: _Context, op: dict[str, Any], op_ptr: str) -> bool:
    """Whether the operation's first 2xx JSON response is an array (a naming hint: it lists)."""
    try:
        for code, raw in sorted(_obj(op.get("responses")).items()):
            if not str(code).startswith("2"):
                continue
            response, ptr = deref(ctx.document, raw, f"{op_ptr}/responses/{code}")
            for media, content in sorted(_obj(_obj(response).get("content")).items()):
                if (
                    _classify_media(media) == "json"
                    and isinstance(content, dict)
                    and "schema" in content
                ):
                    schema, _ = deref(ctx.document, content["schema"], ptr)
                    return isinstance(schema, dict) and schema.get("type") == "array"
    except ClientgenError:
        return False
    return False


def _first_tag(op: dict[str, Any]) -> str:
    tags = op.get("tags")
    if isinstance(tags, list) and tags and isinstance(tags[0], str):
        return tags[0]
    return "api"


def _collect(ctx: _Context) -> list[tuple[str, str, dict[str, Any], str]]:
    """(path, method, operation, pointer) of every operation, sorted by path then method."""
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


def _operation(
    ctx: _Context,
    path: str,
    method: str,
    op: dict[str, Any],
    op_ptr: str,
    resource: tuple[str, ...],
    name: str,
) -> Operation:
    key = f"{method.upper()} {path}"
    parameters = _parameters(ctx, path, op, op_ptr, key)
    taken = {p.py_name for p in parameters} | RESERVED_ARGUMENTS
    hoist_base = pascal(resource[-1] if resource else "") + pascal(name)
    body = _request_body(ctx, op, op_ptr, taken, hoist_base)
    response, sse_schema = _response(ctx, op, op_ptr, hoist_base)
    streaming = _streaming(ctx, key, body, response, sse_schema, op_ptr)
    if response.kind == "json" and sse_schema is not None and streaming is None:
        ctx.warnings.append(
            Problem(
                op_ptr,
                "response offers JSON and text/event-stream but no boolean body field chooses between "
                "them; generated as JSON only",
                key,
                "declare the flag in the target's [streaming] table",
            )
        )
    operation_id = op.get("operationId")
    return Operation(
        key=key,
        method=method,
        path=path,
        pointer=op_ptr,
        operation_id=operation_id if isinstance(operation_id, str) else None,
        summary=_text(op.get("summary")),
        description=_text(op.get("description")),
        deprecated=op.get("deprecated") is True,
        resource=resource,
        name=name,
        parameters=parameters,
        body=body,
        response=response,
        auth=_needs_auth(ctx.document, op),
        streaming=streaming,
    )


def _obj(value: Any) -> dict[str, Any]:
    """The value when it is a JSON object, else an empty one (specs put odd things in odd places)."""
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _parameters(
    ctx: _Context, path: str, op: dict[str, Any], op_ptr: str, key: str
) -> list[Parameter]:
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
        schema_ptr = _parameter_schema(ctx, param, param_ptr)
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
            schema=schema_ptr,
            description=_text(param.get("description")),
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
        param = declared.get(wire)
        if param is None:
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
            param = Parameter(wire_name=wire, py_name="", location="path", required=True, schema="")
        py_name = unique(snake(wire, prefix="p"), taken)
        taken.add(py_name)
        path_params.append(_with_name(param, py_name))
    named_others = []
    for param in others:
        py_name = snake(param.wire_name, prefix="p")
        if py_name in taken:
            py_name = unique(f"{py_name}_{param.location}", taken)
        taken.add(py_name)
        named_others.append(_with_name(param, py_name))
    return path_params + named_others


def _with_name(param: Parameter, py_name: str) -> Parameter:
    return Parameter(**{**param.__dict__, "py_name": py_name})


def _parameter_schema(ctx: _Context, param: dict[str, Any], ptr: str) -> str:
    if "schema" in param:
        return ptr + "/schema"
    content = param.get("content")
    if isinstance(content, dict) and content:
        media = sorted(content)[0]
        if isinstance(content[media], dict) and "schema" in content[media]:
            return f"{ptr}/content/{pointer(media)[1:]}/schema"
    return ""


def _classify_media(media: str) -> BodyEncoding | None:
    media = media.lower()
    if _JSON_MEDIA.match(media) or media == "application/json":
        return "json"
    if media.startswith("multipart/"):
        return "multipart"
    if media.startswith("application/x-www-form-urlencoded"):
        return "form"
    if media.startswith("text/"):
        return "text"
    return "binary"


_BODY_PREFERENCE: dict[str, int] = {"json": 0, "multipart": 1, "form": 2, "binary": 3, "text": 4}


def _request_body(
    ctx: _Context, op: dict[str, Any], op_ptr: str, taken: set[str], hoist_base: str
) -> RequestBody | None:
    if "requestBody" not in op:
        return None
    body, body_ptr = deref(ctx.document, op["requestBody"], op_ptr + "/requestBody")
    if not isinstance(body, dict):
        raise ClientgenError(
            "requestBody is not an object", where=body_ptr, fix="make it an object"
        )
    content = body.get("content")
    if not isinstance(content, dict) or not content:
        return None
    choices = sorted(
        ((enc, media) for media in content if (enc := _classify_media(media)) is not None),
        key=lambda c: (_BODY_PREFERENCE[c[0]], c[1]),
    )
    encoding, media = choices[0]
    media_obj = content[media] if isinstance(content[media], dict) else {}
    media_ptr = f"{body_ptr}/content/{pointer(media)[1:]}"
    required = body.get("required") is True
    description = _text(body.get("description"))
    if "schema" not in media_obj:
        return _whole_body(encoding, media, required, None, taken, description)
    schema_ptr = media_ptr + "/schema"
    schema_ptr = _hoist(ctx, media_obj["schema"], schema_ptr, hoist_base + "Request", encoding)
    if encoding in ("json", "form", "multipart"):
        expanded = _object_fields(ctx, schema_ptr)
        if expanded is not None:
            fields = []
            properties, required_names = expanded
            for wire, prop_ptr, prop in properties:
                if isinstance(prop, dict) and prop.get("readOnly") is True:
                    continue
                py_name = snake(wire, prefix="field")
                if py_name in taken:
                    py_name = unique(
                        py_name + "_" if py_name in RESERVED_ARGUMENTS else f"{py_name}_body", taken
                    )
                taken.add(py_name)
                fields.append(
                    BodyField(
                        wire_name=wire,
                        py_name=py_name,
                        required=wire in required_names,
                        schema=prop_ptr,
                        description=(
                            _text(prop.get("description")) if isinstance(prop, dict) else ""
                        ),
                        is_file=encoding == "multipart" and _is_binary(ctx, prop, prop_ptr),
                    )
                )
            fields.sort(key=lambda f: not f.required)
            return RequestBody(
                media_type=media,
                encoding=encoding,
                required=required,
                schema=schema_ptr,
                fields=tuple(fields),
                description=description,
            )
    return _whole_body(encoding, media, required, schema_ptr, taken, description)


def _whole_body(
    encoding: BodyEncoding,
    media: str,
    required: bool,
    schema_ptr: str | None,
    taken: set[str],
    description: str,
) -> RequestBody:
    name = unique("body", taken)
    taken.add(name)
    return RequestBody(
        media_type=media,
        encoding=encoding,
        required=required,
        schema=schema_ptr,
        fields=None,
        py_name=name,
        description=description,
    )


def _is_binary(ctx: _Context, schema: Any, ptr: str) -> bool:
    node, _ = deref(ctx.document, schema, ptr)
    if not isinstance(node, dict):
        return False
    if node.get("type") == "array":
        return _is_binary(ctx, node.get("items"), ptr + "/items")
    return (
        node.get("format") == "binary"
        or "contentMediaType" in node
        or node.get("contentEncoding") == "binary"
    )


def _object_fields(
    ctx: _Context, schema_ptr: str
) -> tuple[list[tuple[str, str, Any]], set[str]] | None:
    """The properties of an object schema (following $ref and allOf), or None if it is not a plain object."""
    properties: dict[str, tuple[str, Any]] = {}
    required: set[str] = set()
    seen: set[str] = set()

    def visit(node: Any, ptr: str) -> bool:
        node, ptr = deref(ctx.document, node, ptr)
        if ptr in seen:
            return True
        seen.add(ptr)
        if not isinstance(node, dict):
            return False
        if any(k in node for k in ("oneOf", "anyOf")):
            return False
        kind = node.get("type")
        if (
            kind is not None
            and kind != "object"
            and not (isinstance(kind, list) and "object" in kind)
        ):
            return False
        for index, member in enumerate(node.get("allOf") or []):
            if not visit(member, f"{ptr}/allOf/{index}"):
                return False
        props = node.get("properties")
        if isinstance(props, dict):
            for name, prop in props.items():
                properties[name] = (f"{ptr}/properties/{pointer(name)[1:]}", prop)
        names = node.get("required")
        if isinstance(names, list):
            required.update(n for n in names if isinstance(n, str))
        return True

    if not visit(_node_at(ctx, schema_ptr), schema_ptr) or not properties:
        return None
    return [(name, ptr, prop) for name, (ptr, prop) in properties.items()], required


def _node_at(ctx: _Context, ptr: str) -> Any:
    from generator.document import resolve_pointer

    return resolve_pointer(ctx.document, ptr.removeprefix("#"))


def _needs_model(schema: Any, depth: int = 0) -> bool:
    """Whether an inline schema needs a generated class (an object with properties, an enum, a union...)."""
    if not isinstance(schema, dict) or "$ref" in schema or depth > 32:
        return False
    if any(k in schema for k in ("properties", "enum", "oneOf", "anyOf", "allOf", "const")):
        return True
    if isinstance(schema.get("items"), dict):
        return _needs_model(schema["items"], depth + 1)
    if isinstance(schema.get("additionalProperties"), dict):
        return _needs_model(schema["additionalProperties"], depth + 1)
    return False


def _hoist(ctx: _Context, schema: Any, ptr: str, name: str, encoding: str) -> str:
    """Move an inline schema that needs a class into components/schemas; return the pointer to use."""
    if not _needs_model(schema):
        return ptr
    unique_name = name
    counter = 2
    while unique_name in ctx.schemas:
        unique_name = f"{name}{counter}"
        counter += 1
    ctx.schemas[unique_name] = schema
    ctx.hoisted.add(unique_name)
    return "#" + pointer("components", "schemas", unique_name)


def _response(
    ctx: _Context, op: dict[str, Any], op_ptr: str, hoist_base: str
) -> tuple[Response, str | None]:
    responses = op.get("responses")
    if not isinstance(responses, dict):
        responses = {}
    success = sorted(code for code in responses if str(code).startswith("2"))
    chosen: list[str] = []
    for code in success:
        resp, _ = deref(ctx.document, responses[code], f"{op_ptr}/responses/{code}")
        if isinstance(resp, dict) and resp.get("content"):
            chosen = [code]
            break
    if not chosen:
        if success:
            return Response(status=success[0], kind="empty", media_type=None, schema=None), None
        if "default" in responses:
            chosen = ["default"]
        else:
            return Response(status="", kind="empty", media_type=None, schema=None), None
    code = chosen[0]
    resp, resp_ptr = deref(ctx.document, responses[code], f"{op_ptr}/responses/{code}")
    description = _text(resp.get("description")) if isinstance(resp, dict) else ""
    content = resp.get("content") if isinstance(resp, dict) else None
    if not isinstance(content, dict) or not content:
        return (
            Response(
                status=code, kind="empty", media_type=None, schema=None, description=description
            ),
            None,
        )
    kinds: dict[ResponseKind, str] = {}
    for media in sorted(content):
        kind = _response_kind(media)
        kinds.setdefault(kind, media)
    sse_schema = None
    if "sse" in kinds:
        sse_obj = content[kinds["sse"]]
        if isinstance(sse_obj, dict) and "schema" in sse_obj:
            sse_schema = _hoist(
                ctx,
                sse_obj["schema"],
                f"{resp_ptr}/content/{pointer(kinds['sse'])[1:]}/schema",
                hoist_base + "Chunk",
                "json",
            )
        else:
            sse_schema = ""
    order: tuple[ResponseKind, ...] = ("json", "sse", "binary", "text")
    for kind in order:
        if kind in kinds:
            media = kinds[kind]
            media_obj = content[media] if isinstance(content[media], dict) else {}
            schema_ptr = None
            if kind == "sse":
                schema_ptr = sse_schema or None
            elif "schema" in media_obj:
                schema_ptr = _hoist(
                    ctx,
                    media_obj["schema"],
                    f"{resp_ptr}/content/{pointer(media)[1:]}/schema",
                    hoist_base + "Response",
                    "json",
                )
            return (
                Response(
                    status=code,
                    kind=kind,
                    media_type=media,
                    schema=schema_ptr,
                    description=description,
                ),
                sse_schema,
            )
    raise AssertionError("unreachable: every media type has a kind")


def _response_kind(media: str) -> ResponseKind:
    media = media.lower()
    if media.startswith("text/event-stream"):
        return "sse"
    if _JSON_MEDIA.match(media) or media.startswith("application/json"):
        return "json"
    if media.startswith("text/") or media in ("application/xml", "application/yaml"):
        return "text"
    return "binary"


def _streaming(
    ctx: _Context,
    key: str,
    body: RequestBody | None,
    response: Response,
    sse_schema: str | None,
    op_ptr: str,
) -> StreamingOption | None:
    configured = ctx.target.streaming.get(key)
    if response.kind != "json" or body is None or body.fields is None:
        if configured:
            raise ClientgenError(
                f"[streaming] entry for {key} needs an operation with a JSON body and a JSON response",
                where=str(ctx.target.config_path),
                fix="remove the entry, or fix the operation in the overlay",
            )
        return None
    flag_name = configured.flag if configured else "stream"
    flag = next((f for f in body.fields if f.wire_name == flag_name), None)
    if configured is None and (sse_schema is None or flag is None):
        return None
    if configured is None and flag is not None and not _is_boolean(ctx, flag.schema):
        # Guessed, not configured: a `stream` field that is no boolean leaves the operation JSON only (the
        # caller warns about the unused event stream).
        return None
    if flag is None or not _is_boolean(ctx, flag.schema):
        raise ClientgenError(
            f"streaming flag {flag_name!r} of {key} is not a boolean body field",
            where=op_ptr + "/requestBody",
            fix="name an existing boolean field in the [streaming] table",
        )
    chunk: str | None = sse_schema or None
    if configured is not None:
        chunk = "#" + pointer("components", "schemas", configured.chunk_schema)
        if configured.chunk_schema not in ctx.schemas:
            raise ClientgenError(
                f"streaming chunk schema {configured.chunk_schema!r} does not exist",
                where=str(ctx.target.config_path),
                fix="add it to components/schemas with the overlay",
            )
    return StreamingOption(flag=flag, chunk_schema=chunk)


def _check_streaming_config(ctx: _Context, operations: list[Operation]) -> None:
    keys = {op.key for op in operations}
    for key in ctx.target.streaming:
        if key not in keys:
            raise ClientgenError(
                f"[streaming] entry {key!r} matches no operation",
                where=str(ctx.target.config_path),
                fix="update or delete the entry",
            )


def _is_boolean(ctx: _Context, ptr: str) -> bool:
    """Whether the schema is a boolean, possibly nullable (`type: [boolean, "null"]`, `anyOf: [boolean, null]`)."""
    return _is_boolean_node(ctx, _node_at(ctx, ptr), ptr, 0)


def _is_boolean_node(ctx: _Context, node: Any, ptr: str, depth: int) -> bool:
    node, ptr = deref(ctx.document, node, ptr)
    if not isinstance(node, dict) or depth > 8:
        return False
    kind = node.get("type")
    if kind == "boolean" or (
        isinstance(kind, list) and "boolean" in kind and set(kind) <= {"boolean", "null"}
    ):
        return True
    for key in ("anyOf", "oneOf"):
        members = node.get(key)
        if kind is None and isinstance(members, list) and members:
            kinds = [
                (
                    "null"
                    if isinstance(m, dict) and m.get("type") == "null"
                    else (
                        "boolean" if _is_boolean_node(ctx, m, f"{ptr}/{key}/{i}", depth + 1) else ""
                    )
                )
                for i, m in enumerate(members)
            ]
            return "boolean" in kinds and set(kinds) <= {"boolean", "null"}
    return False


def _needs_auth(document: dict[str, Any], op: dict[str, Any]) -> bool:
    security = op.get("security", document.get("security"))
    if not isinstance(security, list):
        return False
    return any(isinstance(req, dict) and req for req in security)


def _auth_scheme(document: dict[str, Any]) -> AuthScheme | None:
    schemes = _obj(_obj(document.get("components")).get("securitySchemes"))
    used: list[str] = []
    requirements = list(document.get("security") or [])
    for item in _obj(document.get("paths")).values():
        if isinstance(item, dict):
            for method in HTTP_METHODS:
                op = item.get(method)
                if isinstance(op, dict) and isinstance(op.get("security"), list):
                    requirements.extend(op["security"])
    for req in requirements:
        if isinstance(req, dict):
            used.extend(name for name in req if name not in used)
    for name in used:
        raw = schemes.get(name)
        if raw is None:
            continue
        scheme, _ = deref(document, raw, pointer("components", "securitySchemes", name))
        made = _scheme(scheme)
        if made is not None:
            return made
    return None


def _scheme(scheme: Any) -> AuthScheme | None:
    if not isinstance(scheme, dict):
        return None
    kind = scheme.get("type")
    if kind == "http":
        http = str(scheme.get("scheme", "")).lower()
        if http == "bearer":
            return AuthScheme("bearer")
        if http == "basic":
            return AuthScheme("basic")
        return None
    if kind == "apiKey" and isinstance(scheme.get("name"), str):
        where = scheme.get("in")
        if where in ("header", "query", "cookie"):
            return AuthScheme(where, scheme["name"])
        return None
    if kind in ("oauth2", "openIdConnect"):
        return AuthScheme("bearer")
    return None


def _server_url(document: dict[str, Any]) -> str | None:
    servers = document.get("servers")
    if not isinstance(servers, list) or not servers or not isinstance(servers[0], dict):
        return None
    url = servers[0].get("url")
    if not isinstance(url, str):
        return None
    variables = _obj(servers[0].get("variables"))
    for name, var in variables.items():
        if isinstance(var, dict) and isinstance(var.get("default"), str):
            url = url.replace("{" + name + "}", var["default"])
    if not url.startswith(("http://", "https://")) or "{" in url:
        return None
    return url.rstrip("/")


def _resource_tree(operations: list[Operation]) -> Resource:
    root = Resource(attr="", class_name="Root", path=())
    index: dict[tuple[str, ...], Resource] = {(): root}

    def node(chain: tuple[str, ...]) -> Resource:
        if chain not in index:
            parent = node(chain[:-1])
            made = Resource(attr=chain[-1], class_name=resource_class_name(chain), path=chain)
            parent.children.append(made)
            index[chain] = made
        return index[chain]

    for op in sorted(operations, key=lambda o: (o.resource, o.name)):
        node(op.resource).operations.append(op)
    for resource in root.walk():
        resource.children.sort(key=lambda r: r.attr)
    return root


def operations_by_key(api: Api) -> Callable[[str], Operation]:
    table = {op.key: op for op in api.operations}
    return table.__getitem__
