"""The `clientgen` command: run the CLI, then exit without interpreter teardown.

After stdout and stderr are flushed the process leaves with `os._exit`: tearing down the interpreter's heap of
a large spec's document and models takes long and does nothing useful (mypy exits the same way).
"""

from __future__ import annotations

import os
import sys


def main() -> None:
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
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe: nothing more can be said
                code = code or 1
    os._exit(code)


def _exit_code(exc: SystemExit) -> int:
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code
    print(exc.code, file=sys.stderr)
    return 1
