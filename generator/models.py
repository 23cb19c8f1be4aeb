"""Stage 5: pydantic v2 models from the API's schemas, through datamodel-code-generator.

This is the only module that talks to datamodel-code-generator. It prepares its input (the document's
`components`, with validation keywords and exotic formats removed: a client should type what the server sends,
not reject it), runs it with pinned options, and reads the result back (class kinds, enum values, which schema
pointer became which class) so that later stages never parse generated code themselves.
"""

from __future__ import annotations

import ast
import importlib
import json
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from generator import modelsplit
from generator.cache import Cache
from generator.errors import ClientgenError, unescape_pointer_token
from generator.escape import literal
from generator.prefork import Worker
from generator.pylayout import LINE_LENGTH, class_field

ClassKind = Literal["model", "enum", "root", "alias"]

# Keywords that constrain values. A response outside a documented range is still the server's answer; the
# client passes it through rather than failing the whole call (and ECMA regexes need not compile in Python).
_CONSTRAINTS = frozenset(
    {
        "pattern",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
        "patternProperties",
    }
)
# Formats kept as rich types; every other format is dropped to its plain JSON type (an id in `uuid` format
# stays a `str`, a `uri` is not normalised, an `email` needs no extra dependency).
_KEPT_FORMATS = frozenset({"date-time", "date", "binary"})
_SCHEMA_MAPS = ("properties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SCHEMA_VALUES = (
    "items",
    "additionalProperties",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
)

PLACEHOLDER_PACKAGE = "clientgen_runtime"
_ENUM_BASES = {"StrEnum": "OpenStrEnum", "IntEnum": "OpenIntEnum", "Enum": "OpenEnum"}


@dataclass(frozen=True)
class ModelClass:
    name: str
    kind: ClassKind
    module: str
    enum_values: tuple[Any, ...] = ()


@dataclass
class Models:
    """What the models stage produced: module sources (unformatted) and an index of the classes."""

    files: dict[str, str]
    classes: dict[str, ModelClass]
    by_pointer: dict[str, str]
    warnings: list[str] = field(default_factory=list)
    # Modules already in black's layout (every code line fits): black would leave them unchanged.
    laid_out: set[str] = field(default_factory=set)

    def class_for(self, ptr: str) -> ModelClass | None:
        name = self.by_pointer.get(ptr)
        return self.classes.get(name) if name else None


def import_datamodel_codegen() -> None:
    """The model worker's warm-up (`prefork.MODEL_TASKS`): import the library before the models are requested."""
    # import_module, not import statements: a linter would take those for unused imports and remove them.
    for module in ("datamodel_code_generator.config", "datamodel_code_generator.parser.openapi"):
        importlib.import_module(module)


def run_serialized(prepared: str) -> str:
    """The model worker's task: datamodel-code-generator on a prepared document, as JSON text both ways."""
    source, metadata = _run_datamodel_codegen(json.loads(prepared))
    return json.dumps({"source": source, "metadata": metadata})


class PendingModels:
    """Models being built, in the model worker when there is one, while the caller goes on (validating).

    `result()` waits for them. Without a worker, or on a cache hit, they are built there and then.
    """

    def __init__(self, serialized: str | None, cache: Cache, worker: Worker | None) -> None:
        self._serialized = serialized
        self._cache = cache
        self._worker: Worker | None = None
        self._reply: str | None = None
        self._key = ""
        if serialized is None:
            return
        self._key = cache.key("models", serialized)
        hit = cache.get("models", self._key)
        if hit is not None:
            self._reply = hit.decode("utf-8")
        elif worker is not None and worker.submit(serialized):
            self._worker = worker

    def result(self) -> Models:
        if self._serialized is None:
            return Models(files=modelsplit.split([], []).files, classes={}, by_pointer={})
        if self._reply is None:
            worker, self._worker = self._worker, None
            reply = worker.result() if worker is not None else None
            # No reply: no worker, or it died (out of memory?): build them here instead.
            self._reply = reply if reply is not None else run_serialized(self._serialized)
            self._cache.put("models", self._key, self._reply.encode("utf-8"))
        decoded = json.loads(self._reply)
        return _index(decoded["source"], decoded["metadata"], self._cache)

    def abandon(self) -> None:
        """Give up on an answer not collected: its worker is ended, so that no later request gets this reply."""
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.close()


def request_models(
    document: dict[str, Any],
    cache: Cache,
    worker: Worker | None = None,
    left_out: tuple[str, ...] = (),
) -> PendingModels:
    """Start building models for the document's component schemas, except those named in `left_out`."""
    components = document.get("components") or {}
    schemas = components.get("schemas") if isinstance(components, dict) else None
    skip = frozenset(left_out)
    if not schemas or all(name in skip for name in schemas):
        return PendingModels(None, cache, None)
    prepared = {
        "openapi": document.get("openapi", "3.0.3"),
        "info": {"title": "models", "version": "0"},
        "paths": {},
        "components": {
            **components,
            "schemas": {
                name: _clean(schema, schemas)
                for name, schema in schemas.items()
                if name not in skip
            },
        },
    }
    serialized = json.dumps(prepared, sort_keys=False, ensure_ascii=False, separators=(",", ":"))
    return PendingModels(serialized, cache, worker)


def _clean(schema: Any, schemas: dict[str, Any], depth: int = 0) -> Any:
    if depth > 200 or not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _CONSTRAINTS:
            continue
        if key == "format" and value not in _KEPT_FORMATS:
            continue
        if key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {k: _clean(v, schemas, depth + 1) for k, v in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            out[key] = [_clean(v, schemas, depth + 1) for v in value]
        elif key in _SCHEMA_VALUES:
            out[key] = _clean(value, schemas, depth + 1)
        elif key in ("example", "examples", "x-examples"):
            continue
        elif key == "nullable" and value is False:
            # The default anyway; spelled out, datamodel-code-generator types an optional field `T = None`.
            continue
        elif key == "default" and not _default_fits(_referenced(schema, schemas), value):
            # A default the schema does not allow (`default: null` on a non-nullable object, a list for a
            # string) would be an ill-typed class attribute; the field stays optional without it.
            continue
        else:
            out[key] = value
    return out


_JSON_TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "array": list,
    "object": dict,
    "null": type(None),
}


def _referenced(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    """The component a schema only refers to (`$ref`, or `allOf` with one `$ref`), whose type its default has."""
    for _ in range(8):
        ref = schema.get("$ref")
        all_of = schema.get("allOf")
        if ref is None and isinstance(all_of, list) and len(all_of) == 1 and "type" not in schema:
            ref = all_of[0].get("$ref") if isinstance(all_of[0], dict) else None
        prefix = "#/components/schemas/"
        if not isinstance(ref, str) or not ref.startswith(prefix):
            return schema
        target = schemas.get(unescape_pointer_token(ref[len(prefix) :]))
        if not isinstance(target, dict):
            return schema
        schema = target
    return schema


def _default_fits(schema: dict[str, Any], value: Any) -> bool:
    """Whether a schema's `default` can be the class attribute: a value of its declared type (and enum).

    Untyped schemas (unions, refs) always pass; the modeller handles those.
    """
    kinds = schema.get("type")
    if isinstance(kinds, str):
        kinds = [kinds]
    if not isinstance(kinds, list) or not all(k in _JSON_TYPES for k in kinds):
        return True
    if schema.get("nullable") is True:
        kinds = [*kinds, "null"]
    if not any(
        isinstance(value, _JSON_TYPES[k])
        and not (isinstance(value, bool) and k in ("integer", "number"))
        for k in kinds
    ):
        return False
    if isinstance(value, str) and schema.get("format") in _KEPT_FORMATS:
        # These become `datetime`, `date` and `bytes` attributes, which a JSON string default is not (and
        # pydantic does not convert defaults): the field is optional instead.
        return False
    enum = schema.get("enum")
    return not (isinstance(enum, list) and value is not None and value not in enum)


def _run_datamodel_codegen(prepared: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    import datamodel_code_generator as dcg
    from datamodel_code_generator.enums import DataModelType, InputFileType, NamingStrategy
    from datamodel_code_generator.format import DatetimeClassType, PythonVersion

    with tempfile.TemporaryDirectory(prefix="clientgen-models-") as tmp:
        metadata_path = Path(tmp) / "metadata.json"
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                result = dcg.generate(
                    prepared,
                    input_file_type=InputFileType.OpenAPI,
                    output_model_type=DataModelType.PydanticV2BaseModel,
                    target_python_version=PythonVersion.PY_311,
                    base_class=f"{PLACEHOLDER_PACKAGE}.BaseModel",
                    strict_nullable=True,
                    naming_strategy=NamingStrategy.ParentPrefixed,
                    collapse_root_models=True,
                    disable_timestamp=True,
                    treat_dot_as_module=False,
                    use_schema_description=True,
                    use_field_description=True,
                    use_standard_collections=True,
                    use_union_operator=True,
                    use_double_quotes=True,
                    set_default_enum_member=True,
                    output_datetime_class=DatetimeClassType.Datetime,
                    custom_file_header='"""Pydantic models for the API\'s schemas."""',
                    formatters=[],
                    settings_path=Path(tmp),
                    emit_model_metadata=metadata_path,
                )
        except ClientgenError:
            raise
        except (
            Exception
        ) as exc:  # datamodel-code-generator raises many types; all mean "cannot model this"
            raise ClientgenError(
                f"datamodel-code-generator could not build models: {type(exc).__name__}: {_first_line(exc)}",
                where="#/components/schemas",
                fix="simplify or correct the schema it names with the overlay (run with --debug for details)",
            ) from exc
        del caught
        if not isinstance(result, str):
            raise ClientgenError(
                "datamodel-code-generator produced several modules where one was expected",
                where="#/components/schemas",
                fix="rename schemas containing dots with the overlay",
            )
        metadata = (
            json.loads(metadata_path.read_text()) if metadata_path.exists() else {"models": []}
        )
    return result, metadata


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else ""


def _index(source: str, metadata: dict[str, Any], cache: Cache) -> Models:
    try:
        tree = ast.parse(source)
    except (
        SyntaxError
    ) as exc:  # would be a datamodel-code-generator bug, but never write broken code
        raise ClientgenError(
            f"generated models do not parse: {exc.msg} at line {exc.lineno}",
            where="#/components/schemas",
            fix="report this; meanwhile simplify the schema with the overlay",
        ) from exc
    source_refs: dict[str, str] = {}
    for entry in metadata.get("models", []):
        ref, name = entry.get("source_ref"), entry.get("class_name")
        if isinstance(ref, str) and isinstance(name, str):
            source_refs.setdefault(name, _normalise_ref(ref))
    classes: dict[str, ModelClass] = {}
    edits: list[tuple[int, int, int, str]] = []  # (line, col, end_col, replacement)
    imports: list[tuple[str, str, str | None]] = []
    spans: list[tuple[str, int, int, ast.AST]] = []  # (name, first line, last line, node)
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            if module == PLACEHOLDER_PACKAGE:
                module = "._models"
            imports.extend((module, alias.name, alias.asname) for alias in node.names)
        elif isinstance(node, ast.ClassDef):
            kind, values = _class_kind(node)
            classes[node.name] = ModelClass(
                name=node.name, kind=kind, module="", enum_values=values
            )
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            spans.append((node.name, first, node.end_lineno or node.lineno, node))
            if kind == "enum":
                for base in node.bases:
                    if isinstance(base, ast.Name) and base.id in _ENUM_BASES:
                        replacement = _ENUM_BASES[base.id]
                        edits.append(
                            (
                                base.lineno,
                                base.col_offset,
                                base.end_col_offset or 0,
                                "_" + replacement,
                            )
                        )
                        imports.append(("._models", replacement, "_" + replacement))
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            if isinstance(target, ast.Name) and target.id[:1].isupper():
                classes[target.id] = ModelClass(name=target.id, kind="alias", module="")
                spans.append((target.id, node.lineno, node.end_lineno or node.lineno, node))
    lines = source.splitlines(keepends=True)
    # One walk of the tree serves every pass below: on a large spec each walk takes a good part of a second.
    nodes = list(ast.walk(tree))
    edits.extend(_black_style_edits(nodes, lines))
    edits.extend(_enum_member_renames(tree, nodes, lines))
    for line, col, end, text in sorted(edits, reverse=True):
        current = lines[line - 1]
        lines[line - 1] = current[:col] + text + current[end:]
    for line in _incompatible_overrides(tree, classes):
        lines[line - 1] = lines[line - 1].rstrip("\n") + OVERRIDE_IGNORE + "\n"
    string_lines = _multiline_string_lines(nodes)
    span_of_line: dict[int, int] = {}
    for index, (_name, first, last, _node) in enumerate(spans):
        span_of_line.update(dict.fromkeys(range(first, last + 1), index))
    loaded: list[set[str]] = [set() for _ in spans]
    for each in nodes:
        if isinstance(each, ast.Name) and isinstance(each.ctx, ast.Load):
            span = span_of_line.get(each.lineno)
            if span is not None:
                loaded[span].add(each.id)
    units = []
    for order, (name, first, last, _) in enumerate(spans):
        loads = loaded[order]
        if classes[name].kind == "enum":  # its base was renamed above
            loads = {"_" + _ENUM_BASES[n] if n in _ENUM_BASES else n for n in loads}
        source, fits = _laid_out(lines[first - 1 : last], first, string_lines)
        units.append(
            modelsplit.Unit(
                name=name,
                source=source,
                order=order,
                loads=loads,
                owner=modelsplit.owner_of(source_refs.get(name), name),
                fits=fits,
            )
        )
    _format_unfit(units, cache)
    split = modelsplit.split(imports, units)
    classes = {
        name: ModelClass(
            name=c.name, kind=c.kind, module=split.module_of[name], enum_values=c.enum_values
        )
        for name, c in classes.items()
    }
    by_pointer: dict[str, str] = {}
    for entry in metadata.get("models", []):
        ref, name = entry.get("source_ref"), entry.get("class_name")
        if isinstance(ref, str) and isinstance(name, str) and name in classes:
            by_pointer.setdefault(_normalise_ref(ref), name)
    return Models(
        files=split.files, classes=classes, by_pointer=by_pointer, laid_out=split.laid_out
    )


def _laid_out(lines: list[str], first: int, string_lines: set[int]) -> tuple[str, bool]:
    """A class's source with its too-long field lines laid out as black would, and whether all now fit.

    Most long lines in models are a field with a long union or enum-member default (`pylayout.class_field`);
    a class with any other long code line is left for black (`_format_unfit`).
    """
    out = list(lines)
    for index, line in enumerate(lines):
        text = line.rstrip("\n")
        if len(text) <= LINE_LENGTH or first + index in string_lines:
            continue
        laid = class_field(text) if text.startswith("    ") and text[4:5] != " " else None
        if laid is None:
            return "".join(lines), False
        out[index] = laid + line[len(text) :]
    return "".join(out), True


def _format_unfit(units: list[modelsplit.Unit], cache: Cache) -> None:
    """Put the classes with a code line over the limit through black, each class on its own.

    Black lays out a top-level class the same whatever surrounds it, and a module costs it time in
    proportion to its size: formatting the few long classes alone, rather than every module holding one,
    makes this several times cheaper on large specs. The modules assembled from them are then already in
    black's layout (tests check this with black on whole modules).
    """
    from generator.format import format_files

    unfit = {f"{unit.name}.py": unit.source for unit in units if not unit.fits}
    if not unfit:
        return
    formatted = format_files(unfit, cache)
    for unit in units:
        if not unit.fits:
            unit.source = formatted[f"{unit.name}.py"]
            unit.fits = True


# Enum members may not shadow what the enum's mixin type defines (`str.count`, `int.real`): type checkers
# reject `count = "count"` in a str enum. Such members get a trailing underscore, as keywords do.
_MIXIN_ATTRIBUTES = {
    "StrEnum": frozenset(n for n in dir(str) if not n.startswith("_")),
    "IntEnum": frozenset(n for n in dir(int) if not n.startswith("_")),
}


def _enum_member_renames(
    tree: ast.Module, nodes: list[ast.AST], lines: list[str]
) -> list[tuple[int, int, int, str]]:
    """Edits renaming enum members that shadow their mixin's attributes, and every `Enum.member` use."""
    renamed: dict[tuple[str, str], str] = {}
    edits: list[tuple[int, int, int, str]] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {b.id for b in node.bases if isinstance(b, ast.Name)}
        hidden = frozenset().union(*(_MIXIN_ATTRIBUTES.get(b, frozenset()) for b in bases))
        if not hidden:
            continue
        members = {
            t.id
            for stmt in node.body
            if isinstance(stmt, ast.Assign)
            for t in stmt.targets
            if isinstance(t, ast.Name)
        }
        for stmt in node.body:
            if not isinstance(stmt, ast.Assign) or len(stmt.targets) != 1:
                continue
            target = stmt.targets[0]
            if isinstance(target, ast.Name) and target.id in hidden:
                new = target.id + "_"
                while new in members or new in hidden:
                    new += "_"
                members.add(new)
                renamed[(node.name, target.id)] = new
                edits.append(_name_edit(lines, target, new))
    if renamed:
        for use in nodes:
            if (
                isinstance(use, ast.Attribute)
                and isinstance(use.value, ast.Name)
                and (use.value.id, use.attr) in renamed
            ):
                edits.append(
                    _name_edit(lines, use, f"{use.value.id}.{renamed[(use.value.id, use.attr)]}")
                )
    return edits


def _name_edit(lines: list[str], node: ast.expr, text: str) -> tuple[int, int, int, str]:
    """Replace a one-line name or attribute node (ast columns count UTF-8 bytes; edits count characters)."""
    line = lines[node.lineno - 1].encode("utf-8")
    start = len(line[: node.col_offset].decode("utf-8"))
    end = len(line[: node.end_col_offset or node.col_offset].decode("utf-8"))
    return (node.lineno, start, end, text)


# On a field that redefines an inherited one with another type (allOf with a property the parent also has).
# pydantic takes the subclass's field; type checkers see an incompatible override. When the heuristic below
# cannot tell, `unused-ignore` keeps mypy --strict quiet about a comment it turns out not to need.
OVERRIDE_IGNORE = "  # type: ignore[assignment, unused-ignore]"


def _incompatible_overrides(tree: ast.Module, classes: dict[str, ModelClass]) -> list[int]:
    """Last lines of the fields that redefine an inherited field with a type that may not be a subtype."""
    bases: dict[str, list[str]] = {}
    fields: dict[str, dict[str, tuple[list[str], int]]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        bases[node.name] = [b.id for b in node.bases if isinstance(b, ast.Name)]
        own: dict[str, tuple[list[str], int]] = {}
        for stmt in node.body:
            if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
                own[stmt.target.id] = (
                    _union_members(stmt.annotation),
                    stmt.end_lineno or stmt.lineno,
                )
        fields[node.name] = own

    def ancestors(name: str) -> list[str]:
        found: list[str] = []
        todo = list(bases.get(name, ()))
        while todo:
            base = todo.pop(0)
            if base in fields and base not in found:
                found.append(base)
                todo.extend(bases.get(base, ()))
        return found

    lines: list[int] = []
    for name, own in fields.items():
        above = ancestors(name)
        if not above:
            continue
        for field_name, (members, line) in own.items():
            for parent in above:
                inherited = fields[parent].get(field_name)
                if inherited is not None and not _narrows(
                    members, inherited[0], classes, ancestors
                ):
                    lines.append(line)
                    break
    return sorted(set(lines))


def _union_members(annotation: ast.expr) -> list[str]:
    """`A | B | None` -> ["A", "B", "None"]; `Annotated[X, ...]` counts as X."""
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return _union_members(annotation.left) + _union_members(annotation.right)
    if (
        isinstance(annotation, ast.Subscript)
        and isinstance(annotation.value, ast.Name)
        and annotation.value.id == "Annotated"
        and isinstance(annotation.slice, ast.Tuple)
        and annotation.slice.elts
    ):
        return _union_members(annotation.slice.elts[0])
    return [ast.unparse(annotation)]


def _narrows(
    child: list[str],
    parent: list[str],
    classes: dict[str, ModelClass],
    ancestors: Callable[[str], list[str]],
) -> bool:
    """Whether every member of the child's union is plainly a member (or subtype) of the parent's."""
    if "Any" in parent:
        return True
    for member in child:
        if member in parent:
            continue
        if member == "int" and "float" in parent:
            continue
        if member.startswith("Literal[") and ("str" in parent or "int" in parent):
            try:
                values = ast.literal_eval(f"[{member[len('Literal[') : -1]}]")
            except (ValueError, SyntaxError):
                return False
            if all(isinstance(v, str) for v in values) and "str" in parent:
                continue
            if all(type(v) is int for v in values) and "int" in parent:
                continue
            return False
        cls = classes.get(member)
        if cls is not None and cls.kind == "model" and set(ancestors(member)) & set(parent):
            continue
        return False
    return True


def _multiline_string_lines(nodes: list[ast.AST]) -> set[int]:
    """Line numbers inside multi-line strings (docstrings): black leaves their length alone."""
    found: set[int] = set()
    for node in nodes:
        multiline = isinstance(node, ast.Constant) and (node.end_lineno or 0) > node.lineno
        if multiline and isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.update(range(node.lineno, (node.end_lineno or node.lineno) + 1))
    return found


def _black_style_edits(nodes: list[ast.AST], lines: list[str]) -> list[tuple[int, int, int, str]]:
    """Edits that bring datamodel-code-generator's output to black's style where it differs (string quotes,
    a blank line after class docstrings), so that black has a single pass to make on most model modules.
    """
    edits: list[tuple[int, int, int, str]] = []
    for node in nodes:
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.lineno == node.end_lineno
            and lines[node.lineno - 1][node.col_offset] == "'"
        ):
            edits.append(
                (node.lineno, node.col_offset, node.end_col_offset or 0, literal(node.value))
            )
        elif (
            isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            and node.end_lineno is not None
            and node.end_lineno > node.lineno
        ):
            # Black strips trailing whitespace inside docstrings; descriptions often carry some.
            for number in range(node.lineno, node.end_lineno):
                text = lines[number - 1].rstrip("\n")
                if text != text.rstrip():
                    edits.append((number, len(text.rstrip()), len(text), ""))
        if isinstance(node, ast.ClassDef) and len(node.body) > 1:
            first, second = node.body[0], node.body[1]
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
                and first.end_lineno is not None
                and second.lineno == first.end_lineno + 1
            ):
                end_col = first.end_col_offset or 0
                edits.append((first.end_lineno, end_col, end_col, "\n"))
    return edits


def _normalise_ref(ref: str) -> str:
    return ref if ref.startswith("#") else "#" + ref.split("#", 1)[-1]


def _class_kind(node: ast.ClassDef) -> tuple[ClassKind, tuple[Any, ...]]:
    base_names = []
    for base in node.bases:
        if isinstance(base, ast.Name):
            base_names.append(base.id)
        elif isinstance(base, ast.Subscript) and isinstance(base.value, ast.Name):
            base_names.append(base.value.id)
    if any(b in _ENUM_BASES for b in base_names):
        values = []
        for stmt in node.body:
            if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Constant):
                values.append(stmt.value.value)
        return "enum", tuple(values)
    if "RootModel" in base_names:
        return "root", ()
    return "model", ()
