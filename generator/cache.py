"""A cache of finished runs: a run whose inputs were all seen before writes the files that run produced.

The key covers everything the output depends on: the bytes of the spec, overlay and target file, the target's
settings, the generator's own version and source (every file under generator/ and templates/), the Python
version, the options of every tool that shapes the output (datamodel-code-generator, ruff) and the version of
every installed distribution. An upgrade or an edit anywhere therefore misses, never hands back stale files.
A run that bundles external `$ref`s (`--allow-external-refs`) is never cached: what it read is not in the key.
Set CLIENTGEN_CACHE_DIR to move the cache, or to `off` to disable it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

from generator import __version__
from generator.tempfiles import remove, sibling_file

_GENERATOR = Path(__file__).resolve().parent


@cache
def _salt() -> bytes:
    """Everything a cached run depends on besides its own inputs."""
    # Imported here: a run with the cache off need not load them.
    from generator.format import RUFF_ARGUMENTS
    from generator.models.adapter import OPTIONS as MODEL_OPTIONS
    from generator.render.environment import TEMPLATES

    digest = hashlib.sha256()
    parts = [
        f"clientgen={__version__}",
        f"python={sys.version_info[0]}.{sys.version_info[1]}",
        json.dumps(MODEL_OPTIONS, sort_keys=True),
        json.dumps(RUFF_ARGUMENTS),
        # Every installed distribution and its version (`name-1.2.dist-info`): any upgrade of a tool misses.
        # Listing the folders is a thousandth of a second; importlib.metadata takes a tenth to import.
        *sorted(
            name
            for entry in sys.path
            if os.path.isdir(entry)
            for name in os.listdir(entry)
            if name.endswith(".dist-info")
        ),
    ]
    digest.update("\n".join(parts).encode())
    for root, pattern in ((_GENERATOR, "*.py"), (TEMPLATES, "*")):
        for path in sorted(p for p in root.rglob(pattern) if p.is_file() and p.suffix != ".pyc"):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.digest()


class RunCache:
    def __init__(self, root: Path | None) -> None:
        self.root = root

    @property
    def enabled(self) -> bool:
        return self.root is not None

    def key(self, *parts: bytes | str) -> str:
        digest = hashlib.sha256(_salt())
        for part in parts:
            data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / "runs" / key[:2] / key

    def get(self, key: str) -> dict[str, Any] | None:
        if self.root is None:
            return None
        try:
            entry: dict[str, Any] = json.loads(self._path(key).read_bytes())
        except (OSError, ValueError):
            return None  # missing, or torn by a crash: a miss either way
        return entry

    def put(self, key: str, entry: dict[str, Any]) -> None:
        if self.root is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, tmp = sibling_file(path)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(json.dumps(entry, ensure_ascii=False).encode("utf-8", "surrogatepass"))
                os.replace(tmp, path)
            except BaseException:
                remove(Path(tmp))  # interrupted (Ctrl-C, SIGTERM): no half-written entry is left
                raise
        except OSError:
            pass  # a cache that cannot be written is only a slower next run


def default_cache() -> RunCache:
    setting = os.environ.get("CLIENTGEN_CACHE_DIR", "")
    if setting.lower() in ("off", "0", "none", "false"):
        return RunCache(None)
    if setting:
        return RunCache(Path(setting))
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return RunCache(base / "clientgen")
