"""What a generated method returns: the first 2xx response with content (else `default`), in the format the
client handles best (`generator.media`)."""

from __future__ import annotations

from typing import Any

from generator.analyze.context import Context, obj, text
from generator.document import deref
from generator.errors import pointer
from generator.ir import Response
from generator.media import response_media


def response(
    ctx: Context, op: dict[str, Any], op_ptr: str, hoist_base: str
) -> tuple[Response, str | None]:
    """The response, and the event-stream chunk schema when the response also offers `text/event-stream`
    (None when it does not; "" when it does without a schema)."""
    responses = obj(op.get("responses"))
    success = sorted(code for code in responses if str(code).startswith("2"))
    code = next((c for c in success if _has_content(ctx, responses[c], op_ptr, c)), None)
    if code is None:
        if success or "default" not in responses:
            status = success[0] if success else ""
            return Response(status=status, format="empty", media_type=None, schema=None), None
        code = "default"
    resp, resp_ptr = deref(ctx.document, responses[code], f"{op_ptr}/responses/{code}")
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


def _has_content(ctx: Context, raw: Any, op_ptr: str, code: str) -> bool:
    resp, _ = deref(ctx.document, raw, f"{op_ptr}/responses/{code}")
    return bool(obj(resp).get("content"))
