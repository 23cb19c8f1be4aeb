"""Reading an OpenAPI document: JSON pointers, internal `$ref` chains, and where a `$ref` is a reference.

A document holds data beside its OpenAPI and JSON Schema objects: specification extensions (the values of `x-`
keywords) and examples (the values of `example` and `examples`: a schema's example values, a parameter's or
media type's Example Objects and the references to them). A `$ref` in data is a value like any other (vendors
put code samples and example files there): never fetched, refused, rewritten or followed. A name in a map
(`properties`, `headers`, `components/schemas`...) is no keyword, whatever it is called. And a node in data that
a reference names is structure after all (a schema kept under an `x-` key). `reference_holders` and
`document_reference_holders` are the walks that know this; every search for `$ref`s goes through them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator import limits
from generator.errors import ClientgenError, pointer, split_pointer, unescape_pointer_token

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Keywords whose values are data. An Example Object reached by reference is data too, so a reference to one
# (`examples: {name: {$ref: ...}}`) is left as it is: nothing the client is generated from lies behind it.
EXAMPLE_KEYWORDS = frozenset({"example", "examples"})
# Where a schema holds subschemas: under a name (these maps), at an index, or as the value.
SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
SCHEMA_VALUES = frozenset(
    {"items", "additionalItems", "unevaluatedItems", "contains", "not", "if", "then", "else"}
    | {"additionalProperties", "unevaluatedProperties", "propertyNames"}
)
# Keywords whose values map names to objects: a name is no keyword, so a property or header may well be called
# `example` or `x-thing` (its schema's `$ref`s are references). The Paths, Responses and Callback objects are
# not among them: the specification makes their `x-` keys extensions.
NAME_MAPS = SCHEMA_MAPS | {"content", "headers", "encoding", "callbacks", "links", "variables"}
# How a local `$ref` names a component schema.
SCHEMA_REF_PREFIX = "#/components/schemas/"
# Maps of names at the top of a document: `webhooks`, and each section of `components`.
_TOP_NAME_MAPS = frozenset({"webhooks"})

Location = tuple[str | int, ...]


def schema_component(ref: Any) -> str | None:
    """The component schema a `$ref` value names (`#/components/schemas/a~1b` -> `a/b`), else None."""
    if isinstance(ref, str) and ref.startswith(SCHEMA_REF_PREFIX):
        return unescape_pointer_token(ref[len(SCHEMA_REF_PREFIX) :])
    return None


def is_data_keyword(key: str) -> bool:
    """Whether the value of keyword `key` (of an OpenAPI or JSON Schema object, not a name in a map) is data."""
    return key in EXAMPLE_KEYWORDS or key.startswith("x-")


def in_data(ptr: str) -> bool:
    """Whether the node at `ptr` (`#/...` or `/...`) lies inside data: an extension's or example's value."""
    where: Location = ()
    names = False
    for token in split_pointer(ptr):
        if not names and is_data_keyword(token):
            return True
        names = not names and _names_under(token, where)
        where = (*where, token)
    return False


def _names_under(key: str, where: Location) -> bool:
    """Whether keyword `key` of the object at `where` maps names to objects."""
    return key in NAME_MAPS or where == ("components",) or (not where and key in _TOP_NAME_MAPS)


def reference_holders(node: Any, where: Location = ()) -> Iterator[tuple[Location, dict[str, Any]]]:
    """Every object under `node` (found at `where` in its document) whose `$ref`, if it has one, is a reference,
    with its location: all objects but those inside data (see the module's docstring).

    Depth first, an object before what it holds, the last of its values first; an object's `$ref` may be
    rewritten while the walk goes on (what it holds is read after it is yielded).
    """
    # Only objects and arrays are pushed: most values are strings, and their locations would cost.
    stack: list[tuple[Any, Location, bool]] = [(node, where, False)]
    if not isinstance(node, dict | list):
        return
    while stack:
        current, at, names = stack.pop()
        if isinstance(current, list):
            stack.extend(
                (item, (*at, index), False)
                for index, item in enumerate(current)
                if isinstance(item, dict | list)
            )
        elif names:
            stack.extend(
                (value, (*at, name), False)
                for name, value in current.items()
                if isinstance(value, dict | list)
            )
        else:
            yield at, current
            stack.extend(
                (value, (*at, key), _names_under(key, at))
                for key, value in current.items()
                if isinstance(value, dict | list) and key != "$ref" and not is_data_keyword(key)
            )


def document_reference_holders(document: Any) -> Iterator[tuple[Location, dict[str, Any]]]:
    """`reference_holders` of the whole document, then of each node in data that a local reference names: a
    `$ref` makes what it names part of the document's structure (a schema kept under an `x-` key, say)."""
    pending: list[tuple[Location, Any]] = [((), document)]
    seen: set[str] = set()
    while pending:
        where, node = pending.pop()
        for at, holder in reference_holders(node, where):
            yield at, holder
            ref = holder.get("$ref")
            if not isinstance(ref, str) or not ref.startswith("#") or ref in seen:
                continue
            seen.add(ref)
            if in_data(ref):
                try:
                    pending.append((tuple(split_pointer(ref)), resolve_pointer(document, ref[1:])))
                except KeyError:
                    continue  # dangling: the validator's to report


def resolve_pointer(document: Any, ptr: str) -> Any:
    node = document
    for token in split_pointer(ptr):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise KeyError(ptr)
    return node


def follow_refs(document: Any, node: Any, ptr: str) -> tuple[Any, str, list[str]]:
    """Follow `$ref`s as far as they lead: the node reached (still a `$ref` where one cannot be followed, an
    external, dangling or cyclic one), its pointer (`#/...`), and the references passed on the way."""
    passed: list[str] = []
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if not ref.startswith("#") or ref in passed or len(passed) > limits.MAX_REF_CHAIN:
            break
        try:
            node = resolve_pointer(document, ref[1:])
        except KeyError:
            break
        passed.append(ref)
        ptr = ref
    return node, ptr if ptr.startswith("#") else "#" + ptr, passed


def deref(document: Any, node: Any, ptr: str) -> tuple[Any, str]:
    """Follow `$ref` until a real node; return it with its pointer (`#/...` form)."""
    node, ptr, passed = follow_refs(document, node, ptr)
    ref = node.get("$ref") if isinstance(node, dict) else None
    if not isinstance(ref, str):
        return node, ptr
    if not ref.startswith("#"):
        raise ClientgenError(
            f"external $ref {ref!r} was not bundled", where=ptr, fix="pass --allow-external-refs"
        )
    if ref in passed or len(passed) > limits.MAX_REF_CHAIN:
        raise ClientgenError(
            f"$ref cycle through {ref!r}", where=ptr, fix="break the reference cycle"
        )
    raise ClientgenError(
        f"$ref {ref!r} points at nothing",
        where=ptr,
        fix="fix the reference or add the missing component",
    )


def check_ref_chains(document: Any, source: str) -> None:
    """Refuse a chain of more than `limits.MAX_REF_CHAIN` local `$ref`s (each naming a node that is itself a
    reference): the generated package defines each link through the next. Cycles and dangling references
    end a chain here; the validator reports them.

    A quick walk that knows no locations measures every chain; only a spec with one too long pays for the walk
    that tells references from data and locates the first."""
    lengths: dict[str, int] = {}
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                _measure_chain(document, ref, lengths)
            stack.extend(v for v in node.values() if isinstance(v, dict | list))
        else:
            stack.extend(v for v in node if isinstance(v, dict | list))
    if max(lengths.values(), default=0) <= limits.MAX_REF_CHAIN:
        return
    for where, holder in document_reference_holders(document):
        ref = holder.get("$ref")
        if isinstance(ref, str) and lengths.get(ref, 0) > limits.MAX_REF_CHAIN:
            raise ClientgenError(
                f"a chain of {lengths[ref]} `$ref`s, each naming the next, starts here: more than "
                f"{limits.MAX_REF_CHAIN} ({limits.named('MAX_REF_CHAIN')})",
                where=f"{source}#{pointer(*where, '$ref')}",
                fix="point the `$ref`s straight at the schema their chain ends in",
            )


def _measure_chain(document: Any, first: str, lengths: dict[str, int]) -> None:
    """Record in `lengths` how many local `$ref`s the chain from `first` passes, for `first` and every link."""
    chain: list[str] = []
    ref: Any = first
    while isinstance(ref, str) and ref.startswith("#") and ref not in lengths and ref not in chain:
        chain.append(ref)
        try:
            target = resolve_pointer(document, ref[1:])
        except KeyError:
            break
        ref = target.get("$ref") if isinstance(target, dict) else None
    beyond = lengths.get(ref, 0) if isinstance(ref, str) else 0
    for offset, link in enumerate(reversed(chain), start=1):
        lengths[link] = beyond + offset
