"""openapi-spec-validator's keyword checks, replayed without it for the fast check.

The library walks the document from its root (openapi_spec_validator/validation/keywords.py): duplicate tag
names, then every path item (duplicate parameters, duplicate operationIds, path parameters that do not match the
template, the schemas of parameters and response content), then components/schemas. Every schema it reaches
from one of those places is checked against its dialect's metaschema; every schema it visits (through allOf,
anyOf, oneOf, not, items and properties too, each once by identity) gets its `required` names checked when it
has an allOf, and its `default` checked against it. This walk visits the same schemas in the same order, and
raises Undecided at anything the library would report and at anything it does not fully understand.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

from generator.validate.resolve import Undecided, child, resolve

# The library's PathValidator.OPERATIONS.
OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Schema nesting (through `$ref`s too) past which the library's recursion is not replayed.
MAX_SCHEMA_DEPTH = 64


class DocumentWalk:
    """One replay of the library's walk over `document`; `run` returns only when it finds nothing."""

    def __init__(
        self,
        document: dict[str, Any],
        *,
        metaschema_accepts: Callable[[Any], bool],
        check_default: Callable[[Any, Any], None],
    ) -> None:
        self.document = document
        self.metaschema_accepts = metaschema_accepts
        self.check_default = check_default
        self.meta_checked: set[int] = set()
        self.visited: set[int] = set()
        self.operation_ids: set[str] = set()
        # Schemas (by id) whose property names are being collected: meeting one again is a cycle, through
        # which the library would recurse until Python's recursion limit. And the names already collected.
        self.collecting: set[int] = set()
        self.collected: dict[int, frozenset[str]] = {}

    def child(self, node: Any, key: str) -> Any:
        return child(self.document, node, key)

    def run(self) -> None:
        root = resolve(self.document, self.document)
        if root is not self.document:
            raise Undecided("the document is a $ref")
        if "tags" in root:
            self.tags(self.child(root, "tags"))
        if "paths" in root:
            paths = _mapping(self.child(root, "paths"))
            for url in paths:
                self.path_item(url, _mapping(self.child(paths, url)))
        if "components" in root:
            components = self.child(root, "components")
            if isinstance(components, dict) and "schemas" in components:
                schemas = _mapping(self.child(components, "schemas"))
                for name in schemas:
                    self.schema(self.child(schemas, name))

    def tags(self, tags: Any) -> None:
        seen: set[str] = set()
        for tag in _sequence(tags):
            name = _text(self.child(_mapping(resolve(self.document, tag)), "name"))
            if name in seen:
                raise Undecided(f"duplicate tag name {name!r}")
            seen.add(name)

    def path_item(self, url: str, item: dict[str, Any]) -> None:
        shared = None
        if "parameters" in item:
            shared = self.child(item, "parameters")
            self.parameters(shared)
        for field in item:
            if field in OPERATIONS:
                self.operation(url, _mapping(self.child(item, field)), shared)

    def operation(self, url: str, operation: dict[str, Any], shared: Any) -> None:
        if "operationId" in operation:
            operation_id = self.child(operation, "operationId")
            if operation_id is not None:
                if _text(operation_id) in self.operation_ids:
                    raise Undecided(f"duplicate operationId {operation_id!r}")
                self.operation_ids.add(operation_id)
        if "responses" in operation:
            responses = _mapping(self.child(operation, "responses"))
            for code in responses:
                response = self.child(responses, code)
                if isinstance(response, dict) and "content" in response:
                    content = _mapping(self.child(response, "content"))
                    for media_type in content:
                        media = self.child(content, media_type)
                        if isinstance(media, dict) and "schema" in media:
                            self.schema(self.child(media, "schema"))
        names: list[str] = []
        if "parameters" in operation:
            own = self.child(operation, "parameters")
            self.parameters(own)
            names += self.path_parameter_names(own)
        if shared is not None:
            names += self.path_parameter_names(shared)
        try:
            in_template = {field for _, field, _, _ in string.Formatter().parse(url) if field}
        except ValueError:
            raise Undecided(f"the library cannot parse the path {url!r}") from None
        if set(names) != in_template:
            raise Undecided(f"path parameters of {url!r} do not match its template")

    def parameters(self, parameters: Any) -> None:
        seen: set[tuple[str, str]] = set()
        for parameter in _sequence(parameters):
            parameter = _mapping(resolve(self.document, parameter))
            if "schema" in parameter:
                self.schema(self.child(parameter, "schema"))
            # The library reads these two unresolved.
            key = (_text(parameter.get("name")), _text(parameter.get("in")))
            if key in seen:
                raise Undecided(f"duplicate parameter {key[0]!r}")
            seen.add(key)

    def path_parameter_names(self, parameters: Any) -> list[str]:
        names = []
        for parameter in _sequence(parameters):
            parameter = _mapping(resolve(self.document, parameter))
            if _text(self.child(parameter, "in")) == "path":
                names.append(_text(self.child(parameter, "name")))
        return names

    def schema(
        self, value: Any, *, top: bool = True, meta_checked: bool = False, depth: int = 0
    ) -> None:
        """The library's SchemaValidator: `top` is its require_properties (true where a walk starts)."""
        if not isinstance(value, dict | bool):
            raise Undecided("a schema that is not an object or a boolean")
        if not meta_checked and id(value) not in self.meta_checked:
            self.meta_checked.add(id(value))
            if not self.metaschema_accepts(value):
                raise Undecided("a schema its metaschema rejects")
        if id(value) in self.visited:
            return
        self.visited.add(id(value))
        if depth > MAX_SCHEMA_DEPTH:
            raise Undecided("schemas nest too deeply")
        if not isinstance(value, dict):
            return
        nested: set[str] = set()
        for keyword in ("allOf", "anyOf", "oneOf"):
            if keyword in value:
                for each in _sequence(self.child(value, keyword)):
                    subschema = resolve(self.document, each)
                    self.subschema(subschema, depth)
                    if keyword == "allOf":
                        nested |= self.collect_properties(subschema, 0)
        for keyword in ("not", "items"):
            if keyword in value:
                self.subschema(self.child(value, keyword), depth)
        properties: dict[str, Any] = {}
        if "properties" in value:
            properties = _mapping(self.child(value, "properties"))
            for name in properties:
                self.subschema(self.child(properties, name), depth)
        # Read whether or not it is needed: the library resolves it either way.
        required = self.child(value, "required") if "required" in value else []
        if "allOf" in value:
            # The library makes a set of the names even where it reports nothing (`top` false).
            missing = {_text(name) for name in _sequence(required or [])} - set(properties) - nested
            if missing and top:
                raise Undecided(f"required names without properties: {sorted(missing)}")
        if "default" in value:
            default = self.child(value, "default")
            nullable = self.child(value, "nullable") if "nullable" in value else False
            if default is not None or nullable is not True:
                self.check_default(value, default)

    def subschema(self, value: Any, depth: int) -> None:
        """A schema the library reaches from another: visited, but not checked against the metaschema."""
        self.schema(value, top=False, meta_checked=True, depth=depth + 1)

    def collect_properties(self, value: Any, depth: int) -> frozenset[str]:
        """The library's _collect_properties: every property name under allOf/anyOf/oneOf/items/not."""
        if not isinstance(value, dict):
            return frozenset()
        known = self.collected.get(id(value))
        if known is not None:
            return known
        if id(value) in self.collecting or depth > MAX_SCHEMA_DEPTH:
            raise Undecided("the library would recurse without end collecting properties")
        self.collecting.add(id(value))
        names: set[str] = set()
        if "properties" in value:
            names |= {_text(name) for name in _mapping(self.child(value, "properties"))}
        for keyword in ("allOf", "anyOf", "oneOf"):
            if keyword in value:
                for each in _sequence(self.child(value, keyword)):
                    names |= self.collect_properties(resolve(self.document, each), depth + 1)
        for keyword in ("items", "not"):
            if keyword in value:
                names |= self.collect_properties(self.child(value, keyword), depth + 1)
        self.collecting.discard(id(value))
        self.collected[id(value)] = frozenset(names)
        return self.collected[id(value)]


def _mapping(node: Any) -> dict[str, Any]:
    if not isinstance(node, dict):
        raise Undecided("expected an object")
    return node


def _sequence(node: Any) -> list[Any]:
    if not isinstance(node, list):
        raise Undecided("expected an array")
    return node


def _text(node: Any) -> str:
    if not isinstance(node, str):
        raise Undecided("expected a string")
    return node
