"""Target configuration: one small reviewed TOML file per generated client, `specs/<target>.toml`."""

from __future__ import annotations

import keyword
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import ClientgenError, UsageError
from generator.identifiers import CLIENT_MODULE_NAMES, PACKAGE_INIT_NAMES, pascal
from generator.source import read_file_if_present

_OPERATION_KEY = re.compile(r"^(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) (/\S*)$")
_DOTTED_NAME = re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)+$")
_PACKAGE = re.compile(r"^[a-z_][a-z0-9_]*$")
_CLASS = re.compile(r"^[A-Z][A-Za-z0-9_]*$")
_ENV = re.compile(r"^[A-Z_][A-Z0-9_]*$")


@dataclass(frozen=True)
class Streaming:
    """An OpenAI-style operation whose boolean body field switches the response from JSON to SSE."""

    flag: str
    chunk_schema: str
    terminator: str | None = "[DONE]"


@dataclass(frozen=True)
class PaginationConfig:
    """A declared paginated listing (`[pagination]`): response fields are dotted paths (`compare.commits`)."""

    style: str  # "page" or "cursor"
    param: str
    items: str
    current: str | None = None
    total: str | None = None
    next_cursor: str | None = None
    item_cursor: str | None = None
    has_more: str | None = None


@dataclass(frozen=True)
class ScopeConfig:
    """Path parameters that lead many operations, bound once: `client.<name>(*params)` (`[scopes.<name>]`)."""

    name: str
    params: tuple[str, ...]


@dataclass(frozen=True)
class Target:
    name: str
    spec: Path
    overlay: Path | None
    package: str
    output_dir: Path
    client_class: str
    async_client_class: str
    base_url: str | None
    api_key_env: str
    base_url_env: str
    log_env: str
    url: str | None = None
    strip_prefixes: tuple[str, ...] = ()
    names: dict[str, str] = field(default_factory=dict)
    streaming: dict[str, Streaming] = field(default_factory=dict)
    lenient: bool = False
    allow_external_refs: bool = False
    # Model every component schema, not only those the operations use (see `generator.usage`).
    all_schemas: bool = False
    config_path: Path | None = None
    # Declared paginated listings by "METHOD /path"; None opts an operation out of automatic recognition.
    pagination: dict[str, PaginationConfig | None] = field(default_factory=dict)
    scopes: tuple[ScopeConfig, ...] = ()
    # Write a `pyproject.toml` into the package folder so that pip can install it (`installable = false`: no).
    installable: bool = True

    def where(self, table: str, key: str = "") -> str:
        """A place in the target file, for errors: `specs/x.toml [pagination]."GET /things"`."""
        place = f"[{table}]" + (f'."{key}"' if key else "")
        return f"{self.config_path or self.name} {place}"


# Top-level modules a generated package imports, directly or through its dependencies (`httpx2` and `pydantic`
# v2 and what they require): a package of the same name would be imported in their place. The standard library's
# modules are refused too (`sys.stdlib_module_names`); tests/generator/test_hostile_files.py checks this list
# against the dependency closure installed in the development environment.
RUNTIME_DEPENDENCY_MODULES = frozenset(
    {
        "annotated_types", "anyio", "certifi", "exceptiongroup", "h11", "h2", "hpack", "httpcore",
        "httpcore2", "httpx", "httpx2", "hyperframe", "idna", "pydantic", "pydantic_core", "sniffio",
        "socksio", "truststore", "typing_extensions", "typing_inspection",
    }
)  # fmt: skip


def check_package_name(package: str, where: str) -> None:
    """Refuse a package name that is not an importable module name or would shadow a module clients import."""
    if not _PACKAGE.fullmatch(package):
        raise UsageError(
            f"package name {package!r} is not a valid Python module name",
            where=where,
            fix="use lower case ASCII letters, digits and underscores, not starting with a digit, "
            "e.g. `petstore_client`",
        )
    if keyword.iskeyword(package):
        raise UsageError(
            f"package name {package!r} is a Python keyword: `import {package}` would not parse",
            where=where,
            fix=f"pick another name, e.g. `{package}_client`",
        )
    if package in sys.stdlib_module_names or package in RUNTIME_DEPENDENCY_MODULES:
        raise UsageError(
            f"package name {package!r} would shadow the module of the same name that clients import",
            where=where,
            fix=f"pick another name, e.g. `{package}_client`",
        )


# Names the package's `__init__` and `_client.py` bind or read besides the clients: a client class so named
# would replace a runtime export (`APIError`), a builtin they call (`AttributeError`) or a base class. With
# `--package stream` the client takes a `Client` suffix (`Stream` is the runtime's); a target file is refused.
CLIENT_CLASS_RESERVED = PACKAGE_INIT_NAMES | CLIENT_MODULE_NAMES


def _check_client_classes(client: str, async_client: str, where: str) -> None:
    for key, value, taken in (
        ("client", client, CLIENT_CLASS_RESERVED),
        ("async_client", async_client, CLIENT_CLASS_RESERVED | {client}),  # nor the client's
    ):
        if value in taken:
            raise ClientgenError(
                f"`{key}` = {value!r} is a name the generated package already uses",
                where=f"{where} [target].{key}",
                fix=f"pick another class name, e.g. `{value}Client`",
            )


def default_target(
    *,
    spec: Path,
    overlay: Path | None,
    package: str,
    output_dir: Path,
    lenient: bool = False,
    allow_external_refs: bool = False,
    all_schemas: bool = False,
) -> Target:
    """A target for `clientgen generate --spec`: names derived from the package name."""
    check_package_name(package, "--package")
    client = pascal(package)
    while {client, "Async" + client} & CLIENT_CLASS_RESERVED:
        client += "Client"
    env_prefix = package.upper()
    return Target(
        name=package,
        spec=spec,
        overlay=overlay,
        package=package,
        output_dir=output_dir,
        client_class=client,
        async_client_class="Async" + client,
        base_url=None,
        api_key_env=f"{env_prefix}_API_KEY",
        base_url_env=f"{env_prefix}_BASE_URL",
        log_env=f"{env_prefix}_LOG",
        lenient=lenient,
        allow_external_refs=allow_external_refs,
        all_schemas=all_schemas,
    )


_REQUIRED: Any = object()


def load_target(path: Path, *, output_root: Path) -> Target:
    where = str(path)
    raw = read_file_if_present(path, what="target file")
    if raw is None:
        raise UsageError(f"target file not found: {path}", where=where, fix="see `clientgen --help`")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        fix = "fix the TOML syntax, and save the file as UTF-8"
        raise UsageError(f"target file is not valid TOML: {exc}", where=where, fix=fix) from None
    table = data.get("target")
    if not isinstance(table, dict):
        raise ClientgenError(
            "target file has no [target] table", where=where, fix="add a [target] table"
        )

    def get(key: str, kind: type = str, default: Any = _REQUIRED) -> Any:
        if key not in table:
            if default is _REQUIRED:
                raise ClientgenError(
                    f"target is missing `{key}`",
                    where=f"{where} [target]",
                    fix=f"add `{key} = ...`",
                )
            return default
        if not isinstance(table[key], kind):
            raise ClientgenError(
                f"`{key}` must be a {kind.__name__}",
                where=f"{where} [target].{key}",
                fix="correct its type",
            )
        return table[key]

    def name(key: str, pattern: re.Pattern[str], default: Any = _REQUIRED) -> str:
        value: str = get(key, str, default)
        if not pattern.fullmatch(value) or keyword.iskeyword(value):
            raise ClientgenError(
                f"`{key}` = {value!r} is not a valid name",
                where=f"{where} [target].{key}",
                fix="use a plain identifier",
            )
        return value

    package = get("package")
    check_package_name(package, f"{where} [target].package")
    names = data.get("names", {})
    for key, value in names.items():
        if (
            not _OPERATION_KEY.fullmatch(key)
            or not isinstance(value, str)
            or not _DOTTED_NAME.fullmatch(value)
        ):
            raise ClientgenError(
                f"bad naming override {key!r} = {value!r}",
                where=f"{where} [names]",
                fix='write `"METHOD /path" = "resource.method"`, e.g. `"POST /api/ai/audio/generate" = "audio.generate"`',
            )
    overlay = get("overlay", str, None)
    prefixes = get("strip_prefixes", list, [])
    client, async_client = name("client", _CLASS), name("async_client", _CLASS)
    _check_client_classes(client, async_client, where)
    return Target(
        name=path.stem,
        spec=path.parent / get("spec"),
        overlay=path.parent / overlay if overlay else None,
        package=package,
        output_dir=output_root / package,
        client_class=client,
        async_client_class=async_client,
        base_url=get("base_url", str, None),
        api_key_env=name("api_key_env", _ENV),
        base_url_env=name("base_url_env", _ENV),
        log_env=name("log_env", _ENV, package.upper() + "_LOG"),
        url=get("url", str, None),
        strip_prefixes=tuple(sorted((str(p).rstrip("/") for p in prefixes), key=len, reverse=True)),
        names=dict(sorted(names.items())),
        streaming=_streaming(data.get("streaming", {}), where),
        lenient=get("lenient", bool, False),
        allow_external_refs=get("allow_external_refs", bool, False),
        all_schemas=get("all_schemas", bool, False),
        config_path=path,
        pagination=_pagination(data.get("pagination", {}), where),
        scopes=_scopes(data.get("scopes", {}), where),
        installable=get("installable", bool, True),
    )


def _streaming(table: dict[str, Any], where: str) -> dict[str, Streaming]:
    streaming: dict[str, Streaming] = {}
    for key, value in sorted(table.items()):
        if (
            not _OPERATION_KEY.fullmatch(key)
            or not isinstance(value, dict)
            or not isinstance(value.get("flag"), str)
            or not isinstance(value.get("chunk"), str)
        ):
            raise ClientgenError(
                f"bad streaming entry {key!r}",
                where=f"{where} [streaming]",
                fix='write `"POST /path" = { flag = "stream", chunk = "ChunkSchemaName" }`',
            )
        terminator = value.get("terminator", "[DONE]")
        if terminator is not None and not isinstance(terminator, str):
            raise ClientgenError(
                f"bad terminator for {key!r}",
                where=f"{where} [streaming]",
                fix='use a string like "[DONE]", or ""',
            )
        streaming[key] = Streaming(value["flag"], value["chunk"], terminator or None)
    return streaming


_PAGINATION_FIELDS = {
    "page": {"current", "total"},
    "cursor": {"next_cursor", "item_cursor", "has_more"},
}
_FIELD_PATH = re.compile(r"^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$")
_PAGINATION_FIX = (
    'write `"GET /path" = { style = "page", param = "page", items = "data", total = "total_pages" }`, '
    '`{ style = "cursor", param = "after", items = "data", next_cursor = "next_cursor" }`, or `false`'
)


def _pagination(table: Any, where: str) -> dict[str, PaginationConfig | None]:
    if not isinstance(table, dict):
        raise ClientgenError("[pagination] must be a table", where=where, fix=_PAGINATION_FIX)
    declared: dict[str, PaginationConfig | None] = {}
    for key, value in sorted(table.items()):
        place = f'{where} [pagination]."{key}"'
        if not _OPERATION_KEY.fullmatch(key):
            raise ClientgenError(
                f"pagination key {key!r} is not `METHOD /path`", where=place, fix=_PAGINATION_FIX
            )
        if value is False:
            declared[key] = None
            continue
        style = value.get("style") if isinstance(value, dict) else None
        if style not in _PAGINATION_FIELDS:
            raise ClientgenError(
                'a pagination entry needs `style` = "page" or "cursor" (or is `false`)',
                where=place,
                fix=_PAGINATION_FIX,
            )
        allowed = {"style", "param", "items"} | _PAGINATION_FIELDS[style]
        for name in sorted(value):
            if name not in allowed:
                raise ClientgenError(
                    f"`{name}` is not a field of a {style}-style pagination",
                    where=f"{place}.{name}",
                    fix=f"use only {', '.join(sorted(allowed))}",
                )
            if name != "style" and not (
                isinstance(value[name], str) and _FIELD_PATH.fullmatch(value[name])
            ):
                raise ClientgenError(
                    f"`{name}` must name a parameter or a (dotted) response field",
                    where=f"{place}.{name}",
                    fix='write a string, e.g. `items = "data"` or `total = "pagination.total_pages"`',
                )
        for name in ("param", "items"):
            if name not in value:
                raise ClientgenError(
                    f"the pagination entry has no `{name}`", where=place, fix=_PAGINATION_FIX
                )
        if style == "cursor" and len({"next_cursor", "item_cursor"} & set(value)) != 1:
            raise ClientgenError(
                "a cursor pagination needs exactly one of `next_cursor` (a response field) and "
                "`item_cursor` (a field of each item, e.g. `id`)",
                where=place,
                fix=_PAGINATION_FIX,
            )
        declared[key] = PaginationConfig(**value)
    return declared


def _scopes(table: Any, where: str) -> tuple[ScopeConfig, ...]:
    fix = 'write `[scopes.repository]` with `params = ["namespace", "repo_name"]`'
    if not isinstance(table, dict):
        raise ClientgenError("[scopes] must be a table of tables", where=where, fix=fix)
    scopes = []
    for name, value in sorted(table.items()):
        place = f"{where} [scopes.{name}]"
        if not _PACKAGE.fullmatch(name) or name.startswith("_") or keyword.iskeyword(name):
            raise ClientgenError(
                f"scope name {name!r} is not a method name",
                where=place,
                fix="use e.g. `repository`",
            )
        params = value.get("params") if isinstance(value, dict) else None
        if (
            not isinstance(params, list)
            or not params
            or not all(isinstance(p, str) and p for p in params)
            or len(set(params)) != len(params)
        ):
            raise ClientgenError(
                "a scope needs `params`: the path parameters it binds, in path order",
                where=f"{place}.params",
                fix=fix,
            )
        unknown = sorted(set(value) - {"params"})
        if unknown:
            raise ClientgenError(
                f"unknown scope field `{unknown[0]}`", where=f"{place}.{unknown[0]}", fix=fix
            )
        scopes.append(ScopeConfig(name, tuple(params)))
    return tuple(scopes)


def discover_targets(specs_dir: Path, *, output_root: Path) -> list[Target]:
    return [load_target(p, output_root=output_root) for p in sorted(specs_dir.glob("*.toml"))]


def find_target(name: str, specs_dir: Path, *, output_root: Path) -> Target:
    path = specs_dir / f"{name}.toml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in specs_dir.glob("*.toml"))) or "none"
        raise UsageError(f"unknown target {name!r}", where=str(path), fix=f"pick one of: {known}")
    return load_target(path, output_root=output_root)
