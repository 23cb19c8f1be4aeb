"""Everything the contract test derives from the API model, generically for every target in specs/*.toml.

For each target the generator's own stages are run (load the target, `read_inputs` = load + overlay + refs,
`analyze` = the API model), and each operation becomes a call on the generated sync client: path parameters
positional, everything else by keyword, values synthesized from the schemas (`example`, `default`, first enum
value, else a dummy of the right type; `$ref`, allOf/oneOf/anyOf followed; objects with their required
properties, or all properties for the "all arguments" call).
"""

from __future__ import annotations

import copy
import importlib
import inspect
import re
import sys
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.analyze import analyze
from generator.config import Target, load_target
from generator.document import deref, resolve_pointer
from generator.inputs import read_inputs
from generator.ir import Api, Operation, Parameter

from .prism import REPO

SPECS_DIR = REPO / "specs"
OUTPUT_ROOT = REPO / "generated"
MAX_DEPTH = 12
# What Prism matches inside one path segment: RFC 3986 unreserved characters.
_SEGMENT = re.compile(r"^[A-Za-z0-9._~-]+$")
_STRING_FORMATS: dict[str, str] = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "time": "03:04:05Z",
    "duration": "P1D",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uri": "https://example.com/resource",
    "url": "https://example.com/resource",
    "iri": "https://example.com/resource",
    "uri-reference": "/resource",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "Y29udHJhY3Q=",
    "regex": "^a+$",
    "json-pointer": "/a/b",
}
_STRING_CANDIDATES = ("sample", "a", "1", "abc123", "A", "sample-1", "sample_1")


@dataclass
class Contract:
    """One target: its configuration, the overlaid document Prism serves and the API model."""

    target: Target
    document: dict[str, Any]
    api: Api

    @property
    def name(self) -> str:
        return self.target.name

    def client_class(self) -> type[Any]:
        package_parent = str(self.target.output_dir.parent)
        if package_parent not in sys.path:
            sys.path.insert(0, package_parent)
        module = importlib.import_module(self.target.package)
        cls: type[Any] = getattr(module, self.target.client_class)
        return cls


def load_contracts() -> list[Contract]:
    contracts = []
    for config in sorted(SPECS_DIR.glob("*.toml")):
        target = load_target(config, output_root=OUTPUT_ROOT)
        document = read_inputs(
            str(target.spec), target.overlay, allow_external_refs=target.allow_external_refs
        ).document
        api = analyze(document, target, lenient=target.lenient)
        contracts.append(Contract(target=target, document=document, api=api))
    return contracts


def declared_operations(document: dict[str, Any]) -> set[str]:
    """Every operation of the document, read straight from `paths` (independently of `analyze`)."""
    methods = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
    found: set[str] = set()
    for path, item in (document.get("paths") or {}).items():
        item, _ = deref(document, item, "#/paths")
        if isinstance(item, dict):
            found.update(f"{m.upper()} {path}" for m in methods if isinstance(item.get(m), dict))
    return found


# --- Values from schemas ------------------------------------------------------------------------------------


class Sampler:
    """Valid example values for schemas of one document (deterministic)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def at(self, ptr: str, *, full: bool) -> Any:
        node = resolve_pointer(self.document, ptr.removeprefix("#")) if ptr else {}
        return self.value(node, ptr, full=full)

    def value(self, node: Any, ptr: str, *, full: bool, depth: int = 0) -> Any:
        node, ptr = deref(self.document, node, ptr)
        if not isinstance(node, dict):
            return "sample"
        for key in ("example", "default", "const"):
            if key in node and node[key] is not None:
                return copy.deepcopy(node[key])
        examples = node.get("examples")
        if isinstance(examples, list) and examples:
            return copy.deepcopy(examples[0])
        enum = [v for v in node.get("enum") or [] if v is not None]
        if enum:
            return copy.deepcopy(enum[0])
        if depth > MAX_DEPTH:
            return None
        if isinstance(node.get("allOf"), list):
            return self._all_of(node, ptr, full=full, depth=depth)
        for key in ("oneOf", "anyOf"):
            members = node.get(key)
            if isinstance(members, list) and members:
                index, member = next(
                    ((i, m) for i, m in enumerate(members) if not self._is_null(m)),
                    (0, members[0]),
                )
                return self.value(member, f"{ptr}/{key}/{index}", full=full, depth=depth + 1)
        kind = self._type(node)
        if kind == "object":
            return self._object(node, ptr, full=full, depth=depth)
        if kind == "array":
            return self._array(node, ptr, full=full, depth=depth)
        if kind == "integer":
            return int(self._number(node, 1))
        if kind == "number":
            return float(self._number(node, 1.5))
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        return self._string(node)

    def _is_null(self, node: Any) -> bool:
        node, _ = deref(self.document, node, "#")
        return isinstance(node, dict) and node.get("type") == "null"

    @staticmethod
    def _type(node: dict[str, Any]) -> str:
        kind = node.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        if isinstance(kind, str):
            return kind
        if "properties" in node or "additionalProperties" in node:
            return "object"
        if "items" in node:
            return "array"
        return "string"

    def _all_of(self, node: dict[str, Any], ptr: str, *, full: bool, depth: int) -> Any:
        merged: dict[str, Any] = {}
        other: Any = None
        for index, member in enumerate(node["allOf"]):
            value = self.value(member, f"{ptr}/allOf/{index}", full=full, depth=depth + 1)
            if isinstance(value, dict):
                merged.update(value)
            else:
                other = value
        own = {k: v for k, v in node.items() if k != "allOf"}
        if "properties" in own:
            merged.update(self._object(own, ptr, full=full, depth=depth))
        return merged if merged or other is None else other

    def _object(self, node: dict[str, Any], ptr: str, *, full: bool, depth: int) -> dict[str, Any]:
        required = set(node.get("required") or [])
        out: dict[str, Any] = {}
        properties = node.get("properties")
        if isinstance(properties, dict):
            for name, prop in properties.items():
                if name not in required and not full:
                    continue
                prop_node, _ = deref(self.document, prop, ptr)
                if isinstance(prop_node, dict) and prop_node.get("readOnly") is True:
                    continue
                escaped = name.replace("~", "~0").replace("/", "~1")
                out[name] = self.value(
                    prop, f"{ptr}/properties/{escaped}", full=full, depth=depth + 1
                )
        extra = node.get("additionalProperties")
        if not out and isinstance(extra, dict) and (node.get("minProperties") or 0) > 0:
            out["key"] = self.value(
                extra, f"{ptr}/additionalProperties", full=full, depth=depth + 1
            )
        return out

    def _array(self, node: dict[str, Any], ptr: str, *, full: bool, depth: int) -> list[Any]:
        count = max(int(node.get("minItems") or 0), 1)
        if isinstance(node.get("maxItems"), int):
            count = min(count, node["maxItems"])
        items = node.get("items", {})
        return [self.value(items, f"{ptr}/items", full=full, depth=depth + 1) for _ in range(count)]

    @staticmethod
    def _number(node: dict[str, Any], fallback: float) -> float:
        """`fallback` moved inside minimum/maximum (3.0 boolean or 3.1 numeric exclusive bounds)."""

        def bound(inclusive: str, exclusive: str) -> tuple[float | None, bool]:
            limit, strict = node.get(inclusive), node.get(exclusive)
            if isinstance(strict, int | float) and not isinstance(strict, bool):
                return strict, True
            if isinstance(limit, int | float) and not isinstance(limit, bool):
                return limit, strict is True
            return None, False

        low, low_strict = bound("minimum", "exclusiveMinimum")
        high, high_strict = bound("maximum", "exclusiveMaximum")
        value = fallback
        if low is not None and (value < low or (low_strict and value <= low)):
            value = low + 1 if low_strict else low
        if high is not None and (value > high or (high_strict and value >= high)):
            value = (low + high) / 2 if low is not None else (high - 1 if high_strict else high)
        step = node.get("multipleOf")
        if isinstance(step, int | float) and step > 0 and value % step:
            value = step * (value // step + 1)
        return value

    @staticmethod
    def _string(node: dict[str, Any]) -> str:
        fmt = node.get("format")
        candidates = [_STRING_FORMATS[fmt]] if fmt in _STRING_FORMATS else []
        candidates.extend(_STRING_CANDIDATES)
        low = int(node.get("minLength") or 0)
        high = node.get("maxLength")
        pattern = node.get("pattern")
        for candidate in candidates:
            if len(candidate) < low:
                candidate = candidate + "x" * (low - len(candidate))
            if isinstance(high, int) and len(candidate) > high:
                candidate = candidate[:high]
            if not isinstance(pattern, str) or _search(pattern, candidate):
                return candidate
        return candidates[0]


def _search(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return True


# --- Calls ----------------------------------------------------------------------------------------------------


@dataclass
class Call:
    """One call of a generated method: `client.<resource...>.<name>(*args, **kwargs)`."""

    operation: Operation
    args: list[Any]
    kwargs: dict[str, Any]
    # The parameters and body fields left out (optional ones in "required" mode).
    omitted: list[str] = field(default_factory=list)

    def describe(self) -> str:
        shown = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()]
        text = f"client.{self.operation.call_name}({', '.join(shown)})"
        return text if len(text) <= 1500 else text[:1500] + "...)"

    def method(self, client: Any) -> Callable[..., Any]:
        target = client
        for attr in (*self.operation.resource, self.operation.name):
            target = getattr(target, attr)
        return typing.cast("Callable[..., Any]", target)


def parameter_value(sampler: Sampler, param: Parameter, *, full: bool) -> Any:
    """A value for a parameter: its own `example`/`examples` first, else one from its schema."""
    value: Any = None
    found = False
    if param.schema.endswith("/schema"):
        owner_ptr = param.schema.rsplit("/schema", 1)[0]
        owner = resolve_pointer(sampler.document, owner_ptr.removeprefix("#"))
        if isinstance(owner, dict) and "in" in owner:
            if "example" in owner:
                value, found = copy.deepcopy(owner["example"]), True
            elif isinstance(owner.get("examples"), dict) and owner["examples"]:
                first, _ = deref(sampler.document, next(iter(owner["examples"].values())), "#")
                if isinstance(first, dict) and "value" in first:
                    value, found = copy.deepcopy(first["value"]), True
    if not found:
        value = sampler.at(param.schema, full=full)
    if param.location == "path":
        value = _path_segment(value, param.wire_name)
    return value


def _path_segment(value: Any, wire_name: str) -> Any:
    """A value Prism matches as one path segment: no `/` or characters that need escaping."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    text = str(value) if value is not None else ""
    if _SEGMENT.match(text):
        return text
    slug = re.sub(r"[^A-Za-z0-9._~-]+", "-", text).strip("-")
    return slug or f"sample-{wire_name}".replace("_", "-")


def build_call(sampler: Sampler, op: Operation, *, full: bool) -> Call:
    """The call with every required argument (and, when `full`, every optional one too)."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    omitted: list[str] = []
    for param in op.parameters:
        if param.location == "path":
            args.append(parameter_value(sampler, param, full=full))
        elif param.required or full:
            kwargs[param.py_name] = parameter_value(sampler, param, full=full)
        else:
            omitted.append(param.py_name)
    body = op.body
    if body is not None:
        stream_flag = op.streaming.flag.py_name if op.streaming else None
        if body.fields is not None:
            for body_field in body.fields:
                if body_field.py_name == stream_flag:
                    continue  # Streaming (SSE) is not part of the Prism contract.
                if body_field.required or full:
                    kwargs[body_field.py_name] = (
                        _file_value(sampler, body_field.wire_name, body_field.schema)
                        if body_field.is_file
                        else sampler.at(body_field.schema, full=full)
                    )
                else:
                    omitted.append(body_field.py_name)
        elif body.required or full:
            kwargs[body.py_name] = _whole_body(sampler, body.encoding, body.schema, full=full)
        else:
            omitted.append(body.py_name)
    return Call(operation=op, args=args, kwargs=kwargs, omitted=omitted)


def has_optional_arguments(op: Operation) -> bool:
    if any(not p.required for p in op.parameters):
        return True
    body = op.body
    if body is None:
        return False
    if body.fields is None:
        return not body.required
    stream_flag = op.streaming.flag.py_name if op.streaming else None
    return any(not f.required and f.py_name != stream_flag for f in body.fields)


FileValue = tuple[str, bytes, str]


def _file_value(sampler: Sampler, name: str, schema: str) -> FileValue | list[FileValue]:
    """A small text file for a file field; two of them for an array of files.

    Two, because a multipart form carrying a single part is indistinguishable from a non-array field, and
    Prism validates it as one (`files[] must be array`).
    """
    stem = re.sub(r"[^A-Za-z0-9_-]+", "", name) or "upload"
    node, _ = deref(
        sampler.document, resolve_pointer(sampler.document, schema.removeprefix("#")), schema
    )
    if isinstance(node, dict) and node.get("type") == "array":
        return [(f"{stem}-{i}.txt", b"contract test\n", "text/plain") for i in (1, 2)]
    return (f"{stem}.txt", b"contract test\n", "text/plain")


def _whole_body(sampler: Sampler, encoding: str, schema: str | None, *, full: bool) -> Any:
    if encoding == "binary":
        return b"contract test\n"
    if schema is None:
        return "contract test" if encoding == "text" else {}
    return sampler.at(schema, full=full)


# --- The declared return type ---------------------------------------------------------------------------------


def declared_return_type(method: Callable[..., Any], op: Operation, package: str) -> Any:
    """The method's return annotation, resolved in its module; stream types dropped (we never stream)."""
    function = getattr(method, "__func__", method)
    annotation = inspect.signature(function).return_annotation
    if annotation is inspect.Signature.empty:
        raise AssertionError(f"client.{op.call_name} has no return annotation")

    def probe() -> None: ...

    probe.__annotations__ = {"return": annotation}
    module = sys.modules[function.__module__]
    resolved = typing.get_type_hints(probe, globalns=vars(module))["return"]
    if op.streaming is None:
        return resolved
    streaming = importlib.import_module(f"{package}._streaming")
    stream_types = tuple(
        getattr(streaming, name) for name in ("Stream", "AsyncStream") if hasattr(streaming, name)
    )
    kept = [
        member
        for member in _union_members(resolved)
        if not (
            isinstance(typing.get_origin(member) or member, type)
            and issubclass(typing.get_origin(member) or member, stream_types)
        )
    ]
    return kept[0] if len(kept) == 1 else typing.Union[tuple(kept)]  # noqa: UP007


def _union_members(annotation: Any) -> tuple[Any, ...]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)


def matches(value: Any, annotation: Any) -> bool:
    """isinstance against a resolved annotation: unions, generics (by origin), None and Any."""
    if annotation is Any:
        return True
    if annotation is None or annotation is type(None):
        return value is None
    members = _union_members(annotation)
    if len(members) > 1:
        return any(matches(value, member) for member in members)
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return value in typing.get_args(annotation)
    if origin is not None:
        return isinstance(value, origin)
    if isinstance(annotation, type):
        return isinstance(value, annotation)
    raise AssertionError(f"cannot check a value against the annotation {annotation!r}")


def type_name(annotation: Any) -> str:
    return getattr(annotation, "__qualname__", None) or repr(annotation)
