"""Which operations return pages: the target's `[pagination]` declarations, checked against the spec, and the
shapes `page_rules` recognises without one."""

from __future__ import annotations

from generator.analyze.context import Context
from generator.analyze.page_rules import items_pointer, recognise
from generator.analyze.schema_fields import field_at, json_type, properties, schema_at
from generator.config import PaginationConfig
from generator.errors import ClientgenError, Problem
from generator.ir import Operation, Pagination

# The methods a page adds to its response model (templates/runtime/_pagination.py, `_PageBase` and subclasses).
PAGE_METHODS = frozenset({"page_items", "has_next_page", "get_next_page", "iter_pages"})
# The JSON type each response field of a declaration must have (None: the field's own check).
_FIELD_TYPES = {
    "current": "integer",
    "total": "integer",
    "next_cursor": "string",
    "has_more": "boolean",
}


def paginate(ctx: Context, operations: list[Operation]) -> None:
    """Set `pagination` on every operation that returns pages.

    A declaration the spec does not bear out is an error; in lenient mode (and so in the changelog, which reads
    older versions with today's target) a warning, and the method returns its response model as it is.
    """
    document, target = ctx.document, ctx.target
    by_key = {op.key: op for op in operations}
    for key in target.pagination:
        if key not in by_key:
            error = ClientgenError(
                f"[pagination] names {key!r}, which is no operation of the spec",
                where=target.where("pagination", key),
                fix="correct the method or path (as the spec writes it), or remove the entry",
            )
            ctx.tolerate(error, Problem("", error.what, key, error.fix or ""), warning=True)
    for op in operations:
        config = target.pagination.get(op.key)
        try:
            if op.key not in target.pagination:
                op.pagination = recognise(document, op)
            elif config is not None:
                op.pagination = _declared(ctx, op, config)
            if op.pagination is not None:
                _check_page_methods(ctx, op, declared=config is not None)
        except ClientgenError as error:
            op.pagination = None
            noted = Problem(op.pointer, f"not paginated: {error.what}", op.key, error.fix or "")
            ctx.tolerate(error, noted, warning=True)


def _check_page_methods(ctx: Context, op: Operation, *, declared: bool) -> None:
    """A response field named like a page method would hide it (pydantic keeps field values on the instance)."""
    assert op.response.schema is not None  # a page always has a JSON response model
    fields = properties(ctx.document, schema_at(ctx.document, op.response.schema))
    hidden = sorted(PAGE_METHODS & fields.keys())
    if not hidden:
        return
    where = ctx.target.where("pagination", op.key) if declared else op.pointer
    error = ClientgenError(
        f"the response of {op.key} has a field named {hidden[0]!r}, which would hide the page method of "
        "that name",
        where=where,
        fix=f'declare `"{op.key}" = false` under [pagination] to return the response model as it is',
    )
    if declared:
        raise error
    # Recognised, not asked for: the method returns its response model, and a warning says why.
    op.pagination = None
    ctx.warnings.append(Problem(op.pointer, f"not paginated: {error.what}", op.key, error.fix or ""))


def _declared(ctx: Context, op: Operation, config: PaginationConfig) -> Pagination:
    document = ctx.document
    place = ctx.target.where("pagination", op.key)

    def fail(what: str, field: str, spec_where: str, fix: str) -> ClientgenError:
        return ClientgenError(
            what, where=f"{place}.{field} (spec: {_as_given(ctx, spec_where)})", fix=fix
        )

    query = [p for p in op.parameters if p.location == "query"]
    if config.param not in {p.wire_name for p in query}:
        names = ", ".join(sorted(p.wire_name for p in query)) or "none"
        raise fail(
            f"`param` = {config.param!r} is not a query parameter of {op.key}",
            "param",
            f"{op.pointer}/parameters",
            f"name the query parameter that selects the page (this operation has: {names})",
        )
    if op.response.format != "json" or not op.response.schema:
        raise fail(
            f"{op.key} does not answer with a JSON object, so it cannot return pages",
            "items",
            f"{op.pointer}/responses",
            "remove the entry, or fix the response in the overlay",
        )
    response = schema_at(document, op.response.schema)
    items = field_at(document, response, config.items)
    if items is None or json_type(document, items) not in ("array", None):
        arrays = sorted(
            n
            for n, s in properties(document, response).items()
            if json_type(document, s) == "array"
        )
        raise fail(
            f"`items` = {config.items!r} is not an array field of the response",
            "items",
            op.response.schema,
            f"name the array of items (top-level arrays: {', '.join(arrays) or 'none'}; "
            "a nested one as `field.items`)",
        )
    item_schema = items_pointer(items)
    for field, kind in _FIELD_TYPES.items():
        dotted = getattr(config, field)
        if dotted is None:
            continue
        found = field_at(document, response, dotted)
        if found is None or json_type(document, found) != kind:
            raise fail(
                f"`{field}` = {dotted!r} is not {'an' if kind == 'integer' else 'a'} {kind} field of "
                "the response",
                field,
                op.response.schema,
                f"name the response field (a dotted path for a nested one) that holds the {kind}",
            )
    if config.item_cursor is not None and (
        item_schema is None
        or config.item_cursor not in properties(document, schema_at(document, item_schema))
    ):
        raise fail(
            f"`item_cursor` = {config.item_cursor!r} is not a field of the items",
            "item_cursor",
            item_schema or op.response.schema,
            "name the item field the next request starts after (e.g. `id`)",
        )
    return Pagination(
        "page" if config.style == "page" else "cursor",
        config.param,
        config.items,
        item_schema,
        current=config.current,
        total=config.total,
        next_cursor=config.next_cursor,
        item_cursor=config.item_cursor,
        has_more=config.has_more,
        declared=True,
    )


def _as_given(ctx: Context, ptr: str) -> str:
    """The pointer in the spec as the reviewer has it: inside an inline schema, not where analysis hoisted it."""
    ptr = ptr if ptr.startswith("#") else "#" + ptr
    for hoisted, origin in ctx.origins.items():
        if ptr == hoisted or ptr.startswith(hoisted + "/"):
            origin = origin if origin.startswith("#") else "#" + origin
            return origin + ptr[len(hoisted) :]
    return ptr
