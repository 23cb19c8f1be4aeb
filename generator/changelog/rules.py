"""Which methods the client gained or lost, how each method it keeps changed what it takes and returns, and how it
authenticates. A change is breaking when code that works against the old client can fail against the new one.

An operation lenient analysis cannot generate is not in the client: one that stops being generated is
`operation.removed` (breaking, with analysis' reason), one that starts being generated `operation.added`, and one
in the new spec that neither client has `operation.skipped` (non-breaking, under its HTTP method and path), so
that the reviewer learns the spec has something the client does not. Callers send parameters and request bodies
and read responses, so a schema change is judged in the role the schema plays: a field that becomes nullable may
now be sent as None (fine) or be received as None (code reading it must handle that).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from typing import Any

from generator.changelog.sides import NONE_LABEL, Place, Schema, Shape, SpecVersion, python_call
from generator.errors import pointer
from generator.ir import AuthScheme, Operation, Parameter, RequestBody, Response
from generator.typemap import JSON_TYPES

# What a rule found: the kind, whether it breaks callers, the Python name, the pointer and the detail of a `Change`.
Finding = tuple[str, bool, str, str, str]
# What a change of `required` means, by (sent by the caller, now required): whether it breaks callers, and how the
# report says it. Optional response fields are generated as `X | None = None`.
REQUIRED_CHANGE = {
    (True, True): (True, "is now required"),
    (True, False): (False, "is now optional"),
    (False, True): (False, "is now always present"),
    (False, False): (True, "is now optional (may be None); code reading it must handle None"),
}
# What a generated method returns whatever the schema says, by response format (see `generator.render.methods`).
FIXED_RETURNS = {"empty": NONE_LABEL, "text": JSON_TYPES["string"], "binary": "BinaryResponse"}


class Rules:
    """Compares two spec versions: their operations, and through them the schemas they take and return, place by
    place. Collects what it finds in any order, and possibly twice."""

    def __init__(self, old: SpecVersion, new: SpecVersion) -> None:
        self.old, self.new = old, new
        self.findings: list[Finding] = []
        # Named schemas compared in a role: one shared by many operations is reported once, and recursion ends.
        self._compared: set[tuple[str, str, str]] = set()

    def add(self, kind: str, breaking: bool, python_name: str, ptr: str, detail: str) -> None:
        self.findings.append((kind, breaking, python_name, ptr.removeprefix("#"), detail))

    def run(self) -> list[Finding]:
        old_ops, new_ops = self.old.operations, self.new.operations
        removed = [old_ops[key] for key in sorted(old_ops.keys() - new_ops.keys())]
        added = [new_ops[key] for key in sorted(new_ops.keys() - old_ops.keys())]
        # An operationId found once among the removed and once among the added operations: one that moved.
        gone = {op.operation_id: op for op in removed if op.operation_id}
        came = {op.operation_id: op for op in added if op.operation_id}
        counts = Counter(op.operation_id for op in removed + added)
        moved_ids = [op_id for op_id in sorted(gone.keys() & came.keys()) if counts[op_id] == 2]
        moves = [(gone[op_id], came[op_id]) for op_id in moved_ids]
        moved = {op.key for move in moves for op in move}
        for op in removed:
            if op.key not in moved:
                self._removed(op)
        for op in added:
            if op.key not in moved:
                self._added(op)
        self._left_out()
        kept = [(old_ops[key], new_ops[key]) for key in sorted(old_ops.keys() & new_ops.keys())]
        for old, new in moves + kept:
            self._renamed(old, new)
            self._parameters(old, new)
            self._request_body(old, new)
            self._response(old, new)
        self._auth(kept)
        return self.findings

    def _removed(self, op: Operation) -> None:
        skipped = self.new.skipped_at(op)
        why = "was removed" if skipped is None else f"is no longer generated ({skipped.message})"
        # A skipped operation is still in the spec: point at it there, so the reviewer sees what analysis rejected.
        where = op.pointer if skipped is None else skipped.pointer
        detail = f"operation {op.key} {why}; calls to it fail"
        self.add("operation.removed", True, python_call(op), where, detail)

    def _added(self, op: Operation) -> None:
        detail = f"new operation {op.key}"
        skipped = self.old.skipped_at(op)
        if skipped is not None:
            detail += f" (not generated from the old spec: {skipped.message})"
        self.add("operation.added", False, python_call(op), op.pointer, detail)

    def _left_out(self) -> None:
        """What the new client leaves out and the old client did not have (else it is that method's removal)."""
        old_places = {op.pointer for op in self.old.operations.values()}
        old_places |= {pointer("paths", op.path) for op in self.old.operations.values()}
        for ptr, problem in sorted(self.new.skipped.items()):
            if ptr not in self.old.skipped and ptr not in old_places:
                detail = f"not generated ({problem.message}); the client has no method for it"
                self.add("operation.skipped", False, problem.operation or ptr, ptr, detail)

    def _renamed(self, old: Operation, new: Operation) -> None:
        renamed = old.call_name != new.call_name
        if old.key != new.key:  # the same operationId under another method or path
            detail = f"moved from {old.key} to {new.key} (operationId {old.operation_id})"
            if renamed:
                detail += f"; now called `{python_call(new)}`"
            self.add("operation.renamed", renamed, python_call(old), new.pointer, detail)
        elif renamed:
            detail = f"{new.key} is now called `{python_call(new)}`"
            self.add("operation.renamed", True, python_call(old), new.pointer, detail)
        elif old.operation_id != new.operation_id:
            detail = f"operationId changed from {old.operation_id} to {new.operation_id}"
            detail += "; the Python name is unchanged"
            self.add("operation.renamed", False, python_call(new), new.pointer, detail)

    def _parameters(self, old_op: Operation, new_op: Operation) -> None:
        before = {(p.location, p.wire_name): p for p in old_op.parameters}
        after = {(p.location, p.wire_name): p for p in new_op.parameters}
        for key in sorted(before.keys() | after.keys()):
            location, wire = key
            named = f"{location} parameter `{wire}`"
            if key not in after:
                argument, ptr, _ = _parameter(self.old, old_op, before[key])
                detail = f"{named} was removed; callers passing it get a TypeError"
                self.add("parameter.removed", True, argument, ptr, detail)
                continue
            param = after[key]
            argument, ptr, schema = _parameter(self.new, new_op, param)
            if key not in before:
                label = self.new.shape("parameter", schema).label
                kind_of = "required" if param.required else "optional"
                detail = f"new {kind_of} {named} ({label})"
                self.add("parameter.added", param.required, argument, ptr, detail)
                continue
            if param.required != before[key].required:
                breaking, change = REQUIRED_CHANGE[(True, param.required)]
                self.add("parameter.required", breaking, argument, ptr, f"`{wire}` {change}")
            _, _, old_schema = _parameter(self.old, old_op, before[key])
            self._schema(old_schema, schema, Place("parameter", argument))

    def _request_body(self, old_op: Operation, new_op: Operation) -> None:
        before, after = old_op.body, new_op.body
        call = python_call(new_op)
        if after is None:
            if before is not None:
                detail = "the request body was removed; callers passing its fields get a TypeError"
                self.add("request.removed", True, call, before.pointer, detail)
            return
        schema = self.new.schema(after.schema, after.pointer + "/schema")
        shape = self.new.shape("request", schema)
        if before is None:
            # Expanded fields are keyword arguments of their own, so then only a required field breaks calls.
            required_fields = [f"`{f.wire_name}`" for f in after.fields or () if f.required]
            breaking = after.required if after.fields is None else bool(required_fields)
            detail = f"new request body ({after.media_type}, {shape.label})"
            if required_fields:
                detail += " with required fields " + ", ".join(required_fields)
            self.add("request.added", breaking, call, after.pointer, detail)
            return
        whole = before.fields is None and after.fields is None
        if before.media_type != after.media_type:
            # Breaking when the generated method's arguments change: keyword arguments become one body argument
            # (or back), or a body passed whole changes its argument type (bytes or a file instead of text...).
            breaking = (before.fields is None) != (after.fields is None)
            breaking = breaking or (whole and _whole_body_kind(before) != _whole_body_kind(after))
            old_media, new_media = before.media_type, after.media_type
            detail = f"request body media type changed from {old_media} to {new_media}"
            self.add("request.media_type", breaking, call, after.pointer, detail)
        if after.fields is None and after.required and not before.required:
            detail = "the request body is now required"
            self.add("request.required", True, call, after.pointer, detail)
        if whole and before.encoding == after.encoding and _whole_body_kind(after) != "schema":
            return  # raw bytes or text: the argument type does not depend on the schema
        names = {f.wire_name: f.py_name for body in (before, after) for f in body.fields or ()}
        keyword_arguments_of = call if after.fields is not None and shape.name is None else None
        place = Place("request", f"{call}({after.py_name}=)", keyword_arguments_of, names)
        self._schema(self.old.schema(before.schema, before.pointer + "/schema"), schema, place)

    def _response(self, old_op: Operation, new_op: Operation) -> None:
        before, after = old_op.response, new_op.response
        returns = f"{python_call(new_op)}()"
        if (old_op.pagination is None) != (new_op.pagination is None):
            # A page is its response model, so gaining pages breaks nothing; losing them breaks iteration.
            gained = new_op.pagination is not None
            detail = (
                "now returns a page that iterates over every item of every page"
                if gained
                else "no longer returns a page: iterating the result over every page breaks"
            )
            self.add("response.pagination", not gained, returns, new_op.pointer, detail)
        if before.format == after.format and before.format in FIXED_RETURNS:
            return
        old_schema = self.old.schema(before.schema, _response_at(old_op, before))
        new_schema = self.new.schema(after.schema, _response_at(new_op, after))
        if before.format == after.format:
            # An event stream yields its chunks: they are reached like the items of a list.
            place = Place("response", returns + ("[]" if after.format == "sse" else ""))
            self._schema(old_schema, new_schema, place)
            return
        old_label = _return_label(self.old, before, old_schema)
        new_label = _return_label(self.new, after, new_schema)
        if before.format == "empty":
            detail = f"now returns {new_label} (was None)"
            self.add("response.type", False, returns, new_schema[1], detail)
            return
        detail = f"now returns {new_label} (was {old_label}); code reading the result breaks"
        where = old_schema[1] if after.format == "empty" else new_schema[1]
        self.add("response.type", True, returns, where, detail)

    def _auth(self, kept: list[tuple[Operation, Operation]]) -> None:
        """The client sends its API key on every call that needs one, so a requirement that appears or disappears
        changes no caller code: it is reported, but never as breaking."""
        old, new = self.old, self.new
        old_global = _scheme_names(old.document.get("security"))
        new_global = _scheme_names(new.document.get("security"))
        for scheme in sorted(new_global - old_global):
            detail = f"every operation without its own `security` now requires `{scheme}`"
            detail += "; the client sends its API key automatically, make sure one is configured"
            self.add("auth.added", False, "client", "/security", detail)
        for scheme in sorted(old_global - new_global):
            detail = f"operations without their own `security` no longer require `{scheme}`"
            self.add("auth.removed", False, "client", "/security", detail)
        for old_op, new_op in kept:
            old_node, new_node = old.operation_object(old_op), new.operation_object(new_op)
            if "security" not in old_node and "security" not in new_node:
                continue  # covered by the global entries above
            before = _scheme_names(old_node.get("security", old.document.get("security")))
            after = _scheme_names(new_node.get("security", new.document.get("security")))
            call, where = python_call(new_op), new_op.pointer + "/security"
            for scheme in sorted(after - before):
                detail = f"now requires `{scheme}`; the client sends its API key automatically"
                self.add("auth.added", False, call, where, detail)
            for scheme in sorted(before - after):
                self.add("auth.removed", False, call, where, f"no longer requires `{scheme}`")
        if old.api.auth != new.api.auth:
            # Sending the key another way usually means another credential; starting or stopping does not.
            breaking = old.api.auth is not None and new.api.auth is not None
            detail = f"the API key is now sent {_describe_scheme(new.api.auth)}"
            detail += f" (before: {_describe_scheme(old.api.auth)})"
            self.add("auth.scheme", breaking, "client", "/components/securitySchemes", detail)

    def _schema(self, before: Schema, after: Schema, place: Place) -> None:
        self._shapes(self.old.shape(place.role, before), self.new.shape(place.role, after), place)

    def _shapes(self, old: Shape, new: Shape, place: Place) -> None:
        sent = place.sent_by_caller
        if old.nullable != new.nullable:
            # Callers may now send None (fine) or must stop sending it; readers may now receive None.
            breaking = new.nullable != sent
            detail = "now nullable (may be None)" if new.nullable else "no longer nullable"
            if breaking and sent:
                detail += "; callers passing None break"
            elif breaking:
                detail += "; code reading it must handle None"
            self.add(place.kind("nullable"), breaking, place.name, new.pointer, detail)
        same_container = old.container is not None and old.container == new.container
        if old.label != new.label and not same_container:
            # Senders keep working if the accepted types only grew, readers if what they receive only shrank.
            compatible = old.members <= new.members if sent else new.members <= old.members
            detail = f"type changed from {old.label} to {new.label}"
            self.add(place.kind("type"), not compatible, place.name, new.pointer, detail)
            # The members both versions of a union share can still change inside.
            self._union_members(old, new, place)
            return
        if old.name is not None and new.name is not None:
            key = (place.role, old.pointer, new.pointer)
            if key in self._compared:
                return
            self._compared.add(key)
            place = Place(place.role, new.name)  # what is inside is reported under the class name
        self._enum(old, new, place)
        self._fields(old, new, place)
        if old.items is not None and new.items is not None:
            self._schema(old.items, new.items, place.element("[]"))
        if old.values is not None and new.values is not None:
            self._schema(old.values, new.values, place.element("{}"))
        self._union_members(old, new, place)

    def _union_members(self, old: Shape, new: Shape, place: Place) -> None:
        old_members = dict(old.union)
        for label, schema in new.union:
            if label in old_members:
                before = self.old.shape(place.role, old_members[label])
                after = self.new.shape(place.role, schema)
                if old.nullable and new.nullable:
                    # Null is accepted by the union on both sides; where it is spelled does not matter.
                    after = replace(after, nullable=before.nullable)
                self._shapes(before, after, place.element(""))

    def _enum(self, old: Shape, new: Shape, place: Place) -> None:
        if old.enum is None or new.enum is None:
            return
        if place.sent_by_caller:
            added_note, removed_note = "callers may send it", "callers sending it break"
        else:
            added_note = "non-breaking: the generated enums accept values they do not list"
            added_note += ", so existing readers keep working"
            removed_note = "the generated enum loses the member; code that names it breaks"
        before = {json.dumps(v, sort_keys=True, ensure_ascii=False) for v in old.enum}
        after = {json.dumps(v, sort_keys=True, ensure_ascii=False) for v in new.enum}
        for shown in sorted(after - before):
            detail = f"enum value {shown} added ({added_note})"
            self.add(f"{place.role}.enum.added", False, place.name, new.pointer, detail)
        for shown in sorted(before - after):
            detail = f"enum value {shown} removed ({removed_note})"
            self.add(f"{place.role}.enum.removed", True, place.name, old.pointer, detail)

    def _fields(self, old: Shape, new: Shape, place: Place) -> None:
        sent = place.sent_by_caller
        before = _visible_fields(self.old, old, place)
        after = _visible_fields(self.new, new, place)
        for wire in sorted(before.keys() | after.keys()):
            child = place.field(wire)
            if wire not in after:
                consequence = "callers passing it break" if sent else "code reading it breaks"
                detail = f"field `{wire}` was removed; {consequence}"
                self.add(child.kind("removed"), True, child.name, before[wire][1], detail)
                continue
            ptr = after[wire][1]
            is_required = wire in new.required
            if wire not in before:
                added = self.new.shape(place.role, after[wire])
                type_text = added.label + (" | None" if added.nullable else "")
                kind_of = "required" if is_required else "optional"
                detail = f"new {kind_of} field `{wire}` ({type_text})"
                self.add(child.kind("added"), sent and is_required, child.name, ptr, detail)
                continue
            if is_required != (wire in old.required):
                breaking, change = REQUIRED_CHANGE[(sent, is_required)]
                self.add(child.kind("required"), breaking, child.name, ptr, f"`{wire}` {change}")
            self._schema(before[wire], after[wire], child)


def _parameter(side: SpecVersion, op: Operation, param: Parameter) -> tuple[str, str, Schema]:
    """The argument a parameter is passed as (path parameters are positional, the others keyword-only), where the
    spec declares it, and its schema."""
    argument = f"{python_call(op)}({param.py_name}{'' if param.location == 'path' else '='})"
    # A path parameter the spec forgot to declare is taken as a string where the operation lists its parameters.
    declared_at = (param.pointer or op.pointer + "/parameters").removeprefix("#")
    if not param.schema:
        return argument, declared_at, ({"type": "string"}, declared_at + "/schema")
    return argument, declared_at, side.schema(param.schema, declared_at + "/schema")


def _response_at(op: Operation, response: Response) -> str:
    """Where a response without a schema is declared (an operation without responses: where they belong)."""
    return op.pointer + "/responses" + (pointer(response.status) if response.status else "")


def _return_label(side: SpecVersion, response: Response, schema: Schema) -> str:
    """The generated method's return annotation, as `generator.render.methods` writes it."""
    if response.format in FIXED_RETURNS:
        return FIXED_RETURNS[response.format]
    label = side.shape("response", schema).label
    return f"Stream[{label}]" if response.format == "sse" else label


def _whole_body_kind(body: RequestBody) -> str:
    # Raw bytes and text have fixed argument types (`FileContent`, `str`), other bodies their schema's.
    return body.encoding if body.encoding in ("binary", "text") else "schema"


def _visible_fields(side: SpecVersion, shape: Shape, place: Place) -> dict[str, Schema]:
    """Fields callers deal with: a readOnly field is never sent, a writeOnly one never received."""
    visible = {}
    for wire, schema in shape.properties:
        prop = side.shape(place.role, schema)
        if not (prop.read_only if place.sent_by_caller else prop.write_only):
            visible[wire] = schema
    return visible


def _scheme_names(security: Any) -> set[str]:
    if not isinstance(security, list):
        return set()
    return {str(name) for req in security if isinstance(req, dict) for name in req}


def _describe_scheme(scheme: AuthScheme | None) -> str:
    if scheme is None:
        return "not at all, no authentication was declared"
    return {
        "bearer": "as `Authorization: Bearer <key>`",
        "basic": "with HTTP basic auth",
        "header": f"in the `{scheme.name}` header",
        "query": f"in the `{scheme.name}` query parameter",
        "cookie": f"in the `{scheme.name}` cookie",
    }[scheme.kind]
