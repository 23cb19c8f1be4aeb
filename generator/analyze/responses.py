"""What a generated method returns: the first 2xx response with content (else `default`), in the format the
client handles best (`generator.media`)."""

from __future__ import annotations

import contextlib
from typing import Any

from generator.analyze.context import Context, obj, text
from generator.document import deref
from generator.errors import ClientgenError, pointer
from generator.ir import Response
from generator.media import response_media


def response(
    ctx: Context, op: dict[str, Any], op_ptr: str, hoist_base: str
) -> tuple[Response, str | None]:
    """The response, and the event-stream chunk schema when the response also offers `text/event-stream`
    (None when it does not; "" when it does without a schema)."""
    code, resp, resp_ptr = _chosen(ctx, op, op_ptr)
    if resp is None:
        return Response(status=code, format="empty", media_type=None, schema=None), None
    description = text(obj(resp).get("description"))
    content = obj(obj(resp).get("content"))
    if not content:
        return Response(code, "empty", media_type=None, schema=None, description=description), None

    def schema(media: str, suffix: str) -> str | None:
        """The media type's schema, hoisted as `<operation><suffix>` when it needs a class."""
        media_obj = obj(content[media])
        if "schema" not in media_obj:
            return None
        ptr = resp_ptr + pointer("content", media, "schema")
        return ctx.hoist(media_obj["schema"], ptr, hoist_base + suffix)

    formats = response_media(content)
    sse_schema = None
    if "sse" in formats:  # "" when the event stream has no schema
        sse_schema = schema(formats["sse"], "Chunk") or ""
    chosen, media = next(iter(formats.items()))
    schema_ptr = (sse_schema or None) if chosen == "sse" else schema(media, "Response")
    made = Response(code, chosen, media_type=media, schema=schema_ptr, description=description)
    return made, sse_schema


def returns_array(ctx: Context, op: dict[str, Any], op_ptr: str) -> bool:
    """Whether the method answers with a JSON array (a naming hint: it lists); broken responses say no here and
    are reported when the operation is analysed."""
    with contextlib.suppress(ClientgenError):
        _, resp, resp_ptr = _chosen(ctx, op, op_ptr)
        content = obj(obj(resp).get("content"))
        media_obj = obj(content.get(response_media(content).get("json", "")))
        if "schema" in media_obj:
            schema, _ = deref(ctx.document, media_obj["schema"], resp_ptr)
            return isinstance(schema, dict) and schema.get("type") == "array"
    return False


def _chosen(ctx: Context, op: dict[str, Any], op_ptr: str) -> tuple[str, Any, str]:
    """(status, response, pointer) of what the method returns: the first 2xx with content, else `default`;
    (first 2xx status or "", None, "") when neither has content."""
    responses = obj(op.get("responses"))
    success = sorted(code for code in responses if str(code).startswith("2"))
    for code in success:
        resp, resp_ptr = deref(ctx.document, responses[code], f"{op_ptr}/responses/{code}")
        if obj(resp).get("content"):
            return code, resp, resp_ptr
    if success or "default" not in responses:
        return (success[0] if success else ""), None, ""
    resp, resp_ptr = deref(ctx.document, responses["default"], f"{op_ptr}/responses/default")
    return "default", resp, resp_ptr
