"""A content-addressed cache for the expensive, deterministic stages (validation, models, black).

Every key is a hash of the stage's complete input plus the versions of the tools involved, so a hit returns
exactly the bytes a cold run would produce. Set CLIENTGEN_CACHE_DIR to move it, or to `off` to disable it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from generator import __version__

if TYPE_CHECKING:
    from generator.config import Target

_TOOLS = (
    "black",
    "datamodel-code-generator",
    "openapi-spec-validator",
    "jsonschema-rs",
    "pydantic",
)


@cache
def _tool_versions() -> str:
    from importlib import metadata  # slow to import: only once a cache is in use

    versions = []
    for name in _TOOLS:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    return ";".join(versions)


class Cache:
    def __init__(self, root: Path | None) -> None:
        self.root = root
        self._salt = f"clientgen={__version__};{_tool_versions()}" if root else ""

    @property
    def enabled(self) -> bool:
        return self.root is not None

    def key(self, namespace: str, *parts: bytes | str) -> str:
        digest = hashlib.sha256(self._salt.encode())
        digest.update(namespace.encode())
        for part in parts:
            data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
        return digest.hexdigest()

    def _path(self, namespace: str, key: str) -> Path:
        assert self.root is not None
        return self.root / namespace / key[:2] / key

    def get(self, namespace: str, key: str) -> bytes | None:
        if self.root is None:
            return None
        try:
            return self._path(namespace, key).read_bytes()
        except OSError:
            return None

    def put(self, namespace: str, key: str, data: bytes) -> None:
        if self.root is None:
            return
        path = self._path(namespace, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written is only a slower run


def run_recorded(cache: Cache, target: Target) -> bool:
    """Whether a past run read exactly the inputs `target` names now (so every stage will hit the cache)."""
    key = _run_key(cache, target)
    return key is not None and cache.get("runs", key) is not None


def record_run(cache: Cache, target: Target, spec_bytes: bytes) -> None:
    """Remember the inputs of a finished run (`spec_bytes`: the spec as read by that run)."""
    key = _run_key(cache, target, spec_bytes)
    if key is not None:
        cache.put("runs", key, b"")


def _run_key(cache: Cache, target: Target, spec_bytes: bytes | None = None) -> str | None:
    if not cache.enabled or not isinstance(target.spec, Path):
        return None
    try:
        spec = spec_bytes if spec_bytes is not None else target.spec.read_bytes()
        parts: list[bytes | str] = [repr(target), spec]
        if target.overlay is not None:
            parts.append(target.overlay.read_bytes())
        if target.config_path is not None:
            parts.append(target.config_path.read_bytes())
    except OSError:
        return None
    return cache.key("runs", *parts)


def default_cache() -> Cache:
    setting = os.environ.get("CLIENTGEN_CACHE_DIR", "")
    if setting.lower() in ("off", "0", "none", "false"):
        return Cache(None)
    if setting:
        return Cache(Path(setting))
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return Cache(base / "clientgen")
