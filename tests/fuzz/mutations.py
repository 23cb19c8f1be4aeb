"""Mutation operators that break valid documents, and the strategy that applies them (issue 14).

The documents come from tests/fuzz/strategies.py and from the small specs under tests/fixtures/specs/ that
validate. Each mutant is one operator applied at one node (a JSON pointer into the document):

- delete: the node goes;
- retype: the node becomes null, a list, a number, a string, a boolean or an object where another type belongs;
- duplicate: a key written twice into the text (`paths` twice), or an array item (a parameter) twice;
- nest: the node wrapped in a list or an object, or replaced by a chain nested deeper than
  clientgen.limits.MAX_DEPTH;
- alias (YAML): a node shared by anchor and alias, a recursive alias, a billion laughs, a tag the safe loader
  refuses or turns into another type (`!!set`, `!!python/object`, a bare date);
- dangle: a $ref to nothing, to a node of the wrong kind (a schema where a parameter belongs), or out of the
  document; a path template left open (`/a/{id`).

Text-level mutations (a repeated key, anchors and aliases, tags) need a writer that can say what JSON and
PyYAML's dumper cannot: `emit` writes JSON, or YAML in flow style (which is JSON's syntax with YAML's
escapes), with raw text substituted at chosen nodes.

A mutant is `confined_to` one schema or one operation when its node lies inside one and the operator changes
only that node: then `--lenient` must degrade just that part (checks.check_lenient).
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import assume
from hypothesis import strategies as st

from generator import limits
from generator.errors import pointer
from tests.fuzz.strategies import METHODS, SpecText, as_text, documents

FIXTURE_SPECS = Path(__file__).resolve().parents[1] / "fixtures" / "specs"
Pointer = tuple[str | int, ...]


@dataclass(frozen=True)
class Mutant:
    spec: SpecText
    operator: str
    pointer: str
    confined_to: str | None


def pointer_text(path: Pointer) -> str:
    return pointer(*path)


def confinement(path: Pointer) -> Pointer | None:
    """The schema or operation a node lies strictly inside, if any."""
    if len(path) >= 4 and path[:2] == ("components", "schemas"):
        return path[:3]
    if len(path) >= 4 and path[0] == "paths" and path[2] in METHODS:
        return path[:3]
    return None


def nodes(node: Any, path: Pointer = ()) -> Iterator[Pointer]:
    """Every node's path, in document order (the order `emit` writes them)."""
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from nodes(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from nodes(value, (*path, index))


def node_at(document: Any, path: Pointer) -> Any:
    for token in path:
        document = document[token]
    return document


def _replace(document: Any, path: Pointer, value: Any) -> Any:
    if not path:
        return value
    node_at(document, path[:-1])[path[-1]] = value
    return document


def _yaml_string(text: str) -> str:
    # A YAML double-quoted scalar: printable ASCII as is, everything else escaped (YAML reads a raw U+2028 or
    # U+0085 inside quotes as a line break to fold). YAML has no lone surrogates (libyaml refuses their
    # escapes, and the text would then test only that): each becomes U+FFFD, as it would on its way to UTF-8.
    out = []
    for char in text:
        code = ord(char)
        if 0x20 <= code < 0x7F and char not in '"\\':
            out.append(char)
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\\ufffd")
        elif code > 0xFFFF:
            out.append(f"\\U{code:08x}")
        else:
            out.append(f"\\u{code:04x}")
    return '"' + "".join(out) + '"'


def emit(
    node: Any,
    yaml_style: bool,
    raw: dict[Pointer, str] | None = None,
    extra: dict[Pointer, list[tuple[str, str]]] | None = None,
    path: Pointer = (),
) -> str:
    """JSON, or flow-style YAML, with `raw[path]` written instead of the node at `path` and the pairs of
    `extra[path]` (key, raw value) written after the mapping's own. Hand-written because neither json nor
    PyYAML writes a key twice, an anchor or an alias where we choose."""
    raw = raw or {}
    extra = extra or {}
    if path in raw:
        return raw[path]
    string = _yaml_string if yaml_style else json.dumps
    if isinstance(node, dict):
        pairs = [
            f"{string(str(k))}: {emit(v, yaml_style, raw, extra, (*path, k))}"
            for k, v in node.items()
        ]
        pairs += [f"{string(k)}: {value}" for k, value in extra.get(path, [])]
        return "{" + ", ".join(pairs) + "}"
    if isinstance(node, list):
        items = [emit(v, yaml_style, raw, extra, (*path, i)) for i, v in enumerate(node)]
        items += [value for _, value in extra.get(path, [])]
        return "[" + ", ".join(items) + "]"
    if isinstance(node, str):
        return string(node)
    return json.dumps(node)


@cache
def fixture_documents() -> tuple[str, ...]:
    """The small specs of tests/fixtures/specs/ that validate, as JSON text (hashable, copied per use)."""
    from generator.validate import validate_document

    found = []
    for path in sorted(FIXTURE_SPECS.glob("*")):
        if path.suffix not in (".yaml", ".json"):
            continue
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not any(p.is_error for p in validate_document(copy.deepcopy(document))):
            found.append(json.dumps(document))
    return tuple(found)


def base_documents() -> st.SearchStrategy[dict[str, Any]]:
    fixtures = st.sampled_from(fixture_documents()).map(json.loads)
    return st.one_of(documents("3.0"), documents("3.1"), fixtures)


# What a node becomes under `retype`: a value of each JSON type, and its wrappers.
RETYPED: list[Callable[[Any], Any]] = [
    lambda node: None,
    lambda node: [],
    lambda node: 0,
    lambda node: -1.5,
    lambda node: "",
    lambda node: "x",
    lambda node: True,
    lambda node: {},
    lambda node: {"x-unknown": node},
    lambda node: [node],
]
BAD_TARGETS = [
    "#/components/schemas/Missing",
    "#/components/schemas/",
    "#/components/schemas/~2",
    "#/components/schemas/%ZZ",
    "#/info",
    "#/paths",
    "#/components",
    "#",
    "",
    "#components/schemas/A",
    "other.yaml#/components/schemas/A",
    "http://127.0.0.1:9/spec.json",
    "#/paths/~1nowhere/get",
    "#/components/parameters/Missing",
]
EXTERNAL_TARGETS = {"other.yaml#/components/schemas/A", "http://127.0.0.1:9/spec.json"}
BROKEN_TEMPLATES = [
    "/a/{id",
    "/a/id}",
    "/{}",
    "/a/{{id}}",
    "a",
    "",
    "/a/{id}/{id}",
    "/a/{ id }",
    "/a/{id}x{id}",
]
TAGGED = [
    '!!set {"a": null, "b": null}',
    '!!binary "aGVsbG8="',
    "2001-12-14",
    "2001-12-14t21:59:43.10-05:00",
    '!!python/object/apply:os.system ["true"]',
    "!!float .nan",
    ".inf",
    "!!str",
    "!custom x",
    "yes",
    "0o17",
    "~",
]


def pick(draw: st.DrawFn, options: list[Any]) -> Any:
    """One of the options. Hypothesis leans on the first of a `sampled_from` (a third of the draws): node
    options are therefore ordered by a hash of their pointer (`_scattered`), not with the root first.
    """
    return options[draw(st.integers(0, len(options) - 1))]


def _scattered(paths: list[Pointer]) -> list[Pointer]:
    # An order unrelated to the document's, and the same for a node however the rest of the document shrinks.
    return sorted(
        paths,
        key=lambda p: hashlib.sha256(pointer_text(p).encode("utf-8", "surrogatepass")).digest(),
    )


class _Draw:
    """The operators' view of Hypothesis' `draw`, with the choices they share."""

    def __init__(self, draw: st.DrawFn, document: Any, confined: bool) -> None:
        self.draw = draw
        self.document = document
        self.confined = confined
        every = list(nodes(document))
        self.paths = _scattered([p for p in every if confinement(p)] if confined else every)

    def path(self, where: Callable[[Pointer], bool] = lambda p: True) -> Pointer | None:
        options = [p for p in self.paths if where(p)]
        return pick(self.draw, options) if options else None

    def text(self, document: Any) -> SpecText:
        yaml_wanted, ascii_only = self.draw(st.booleans()), self.draw(st.booleans())
        return as_text(document, yaml_wanted=yaml_wanted, ascii_only=ascii_only)


def _kind(document: Any, kind: type) -> Callable[[Pointer], bool]:
    return lambda path: isinstance(node_at(document, path), kind)


def delete(d: _Draw) -> tuple[str, Pointer, SpecText] | None:
    path = d.path(lambda p: bool(p))
    if path is None:
        return None
    del node_at(d.document, path[:-1])[path[-1]]
    return "delete", path, d.text(d.document)


def retype(d: _Draw) -> tuple[str, Pointer, SpecText] | None:
    path = d.path()
    if path is None:
        return None
    node = node_at(d.document, path)
    replacement = pick(d.draw, RETYPED)(copy.deepcopy(node))
    if type(replacement) is type(node) and replacement == node:
        return None
    document = _replace(d.document, path, replacement)
    return f"retype to {json.dumps(replacement)[:40]}", path, d.text(document)


def wrap(d: _Draw) -> tuple[str, Pointer, SpecText] | None:
    path = d.path()
    if path is None:
        return None
    node = node_at(d.document, path)
    wrapped = d.draw(st.sampled_from([[node], {"wrapped": node}]))
    return "wrap", path, d.text(_replace(d.document, path, wrapped))


def duplicate_item(d: _Draw) -> tuple[str, Pointer, SpecText] | None:
    # A parameter twice is the interesting case; any other list item (an enum value, a required name) too.
    path = d.path(lambda p: bool(p) and isinstance(p[-1], int))
    if path is None:
        return None
    items = node_at(d.document, path[:-1])
    items.insert(path[-1], copy.deepcopy(items[path[-1]]))
    return "duplicate item", path, d.text(d.document)


def duplicate_key(d: _Draw) -> tuple[str, Pointer, SpecText] | None:
    path = d.path(
        lambda p: isinstance(node_at(d.document, p), dict) and bool(node_at(d.document, p))
    )
    if path is None:
        return None
    mapping = node_at(d.document, path)
    key = d.draw(
        st.sampled_from(["paths"] if not path and "paths" in mapping else sorted(mapping, key=str))
    )
    yaml_style = d.draw(st.booleans())
    value = d.draw(st.sampled_from([mapping[key], {}, None, "again"]))
    text = emit(d.document, yaml_style, extra={path: [(str(key), emit(value, yaml_style))]})
    return "duplicate key", (*path, key), SpecText(text, ".yaml" if yaml_style else ".json")


def deep_nest(d: _Draw) -> tuple[str, Pointer, SpecText] | None:
    path = d.path()
    if path is None:
        return None
    depth = limits.MAX_DEPTH + d.draw(st.integers(1, 20))
    shape = d.draw(st.sampled_from(["items", "properties", "allOf", "list"]))
    chain: Any = {"type": "string"}
    for _ in range(depth):
        if shape == "items":
            chain = {"type": "array", "items": chain}
        elif shape == "properties":
            chain = {"type": "object", "properties": {"p": chain}}
        elif shape == "allOf":
            chain = {"allOf": [chain]}
        else:
            chain = [chain]
    return f"nest {depth} deep ({shape})", path, d.text(_replace(d.document, path, chain))


def alias(d: _Draw) -> tuple[str, Pointer, SpecText] | None:
    """YAML anchors and aliases: shared (valid), recursive, a billion laughs; or a tag where data belongs."""
    kind = pick(d.draw, ["shared", "recursive", "laughs", "tag"])
    order = list(nodes(d.document))
    raw: dict[Pointer, str] = {}
    extra: dict[Pointer, list[tuple[str, str]]] = {}
    if kind == "shared":
        first = d.path(lambda p: bool(p))
        if first is None:
            return None
        later = [p for p in order[order.index(first) + 1 :] if p[: len(first)] != first]
        if not later:
            return None
        second = pick(d.draw, later)
        raw[first] = "&shared " + emit(node_at(d.document, first), True)
        raw[second] = "*shared"
        path = second
    elif kind == "recursive":
        path = d.path(lambda p: isinstance(node_at(d.document, p), dict | list))
        if path is None:
            return None
        extra[path] = [("x-loop", "*loop")]
        raw[path] = "&loop " + emit(node_at(d.document, path), True, extra={(): extra[path]})
    elif kind == "laughs":
        path = d.path(_kind(d.document, dict))
        if path is None:
            return None
        levels = ['&l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
        levels += [f"&l{n} [" + ", ".join([f"*l{n - 1}"] * 10) + "]" for n in range(1, 10)]
        extra[path] = [("x-lol", "[" + ", ".join(levels) + "]")]
    else:
        path = d.path()
        if path is None:
            return None
        raw[path] = pick(d.draw, TAGGED)
    return f"alias ({kind})", path, SpecText(emit(d.document, True, raw, extra), ".yaml")


def dangle(d: _Draw) -> tuple[str, Pointer, SpecText] | None:
    """A $ref to nothing or to the wrong kind of node, put where a $ref was or where any node was."""
    refs = d.path(lambda p: bool(p) and p[-1] == "$ref")
    path = refs if refs is not None and d.draw(st.booleans()) else d.path(lambda p: bool(p))
    if path is None:
        return None
    # An external $ref is refused whatever --lenient says (the spec is untrusted; --allow-external-refs opts in):
    # not a problem confined to one schema or operation.
    targets = [t for t in BAD_TARGETS if not (d.confined and t in EXTERNAL_TARGETS)]
    for kind in ("schemas", "securitySchemes"):
        for name in (
            d.document.get("components", {}).get(kind, {}) if isinstance(d.document, dict) else []
        ):
            targets.append(f"#/components/{kind}/{name}")
    target = pick(d.draw, targets)
    if path[-1] == "$ref":
        document = _replace(d.document, path, target)
    else:
        document = _replace(d.document, path, {"$ref": target})
    return f"dangle to {target!r}", path, d.text(document)


def open_template(d: _Draw) -> tuple[str, Pointer, SpecText] | None:
    paths = d.document.get("paths") if isinstance(d.document, dict) else None
    if not isinstance(paths, dict) or not paths:
        return None
    old = d.draw(st.sampled_from(sorted(paths)))
    new = d.draw(
        st.sampled_from([*BROKEN_TEMPLATES, old.rstrip("}") if "}" in old else old + "/{id"])
    )
    d.document["paths"] = {(new if key == old else key): value for key, value in paths.items()}
    return f"path template {new!r}", ("paths", new), d.text(d.document)


OPERATORS = [
    delete,
    retype,
    duplicate_item,
    duplicate_key,
    wrap,
    deep_nest,
    alias,
    dangle,
    open_template,
]
# Those whose change stays at its node: inside one schema or operation, --lenient must degrade only that part.
CONFINED_OPERATORS = [delete, retype, duplicate_item, wrap, dangle]


@st.composite
def mutants(
    draw: st.DrawFn, operator: Callable[[_Draw], Any] | None = None, confined: bool = False
) -> Mutant:
    """A valid document broken by `operator` (by default any), `confined` inside one schema or operation."""
    document = draw(base_documents())
    operators = CONFINED_OPERATORS if confined else OPERATORS
    operator = operator or pick(draw, operators)
    made = operator(_Draw(draw, document, confined))
    assume(made is not None)  # rare: no node the operator applies to (no $ref to dangle, say)
    assert made is not None
    name, path, spec = made
    inside = confinement(path) if operator in CONFINED_OPERATORS else None
    return Mutant(spec, name, pointer_text(path), pointer_text(inside) if inside else None)
