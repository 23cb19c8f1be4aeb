"""Hypothesis strategies for valid OpenAPI 3.0 and 3.1 documents whose names and strings come from all of Unicode.

Built by hand from Hypothesis primitives, not with hypothesis-jsonschema over the OpenAPI metaschemas (issue 14's
suggestion): that library is not installed, and a document that merely matches the metaschema nearly always
breaks the rules the metaschema cannot state (path parameters that the template does not declare, duplicate
operationIds, $refs to nothing), so almost every example would be rejected before generation. Here those rules
hold by construction, so each example is a document `clientgen validate` accepts and the generator must turn
into a working package:

- paths with path, query, header and cookie parameters, bodies (JSON, form, multipart) and responses;
- component schemas of every shape the generator models (objects, arrays, maps, string and integer enums,
  nullable values, allOf/oneOf/anyOf, $refs between components, recursion among them, additionalProperties,
  defaults and examples), each reachable from an operation so that each gets a class;
- oneOf families told apart by a discriminator with its mapping; readOnly and writeOnly properties; `const`
  (3.1); text, binary, XML and event-stream responses; parameters given by `content`;
- parameters, bodies and responses reused through components/parameters, requestBodies and responses;
- tags, operationIds, servers with variables, security schemes and requirements.

Names and strings come from all of Unicode, lone surrogates in prose included (tests/fuzz/alphabet.py).

Recursion is kept satisfiable, so that every schema has a finite JSON value: a component refers to itself or
to a later component only where a value may leave it out (an optional property, array items, map values).
`sample_value` (tests/fuzz/values.py) builds such a value, which the round-trip checks feed to the generated models.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import yaml
from hypothesis import strategies as st

from generator.errors import escape_pointer_token
from tests.fuzz.alphabet import (
    COMPONENT_NAME,
    NAME,
    PATH_PARAMETER_NAME,
    PATH_SEGMENT,
    PLAIN_NAME,
    PROSE,
)
from tests.fuzz.values import FORMATTED_VALUES, primitive_value

OTHER_MEDIA_TYPES = [
    "text/plain",
    "application/octet-stream",
    "text/event-stream",
    "application/xml",
]
METHODS = ["get", "post", "put", "patch", "delete", "head", "options", "trace"]
BODY_METHODS = {"post", "put", "patch"}
_SUCCESS_CODES = ["200", "201", "202", "203"]
RESPONSE_CODES = [*_SUCCESS_CODES, "400", "401", "403", "404", "409", "422", "500", "default"]


@dataclass
class _Components:
    """What later parts of a document may refer to: each component schema's name and whether it is an object."""

    version: str
    names: list[str]
    objects: set[str] = field(default_factory=set)
    # The property names of each object component, those it inherits included.
    properties: dict[str, frozenset[str]] = field(default_factory=dict)
    primitives: set[str] = field(default_factory=set)

    def ref(self, name: str) -> dict[str, Any]:
        return {"$ref": f"#/components/schemas/{escape_pointer_token(name)}"}


def _nullable(version: str, schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return (
            {"anyOf": [schema, {"type": "null"}]}
            if version == "3.1"
            else {"allOf": [schema], "nullable": True}
        )
    kind = schema.get("type")
    if version == "3.1" and isinstance(kind, str):
        return {
            **schema,
            "type": [kind, "null"],
            **({"enum": [*schema["enum"], None]} if "enum" in schema else {}),
        }
    if version == "3.1":
        return {"anyOf": [schema, {"type": "null"}]}
    return {
        **schema,
        "nullable": True,
        **({"enum": [*schema["enum"], None]} if "enum" in schema else {}),
    }


@st.composite
def _primitive(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["string", "string", "integer", "number", "boolean"]))
    schema: dict[str, Any] = {"type": kind}
    if kind == "string" and draw(st.booleans()):
        schema["format"] = draw(st.sampled_from(sorted(FORMATTED_VALUES)))
    if kind == "integer" and draw(st.booleans()):
        schema["format"] = draw(st.sampled_from(["int32", "int64"]))
    if draw(st.integers(0, 3)) == 0:
        schema["default"] = primitive_value(schema)
    return schema


@st.composite
def _enum(draw: st.DrawFn) -> dict[str, Any]:
    if draw(st.booleans()):
        values: list[Any] = draw(st.lists(NAME, min_size=1, max_size=5, unique=True))
        schema: dict[str, Any] = {"type": "string", "enum": values}
    else:
        values = draw(st.lists(st.integers(-(2**40), 2**40), min_size=1, max_size=5, unique=True))
        schema = {"type": "integer", "enum": values}
    if draw(st.booleans()):
        schema["default"] = draw(st.sampled_from(values))
    return schema


def _described(draw: st.DrawFn, version: str, schema: dict[str, Any]) -> dict[str, Any]:
    """Prose and examples around a schema (beside a $ref only in 3.1, where siblings are allowed)."""
    if "$ref" in schema and version == "3.0":
        return schema
    if draw(st.integers(0, 3)) == 0:
        schema["description"] = draw(PROSE)
    if draw(st.integers(0, 5)) == 0:
        schema["title"] = draw(PROSE)
    if draw(st.integers(0, 5)) == 0:
        example = draw(st.one_of(PROSE, st.integers(), st.lists(PROSE, max_size=2)))
        if version == "3.1":
            schema["examples"] = [example]
        else:
            schema["example"] = example
    return schema


@st.composite
def _schema(
    draw: st.DrawFn, components: _Components, earlier: list[str], depth: int, optional: bool
) -> Any:
    """A schema inside component number len(earlier); `optional` where a value may leave it out."""
    later_ok = components.names if optional else earlier
    kinds = ["primitive", "enum", *(["const"] if components.version == "3.1" else [])]
    if later_ok:
        kinds += ["ref", "ref"]
    if depth < 2:
        kinds += ["object", "array", "map", "union"]
    kind = draw(st.sampled_from(kinds))
    schema: dict[str, Any]
    if kind == "primitive":
        schema = draw(_primitive())
    elif kind == "enum":
        schema = draw(_enum())
    elif kind == "const":
        schema = {"const": draw(st.one_of(NAME, st.integers(-(2**40), 2**40)))}
    elif kind == "ref":
        schema = components.ref(draw(st.sampled_from(later_ok)))
    elif kind == "object":
        schema = draw(_object(components, earlier, depth + 1))
    elif kind == "array":
        items = draw(_schema(components, earlier, depth + 1, optional=True))
        schema = {"type": "array", "items": items}
    elif kind == "map":
        values = draw(_schema(components, earlier, depth + 1, optional=True))
        schema = {"type": "object", "additionalProperties": values}
    else:
        schema = draw(_union(components, earlier))
    # Not around a $ref that may lead back here in 3.0 (`allOf: [$ref]`): clientgen's validation cannot follow
    # an array whose items are `allOf` of the array itself (kept as tests/fixtures/fuzz/ regression fixture).
    recursive_ref = (
        "$ref" in schema and kind == "ref" and schema not in map(components.ref, earlier)
    )
    if draw(st.integers(0, 4)) == 0 and not (recursive_ref and components.version == "3.0"):
        schema = _nullable(components.version, schema)
    return _described(draw, components.version, schema)


@st.composite
def _union(draw: st.DrawFn, components: _Components, earlier: list[str]) -> dict[str, Any]:
    """oneOf or anyOf of primitives, enums and earlier components (whose values are finite)."""
    refs = [st.sampled_from(earlier).map(components.ref)] if earlier else []
    members = draw(
        st.lists(
            st.one_of(_primitive(), _enum(), *refs),
            min_size=2,
            max_size=3,
            unique_by=lambda s: json.dumps(s, sort_keys=True),
        )
    )
    return {draw(st.sampled_from(["oneOf", "anyOf"])): members}


@st.composite
def _object(
    draw: st.DrawFn,
    components: _Components,
    earlier: list[str],
    depth: int,
    inherited: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    # Not a name an allOf parent has: the child would narrow the parent's property, and its value (sampled for
    # the round trip) could then lead back into the child forever.
    names = draw(
        st.lists(NAME.filter(lambda n: n not in inherited), min_size=1, max_size=5, unique=True)
    )
    required = [n for n in names if draw(st.booleans())]
    properties = {
        name: draw(_schema(components, earlier, depth, optional=name not in required))
        for name in names
    }
    for value in properties.values():
        if "$ref" not in value and draw(st.integers(0, 7)) == 0:
            value[draw(st.sampled_from(["readOnly", "writeOnly"]))] = True
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    extra = draw(st.sampled_from(["absent", "absent", "true", "false", "schema"]))
    if extra == "schema":
        schema["additionalProperties"] = draw(
            _schema(components, earlier, depth + 1, optional=True)
        )
    elif extra != "absent":
        schema["additionalProperties"] = extra == "true"
    return schema


@st.composite
def _component(draw: st.DrawFn, components: _Components, index: int) -> Any:
    earlier = components.names[:index]
    objects = [n for n in earlier if n in components.objects]
    kinds = ["object", "object", "object", "enum", "primitive", "array"]
    if objects:
        kinds.append("allOf")
    if earlier:
        kinds += ["alias", "union"]
    kind = draw(st.sampled_from(kinds))
    name = components.names[index]
    if kind == "object":
        components.objects.add(name)
        schema = draw(_object(components, earlier, 0))
        components.properties[name] = frozenset(schema["properties"])
        return _described(draw, components.version, schema)
    if kind == "allOf":
        components.objects.add(name)
        parents = draw(st.lists(st.sampled_from(objects), min_size=1, max_size=2, unique=True))
        inherited = frozenset(n for parent in parents for n in components.properties[parent])
        own = draw(_object(components, earlier, 0, inherited))
        components.properties[name] = inherited | set(own["properties"])
        return _described(draw, components.version, {"allOf": [*map(components.ref, parents), own]})
    if kind == "alias":
        target = draw(st.sampled_from(earlier))
        if target in components.objects:
            components.objects.add(name)
            components.properties[name] = components.properties[target]
        return components.ref(target)
    if kind == "enum":
        return _described(draw, components.version, draw(_enum()))
    if kind == "primitive":
        components.primitives.add(name)
        return _described(draw, components.version, draw(_primitive()))
    if kind == "array":
        items = draw(_schema(components, earlier, 1, optional=True))
        return _described(draw, components.version, {"type": "array", "items": items})
    return _described(draw, components.version, draw(_union(components, earlier)))


@st.composite
def _discriminated(draw: st.DrawFn, components: _Components) -> dict[str, Any]:
    """A oneOf of object components told apart by a discriminator property (with its mapping), added after
    every other component: the members' required properties may refer to any of those."""
    earlier = list(components.names)
    fresh = COMPONENT_NAME.filter(lambda n: n not in earlier)
    members = draw(st.lists(fresh, min_size=2, max_size=3, unique=True))
    union = draw(fresh.filter(lambda n: n not in members))
    tag = draw(NAME)
    values = draw(st.lists(NAME, min_size=len(members), max_size=len(members), unique=True))
    schemas: dict[str, Any] = {}
    for member, value in zip(members, values, strict=True):
        schema = draw(_object(components, earlier, 1, inherited=frozenset({tag})))
        schema["properties"] = {tag: {"type": "string", "enum": [value]}, **schema["properties"]}
        schema["required"] = [tag, *schema.get("required", [])]
        schemas[member] = schema
        components.objects.add(member)
        components.properties[member] = frozenset(schema["properties"])
    mapping = {
        value: components.ref(member)["$ref"] for member, value in zip(members, values, strict=True)
    }
    discriminator = {"propertyName": tag, "mapping": mapping}
    schemas[union] = {"oneOf": [components.ref(m) for m in members], "discriminator": discriminator}
    components.names.extend([*members, union])
    return schemas


@st.composite
def _path(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A path template and the names of its parameters (none twice)."""
    parts: list[str] = []
    names: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.integers(0, 2)) == 0:
            name = draw(PATH_PARAMETER_NAME.filter(lambda n: n not in names))
            names.append(name)
            parts.append("{" + name + "}")
        else:
            parts.append(draw(PATH_SEGMENT))
    return "/" + "/".join(parts), names


def _parameter_schema(draw: st.DrawFn, components: _Components) -> dict[str, Any]:
    simple = [n for n in components.names if n in components.primitives]
    options = [_primitive(), _enum(), _primitive().map(lambda s: {"type": "array", "items": s})]
    if simple:
        options.append(st.sampled_from(simple).map(components.ref))
    return draw(st.one_of(options))


def _parameter(draw: st.DrawFn, components: _Components, name: str, where: str) -> dict[str, Any]:
    parameter: dict[str, Any] = {"name": name, "in": where}
    if where == "path" or draw(st.booleans()):
        parameter["required"] = True
    schema = _parameter_schema(draw, components)
    if where == "path" and schema.get("type") == "array":
        schema = {"type": "string"}
    if where == "query" and draw(st.integers(0, 5)) == 0:
        parameter["content"] = {"application/json": {"schema": schema}}
    else:
        parameter["schema"] = schema
    if draw(st.integers(0, 2)) == 0:
        parameter["description"] = draw(PROSE)
    if draw(st.integers(0, 6)) == 0:
        parameter["deprecated"] = True
    return parameter


@st.composite
def _request_body(draw: st.DrawFn, components: _Components) -> dict[str, Any]:
    media = draw(
        st.sampled_from(
            ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"]
        )
    )
    schema: dict[str, Any]
    if media == "application/json":
        schema = draw(
            st.one_of(
                st.sampled_from(components.names).map(components.ref),
                _object(components, components.names, 1),
                _schema(components, components.names, 1, optional=True).map(
                    lambda s: {"type": "array", "items": s}
                ),
            )
        )
    else:
        names = draw(st.lists(NAME, min_size=1, max_size=4, unique=True))
        properties = {name: draw(_primitive()) for name in names}
        if media == "multipart/form-data":
            properties[draw(NAME.filter(lambda n: n not in names))] = {
                "type": "string",
                "format": "binary",
            }
        schema = {"type": "object", "properties": properties}
    body: dict[str, Any] = {"content": {media: {"schema": schema}}}
    if draw(st.booleans()):
        body["required"] = True
    if draw(st.integers(0, 2)) == 0:
        body["description"] = draw(PROSE)
    return body


@st.composite
def _operation(
    draw: st.DrawFn,
    components: _Components,
    method: str,
    path_names: list[str],
    declare_path: bool,
    context: _Document,
) -> dict[str, Any]:
    operation: dict[str, Any] = {}
    if draw(st.integers(0, 3)) > 0:
        operation["operationId"] = draw(NAME.filter(lambda n: n not in context.operation_ids))
        context.operation_ids.add(operation["operationId"])
    for key in ("summary", "description"):
        if draw(st.booleans()):
            operation[key] = draw(PROSE)
    if draw(st.booleans()) and context.tags:
        operation["tags"] = draw(
            st.lists(st.sampled_from(context.tags), min_size=1, max_size=2, unique=True)
        )
    parameters = [_parameter(draw, components, name, "path") for name in path_names if declare_path]
    others = draw(
        st.lists(
            st.tuples(NAME, st.sampled_from(["query", "query", "header", "cookie"])),
            max_size=4,
            unique_by=lambda pair: (pair[0].lower() if pair[1] == "header" else pair[0], pair[1]),
        )
    )
    parameters += [_parameter(draw, components, name, where) for name, where in others]
    if parameters:
        operation["parameters"] = parameters
    if method in BODY_METHODS and draw(st.booleans()):
        operation["requestBody"] = draw(_request_body(components))
    operation["responses"] = draw(_responses(components, context.pending_schemas))
    if context.schemes and draw(st.integers(0, 3)) == 0:
        operation["security"] = draw(_security(context.schemes))
    if draw(st.integers(0, 8)) == 0:
        operation["deprecated"] = True
    return operation


@st.composite
def _responses(draw: st.DrawFn, components: _Components, pending: list[str]) -> dict[str, Any]:
    """Responses, taking schemas not yet used by any operation first, so that each component gets a class."""
    codes = draw(st.lists(st.sampled_from(RESPONSE_CODES), min_size=1, max_size=3, unique=True))
    if pending:
        codes = list(dict.fromkeys(codes + RESPONSE_CODES))[: max(len(codes), min(len(pending), 4))]
    responses: dict[str, Any] = {}
    for code in codes:
        response: dict[str, Any] = {"description": draw(PROSE)}
        if pending:
            schema: Any = components.ref(pending.pop(0))
        elif draw(st.integers(0, 3)) == 0:
            schema = None
        else:
            schema = draw(_schema(components, components.names, 1, optional=True))
        if schema is not None:
            response["content"] = {"application/json": {"schema": schema}}
        elif draw(st.booleans()):
            media = draw(st.sampled_from(OTHER_MEDIA_TYPES))
            binary = media == "application/octet-stream"
            text = {"type": "string", **({"format": "binary"} if binary else {})}
            response["content"] = {media: {"schema": text}}
        responses[code] = response
    if draw(st.integers(0, 5)) == 0:
        responses["204"] = {"description": draw(PROSE)}
    return responses


def _security(schemes: dict[str, list[str]]) -> st.SearchStrategy[list[dict[str, list[str]]]]:
    def requirement(name: str) -> st.SearchStrategy[dict[str, list[str]]]:
        if not schemes[name]:
            return st.just({name: []})
        return st.lists(st.sampled_from(schemes[name]), unique=True).map(
            lambda scopes: {name: scopes}
        )

    return st.lists(st.sampled_from(sorted(schemes)).flatmap(requirement), max_size=2)


@st.composite
def _security_schemes(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, list[str]]]:
    names = draw(st.lists(COMPONENT_NAME, max_size=3, unique=True))
    schemes: dict[str, Any] = {}
    scopes: dict[str, list[str]] = {}
    for name in names:
        kind = draw(st.sampled_from(["apiKey", "bearer", "basic", "oauth2", "openIdConnect"]))
        scopes[name] = []
        if kind == "apiKey":
            schemes[name] = {
                "type": "apiKey",
                "name": draw(NAME),
                "in": draw(st.sampled_from(["header", "query", "cookie"])),
            }
        elif kind in ("bearer", "basic"):
            schemes[name] = {"type": "http", "scheme": kind}
        elif kind == "oauth2":
            scopes[name] = draw(st.lists(NAME, max_size=3, unique=True))
            flow = {
                "tokenUrl": "https://auth.example.com/token",
                "scopes": {s: draw(PROSE) for s in scopes[name]},
            }
            schemes[name] = {"type": "oauth2", "flows": {"clientCredentials": flow}}
        else:
            schemes[name] = {
                "type": "openIdConnect",
                "openIdConnectUrl": "https://auth.example.com/.well-known",
            }
        if draw(st.booleans()):
            schemes[name]["description"] = draw(PROSE)
    return schemes, scopes


@dataclass
class _Document:
    tags: list[str]
    schemes: dict[str, list[str]]
    pending_schemas: list[str]
    operation_ids: set[str] = field(default_factory=set)


@st.composite
def _servers(draw: st.DrawFn) -> list[dict[str, Any]]:
    servers: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 2))):
        if draw(st.booleans()):
            values = draw(st.lists(PLAIN_NAME, min_size=1, max_size=3, unique=True))
            variable = {"default": values[0], "enum": values, "description": draw(PROSE)}
            server: dict[str, Any] = {
                "url": "https://api.example.com/{version}",
                "variables": {"version": variable},
            }
        else:
            server = {
                "url": draw(
                    st.sampled_from(["/v1", "https://api.example.com", "http://localhost:8080/api"])
                )
            }
        if draw(st.booleans()):
            server["description"] = draw(PROSE)
        servers.append(server)
    return servers


@st.composite
def documents(draw: st.DrawFn, version: str) -> dict[str, Any]:
    """A valid OpenAPI document of `version` ("3.0" or "3.1")."""
    names = draw(st.lists(COMPONENT_NAME, min_size=1, max_size=4, unique=True))
    components = _Components(version, names)
    schemas = {name: draw(_component(components, index)) for index, name in enumerate(names)}
    if draw(st.integers(0, 2)) == 0:
        schemas.update(draw(_discriminated(components)))
    info: dict[str, Any] = {
        "title": draw(PROSE),
        "version": draw(st.one_of(st.just("1.0.0"), NAME)),
    }
    if draw(st.booleans()):
        info["description"] = draw(PROSE)
    if version == "3.1" and draw(st.booleans()):
        info["summary"] = draw(PROSE)
        info["license"] = {"name": draw(PROSE), "identifier": "MIT"}
    document: dict[str, Any] = {
        "openapi": draw(
            st.sampled_from(["3.0.0", "3.0.3"] if version == "3.0" else ["3.1.0", "3.1.1"])
        ),
        "info": info,
    }
    servers = draw(_servers())
    if servers:
        document["servers"] = servers
    tags = draw(st.lists(NAME, max_size=3, unique=True))
    if tags:
        document["tags"] = [
            {"name": tag, **({"description": draw(PROSE)} if draw(st.booleans()) else {})}
            for tag in tags
        ]
    security_schemes, scopes = draw(_security_schemes())
    context = _Document(tags, scopes, list(names))
    paths: dict[str, Any] = {}
    templates: set[str] = set()
    for _ in range(draw(st.integers(1, 3))):
        template, path_names = draw(_path())
        # `/a/{x}` and `/a/{y}` are the same path to a router: the spec allows only one of them.
        shape = template
        for name in path_names:
            shape = shape.replace("{" + name + "}", "{}")
        if shape in templates:
            continue
        templates.add(shape)
        item: dict[str, Any] = {}
        shared = bool(path_names) and draw(st.booleans())
        if shared:
            item["parameters"] = [_parameter(draw, components, name, "path") for name in path_names]
        for method in draw(st.lists(st.sampled_from(METHODS), min_size=1, max_size=3, unique=True)):
            item[method] = draw(_operation(components, method, path_names, not shared, context))
        paths[template] = item
    # Every component reaches an operation, so that each becomes a class the round trip can check.
    while context.pending_schemas:
        template = f"/rest{len(paths)}"
        while template in paths:
            template += "_"
        paths[template] = {
            "get": {"responses": draw(_responses(components, context.pending_schemas))}
        }
    document["paths"] = paths
    document["components"] = {"schemas": schemas}
    if security_schemes:
        document["components"]["securitySchemes"] = security_schemes
        if draw(st.booleans()):
            document["security"] = draw(_security(scopes))
    _reuse_through_components(draw, document)
    return document


def _reuse_through_components(draw: st.DrawFn, document: dict[str, Any]) -> None:
    """Move some parameters, bodies and responses to components/parameters, requestBodies and responses,
    each replaced by a $ref to it: the valid counterpart of the mutations' wrong-kind $refs."""
    taken: set[str] = set()

    def hoisted(kind: str, node: dict[str, Any]) -> dict[str, str]:
        name = draw(COMPONENT_NAME.filter(lambda n: n not in taken))
        taken.add(name)
        document["components"].setdefault(kind, {})[name] = node
        return {"$ref": f"#/components/{kind}/{escape_pointer_token(name)}"}

    for item in document["paths"].values():
        for method, operation in item.items():
            if method not in METHODS or draw(st.integers(0, 2)) > 0:
                continue
            parameters = operation.get("parameters", [])
            for index, parameter in enumerate(parameters):
                if draw(st.booleans()):
                    parameters[index] = hoisted("parameters", parameter)
            if "requestBody" in operation and draw(st.booleans()):
                operation["requestBody"] = hoisted("requestBodies", operation["requestBody"])
            for code, response in operation["responses"].items():
                if draw(st.booleans()):
                    operation["responses"][code] = hoisted("responses", response)


@dataclass(frozen=True)
class SpecText:
    """A document as the file the CLI reads: its text and its suffix (`.json` or `.yaml`)."""

    text: str
    suffix: str


def as_text(document: Any, *, yaml_wanted: bool, ascii_only: bool) -> SpecText:
    """JSON, or YAML when wanted and PyYAML reads its own output back as the same document."""
    if yaml_wanted:
        try:
            text = yaml.safe_dump(document, allow_unicode=not ascii_only, sort_keys=False)
            text.encode("utf-8")
            # libyaml, as clientgen reads YAML: it refuses escapes of lone surrogates the pure loader accepts.
            if yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) == document:
                return SpecText(text, ".yaml")
        except (yaml.YAMLError, UnicodeError, RecursionError):
            pass
    text = json.dumps(document, ensure_ascii=ascii_only, indent=1)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(document, indent=1)
    return SpecText(text, ".json")


def spec_texts(version: str) -> st.SearchStrategy[SpecText]:
    """Valid documents of `version` as JSON or YAML files."""
    return st.builds(
        lambda document, yaml_wanted, ascii_only: as_text(
            document, yaml_wanted=yaml_wanted, ascii_only=ascii_only
        ),
        documents(version),
        st.booleans(),
        st.booleans(),
    )
