"""The model of the API that every later stage reads: plain dataclasses, no spec logic.

`analyze` builds it from the overlaid, validated document; `models` and `render` only read it. Schemas stay as
JSON pointers (`#/components/schemas/Foo`, or a pointer to an inline node) into `Api.document`, the document after
inline request/response schemas have been hoisted into `components/schemas` under stable names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from generator.errors import Problem
from generator.media import BodyEncoding, ResponseFormat

ParamLocation = Literal["path", "query", "header", "cookie"]
AuthKind = Literal["bearer", "basic", "header", "query", "cookie"]


@dataclass(frozen=True)
class Parameter:
    wire_name: str
    py_name: str
    location: ParamLocation
    required: bool
    schema: str
    description: str = ""
    # Where the parameter is declared (after `$ref`s); empty for an undeclared path parameter (lenient mode).
    pointer: str = ""
    deep_object: bool = False
    allow_slash: bool = False


@dataclass(frozen=True)
class BodyField:
    wire_name: str
    py_name: str
    required: bool
    schema: str
    description: str = ""
    is_file: bool = False


@dataclass(frozen=True)
class RequestBody:
    media_type: str
    encoding: BodyEncoding
    required: bool
    schema: str | None
    # Expanded keyword arguments, or None when the body is passed whole as `py_name`.
    fields: tuple[BodyField, ...] | None
    py_name: str = "body"
    description: str = ""
    # The media type object the body is described by.
    pointer: str = ""


@dataclass(frozen=True)
class Response:
    status: str
    format: ResponseFormat
    media_type: str | None
    schema: str | None
    description: str = ""


@dataclass(frozen=True)
class StreamingOption:
    """A boolean body field that switches the response from JSON to server-sent events."""

    flag: BodyField
    chunk_schema: str | None


@dataclass(frozen=True)
class Pagination:
    """How a listing pages: the query parameter that asks for a page and the response fields that answer.

    Response fields are dotted paths from the response model (`compare.commits`).
    """

    style: Literal["page", "cursor"]
    param: str
    items: str
    # The schema of one item (a pointer), or None when the items are untyped.
    item_schema: str | None
    current: str | None = None
    total: str | None = None
    next_cursor: str | None = None
    item_cursor: str | None = None
    has_more: str | None = None
    # Declared in the target file (else recognised from the operation's shape).
    declared: bool = False


@dataclass(frozen=True)
class Scope:
    """`client.<name>(*params)`: a view of the operations whose path parameters begin with `params`."""

    name: str
    # Wire names of the bound path parameters, in path order.
    params: tuple[str, ...]


@dataclass
class Operation:
    key: str
    method: str
    path: str
    pointer: str
    operation_id: str | None
    summary: str
    description: str
    deprecated: bool
    resource: tuple[str, ...]
    name: str
    parameters: list[Parameter]
    body: RequestBody | None
    response: Response
    auth: bool
    streaming: StreamingOption | None = None
    pagination: Pagination | None = None

    @property
    def call_name(self) -> str:
        return ".".join((*self.resource, self.name))


@dataclass
class Resource:
    attr: str
    class_name: str
    path: tuple[str, ...]
    operations: list[Operation] = field(default_factory=list)
    children: list[Resource] = field(default_factory=list)

    def walk(self) -> list[Resource]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass(frozen=True)
class AuthScheme:
    kind: AuthKind
    name: str = ""


@dataclass
class Api:
    title: str
    version: str
    description: str
    base_url: str | None
    document: dict[str, Any]
    operations: list[Operation]
    root: Resource
    auth: AuthScheme | None
    warnings: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    # Component schemas no generated operation uses, which get no model class (see `generator.usage`).
    unused_schemas: tuple[str, ...] = ()
    # Inline schemas moved into components/schemas to get a model class: pointer there -> pointer in the spec.
    origins: dict[str, str] = field(default_factory=dict)
    scopes: tuple[Scope, ...] = ()
