"""Stage 7: format generated Python with black, in-process, with fixed settings (no config file is read).

Formatting dominates generation time, so results are cached by content hash (see `generator.cache`) and cold
files are formatted in parallel worker processes. Either way the bytes are those black produces.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from generator.cache import Cache
from generator.errors import ClientgenError
from generator.pylayout import LINE_LENGTH

# Worth forking a pool for: black formats some 50-100 KB a second, a forked worker starts in milliseconds.
_PARALLEL_MIN_BYTES = 64_000


def _mode() -> Any:
    import black
    from black.mode import TargetVersion

    return black.Mode(target_versions={TargetVersion.PY311}, line_length=LINE_LENGTH)


def format_source(path: str, source: str) -> str:
    import black

    try:
        return str(black.format_str(source, mode=_mode()))
    except Exception as exc:  # black raises InvalidInput and others for code that does not parse
        raise ClientgenError(
            f"generated file {path} is not valid Python ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})",
            where=path,
            fix="this is a clientgen bug; run with --debug and report it with the spec",
        ) from exc


def _format_pair(item: tuple[str, str]) -> tuple[str, str]:
    return item[0], format_source(*item)


def format_files(
    files: dict[str, str],
    cache: Cache,
    *,
    verbatim: Iterable[str] = (),
    laid_out: Iterable[str] = (),
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> dict[str, str]:
    """Format every `.py` file with black, except where black provably has nothing to do.

    `verbatim` files (the hand-written runtime) are kept black-clean by a test. `laid_out` files come from the
    templates, which emit black's layout, and whose code lines all fit (the renderer checks; a file with a code
    line over the limit is left to black). Tests check that black leaves every laid-out file unchanged.
    """
    skip = set(verbatim)
    canonical = set(laid_out)
    out = dict(files)
    todo: dict[str, str] = {}
    keys: dict[str, str] = {}
    for path, text in files.items():
        if not path.endswith(".py") or path in skip:
            continue
        if path in canonical:
            continue
        key = cache.key("black", text)
        hit = cache.get("black", key)
        if hit is not None:
            out[path] = hit.decode("utf-8")
        else:
            todo[path] = text
            keys[path] = key
    if not todo:
        return out
    workers = min(os.cpu_count() or 1, 8, len(todo))
    if workers > 1 and sum(len(text) for text in todo.values()) >= _PARALLEL_MIN_BYTES:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = {}
            jobs = sorted(todo.items(), key=lambda kv: -len(kv[1]))
            for done, (path, text) in enumerate(pool.map(_format_pair, jobs, chunksize=1), 1):
                results[path] = text
                progress(done, len(jobs))
    else:
        results = dict(_format_pair(item) for item in todo.items())
    for path, formatted in results.items():
        out[path] = formatted
        cache.put("black", keys[path], formatted.encode("utf-8"))
    return out
