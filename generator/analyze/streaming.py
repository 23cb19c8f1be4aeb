"""OpenAI-style streaming: a boolean body field that switches the response from JSON to server-sent events,
declared in the target's `[streaming]` table or guessed from a `stream` field and a `text/event-stream` response.
"""

from __future__ import annotations

from typing import Any

from generator.analyze.context import Context
from generator.document import deref
from generator.errors import ClientgenError, pointer
from generator.ir import Operation, RequestBody, Response, StreamingOption


def streaming(
    ctx: Context,
    key: str,
    body: RequestBody | None,
    response: Response,
    sse_schema: str | None,
    op_ptr: str,
) -> StreamingOption | None:
    configured = ctx.target.streaming.get(key)
    if response.format != "json" or body is None or body.fields is None:
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
    if flag is None or not _is_boolean(ctx, ctx.node_at(flag.schema), flag.schema):
        if configured is None:
            # Guessed, not configured: a `stream` field that is no boolean leaves the operation JSON only
            # (the caller warns about the unused event stream).
            return None
        raise ClientgenError(
            f"streaming flag {flag_name!r} of {key} is not a boolean body field",
            where=op_ptr + "/requestBody",
            fix="name an existing boolean field in the [streaming] table",
        )
    if configured is None:
        return StreamingOption(flag=flag, chunk_schema=sse_schema or None)
    if configured.chunk_schema not in ctx.schemas:
        raise ClientgenError(
            f"streaming chunk schema {configured.chunk_schema!r} does not exist",
            where=str(ctx.target.config_path),
            fix="add it to components/schemas with the overlay",
        )
    chunk = "#" + pointer("components", "schemas", configured.chunk_schema)
    return StreamingOption(flag=flag, chunk_schema=chunk)


def check_streaming_config(ctx: Context, operations: list[Operation]) -> None:
    keys = {op.key for op in operations}
    for key in ctx.target.streaming:
        if key not in keys:
            raise ClientgenError(
                f"[streaming] entry {key!r} matches no operation",
                where=str(ctx.target.config_path),
                fix="update or delete the entry",
            )


def _is_boolean(ctx: Context, node: Any, ptr: str, depth: int = 0) -> bool:
    """Whether the schema is a boolean, possibly nullable (`type: [boolean, "null"]`, `anyOf: [boolean, null]`)."""
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
                    else ("boolean" if _is_boolean(ctx, m, f"{ptr}/{key}/{i}", depth + 1) else "")
                )
                for i, m in enumerate(members)
            ]
            return "boolean" in kinds and set(kinds) <= {"boolean", "null"}
    return False
