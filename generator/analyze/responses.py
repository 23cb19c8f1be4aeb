"""What a generated method returns: the first 2xx response with content (else `default`), in the format the
client handles best (`generator.media`)."""

from __future__ import annotations

from typing import Any

from generator.analyze.context import Context, text
from generator.document import deref
from generator.errors import pointer
from generator.ir import Response
from generator.media import response_media


def response(
    ctx: Context, op: dict[str, Any], op_ptr: str, hoist_base: str
) -> tuple[Response, str | None]:
    """The response, and the event-stream chunk schema when the response also offers `text/event-stream`
    (None when it does not; "" when it does without a schema)."""
    responses = op.get("responses")
    if not isinstance(responses, dict):
        responses = {}
    success = sorted(code for code in responses if str(code).startswith("2"))
    code = next((c for c in success if _has_content(ctx, responses[c], op_ptr, c)), None)
    if code is None:
        if success:
            return Response(status=success[0], format="empty", media_type=None, schema=None), None
        if "default" not in responses:
            return Response(status="", format="empty", media_type=None, schema=None), None
        code = "default"
    resp, resp_ptr = deref(ctx.document, responses[code], f"{op_ptr}/responses/{code}")
    description = text(resp.get("description")) if isinstance(resp, dict) else ""
    content = resp.get("content") if isinstance(resp, dict) else None
    if not isinstance(content, dict) or not content:
        return Response(code, "empty", media_type=None, schema=None, description=description), None
    formats = response_media(content)
    sse_schema = None
    if "sse" in formats:
        sse_obj = content[formats["sse"]]
        if isinstance(sse_obj, dict) and "schema" in sse_obj:
            sse_ptr = f"{resp_ptr}/content/{pointer(formats['sse'])[1:]}/schema"
            sse_schema = ctx.hoist(sse_obj["schema"], sse_ptr, hoist_base + "Chunk")
        else:
            sse_schema = ""
    chosen, media = next(iter(formats.items()))
    media_obj = content[media] if isinstance(content[media], dict) else {}
    schema_ptr = None
    if chosen == "sse":
        schema_ptr = sse_schema or None
    elif "schema" in media_obj:
        schema_ptr = ctx.hoist(
            media_obj["schema"],
            f"{resp_ptr}/content/{pointer(media)[1:]}/schema",
            hoist_base + "Response",
        )
    made = Response(code, chosen, media_type=media, schema=schema_ptr, description=description)
    return made, sse_schema


def _has_content(ctx: Context, raw: Any, op_ptr: str, code: str) -> bool:
    resp, _ = deref(ctx.document, raw, f"{op_ptr}/responses/{code}")
    return isinstance(resp, dict) and bool(resp.get("content"))
