"""Stage 7: format the generated Python with a pinned `ruff format`, with fixed settings (no config is read).

ruff's formatter produces black's style (`make test` keeps checking every generated file with the pinned black)
at a fraction of the cost, as one process for all files. The templates and the models therefore need not emit
any particular layout: whatever they emit, the output is the formatter's.
"""

from __future__ import annotations

import re
import subprocess

from generator.errors import ClientgenError
from generator.tempfiles import temporary_directory

LINE_LENGTH = 100
_PYTHON_BLOCK = re.compile(r"(?<=^```python\n)(.*?)(?=^```$)", re.DOTALL | re.MULTILINE)
# Every setting that changes the output; `--isolated` keeps any ruff.toml or pyproject.toml around from mattering.
RUFF_ARGUMENTS = (
    "format",
    "--isolated",
    "--no-cache",
    f"--line-length={LINE_LENGTH}",
    "--target-version=py311",
)


def format_files(files: dict[str, str], *, verbatim: frozenset[str] = frozenset()) -> dict[str, str]:
    """Every `.py` file formatted, except the `verbatim` ones (the hand-written runtime, already formatted),
    and the Python blocks of every `.md` file."""
    from ruff.__main__ import find_ruff_bin  # the binary of the pinned ruff package

    todo = {p: text for p, text in files.items() if p.endswith(".py") and p not in verbatim}
    # The Python examples of the Markdown files are laid out like the code (the Markdown itself is left alone).
    blocks = {
        f"{path}.{index}.py": block
        for path, text in sorted(files.items())
        if path.endswith(".md")
        for index, block in enumerate(_PYTHON_BLOCK.findall(text))
    }
    todo |= blocks
    if not todo:
        return dict(files)
    # ruff reads files: they go to the temporary folder, in memory unless TMPDIR says otherwise.
    with temporary_directory("format") as root:
        for path, text in todo.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        done = subprocess.run(
            # Files named one by one: a walk of the folder would skip names ruff excludes by default (`build`).
            [str(find_ruff_bin()), *RUFF_ARGUMENTS, "--", *sorted(todo)],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            errors = [line for line in done.stderr.splitlines() if line.startswith("error")]
            detail = errors[0] if errors else f"exit status {done.returncode}"
            raise ClientgenError(
                f"ruff could not format the generated code: {detail[:300].replace(f'{root}/', '')}",
                where=str(root),
                fix="this is a clientgen bug (the generated code does not parse); run with --debug and report "
                "it with the spec",
            )
        formatted = {path: (root / path).read_text(encoding="utf-8") for path in todo}
    for path, text in files.items():
        if path.endswith(".md"):
            count = len(_PYTHON_BLOCK.findall(text))
            laid_out = [formatted.pop(f"{path}.{index}.py") for index in range(count)]
            formatted[path] = _with_blocks(text, laid_out)
    return {**files, **formatted}


def _with_blocks(text: str, laid_out: list[str]) -> str:
    """The Markdown with its Python blocks replaced, in order."""
    pending = iter(laid_out)
    return _PYTHON_BLOCK.sub(lambda _: next(pending), text)
