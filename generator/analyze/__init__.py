"""Stage 4: build the model of the API (`generator.ir`) from the overlaid, validated document.

Everything the templates need is decided here: which operations exist and what they are called
(`generator.operation_names`), which arguments each takes (`parameters`, `bodies`), what comes back
(`responses`, `streaming`) and how the client authenticates (`security`). Inline request and response schemas
that need a model class are hoisted into `components/schemas` under names derived from the operation
(`TrainStatusUpdateRequest`), so that model names are stable and readable.
"""

from __future__ import annotations

import copy
from typing import Any

from generator.analyze.bodies import request_body
from generator.analyze.context import RESERVED_ARGUMENTS, Context, RawOperation, obj, text
from generator.analyze.pagination import paginate
from generator.analyze.parameters import IGNORED_HEADERS, collect, name_operations, parameters
from generator.analyze.responses import response
from generator.analyze.scopes import scopes
from generator.analyze.security import auth_scheme, needs_auth, server_url
from generator.analyze.streaming import check_streaming_config, streaming
from generator.config import Target
from generator.errors import ClientgenError, Problem
from generator.escape import prose
from generator.identifiers import pascal
from generator.ir import Api, Operation, Resource
from generator.operation_names import resource_class_name
from generator.usage import used_schemas

__all__ = ["IGNORED_HEADERS", "analyze", "operation_keys"]


def analyze(document: dict[str, Any], target: Target, *, lenient: bool = False) -> Api:
    ctx = Context(document=copy.deepcopy(document), target=target, lenient=lenient)
    found = collect(ctx)
    names = name_operations(ctx, found)
    operations: list[Operation] = []
    for raw in found:
        path, method, _, op_ptr = raw
        try:
            operations.append(_operation(ctx, raw, *names[(method, path)]))
        except ClientgenError as exc:
            key = f"{method.upper()} {path}"
            ctx.tolerate(exc, Problem(op_ptr, f"operation skipped: {exc.what}", key, exc.fix or ""))
    check_streaming_config(ctx, operations)
    paginate(ctx, operations)
    root = _resource_tree(operations)
    unused: tuple[str, ...] = ()
    if not target.all_schemas:
        used = used_schemas(ctx.document, operations)
        unused = tuple(sorted(name for name in ctx.schemas if name not in used))
    info = obj(ctx.document.get("info"))
    return Api(
        title=prose(str(info.get("title") or target.package)),
        version=prose(str(info.get("version") or "")),
        description=prose(str(info.get("description") or "")),
        base_url=target.base_url or server_url(ctx.document),
        document=ctx.document,
        operations=operations,
        root=root,
        auth=auth_scheme(ctx.document),
        warnings=ctx.warnings,
        skipped=ctx.skipped,
        unused_schemas=unused,
        origins=ctx.origins,
        scopes=scopes(target, operations, root),
    )


def operation_keys(document: dict[str, Any], target: Target) -> set[str]:
    """`METHOD /path` of every operation the document declares (what a target's `[names]` keys refer to)."""
    ctx = Context(document=document, target=target, lenient=True)
    return {f"{method.upper()} {path}" for path, method, _, _ in collect(ctx)}


def _operation(ctx: Context, raw: RawOperation, resource: tuple[str, ...], name: str) -> Operation:
    path, method, op, op_ptr = raw
    key = f"{method.upper()} {path}"
    taken = set(RESERVED_ARGUMENTS)  # the Python names of the method's arguments so far
    params = parameters(ctx, path, op, op_ptr, key, taken)
    hoist_base = pascal(resource[-1] if resource else "") + pascal(name)
    body = request_body(ctx, op, op_ptr, taken, hoist_base)
    returned, sse_schema = response(ctx, op, op_ptr, hoist_base)
    stream = streaming(ctx, key, body, returned, sse_schema, op_ptr)
    if returned.format == "json" and sse_schema is not None and stream is None:
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
        summary=text(op.get("summary")),
        description=text(op.get("description")),
        deprecated=op.get("deprecated") is True,
        resource=resource,
        name=name,
        parameters=params,
        body=body,
        response=returned,
        auth=needs_auth(ctx.document, op),
        streaming=stream,
    )


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
