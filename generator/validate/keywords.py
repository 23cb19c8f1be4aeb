"""openapi-spec-validator's keyword checks (openapi_spec_validator/validation/keywords.py), replayed without it:
the same walk over the same nodes in the same order. Path parameters that do not match their template and
duplicate operationIds (common in published specs) are reported as the library path reports them; anything
else it would report, or that the walk does not fully understand, raises Undecided."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import unquote

from generator.document import HTTP_METHODS, is_data_keyword
from generator.errors import Problem, pointer

T = TypeVar("T")
# The library's PathValidator.OPERATIONS.
OPERATIONS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Schema nesting and `$ref` chains (the library recurses through both) past which nothing is replayed.
MAX_SCHEMA_DEPTH = 64


# A path template's `{name}` expressions. The library read them with string.Formatter, which takes `{a:b}` for
# `a` with a format spec and fails on `{a!}`; OpenAPI's name is all between the braces, and library_internals
# makes the library read templates with this too.
_TEMPLATE_EXPRESSION = re.compile(r"\{([^{}]+)\}")


def template_parameters(url: str) -> set[str]:
    """The names of the path parameters a path template holds."""
    return set(_TEMPLATE_EXPRESSION.findall(url))


class Undecided(Exception):
    """The fast check cannot vouch for the document: the library decides."""


def lookup(document: Any, ref: str) -> Any:
    """The node `ref` names, as the `referencing` package finds it, if a JSON pointer into the document's own
    sections (one into a JSON Schema keyword could enter a subresource with a new base URI)."""
    segments = unquote(ref[2:]).split("/")
    own = segments[0] in ("components", "paths", "webhooks") or segments[0].startswith("x-")
    if not ref.startswith("#/") or not own:
        raise Undecided(f"a $ref the fast check does not follow: {ref!r}")
    node = document
    for segment in segments:  # a missing key or index, or a step into a value, raises
        key = segment.replace("~1", "/").replace("~0", "~")
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node


def unresolved_parameter(document: dict[str, Any], url: str, method: str, name: str) -> Problem:
    """The library's "Path parameter ... was not resolved", made actionable: one of the two ways it happens."""
    item = _mapping(_mapping(document.get("paths")).get(url))
    parameters = _mapping(item.get(method)).get("parameters")
    parameters = parameters if isinstance(parameters, list) else []
    declared = [p for p in parameters if isinstance(p, dict) and p.get("in") == "path"]
    if any(parameter.get("name") == name for parameter in declared):
        text = f"path parameter '{name}' is declared but does not appear in the path template"
        fix = f"remove it, or add `{{{name}}}` to the path"
    else:
        text = f"path parameter '{name}' appears in the path but is not declared"
        fix = f"declare `{{name: {name}, in: path, required: true, schema: {{type: string}}}}` in the operation's parameters"
    where = ["paths", url, method]
    return Problem(pointer(*where, "parameters"), text, operation_label(document, where), fix)


def _mapping(node: Any) -> dict[str, Any]:
    """`node` if an object, else an empty one: the library reports this node of a malformed shape too."""
    return node if isinstance(node, dict) else {}


def duplicate_operation_id(document: dict[str, Any], url: str, method: str, operation_id: str) -> Problem:
    message = f"Operation ID '{operation_id}' for '{method}' in '{url}' is not unique"  # the library's words
    where = ["paths", url, method]
    fix = "give each operation a unique operationId in the overlay"
    return Problem(pointer(*where), shorten(message), operation_label(document, where), fix)


def shorten(message: str) -> str:
    message = " ".join(message.split())
    return message if len(message) <= 300 else message[:299] + "…"


def operation_label(document: dict[str, Any], parts: list[str]) -> str:
    if len(parts) < 3 or parts[0] != "paths" or parts[2] not in HTTP_METHODS:
        return ""
    item = _mapping(document.get("paths")).get(parts[1], {})
    operation = item.get(parts[2]) if isinstance(item, dict) else None
    operation_id = operation.get("operationId") if isinstance(operation, dict) else None
    label = f"{parts[2].upper()} {parts[1]}"
    return f"{label} ({operation_id})" if isinstance(operation_id, str) else label


def _expect(node: Any, kind: type[T]) -> T:
    if not isinstance(node, kind):
        raise Undecided(f"expected a {kind.__name__} here")
    return node


class DocumentWalk:
    """One replay of the library's walk over `document`; `run` returns the problems it found (and knows all)."""

    # The checks the walk leaves to compiled.FastCheck.
    metaschema_accepts: Callable[[Any], bool]
    check_default: Callable[[Any, Any], None]

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.meta_checked: set[int] = set()
        self.visited: set[int] = set()
        self.operation_ids: set[str] = set()
        self.problems: set[Problem] = set()
        self.collected: dict[int, frozenset[str]] = {}

    def resolve(self, node: Any) -> Any:
        # The library reads through jsonschema-path: a `$ref` node stands for its target (siblings ignored).
        for _ in range(MAX_SCHEMA_DEPTH):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                return node
            node = lookup(self.document, node["$ref"])
        raise Undecided("a $ref chain too long, or a cycle")

    def child(self, node: Any, key: str, default: Any = None) -> Any:
        return self.resolve(node[key]) if key in node else default

    def run(self) -> list[Problem]:
        """Duplicate tag names, then each path item, then components/schemas."""
        root = self.document
        if self.resolve(root) is not root:
            raise Undecided("the document is a $ref")
        tags = _expect(self.child(root, "tags", []), list)
        names = [self.child(_expect(self.resolve(tag), dict), "name") for tag in tags]
        if len({_expect(name, str) for name in names}) != len(names):
            raise Undecided("duplicate tag names")
        paths = _expect(self.child(root, "paths", {}), dict)
        for url in paths:
            # An extension, which the library path skips (library_internals.skipping_extensions).
            if is_data_keyword(url):
                continue
            item = _expect(self.child(paths, url), dict)
            shared = self.parameters(self.child(item, "parameters", []))
            for field in item:
                if field in OPERATIONS:
                    self.operation(url, field, _expect(self.child(item, field), dict), shared)
        components = self.child(root, "components")
        schemas = self.child(components, "schemas", {}) if isinstance(components, dict) else {}
        for name in _expect(schemas, dict):
            self.schema(self.child(schemas, name))
        return sorted(self.problems)

    def operation(
        self, url: str, method: str, operation: dict[str, Any], shared_names: list[str]
    ) -> None:
        """Duplicate operationIds, response and parameter schemas, path parameters against the template."""
        operation_id = self.child(operation, "operationId")
        if operation_id is not None:
            if _expect(operation_id, str) in self.operation_ids:
                self.problems.add(duplicate_operation_id(self.document, url, method, operation_id))
            self.operation_ids.add(operation_id)
        responses = _expect(self.child(operation, "responses", {}), dict)
        for code in responses:
            if is_data_keyword(code):  # as for paths
                continue
            response = self.child(responses, code)
            if isinstance(response, dict) and "content" in response:
                content = _expect(self.child(response, "content"), dict)
                for media_type in content:
                    media = self.child(content, media_type)
                    if isinstance(media, dict) and "schema" in media:
                        self.schema(self.child(media, "schema"))
        names = self.parameters(self.child(operation, "parameters", []))
        in_template = template_parameters(url)
        for name in in_template.symmetric_difference({*names, *shared_names}):
            self.problems.add(unresolved_parameter(self.document, url, method, name))

    def parameters(self, parameters: Any) -> list[str]:
        """Schemas and duplicates of a list of parameters; returns the names of its path parameters."""
        seen: set[tuple[str, str]] = set()
        path_names = []
        for parameter in _expect(parameters, list):
            parameter = _expect(self.resolve(parameter), dict)
            if "schema" in parameter:
                self.schema(self.child(parameter, "schema"))
            # The library reads these two unresolved for duplicates, and resolved for the path template.
            key = (_expect(parameter.get("name"), str), _expect(parameter.get("in"), str))
            if key in seen:
                raise Undecided(f"duplicate parameter {key[0]!r}")
            seen.add(key)
            if _expect(self.child(parameter, "in"), str) == "path":
                path_names.append(_expect(self.child(parameter, "name"), str))
        return path_names

    def schema(self, value: Any, *, top: bool = True, depth: int = 0) -> None:
        """The library's SchemaValidator: each schema once, through allOf, anyOf, oneOf, not, items, properties.
        Only where a walk starts (`top`) are its metaschema and required names checked."""
        if not isinstance(value, dict | bool):
            raise Undecided("a schema that is not an object or a boolean")
        if top and id(value) not in self.meta_checked:
            self.meta_checked.add(id(value))
            if not self.metaschema_accepts(value):
                raise Undecided("a schema its metaschema rejects")
        if id(value) in self.visited or not isinstance(value, dict):
            return
        self.visited.add(id(value))
        if depth > MAX_SCHEMA_DEPTH:
            raise Undecided("schemas nest too deeply")
        nested: set[str] = set()
        for keyword in ("allOf", "anyOf", "oneOf"):
            for branch in map(self.resolve, _expect(self.child(value, keyword, []), list)):
                self.schema(branch, top=False, depth=depth + 1)
                if keyword == "allOf":
                    nested |= self.collect_properties(branch, 0)
        for keyword in ("not", "items"):
            if keyword in value:
                self.schema(self.child(value, keyword), top=False, depth=depth + 1)
        properties = _expect(self.child(value, "properties", {}), dict)
        for name in properties:
            self.schema(self.child(properties, name), top=False, depth=depth + 1)
        # Read whether or not it is needed: the library resolves it either way.
        required = self.child(value, "required", [])
        if "allOf" in value:
            # The library makes a set of the names even where it reports nothing (`top` false).
            names = {_expect(name, str) for name in _expect(required or [], list)}
            if top and names - set(properties) - nested:
                raise Undecided("required names without properties")
        if "default" in value:
            default = self.child(value, "default")
            if default is not None or self.child(value, "nullable", False) is not True:
                self.check_default(value, default)

    def collect_properties(self, value: Any, depth: int) -> frozenset[str]:
        """The library's _collect_properties: every property name under allOf/anyOf/oneOf/items/not (through a
        cycle it recurses until Python's recursion limit; this, until MAX_SCHEMA_DEPTH)."""
        if not isinstance(value, dict):
            return frozenset()
        if id(value) not in self.collected:
            if depth > MAX_SCHEMA_DEPTH:
                raise Undecided("the library would recurse without end collecting properties")
            properties = _expect(self.child(value, "properties", {}), dict)
            names = {_expect(name, str) for name in properties}
            for keyword in ("allOf", "anyOf", "oneOf"):
                for branch in map(self.resolve, _expect(self.child(value, keyword, []), list)):
                    names |= self.collect_properties(branch, depth + 1)
            for keyword in ("items", "not"):
                if keyword in value:
                    names |= self.collect_properties(self.child(value, keyword), depth + 1)
            self.collected[id(value)] = frozenset(names)
        return self.collected[id(value)]
