"""The `clientgen` command line. Each command imports the stages it needs when it runs, so `--help` is quick."""

from __future__ import annotations

import gc
import io
import os
import signal
import sys
from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from generator import __version__, limits
from generator.config import Target, default_target, discover_targets, find_target
from generator.errors import ClientgenError, UsageError
from generator.project import find_project

F = TypeVar("F", bound=Callable[..., Any])

_PATH = click.Path(path_type=Path)


def _report_errors(func: F) -> F:
    """Turn every failure into a one-paragraph message and an exit code; tracebacks only with --debug."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = bool(click.get_current_context().find_root().params.get("debug"))
        try:
            return func(*args, **kwargs)
        except ClientgenError as exc:
            if debug:
                raise
            click.echo(exc.render(), err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted; nothing was written", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException):
            raise
        except Exception as exc:  # the last line of defence: still no traceback without --debug
            if debug:
                raise
            click.echo(
                f"error: unexpected {type(exc).__name__}: {exc}\n"
                "  fix: this is a clientgen bug; rerun with --debug for the traceback and report it",
                err=True,
            )
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="clientgen")
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
def main(debug: bool) -> None:
    """Generate typed Python clients from OpenAPI documents."""
    # Messages quote the spec, which may hold what no encoding can (a lone surrogate): printed escaped.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


@main.command()
@click.argument("spec")
@click.option("--overlay", type=_PATH, help="OpenAPI Overlay to apply first.")
@click.option("--allow-external-refs", is_flag=True, help="Bundle $refs to other files or URLs.")
@_report_errors
def validate(spec: str, overlay: Path | None, allow_external_refs: bool) -> None:
    """Validate SPEC (file or URL); print every problem with its JSON pointer.

    Exit status: 0 valid, 1 invalid, 2 unreadable input or bad usage.
    """
    from generator.inputs import read_inputs
    from generator.validate import validate_document

    document = read_inputs(spec, overlay, allow_external_refs=allow_external_refs).document
    problems = validate_document(document)
    version = document.get("openapi")
    for problem in problems:
        click.echo(problem.render())
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    noted = f", {warnings} warning{'s' if warnings != 1 else ''}" if warnings else ""
    if errors:
        click.echo(
            f"{spec}: {errors} problem{'s' if errors != 1 else ''}{noted} (OpenAPI {version})"
        )
        sys.exit(1)
    click.echo(f"{spec}: valid OpenAPI {version}{noted}")


def _target(name: str) -> Target:
    """The target NAME of the project around the current folder ([tool.clientgen] in its pyproject.toml)."""
    project = find_project()
    return find_target(name, project.specs_dir, output_root=project.output_root)


def _targets(name: str | None) -> list[Target]:
    if name:
        return [_target(name)]
    project = find_project()
    targets = discover_targets(project.specs_dir, output_root=project.output_root)
    if not targets:
        raise UsageError(
            f"no targets: {project.specs_dir}/ has no *.toml target files",
            where=str(project.specs_dir.resolve()),
            fix="start one with `clientgen init NAME --spec FILE_OR_URL`, set `specs` under "
            "[tool.clientgen] in pyproject.toml, or use `clientgen generate --spec FILE --package NAME --out DIR`",
        )
    return targets


@main.command()
@click.argument("target", required=False)
@click.option("--spec", help="Generate from this spec instead of a target file.")
@click.option("--overlay", type=_PATH, help="Overlay for --spec.")
@click.option("--package", help="Package name for --spec.")
@click.option("--out", type=_PATH, help="Directory that will contain the package (--spec).")
@click.option(
    "--lenient", is_flag=True, help="Generate despite validation problems (printed as warnings)."
)
@click.option("--allow-external-refs", is_flag=True, help="Bundle $refs to other files or URLs.")
@click.option(
    "--all-schemas",
    is_flag=True,
    help="Model every component schema, also those no operation uses (left out by default).",
)
@_report_errors
def generate(
    target: str | None,
    spec: str | None,
    overlay: Path | None,
    package: str | None,
    out: Path | None,
    lenient: bool,
    allow_external_refs: bool,
    all_schemas: bool,
) -> None:
    """Run the pipeline for TARGET (default: every target in the project's specs/), or for --spec.

    The project is found from the current folder upwards: [tool.clientgen] in pyproject.toml, else the git root.
    """
    if spec is not None:
        if target:
            raise UsageError("pass either TARGET or --spec, not both", fix="drop one of them")
        if not package or out is None:
            raise UsageError(
                "--spec needs --package and --out", fix="e.g. --package petstore --out build/"
            )
        is_url = spec.startswith(("http://", "https://"))
        one = default_target(
            spec=spec if is_url else Path(spec),  # type: ignore[arg-type]
            overlay=overlay,
            package=package,
            output_dir=out / package,
            lenient=lenient,
            allow_external_refs=allow_external_refs,
            all_schemas=all_schemas,
        )
        from generator.write import check_output_dir

        # Before the pipeline runs; write permission is checked when writing, after any spec problems.
        check_output_dir(out, "--out", writable=False)
        check_output_dir(one.output_dir, "--out", writable=False)
        _generate([one], changelog=False)
        return
    if overlay or package or out:
        raise UsageError(
            "--overlay, --package and --out go with --spec", fix="use --spec FILE, or name a target"
        )
    targets = [
        replace(t, lenient=t.lenient or lenient, all_schemas=t.all_schemas or all_schemas)
        for t in _targets(target)
    ]
    _generate(targets, changelog=True)


def _generate(targets: list[Target], *, changelog: bool) -> None:
    from generator.cache import default_cache
    from generator.pipeline import generate as run
    from generator.write import output_error

    cache = default_cache()
    for one in targets:
        try:
            built = run(one, cache)
        except OSError as exc:
            usage = output_error(exc, one.output_dir)
            if usage is None:
                raise
            raise usage from exc
        if changelog:
            from generator.changelog import changelog_since_fetch

            changes = changelog_since_fetch(one)
            if changes:
                click.echo(f"{one.name}: API changes since the previously fetched spec:\n{changes}")
        summary = built.summary
        for problem in summary.warnings:  # tolerated errors are warnings now; a warning says so itself
            click.echo(("warning: " if problem.is_error else "") + problem.render(), err=True)
        for problem in summary.skipped:
            click.echo("skipped: " + problem.render(), err=True)
        skipped = f", {len(summary.skipped)} skipped" if summary.skipped else ""
        unused = len(summary.unused_schemas)
        left_out = (
            f" ({unused} schemas no operation uses left out; --all-schemas keeps them)"
            if unused
            else ""
        )
        click.echo(
            f"{one.name}: {summary.operations} operations{skipped}, {summary.models} models"
            f"{left_out}, {len(built.files)} files written to {one.output_dir} in {built.seconds:.2f} s"
        )


@main.command()
@click.argument("target", required=False)
@_report_errors
def check(target: str | None) -> None:
    """Regenerate in memory and compare with generated/; exit 1 on any difference."""
    from generator.cache import default_cache
    from generator.pipeline import build
    from generator.write import compare, read_tree

    cache = default_cache()
    dirty = False
    for one in _targets(target):
        built = build(one, cache)
        drift = compare(built.files, read_tree(one.output_dir), label=str(one.output_dir))
        if drift.clean:
            click.echo(f"{one.name}: {one.output_dir} is up to date ({len(built.files)} files)")
            continue
        dirty = True
        for label, paths in (
            ("changed:", drift.changed),
            ("missing:", drift.missing),
            ("extra:  ", drift.extra),
        ):
            for path in paths:
                click.echo(f"{label} {one.output_dir / path}")
        for line in drift.diff:
            click.echo(line)
        click.echo(
            f"{one.name}: {one.output_dir} differs from what the spec, overlay and templates produce. "
            f"Run `clientgen generate {one.name}` (`make regen` in clientgen's own repository) "
            "and commit the result; hand-written code belongs in the package's lib/ folder."
        )
    if dirty:
        sys.exit(1)


@main.command()
@click.argument("target")
@click.option("--url", help="Download from this URL instead of the target's.")
@click.option(
    "--timeout", type=float, default=limits.READ_TIMEOUT_SECONDS, show_default=True, help="Seconds before giving up."
)
@click.option(
    "--max-bytes", type=int, default=limits.MAX_DOWNLOAD_BYTES, show_default=True, help="Size cap."
)
@_report_errors
def fetch(target: str, url: str | None, timeout: float, max_bytes: int) -> None:
    """Download TARGET's spec into specs/ with its lock file (atomically), and say what changed.

    http(s) only, TLS verified. Then `make regen` regenerates and prints the API changelog.
    """
    from generator.fetch import fetch_target

    one = _target(target)
    click.echo(fetch_target(one, url=url, timeout=timeout, max_bytes=max_bytes))


@main.command()
@click.argument("name")
@click.option(
    "--spec", "source", required=True, help="The OpenAPI document: a file or an http(s) URL."
)
@click.option(
    "--timeout", type=float, default=limits.READ_TIMEOUT_SECONDS, show_default=True, help="Seconds before giving up (URL)."
)
@click.option(
    "--max-bytes", type=int, default=limits.MAX_DOWNLOAD_BYTES, show_default=True, help="Size cap (URL)."
)
@_report_errors
def init(name: str, source: str, timeout: float, max_bytes: int) -> None:
    """Start target NAME from --spec: the target file, the spec and its lock, an empty overlay.

    They go into the project's specs folder ([tool.clientgen] `specs`, default specs/); a URL is downloaded
    as `clientgen fetch` does. Existing files are never overwritten (exit 2).
    """
    from generator.init import init_target

    started = init_target(name, source, find_project(), timeout=timeout, max_bytes=max_bytes)
    for path in (started.target_file, started.spec, started.lock, started.overlay):
        click.echo(f"wrote {path}")
    click.echo(f"review {started.target_file}, then run:")
    for command in started.next_commands:
        click.echo(f"  {command}")


@main.command()
@click.argument("old")
@click.argument("new")
@click.option("--overlay", type=_PATH, help="Overlay to apply to NEW.")
@click.option("--old-overlay", type=_PATH, help="Overlay to apply to OLD.")
@click.option(
    "--target",
    "target_name",
    help="Name operations as this target's client does (specs/TARGET.toml); default: generic names.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),  # generator.changelog.RENDERERS
    default="text",
    show_default=True,
    help="text for a terminal, markdown for a PR description or CHANGELOG, json for tools.",
)
@_report_errors
def diff(
    old: str,
    new: str,
    overlay: Path | None,
    old_overlay: Path | None,
    target_name: str | None,
    output_format: str,
) -> None:
    """List what changed between spec versions OLD and NEW for a caller of the generated client.

    Each change is marked breaking or non-breaking and names the Python thing it affects
    (`client.models.retrieve`, `ChatCompletionRequest.stream`). The specs are not validated.

    Exit status: 0 nothing breaking, 1 something breaking, 2 unreadable input or bad usage.
    """
    from generator.changelog import RENDERERS, DiffError, diff_specs

    try:
        naming = _target(target_name) if target_name else None
        changelog = diff_specs(
            old, new, old_overlay=old_overlay, new_overlay=overlay, naming=naming
        )
    except DiffError:
        raise
    except ClientgenError as exc:
        # Exit status 1 means "something is breaking" here, so every failure must exit 2.
        raise DiffError(exc.what, where=exc.where, fix=exc.fix) from exc
    except Exception as exc:
        raise DiffError(
            f"unexpected {type(exc).__name__}: {exc}",
            fix="this is a clientgen bug; rerun with --debug for the traceback and report it",
        ) from exc
    click.echo(RENDERERS[output_format](changelog))
    sys.exit(1 if changelog.breaking else 0)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def run() -> None:
    """The `clientgen` command: the CLI, then an exit without interpreter teardown.

    After stdout and stderr are flushed the process leaves with `os._exit`: tearing down the interpreter's heap
    of a large spec's document and models takes long and does nothing useful (mypy exits the same way).
    """
    # Fewer collections of the cyclic garbage collector, as mypy sets it: a run allocates many long-lived
    # objects (the document, datamodel-code-generator's models) and frees little before it ends.
    gc.set_threshold(200_000, 30, 30)
    # A run stopped by `kill` or a closed terminal unwinds like Ctrl-C, so that its temporary folders and files
    # are removed on the way out.
    for stop in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, _raise_interrupt)
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
        if not isinstance(exc.code, int | None):
            print(exc.code, file=sys.stderr)
    except KeyboardInterrupt:
        code = 130
    except BaseException:  # with --debug, failures come through for their traceback
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe: nothing more can be said
                code = code or 1
    os._exit(code)
