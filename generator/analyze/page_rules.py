"""Which listings are paginated without a declaration: only shapes that cannot mean anything else.

An operation is recognised when all of these hold:

1. it is a GET whose response is a JSON object with exactly one array property (the items);
2. page style: an integer query parameter `page`, and exactly one integer total-pages field (`total_pages`,
   `page_count`, `num_pages`, `pages`); a current-page field (`page_number`, `current_page`, `page`) is used when
   exactly one is there;
3. cursor style: exactly one query parameter named like a cursor (`after`, `cursor`, `starting_after`,
   `page_token`, `next_token`), and either exactly one next-cursor field (`next_cursor`, `next_page_token`,
   `next`) or a boolean `has_more` with items that carry an `id` (the next cursor is the last item's `id`).

Anything else, both styles at once included, is ambiguous and stays a plain method; a target declares it in its
`[pagination]` table instead (or opts a recognised one out with `false`).
"""

from __future__ import annotations

from typing import Any

from generator.analyze.schema_fields import Located, json_type, properties, schema_at
from generator.ir import Operation, Pagination

PAGE_PARAMS = ("page",)
TOTAL_PAGES_FIELDS = ("total_pages", "page_count", "num_pages", "pages")
CURRENT_PAGE_FIELDS = ("page_number", "current_page", "page")
CURSOR_PARAMS = ("after", "cursor", "starting_after", "page_token", "next_token")
NEXT_CURSOR_FIELDS = ("next_cursor", "next_page_token", "next")


def recognise(document: dict[str, Any], op: Operation) -> Pagination | None:
    if op.method != "get" or op.response.format != "json" or not op.response.schema:
        return None
    response = schema_at(document, op.response.schema)
    if json_type(document, response) != "object":
        return None
    fields = properties(document, response)
    arrays = [name for name, schema in fields.items() if json_type(document, schema) == "array"]
    if len(arrays) != 1:
        return None
    items = arrays[0]
    item_schema = items_pointer(fields[items])
    typed = {name: json_type(document, schema) for name, schema in fields.items()}
    query = {p.wire_name: p for p in op.parameters if p.location == "query"}
    query_types = {
        name: json_type(document, schema_at(document, p.schema)) if p.schema else None
        for name, p in query.items()
    }
    by_page = by_cursor = None
    totals = _named(typed, TOTAL_PAGES_FIELDS, "integer")
    if query_types.get("page") == "integer" and len(totals) == 1:
        currents = _named(typed, CURRENT_PAGE_FIELDS, "integer")
        by_page = Pagination(
            "page",
            "page",
            items,
            item_schema,
            current=currents[0] if len(currents) == 1 else None,
            total=totals[0],
        )
    cursors = [name for name in CURSOR_PARAMS if query_types.get(name) == "string"]
    if len(cursors) == 1:
        nexts = _named(typed, NEXT_CURSOR_FIELDS, "string")
        if len(nexts) == 1:
            by_cursor = Pagination("cursor", cursors[0], items, item_schema, next_cursor=nexts[0])
        elif not nexts and typed.get("has_more") == "boolean" and _has_id(document, item_schema):
            by_cursor = Pagination(
                "cursor", cursors[0], items, item_schema, item_cursor="id", has_more="has_more"
            )
    if by_page and by_cursor:
        return None
    return by_page or by_cursor


def _named(typed: dict[str, str | None], names: tuple[str, ...], kind: str) -> list[str]:
    return [name for name in names if typed.get(name) == kind]


def items_pointer(array: Located) -> str | None:
    """The pointer of the array's item schema, or None when the items are untyped."""
    node, ptr = array
    items = node.get("items") if isinstance(node, dict) else None
    if not isinstance(items, dict) or not items:
        return None
    return f"{ptr}/items"


def _has_id(document: dict[str, Any], item_schema: str | None) -> bool:
    return item_schema is not None and "id" in properties(
        document, schema_at(document, item_schema)
    )
