"""The whole pipeline for one target, stage after stage, data flowing one way.

load -> overlay -> refs -> validate -> analyze -> models -> render -> format -> (headers, manifest) -> write
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache import default_cache, record_run
from generator.config import Target
from generator.errors import ClientgenError, Problem, SpecProblems
from generator.load import LoadedSpec, check_openapi_version, load_spec
from generator.lock import verify as verify_lock
from generator.overlay import Overlay, apply_overlay, load_overlay
from generator.prefork import Workers
from generator.progress import LONG_RUN_BYTES, QUIET, Progress
from generator.refs import check_or_bundle
from generator.validate import validate_cached

if TYPE_CHECKING:
    from generator.ir import Api

NO_WORKERS = Workers()


@dataclass
class Built:
    target: Target
    api: Api
    files: dict[str, bytes]
    model_count: int
    seconds: float
    problems: list[Problem] = field(default_factory=list)

    @property
    def warnings(self) -> list[Problem]:
        return self.problems + self.api.warnings


def prepare(spec_source: str, overlay_source: Path | None, *, allow_external_refs: bool) -> tuple[LoadedSpec, Overlay | None, dict]:  # type: ignore[type-arg]
    spec = load_spec(spec_source)
    document = spec.document
    overlay = None
    if overlay_source is not None:
        overlay = load_overlay(str(overlay_source))
        document = apply_overlay(document, overlay)
        check_openapi_version(document, f"{spec_source} after overlay")
    document = check_or_bundle(document, spec.source, allow_external=allow_external_refs)
    return spec, overlay, document


def build(target: Target, progress: Progress = QUIET, workers: Workers = NO_WORKERS) -> Built:
    started = time.perf_counter()
    spec, overlay, document = prepare(
        str(target.spec), target.overlay, allow_external_refs=target.allow_external_refs
    )
    if progress is QUIET and len(spec.raw) > LONG_RUN_BYTES:
        progress = Progress(True)
    progress.stage(f"{spec.source}: analysing")
    if target.config_path is not None:
        verify_lock(target.spec, spec.raw)
    cache = default_cache()
    # The later stages are imported only now: the model worker has been importing its library meanwhile.
    from generator.analyze import analyze
    from generator.format import format_files
    from generator.models import PendingModels, request_models
    from generator.render import RUNTIME_MODULES, Renderer, load_templates
    from generator.write import Provenance, finish

    # Analysis runs before validation so that the model worker has its input as early as possible; the
    # spec's validation problems win over any failure analysis or modelling meets on an invalid spec.
    failure: Exception | None = None
    pending: PendingModels | None = None
    try:
        api = analyze(document, target, lenient=target.lenient)
        pending = request_models(api.document, cache, workers.models, api.unused_schemas)
    except Exception as exc:  # reported below, unless the spec's validation problems explain it
        failure = exc
    try:
        progress.stage(f"{spec.source}: validating")
        problems = validate_cached(document, cache)
        if any(p.is_error for p in problems) and not target.lenient:
            raise SpecProblems([p for p in problems if p.is_error], source=str(target.spec))
        if failure is not None:
            raise failure
        assert pending is not None
        progress.stage(f"{len(api.operations)} operations; building models")
        load_templates()
        models = pending.result()
    finally:
        if pending is not None:
            pending.abandon()
    progress.stage(f"{len(models.classes)} model classes; rendering")
    renderer = Renderer(api, models, target)
    rendered = renderer.render()
    progress.stage("formatting")
    # Everything but the models (from datamodel-code-generator) and the runtime is laid out by the
    # templates.
    laid_out = (set(rendered) - set(models.files) - set(RUNTIME_MODULES) - renderer.unsure) | (
        ({"types/__init__.py"} | models.laid_out) - renderer.unsure
    )
    sources = format_files(
        rendered, cache, verbatim=RUNTIME_MODULES, laid_out=laid_out, progress=progress.count
    )
    progress.done()
    provenance = Provenance(
        spec_name=Path(spec.source).name,
        spec_sha256=spec.sha256,
        overlay_name=overlay_source_name(target),
        overlay_sha256=overlay.sha256 if overlay else None,
        api_title=api.title,
        api_version=api.version,
        unused_schemas=api.unused_schemas,
    )
    files = finish(sources, provenance)
    # Every stage's result is now cached: the next run with these inputs need not start workers.
    record_run(cache, target, spec.raw)
    model_count = sum(1 for c in models.classes.values() if c.kind in ("model", "enum"))
    return Built(target, api, files, model_count, time.perf_counter() - started, problems)


def overlay_source_name(target: Target) -> str | None:
    return target.overlay.name if target.overlay else None


def generate(target: Target, workers: Workers = NO_WORKERS) -> Built:
    from generator.write import write_tree

    built = build(target, workers=workers)
    write_tree(built.files, target.output_dir)
    return built


def pending_changelog(target: Target) -> str | None:
    """The API changelog since the spec `clientgen fetch` replaced, when that spec is still at hand."""
    import hashlib

    from generator.changelog import diff_specs, render_text
    from generator.lock import previous_path, read_lock

    previous = previous_path(target.spec)
    lock = read_lock(target.spec)
    if lock is None or lock.previous_sha256 is None or not previous.exists():
        return None
    if hashlib.sha256(previous.read_bytes()).hexdigest() != lock.previous_sha256:
        return None
    try:
        changelog = diff_specs(
            str(previous),
            str(target.spec),
            old_overlay=None,
            new_overlay=target.overlay,
            naming=target,
        )
    except ClientgenError as exc:
        return f"(no changelog: {exc.what})"
    return render_text(changelog)
