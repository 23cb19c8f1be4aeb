"""The `clientgen` command: fork the model worker first, run the CLI, exit without interpreter teardown.

A cold `generate` of a small spec is bounded by the model worker importing datamodel-code-generator, so the
worker is forked before click and the pipeline are even imported (`generator.prefork`). At the end, after
stdout and stderr are flushed, the process leaves with `os._exit`: tearing down the interpreter's heap of a
large spec's document and models takes long and does nothing useful (mypy exits the same way).
"""

from __future__ import annotations

import os
import sys

# The commands that run the pipeline; others (validate, fetch, diff, --help) start no worker.
_PIPELINE_COMMANDS = frozenset({"generate", "check"})


def main() -> None:
    from generator import prefork

    if _command(sys.argv[1:]) in _PIPELINE_COMMANDS and not {"-h", "--help"} & set(sys.argv):
        prefork.start_early()
    from generator.cli import main as cli

    code = 0
    try:
        cli()
    except SystemExit as exc:
        code = _exit_code(exc)
    except KeyboardInterrupt:
        code = 130
    except BaseException:  # with --debug, failures come through for their traceback
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        prefork.discard_early()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe: nothing more can be said
                code = code or 1
    os._exit(code)


def _command(args: list[str]) -> str | None:
    return next((arg for arg in args if not arg.startswith("-")), None)


def _exit_code(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=sys.stderr)
    return 1
