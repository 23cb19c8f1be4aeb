"""The whole pipeline for one target, stage after stage, data flowing one way:

load -> overlay -> refs (`inputs`) -> validate -> analyze -> models -> render -> format -> headers and manifest

A run whose inputs were all seen before takes its files from the run cache (`generator.cache`) instead.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from generator.cache import RunCache
from generator.config import Target
from generator.errors import Problem, SpecProblems
from generator.lock import verify as verify_lock
from generator.progress import LONG_RUN_BYTES, QUIET, Progress
from generator.source import read_file, read_source

NO_CACHE = RunCache(None)


@dataclass(frozen=True)
class Summary:
    """What the command line reports about a generated client."""

    operations: int
    models: int
    skipped: tuple[Problem, ...]
    # Validation problems tolerated in lenient mode, then the analysis's own warnings.
    warnings: tuple[Problem, ...]
    # Component schemas no generated operation uses, which get no model class.
    unused_schemas: tuple[str, ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Summary:
        problems = {key: tuple(Problem(**p) for p in data[key]) for key in ("skipped", "warnings")}
        return cls(**{**data, **problems, "unused_schemas": tuple(data["unused_schemas"])})


@dataclass(frozen=True)
class BuiltClient:
    target: Target
    # Every file of the package, exactly as it goes on disk.
    files: dict[str, bytes]
    summary: Summary
    seconds: float


def build(target: Target, cache: RunCache = NO_CACHE, progress: Progress = QUIET) -> BuiltClient:
    started = time.perf_counter()
    spec_raw = read_source(str(target.spec))
    overlay_raw = read_source(str(target.overlay), what="overlay") if target.overlay else None
    if target.config_path is not None:
        verify_lock(target.spec, spec_raw)
    key = _run_key(cache, target, spec_raw, overlay_raw)
    entry = (cache.get(key) if key else None) or {}
    try:  # no entry, or one of another shape, is a miss
        files = {path: text.encode("utf-8") for path, text in entry["files"].items()}
        summary = Summary.from_json(entry["summary"])
    except (TypeError, KeyError, AttributeError):
        if progress is QUIET and len(spec_raw) > LONG_RUN_BYTES:
            progress = Progress(True)
        files, summary = _run_stages(target, spec_raw, overlay_raw, progress)
        if key:
            texts = {path: data.decode("utf-8") for path, data in files.items()}
            cache.put(key, {"files": texts, "summary": asdict(summary)})
    return BuiltClient(target, files, summary, time.perf_counter() - started)


def _run_key(
    cache: RunCache, target: Target, spec_raw: bytes, overlay_raw: bytes | None
) -> str | None:
    if not cache.enabled or target.allow_external_refs:
        return None
    config = read_file(target.config_path, what="target file") if target.config_path else b""
    return cache.key(repr(target), spec_raw, overlay_raw or b"", config)


def _run_stages(
    target: Target, spec_raw: bytes, overlay_raw: bytes | None, progress: Progress
) -> tuple[dict[str, bytes], Summary]:
    # The stages are imported here: a run served from the cache needs none of them.
    from generator.analyze import analyze
    from generator.degrade import degrade_schemas
    from generator.format import format_files
    from generator.inputs import read_inputs
    from generator.models import build_models
    from generator.render import RUNTIME_MODULES, render_package
    from generator.validate import validate_document
    from generator.write import Provenance, with_headers_and_manifest

    inputs = read_inputs(
        str(target.spec),
        target.overlay,
        allow_external_refs=target.allow_external_refs,
        spec_raw=spec_raw,
        overlay_raw=overlay_raw,
    )
    progress.stage(f"{inputs.spec.source}: validating")
    problems = validate_document(inputs.document)
    if any(p.is_error for p in problems) and not target.lenient:
        raise SpecProblems([p for p in problems if p.is_error], source=str(target.spec))
    document, degraded = inputs.document, list[Problem]()
    if target.lenient:
        document, degraded = degrade_schemas(document, problems)
    progress.stage(f"{inputs.spec.source}: analysing")
    api = analyze(document, target, lenient=target.lenient)
    progress.stage(f"{len(api.operations)} operations; building models")
    models = build_models(
        api.document, api.unused_schemas, lenient=target.lenient, origins=api.origins
    )
    progress.stage(f"{len(models.classes)} model classes; rendering")
    rendered = render_package(api, models, target)
    progress.stage("formatting")
    formatted = format_files(rendered, verbatim=RUNTIME_MODULES)
    progress.done()
    provenance = Provenance(
        spec_name=Path(inputs.spec.source).name,
        spec_sha256=inputs.spec.sha256,
        overlay_name=target.overlay.name if target.overlay else None,
        overlay_sha256=inputs.overlay.sha256 if inputs.overlay else None,
        api_title=api.title,
        api_version=api.version,
        unused_schemas=api.unused_schemas,
    )
    summary = Summary(
        operations=len(api.operations),
        models=sum(1 for c in models.classes.values() if c.kind in ("model", "enum")),
        skipped=tuple(api.skipped),
        warnings=tuple(problems + degraded + api.warnings + models.warnings),
        unused_schemas=api.unused_schemas,
    )
    return with_headers_and_manifest(formatted, provenance), summary


def generate(target: Target, cache: RunCache = NO_CACHE) -> BuiltClient:
    """Build the target's package and write it over its output folder, atomically."""
    from generator.write import write_tree

    built = build(target, cache)
    write_tree(built.files, target.output_dir)
    return built
