"""Target configuration: one small reviewed TOML file per generated client, `specs/<target>.toml`."""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import ClientgenError, UsageError
from generator.identifiers import pascal

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


_SHADOWED = frozenset({"pydantic", "httpx2", "httpcore2", "anyio", "typing_extensions"})


def check_package_name(package: str, where: str) -> None:
    if not _PACKAGE.match(package):
        raise UsageError(
            f"package name {package!r} is not a valid Python module name",
            where=where,
            fix="use lower case letters, digits and underscores, e.g. `petstore_client`",
        )
    if package in sys.stdlib_module_names or package in _SHADOWED:
        raise UsageError(
            f"package name {package!r} would shadow the module of the same name that clients import",
            where=where,
            fix=f"pick another name, e.g. `{package}_client`",
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
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(
            f"target file not found: {path}", where=where, fix="see `clientgen generate --help`"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(
            f"target file is not valid TOML: {exc}", where=where, fix="fix the TOML syntax"
        ) from None
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
        if not pattern.match(value):
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
            not _OPERATION_KEY.match(key)
            or not isinstance(value, str)
            or not _DOTTED_NAME.match(value)
        ):
            raise ClientgenError(
                f"bad naming override {key!r} = {value!r}",
                where=f"{where} [names]",
                fix='write `"METHOD /path" = "resource.method"`, e.g. `"POST /api/ai/audio/generate" = "audio.generate"`',
            )
    overlay = get("overlay", str, None)
    prefixes = get("strip_prefixes", list, [])
    return Target(
        name=path.stem,
        spec=path.parent / get("spec"),
        overlay=path.parent / overlay if overlay else None,
        package=package,
        output_dir=output_root / package,
        client_class=name("client", _CLASS),
        async_client_class=name("async_client", _CLASS),
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
    )


def _streaming(table: dict[str, Any], where: str) -> dict[str, Streaming]:
    streaming: dict[str, Streaming] = {}
    for key, value in sorted(table.items()):
        if (
            not _OPERATION_KEY.match(key)
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


def discover_targets(specs_dir: Path, *, output_root: Path) -> list[Target]:
    return [load_target(p, output_root=output_root) for p in sorted(specs_dir.glob("*.toml"))]


def find_target(name: str, specs_dir: Path, *, output_root: Path) -> Target:
    path = specs_dir / f"{name}.toml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in specs_dir.glob("*.toml"))) or "none"
        raise UsageError(f"unknown target {name!r}", where=str(path), fix=f"pick one of: {known}")
    return load_target(path, output_root=output_root)
