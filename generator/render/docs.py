"""The client's own documentation: `README.md` (how to install, authenticate and call it) and `api.md` (every
resource and method by the path a caller types, with its parameters, return type, HTTP route and types).

Everything is read from the API model and the method views the resource modules were rendered from, so the
reference says exactly what the code has; the templates only place it. Every Python block of both files is
type-checked against the generated package by the tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from generator import pyimports
from generator.analyze.scopes import in_scope
from generator.config import Target
from generator.escape import prose
from generator.ir import Api, Operation, Resource
from generator.render.examples import call_arguments, strip_parentheses
from generator.render.methods import MethodView, route
from generator.render.packaging import RUNTIME_DEPENDENCIES, distribution_name

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class MethodEntry:
    """One line of the reference: `client.x.y(params) -> returns`, its route and its summary."""

    call: str
    params: str
    returns: str
    route: str
    summary: str


@dataclass
class ResourceEntry:
    path: str
    methods: list[MethodEntry]
    # Names importable from `<package>.types`, and page classes from `<package>.pagination`.
    types: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Example:
    """A call in the README: `client.<call>(<arguments>)`."""

    call: str
    arguments: str
    route: str
    # False for a method that returns None: its call is a statement, not a value to print.
    returns_value: bool = True

    def on(self, receiver: str, *, extra: str = "") -> str:
        arguments = ", ".join(a for a in (self.arguments, extra) if a)
        return f"{receiver}.{self.call}({arguments})"

    def raw(self, receiver: str) -> str:
        owner, _, name = self.call.rpartition(".")
        return f"{receiver}.{owner}.with_raw_response.{name}({self.arguments})"


@dataclass(frozen=True)
class ScopeExample:
    name: str
    arguments: str
    call: Example


def render_docs(
    api: Api,
    target: Target,
    views: dict[str, MethodView],
    type_names: Iterable[str],
    page_names: Iterable[str],
    aliases: dict[str, str],
    render: Callable[..., str],
) -> dict[str, str]:
    """`README.md` and `api.md`, by path inside the package."""
    unalias = {alias: name for name, alias in aliases.items()}
    known_types, known_pages = set(type_names), set(page_names)
    resources = [
        _resource_entry(r, views, unalias, known_types, known_pages)
        for r in api.root.walk()
        if r.operations
    ]
    common = {
        "package": target.package,
        "title": api.title or target.package,
        "version": api.version,
        "client": target.client_class,
        "async_client": target.async_client_class,
    }
    api_md = render("api.md.jinja", **common, resources=resources)
    readme = render("README.md.jinja", **common, **_readme_values(api, target, views))
    return {"README.md": readme, "api.md": api_md}


def _resource_entry(
    resource: Resource,
    views: dict[str, MethodView],
    unalias: dict[str, str],
    known_types: set[str],
    known_pages: set[str],
) -> ResourceEntry:
    entry = ResourceEntry(path="client." + ".".join(resource.path), methods=[])
    types: set[str] = set()
    pages: set[str] = set()
    for op in resource.operations:
        view = views[op.key]
        params = [_unaliased(strip_parentheses_param(p), unalias) for p in view.params]
        if params and params[-1] == "*":
            params.pop()
        returns = _unaliased(strip_parentheses(view.returns_sync), unalias)
        for text in (*params, returns):
            for name in _IDENTIFIER.findall(text):
                if name in known_pages:
                    pages.add(name)
                elif name in known_types:
                    types.add(name)
        entry.methods.append(
            MethodEntry(
                call=f"{entry.path}.{op.name}",
                params=", ".join(params),
                returns=returns,
                route=route(op),
                summary=_one_line(op.summary or op.description),
            )
        )
    entry.types = sorted(types, key=pyimports.name_key)
    entry.pages = sorted(pages, key=pyimports.name_key)
    return entry


def strip_parentheses_param(text: str) -> str:
    """`name: (A | B) = omit` -> `name: A | B = omit`: the parentheses are black's, not the reader's."""
    name, colon, rest = text.partition(": ")
    if not colon:
        return text
    annotation, equals, default = rest.rpartition(" = ") if " = " in rest else (rest, "", "")
    return f"{name}: {strip_parentheses(annotation)}{equals}{default}"


def _unaliased(text: str, unalias: dict[str, str]) -> str:
    return _IDENTIFIER.sub(lambda m: unalias.get(m.group(0), m.group(0)), text)


def _one_line(text: str) -> str:
    # Markdown is written raw: prose drops what no UTF-8 file can hold (a lone surrogate).
    first = prose(text).strip().split("\n\n")[0]
    return " ".join(first.split())


def _readme_values(api: Api, target: Target, views: dict[str, MethodView]) -> dict[str, Any]:
    document = api.document
    ordered = [op for r in api.root.walk() for op in r.operations]

    def example(op: Operation, skip: int = 0) -> Example | None:
        arguments = call_arguments(op, document, skip)
        if arguments is None:
            return None
        shown_route = route(op)
        returns_value = views[op.key].returns_sync != "None"
        return Example(op.call_name, arguments, shown_route, returns_value)

    def first(ops: Iterable[Operation], skip: int = 0) -> Example | None:
        # The simplest call: a read, with the fewest arguments, earliest in the reference.
        candidates = sorted(
            (op for op in ops if example(op, skip) is not None),
            key=lambda op: (
                views[op.key].returns_sync == "None",
                op.method != "get",
                _required_count(op) - skip,
                ordered.index(op),
            ),
        )
        return example(candidates[0], skip) if candidates else None

    streaming_op = next((op for op in ordered if op.streaming is not None and example(op)), None)
    first_call = example(streaming_op) if streaming_op else first(ordered)
    paged = first(op for op in ordered if op.pagination is not None)
    uploads = first(op for op in ordered if _uploads(op))
    downloads = first(op for op in ordered if "BinaryResponse" in views[op.key].returns_sync)
    scopes = []
    for scope in api.scopes:
        scoped_ops = [op for op in ordered if in_scope(op, scope)]
        bound = [p for p in scoped_ops[0].parameters if p.location == "path"][: len(scope.params)]
        scoped_call = first(scoped_ops, skip=len(scope.params))
        if scoped_call is not None:
            arguments = ", ".join(f'"{p.py_name}"' for p in bound)
            scopes.append(ScopeExample(scope.name, arguments, scoped_call))
    auth = api.auth
    return {
        "distribution": distribution_name(target.package),
        "installable": target.installable,
        "dependencies": RUNTIME_DEPENDENCIES,
        "description": _one_line(api.description),
        "api_key_env": target.api_key_env,
        "base_url_env": target.base_url_env,
        "log_env": target.log_env,
        "base_url": api.base_url,
        "auth": _auth_text(auth.kind, auth.name) if auth else None,
        "first_call": first_call,
        "streaming": example(streaming_op) if streaming_op else None,
        "stream_flag": streaming_op.streaming.flag.py_name
        if streaming_op and streaming_op.streaming
        else None,
        "has_streaming": any(op.streaming is not None for op in ordered),
        "paged": paged,
        "has_pages": any(op.pagination is not None for op in ordered),
        "uploads": uploads,
        "downloads": downloads,
        "scopes": scopes,
        "operation_count": len(ordered),
    }


def _required_count(op: Operation) -> int:
    count = sum(1 for p in op.parameters if p.required or p.location == "path")
    if op.body is not None:
        count += (
            sum(1 for f in op.body.fields if f.required)
            if op.body.fields is not None
            else int(op.body.required)
        )
    return count


def _uploads(op: Operation) -> bool:
    return (
        op.body is not None
        and op.body.fields is not None
        and any(f.is_file for f in op.body.fields)
    )


def _auth_text(kind: str, name: str) -> str:
    return {
        "bearer": "sent as `Authorization: Bearer <key>`",
        "basic": "sent as HTTP basic authentication",
        "header": f"sent in the `{name}` header",
        "query": f"sent as the `{name}` query parameter",
        "cookie": f"sent as the `{name}` cookie",
    }[kind]
