"""`clientgen init NAME --spec FILE_OR_URL`: start a target in a repository that adopts clientgen.

Writes, under the project's specs folder (`[tool.clientgen] specs`, default `specs/`): the spec (copied, or
downloaded as `clientgen fetch` does), its lock, an overlay holding only a comment on what goes there, and the
target file `NAME.toml` with names derived from NAME and the spec. Nothing is overwritten: when any of these
files exists, nothing is written at all.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from generator import limits
from generator.atomic import write_atomic
from generator.config import check_package_name
from generator.download import download
from generator.errors import ClientgenError, UsageError
from generator.identifiers import pascal
from generator.load import check_openapi_version, parse_document
from generator.lock import Lock, info_version, lock_path, write_lock
from generator.project import Project
from generator.source import read_source

_SPEC_SUFFIXES = (".json", ".yaml", ".yml")


@dataclass(frozen=True)
class Started:
    """What `clientgen init` wrote, and what to run next."""

    target_file: Path
    spec: Path
    overlay: Path
    lock: Path
    output_dir: Path
    next_commands: tuple[str, ...]


def init_target(
    name: str,
    source: str,
    project: Project,
    *,
    timeout: float = limits.READ_TIMEOUT_SECONDS,
    max_bytes: int = limits.MAX_DOWNLOAD_BYTES,
) -> Started:
    check_package_name(name, "NAME")
    is_url = source.startswith(("http://", "https://"))
    raw, headers = _read_source(source, is_url, timeout=timeout, max_bytes=max_bytes)
    document = parse_document(raw, source)
    if not isinstance(document, dict):
        raise ClientgenError(
            f"{source} is not an OpenAPI document (its top level is not an object)",
            where=source,
            fix="pass the spec itself (JSON or YAML), not an HTML page or a list",
        )
    check_openapi_version(document, source)
    specs = project.specs_dir
    spec = specs / f"{name}_openapi{_suffix(source, raw)}"
    overlay = specs / f"{name}_openapi.overlay.yaml"
    target_file = specs / f"{name}.toml"
    for path in (target_file, spec, lock_path(spec), overlay):
        if path.exists():
            raise UsageError(
                f"{path} exists; `clientgen init` never overwrites a file",
                where=str(path),
                fix=f"pick another NAME, or remove the files of the earlier `clientgen init {name}`",
            )
    specs.mkdir(parents=True, exist_ok=True)
    write_atomic(spec, raw)
    write_lock(
        spec,
        Lock(
            source_url=source,
            info_version=info_version(document),
            sha256=hashlib.sha256(raw).hexdigest(),
            bytes=len(raw),
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
        ),
    )
    write_atomic(overlay, _overlay_text(spec.name).encode("utf-8"))
    base_url = _base_url(document, source if is_url else None)
    text = _target_text(name, spec.name, overlay.name, source if is_url else None, base_url)
    write_atomic(target_file, text.encode("utf-8"))
    output_dir = project.output_root / name
    commands = [
        f"clientgen generate {name}    # writes {output_dir}/",
        f"clientgen check {name}       # in CI and pre-commit: fails when {output_dir}/ drifts",
    ]
    if is_url:
        commands.append(f"clientgen fetch {name}       # download and lock a newer spec")
    return Started(target_file, spec, overlay, lock_path(spec), output_dir, tuple(commands))


def _read_source(
    source: str, is_url: bool, *, timeout: float, max_bytes: int
) -> tuple[bytes, dict[str, str]]:
    if is_url:
        fetched = download(source, timeout=timeout, max_bytes=max_bytes)
        return fetched.body, fetched.headers
    try:
        return read_source(source), {}  # regular files only, bounded in size
    except UsageError as exc:
        raise UsageError(
            f"cannot read the spec {source} ({exc.what})",
            where=source,
            fix="pass the path of an OpenAPI file, or an http(s) URL",
        ) from None


def _suffix(source: str, raw: bytes) -> str:
    suffix = Path(urlsplit(source).path).suffix.lower()
    if suffix in _SPEC_SUFFIXES:
        return suffix
    return ".json" if raw.lstrip().startswith((b"{", b"[")) else ".yaml"


def _base_url(document: dict[str, Any], url: str | None) -> str | None:
    """The first server's URL with its variables' defaults; a relative one is resolved against the spec's URL."""
    servers = document.get("servers")
    first = servers[0] if isinstance(servers, list) and servers else None
    if not isinstance(first, dict) or not isinstance(first.get("url"), str):
        return None
    address: str = first["url"]
    variables = first.get("variables")
    for key, variable in (variables or {}).items() if isinstance(variables, dict) else ():
        if isinstance(variable, dict) and isinstance(variable.get("default"), str):
            address = address.replace("{" + str(key) + "}", variable["default"])
    if not address.startswith(("http://", "https://")):
        address = urljoin(url, address) if url else ""
    if not address.startswith(("http://", "https://")) or "{" in address:
        return None
    return address.rstrip("/")


def _quoted(value: str) -> str:
    # A JSON string is a TOML basic string for everything json.dumps writes.
    return json.dumps(value, ensure_ascii=False)


def _target_text(name: str, spec: str, overlay: str, url: str | None, base_url: str | None) -> str:
    client = pascal(name)
    env = name.upper()
    lines = [
        f"# Target configuration for the {name} client, written by `clientgen init`. Review it by hand: every name",
        "# here becomes part of the client's API. Tables for naming overrides, streaming, pagination and scopes:",
        '# see clientgen\'s README, "Targets".',
        "",
        "[target]",
        f"spec = {_quoted(spec)}",
        "# Fixes to the spec go into the overlay; name it here once it has its first action:",
        f"# overlay = {_quoted(overlay)}",
    ]
    if url:
        lines.append(f"url = {_quoted(url)}")
    lines += [f"package = {_quoted(name)}", f"client = {_quoted(client)}"]
    lines.append(f"async_client = {_quoted('Async' + client)}")
    if base_url:
        lines.append(f"base_url = {_quoted(base_url)}")
    else:
        lines.append('# base_url = "https://..."  # the spec\'s `servers` name no absolute URL')
    lines += [
        f"api_key_env = {_quoted(env + '_API_KEY')}",
        f"base_url_env = {_quoted(env + '_BASE_URL')}",
        f"log_env = {_quoted(env + '_LOG')}",
        "# Path prefixes that name no resource (/api/v1/pets -> client.pets):",
        '# strip_prefixes = ["/api/v1"]',
        "",
    ]
    return "\n".join(lines)


def _overlay_text(spec: str) -> str:
    return f"""\
# Fixes to {spec} go here, never into {spec} itself: its lock file refuses a hand-edited spec, and
# `clientgen fetch` replaces it. This is an OpenAPI Overlay 1.0 document; each action selects objects with a
# JSONPath `target` and merges `update` into them (or deletes them with `remove: true`). An action whose target
# matches nothing is an error, so a fix the spec no longer needs is noticed. Once it has an action, uncomment
# `overlay = ...` in the target file. For example:
#
# overlay: 1.0.0
# info:
#   title: Fixes to {spec}
#   version: 1.0.0
# actions:
#   - target: $.paths['/pets'].get
#     update:
#       operationId: listPets
"""
